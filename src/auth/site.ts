import { isTlsFailure } from '../http/errors.js';
import { redactUserinfo } from '../http/redact.js';
import { isLoopbackHost as isLoopbackHostname } from '../http/url.js';
import { AtlError, usageError } from '../errors.js';
import type { HttpClient } from '../http/types.js';
import type { Deployment } from './types.js';

/** Hosts Atlassian runs Cloud sites on. */
const CLOUD_SUFFIXES = ['.atlassian.net', '.jira.com'];

function hostOf(site: string): string {
  try {
    return new URL(site).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/** True for `*.atlassian.net` and `*.jira.com`: Cloud without asking the server. */
export function isCloudHost(site: string): boolean {
  const host = hostOf(site);
  return CLOUD_SUFFIXES.some((suffix) => host.endsWith(suffix) || host === suffix.slice(1));
}

/**
 * The Bitbucket Data Center site ATL_BITBUCKET_URL names, normalised; null when it names Bitbucket
 * Cloud's API (a bitbucket.org host, or a URL ending in `/2.0`, as the sandbox's Cloud API does), is
 * unset, or is no URL (the override check reports that). Off bitbucket.org, Bitbucket is Data Center,
 * as a Jira site off atlassian.net is.
 */
export function bitbucketDcSiteOf(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase();
  if (host === 'bitbucket.org' || host.endsWith('.bitbucket.org') || /\/2\.0\/?$/.test(url.pathname)) return null;
  return normalizeSite(value);
}

/** Loopback hosts (the sandbox, a tunnel) may be either deployment: ask /rest/api/2/serverInfo. */
export function isLoopbackHost(site: string): boolean {
  return isLoopbackHostname(hostOf(site).replace(/^\[|\]$/g, ''));
}

/**
 * Normalises what a person types as a site: adds https:// when no scheme is given, drops query,
 * fragment and trailing slashes, and on Cloud hosts a trailing /wiki or /jira (people paste the
 * Confluence or Jira address). A Data Center context path such as /jira is kept: it is part of
 * the base URL there.
 */
export function normalizeSite(input: string): string {
  const raw = input.trim();
  if (raw === '') throw usageError('the site is empty', 'pass --site https://example.atlassian.net');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw usageError(`not a site URL: ${redactUserinfo(raw)}`, 'pass --site https://example.atlassian.net (or your Data Center base URL)');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw usageError(`not a site URL: ${redactUserinfo(raw)} (only http and https are supported)`);
  }
  // A hostname needs a dot (example.com), or is a loopback name/IP; rejects "not a url" → https://not a url.
  const host = url.hostname;
  if (host === '' || /\s/.test(raw) || (!host.includes('.') && !host.includes(':') && host !== 'localhost' && !host.startsWith('['))) {
    throw usageError(`not a site URL: ${redactUserinfo(raw)}`, 'pass --site https://example.atlassian.net (or your Data Center base URL)');
  }
  if (url.username || url.password) {
    throw usageError('the site URL must not contain a user name or password', 'pass --email and --token (or --token-stdin) instead');
  }
  let path = url.pathname.replace(/\/+$/, '');
  if (isCloudHost(url.href)) path = path.replace(/\/(wiki|jira)$/i, '').replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

/** Shape of Jira's /rest/api/2/serverInfo that matters here. */
interface ServerInfo {
  deploymentType?: string;
}

/** The client's error for a site it could not reach or that did not answer in time (see networkError). */
const isUnreached = (err: unknown): err is AtlError =>
  isTlsFailure(err) || (err instanceof AtlError && (err.code === 'network' || err.code === 'timeout'));

/**
 * Cloud or Data Center. Cloud hosts are known by name; anything else asks Jira's serverInfo
 * (deploymentType "Cloud" or "Server"/"DataCenter"), which answers without authentication.
 */
export async function detectDeployment(site: string, anonymousClient: () => Promise<HttpClient>): Promise<Deployment> {
  if (isCloudHost(site)) return 'cloud';
  let info: ServerInfo | null;
  try {
    const client = await anonymousClient();
    info = await client.get<ServerInfo | null>('/rest/api/2/serverInfo', { timeoutMs: 15_000 });
  } catch (err) {
    // A site not reached (host not found, connection refused, a TLS error, no answer) is the problem
    // to report, with its own hint: naming the deployment would only get the same failure one step later.
    if (isUnreached(err)) throw err;
    throw new AtlError('usage', `could not tell whether ${site} is Cloud or Data Center`, {
      hint: 'pass --deployment cloud or --deployment datacenter',
      cause: err,
    });
  }
  return info?.deploymentType?.toLowerCase() === 'cloud' ? 'cloud' : 'datacenter';
}

/**
 * Cloud or Data Center for a Confluence login of its own: Cloud hosts are known by name; elsewhere a
 * Bearer token is a Data Center personal access token (Cloud takes API tokens as Basic), and for
 * Basic the site is asked: Cloud answers /_edge/tenant_info with its cloudId, Data Center does not.
 */
export async function detectConfluenceDeployment(
  site: string,
  authType: 'basic' | 'bearer',
  anonymousClient: () => Promise<HttpClient>,
): Promise<Deployment> {
  if (isCloudHost(site)) return 'cloud';
  if (authType === 'bearer') return 'datacenter';
  try {
    const info = await (await anonymousClient()).get<{ cloudId?: unknown } | null>('/_edge/tenant_info', { timeoutMs: 15_000 });
    return typeof info?.cloudId === 'string' && info.cloudId !== '' ? 'cloud' : 'datacenter';
  } catch (err) {
    if (isUnreached(err)) throw err;
    return 'datacenter';
  }
}

/** Cloud sites answer /_edge/tenant_info with their cloudId, without authentication. */
export async function discoverCloudId(site: string, anonymousClient: () => Promise<HttpClient>): Promise<string> {
  try {
    const client = await anonymousClient();
    const info = await client.get<{ cloudId?: unknown } | null>('/_edge/tenant_info', { timeoutMs: 15_000 });
    if (info && typeof info.cloudId === 'string' && info.cloudId !== '') return info.cloudId;
  } catch (err) {
    if (isUnreached(err)) throw err;
    throw new AtlError('usage', `could not find the cloudId of ${site}`, {
      hint: 'pass --cloud-id <id> (see https://<site>/_edge/tenant_info)',
      cause: err,
    });
  }
  throw new AtlError('usage', `could not find the cloudId of ${site}`, {
    hint: 'pass --cloud-id <id> (see https://<site>/_edge/tenant_info)',
  });
}
