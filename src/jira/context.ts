import type { Deployment } from '../auth/types.js';
import type { Factory } from '../factory.js';
import type { HttpClient } from '../http/types.js';

/**
 * Everything the Jira API layer needs for one run: the client (already pointed at the site, the
 * `/dc` site or the scoped gateway), which flavour of the API to speak, and where people browse.
 */
export interface JiraContext {
  http: HttpClient;
  deployment: Deployment;
  /** `/rest/api/3` on Cloud (ADF bodies), `/rest/api/2` on Data Center (wiki markup bodies). */
  api: '/rest/api/3' | '/rest/api/2';
  /** The site people open in a browser: differs from http.baseUrl for scoped (gateway) profiles. */
  browseBase: string;
  /** Per-run caches, so `--field` lookups and `me` cost one request each at most. */
  cache: Map<string, Promise<unknown>>;
}

export function siteUrl(site: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(site) ? site : `https://${site}`;
  return withScheme.replace(/\/+$/, '');
}

export function makeContext(http: HttpClient, deployment: Deployment, browseBase = http.baseUrl): JiraContext {
  return {
    http,
    deployment,
    api: deployment === 'cloud' ? '/rest/api/3' : '/rest/api/2',
    browseBase: browseBase.replace(/\/+$/, ''),
    cache: new Map(),
  };
}

export async function jiraContext(f: Factory): Promise<JiraContext> {
  const [credentials, http] = await Promise.all([f.credentials(), f.httpClient('jira')]);
  const { profile } = credentials;
  const browseBase = profile.scoped ? siteUrl(profile.site) : http.baseUrl;
  return makeContext(http, profile.deployment, browseBase);
}

export { cached } from '../run-cache.js';

export function browseUrl(ctx: JiraContext, key: string): string {
  return `${ctx.browseBase}/browse/${encodeURIComponent(key)}`;
}

/** The issue navigator showing a JQL search, as `search --web` opens it. */
export function navigatorUrl(ctx: JiraContext, jql: string): string {
  return `${ctx.browseBase}/issues/?jql=${encodeURIComponent(jql)}`;
}
