/**
 * Which Bitbucket repository a git remote URL names (design note §2). Pure: no git, no network.
 *
 *   git@bitbucket.org:WS/REPO.git, ssh://git@bitbucket.org/WS/REPO.git,
 *   ssh://git@altssh.bitbucket.org:443/WS/REPO.git, https://[user@]bitbucket.org/WS/REPO[.git]   → Cloud WS/REPO
 *   https://host[:port]/CTX/scm/PROJ/REPO.git                                                     → DC (CTX = context path)
 *   ssh://git@host:7999/PROJ/REPO.git, git@host:PROJ/REPO.git                                     → DC (no context, no /scm)
 *
 * Project keys may be personal (`~USER`). URL userinfo is never kept, so it cannot be echoed.
 */

export type RemoteKind = 'cloud' | 'datacenter';

export interface ParsedRemote {
  kind: RemoteKind;
  /** Cloud workspace, or DC project key. */
  owner: string;
  slug: string;
  /** The host the URL names (lower case, no port). */
  host: string;
  /** The remote is reached over SSH (its host may differ from the web host on DC). */
  ssh: boolean;
  /** DC over HTTPS: everything before `/scm/`, '' when none. */
  contextPath: string;
}

const CLOUD_HOSTS = new Set(['bitbucket.org', 'www.bitbucket.org', 'altssh.bitbucket.org']);

export const isCloudHost = (host: string): boolean => CLOUD_HOSTS.has(host.toLowerCase());

/** Splits a remote URL into host, path and whether it is SSH; null for local paths and unknown schemes. */
function splitUrl(url: string): { host: string; path: string; ssh: boolean } | null {
  const trimmed = url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed);
  if (scheme) {
    const protocol = scheme[1]!.toLowerCase();
    if (!['ssh', 'git+ssh', 'ssh+git', 'https', 'http'].includes(protocol)) return null;
    let parsed: URL;
    try {
      // URL does not know ssh://, but parses it as a generic URL with host and path all the same.
      parsed = new URL(trimmed);
    } catch {
      return null;
    }
    if (parsed.hostname === '') return null;
    return { host: parsed.hostname.toLowerCase(), path: decodeURIComponent(parsed.pathname), ssh: !protocol.startsWith('http') };
  }
  // scp-like syntax: [user@]host:path (a colon before any slash; not a Windows drive letter).
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)(.+)$/.exec(trimmed);
  if (scp && scp[1]!.length > 1) return { host: scp[1]!.toLowerCase(), path: `/${scp[2]!.replace(/^\/+/, '')}`, ssh: true };
  return null;
}

const stripGit = (name: string): string => name.replace(/\.git$/i, '');

export function parseRemoteUrl(url: string): ParsedRemote | null {
  const split = splitUrl(url);
  if (split === null) return null;
  const segments = split.path.split('/').filter((s) => s !== '');
  if (isCloudHost(split.host)) {
    if (segments.length !== 2) return null;
    return { kind: 'cloud', owner: segments[0]!, slug: stripGit(segments[1]!), host: split.host, ssh: split.ssh, contextPath: '' };
  }
  if (!split.ssh) {
    const scm = segments.lastIndexOf('scm');
    if (scm < 0 || segments.length !== scm + 3) return null;
    const contextPath = scm === 0 ? '' : `/${segments.slice(0, scm).join('/')}`;
    return { kind: 'datacenter', owner: segments[scm + 1]!, slug: stripGit(segments[scm + 2]!), host: split.host, ssh: false, contextPath };
  }
  // DC over SSH: /PROJ/REPO.git (some set-ups keep a leading scm/).
  const rest = segments[0] === 'scm' ? segments.slice(1) : segments;
  if (rest.length !== 2) return null;
  return { kind: 'datacenter', owner: rest[0]!, slug: stripGit(rest[1]!), host: split.host, ssh: true, contextPath: '' };
}

/** `--repo OWNER/REPO`: a workspace (Cloud) or project key (DC) and a repository slug. */
export function parseRepoFlag(value: string): { owner: string; slug: string } | null {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(value.trim());
  if (!match) return null;
  return { owner: match[1]!, slug: stripGit(match[2]!) };
}
