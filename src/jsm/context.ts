import type { Deployment } from '../auth/types.js';
import type { Factory } from '../factory.js';
import type { HttpClient, RequestOptions } from '../http/types.js';
import { type JiraContext, makeContext, siteUrl } from '../jira/context.js';

/** The prefix of every Service Management call, on Cloud, Data Center and the gateway alike. */
export const SD = '/rest/servicedeskapi';

/**
 * What the Service Management API layer needs for one run: a client on the Jira site that sends
 * `X-ExperimentalApi: opt-in` on every call (experimental operations answer 412 without it and GA
 * ones ignore it), the deployment (Cloud names users by accountId, Data Center by username), and
 * a Jira context on the same client for what Service Management has no endpoint for (JQL search).
 */
export interface JsmContext {
  http: HttpClient;
  deployment: Deployment;
  jira: JiraContext;
  /** Where people browse (the site, also for scoped profiles on the gateway). */
  browseBase: string;
}

/** A client that adds `headers` to every request it sends. */
export function withHeaders(http: HttpClient, headers: Record<string, string>): HttpClient {
  const merge = <O extends Omit<RequestOptions, 'method' | 'body'>>(options: O | undefined): O =>
    ({ ...options, headers: { ...headers, ...options?.headers } }) as O;
  return {
    baseUrl: http.baseUrl,
    request: (path, options) => http.request(path, merge(options)),
    get: (path, options) => http.get(path, merge(options)),
    post: (path, body, options) => http.post(path, body, merge(options)),
    put: (path, body, options) => http.put(path, body, merge(options)),
    delete: (path, options) => http.delete(path, merge(options)),
  };
}

/** A service desk's help center portal, the same path on Cloud and Data Center. */
export function portalUrl(ctx: JsmContext, deskId: string): string {
  return `${ctx.browseBase}/servicedesk/customer/portal/${encodeURIComponent(deskId)}`;
}

export function makeJsmContext(client: HttpClient, deployment: Deployment, browseBase = client.baseUrl): JsmContext {
  const http = withHeaders(client, { 'X-ExperimentalApi': 'opt-in' });
  return { http, deployment, jira: makeContext(client, deployment, browseBase), browseBase: browseBase.replace(/\/+$/, '') };
}

export async function jsmContext(f: Factory): Promise<JsmContext> {
  const [credentials, http] = await Promise.all([f.credentials(), f.httpClient('jsm')]);
  const { profile } = credentials;
  return makeJsmContext(http, profile.deployment, profile.scoped ? siteUrl(profile.site) : http.baseUrl);
}
