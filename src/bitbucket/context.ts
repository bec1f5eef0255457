import type { Deployment } from '../auth/types.js';
import type { Factory } from '../factory.js';
import type { HttpClient, RequestOptions } from '../http/types.js';

/**
 * Everything the Bitbucket API layer needs for one run: the client (pointed at Bitbucket Cloud's
 * `/2.0` or at a Data Center site), which flavour of the API to speak, and the login's defaults.
 */
export interface BitbucketContext {
  http: HttpClient;
  deployment: Deployment;
  /** DC: the REST API under the site (`/rest/api/1.0`); Cloud: '' (the client's base is already `/2.0`). */
  api: '' | '/rest/api/1.0';
  /** The host DC remotes must name (the site's); null on Cloud. */
  siteHost: string | null;
  /** The login's default Cloud workspace, when it has one. */
  workspace: string | null;
  /** The login's kind: an API token with email (`basic`) or an access token / PAT (`bearer`). */
  authType: 'basic' | 'bearer';
  /** Per-run caches, so "me" and a repository's defaults cost one request each at most. */
  cache: Map<string, Promise<unknown>>;
}

/** Bitbucket Cloud's API base ends in `/2.0`; a Data Center client is pointed at its site. */
export function deploymentOfBase(baseUrl: string): Deployment {
  return /\/2\.0\/?$/.test(baseUrl) ? 'cloud' : 'datacenter';
}

export function makeContext(http: HttpClient, login: { workspace?: string | null; authType?: 'basic' | 'bearer' } = {}): BitbucketContext {
  const deployment = deploymentOfBase(http.baseUrl);
  return {
    http,
    deployment,
    api: deployment === 'cloud' ? '' : '/rest/api/1.0',
    siteHost: deployment === 'cloud' ? null : new URL(http.baseUrl).hostname.toLowerCase(),
    workspace: login.workspace ?? null,
    authType: login.authType ?? 'basic',
    cache: new Map(),
  };
}

export async function bitbucketContext(f: Factory): Promise<BitbucketContext> {
  const http = await f.httpClient('bitbucket');
  const { resolveBitbucket } = await import('../auth/resolve.js');
  // The client above already resolved the login (and failed if there is none); this reads its defaults.
  const login = await resolveBitbucket(f).then(
    (resolved) => resolved.login,
    () => null,
  );
  return makeContext(http, { workspace: login?.workspace ?? null, authType: login?.authType ?? 'basic' });
}

export { cached } from '../run-cache.js';

/**
 * Options for a write. Data Center refuses a write without `X-Atlassian-Token: no-check` (403 "XSRF
 * check failed") and a body-less POST without a JSON content type (415), so both always go.
 */
export function writeOptions(
  ctx: BitbucketContext,
  options: Omit<RequestOptions, 'method' | 'body'> = {},
): Omit<RequestOptions, 'method' | 'body'> {
  if (ctx.deployment === 'cloud') return options;
  return { ...options, headers: { 'X-Atlassian-Token': 'no-check', 'Content-Type': 'application/json', ...options.headers } };
}
