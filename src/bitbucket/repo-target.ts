import { usageError } from '../errors.js';
import type { BitbucketContext } from './context.js';
import { insideCheckout, remoteUrls, sshHostname } from './git.js';
import { type ParsedRemote, parseRemoteUrl, parseRepoFlag } from './remote.js';

/** A repository: Cloud workspace or DC project key, and its slug. */
export interface RepoRef {
  owner: string;
  slug: string;
}

export const repoName = (ref: RepoRef): string => `${ref.owner}/${ref.slug}`;

/** What `--repo` looks like on this flavour, for hints. */
export const repoShape = (ctx: BitbucketContext): string => (ctx.deployment === 'cloud' ? 'WORKSPACE/REPO' : 'PROJECT/REPO');

/** The repository a `--repo` value names; a bare REPO takes the workspace of `--workspace` or the login's (on DC: its project). */
export function repoFromFlag(ctx: BitbucketContext, value: string, workspace?: string): RepoRef {
  const parsed = parseRepoFlag(value);
  if (parsed) return parsed;
  const owner = workspace ?? ctx.workspace;
  if (owner && /^[^/\s]+$/.test(value.trim())) return { owner, slug: value.trim().replace(/\.git$/i, '') };
  throw usageError(`invalid repository ${JSON.stringify(value)}`, `use ${repoShape(ctx)}`);
}

/** Whether a remote names a repository of the profile's Bitbucket (Cloud, or the DC site's host). */
async function remoteMatches(ctx: BitbucketContext, remote: ParsedRemote): Promise<boolean> {
  if (ctx.deployment === 'cloud') return remote.kind === 'cloud';
  if (remote.kind !== 'datacenter') return false;
  if (remote.host === ctx.siteHost) return true;
  // An SSH host may be an alias of ~/.ssh/config, or the site's own SSH name.
  return remote.ssh && (await sshHostname(remote.host)) === ctx.siteHost;
}

/** A remote URL without its userinfo, for messages. */
function shown(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1').replace(/^[^@/:]+@([^:/]+:)/, '$1');
}

/**
 * The repository a command works on: `--repo` when given, else the checkout's remote (origin
 * first) that names a repository of this profile's Bitbucket. Outside a checkout, or when no remote
 * matches, exit 2 with a hint.
 */
export async function resolveRepo(
  ctx: BitbucketContext,
  flags: { repo?: string | undefined; workspace?: string | undefined },
): Promise<RepoRef> {
  if (flags.repo !== undefined) return repoFromFlag(ctx, flags.repo, flags.workspace);
  if (!(await insideCheckout()))
    throw usageError(
      'not inside a git checkout, and no --repo given',
      `run this in a clone of the repository, or pass --repo ${repoShape(ctx)}`,
    );
  const remotes = await remoteUrls();
  for (const remote of remotes) {
    const parsed = parseRemoteUrl(remote.url);
    if (parsed && (await remoteMatches(ctx, parsed))) return { owner: parsed.owner, slug: parsed.slug };
  }
  const where = ctx.deployment === 'cloud' ? 'Bitbucket Cloud (bitbucket.org)' : `Bitbucket Data Center at ${ctx.siteHost}`;
  const listed =
    remotes.length === 0 ? 'the checkout has no remotes' : `remotes: ${remotes.map((r) => `${r.name} ${shown(r.url)}`).join(', ')}`;
  throw usageError(`no remote of this checkout names a repository on ${where}`, `pass --repo ${repoShape(ctx)} (${listed})`);
}
