import type { Deployment } from '../auth/types.js';
import type { Factory } from '../factory.js';
import type { HttpClient } from '../http/types.js';
import { siteUrl } from '../jira/context.js';

export { cached } from '../run-cache.js';

/**
 * Everything the Confluence API layer needs for one run: the client (already pointed at the site's
 * `/wiki`, the Data Center server, or the scoped gateway's `/ex/confluence/{cloudId}/wiki`), which
 * API to speak, and where people browse.
 *
 * Cloud speaks v2 (`/api/v2/…`) and v1 (`/rest/api/…`) where v2 has no equivalent (CQL search,
 * attachment upload, move, adding labels); Data Center speaks `/rest/api/…` only. Both sets of paths
 * are relative to the client's base URL, which is the same root on the site and on the gateway.
 */
export interface ConfluenceContext {
  http: HttpClient;
  deployment: Deployment;
  /** Where people open pages: `<site>/wiki` on Cloud (also for scoped profiles), the server on DC. */
  browseBase: string;
  /** Per-run caches (space key → id), so a lookup costs one request at most. */
  cache: Map<string, Promise<unknown>>;
}

export function makeConfluenceContext(http: HttpClient, deployment: Deployment, browseBase = http.baseUrl): ConfluenceContext {
  return { http, deployment, browseBase: browseBase.replace(/\/+$/, ''), cache: new Map() };
}

export async function confluenceContext(f: Factory): Promise<ConfluenceContext> {
  // The Confluence login decides (a profile may hold one of its own, on another server than Jira's);
  // without one it is the profile's site login. Loaded here: the auth layer is not on every run's path.
  const { resolveConfluence } = await import('../auth/resolve.js');
  const [confluence, http] = await Promise.all([resolveConfluence(f), f.httpClient('confluence')]);
  // Human links come from the site, never the gateway.
  const browseBase = confluence.scoped ? `${siteUrl(confluence.login.site)}/wiki` : http.baseUrl;
  return makeConfluenceContext(http, confluence.login.deployment, browseBase);
}

/** `/api/v2` on Cloud; Data Center has no v2. */
export const V2 = '/api/v2';
/** The v1 / Data Center REST root, relative to the client's base URL on both deployments. */
export const V1 = '/rest/api';

/** A `_links.webui` path (relative to the site's `/wiki` on Cloud, to the server on DC) as a URL. */
export function webUrl(ctx: ConfluenceContext, webui: string): string {
  if (/^https?:\/\//i.test(webui)) return webui;
  return `${ctx.browseBase}${webui.startsWith('/') ? '' : '/'}${webui}`;
}
