/**
 * URL rules of the HTTP client, kept apart so they can be tested on their own:
 * - building a request URL from baseUrl, a path or absolute URL, and a query object;
 * - when credentials may be sent at all (never over plain http:// except to loopback);
 * - which origin counts as "ours" (only it gets the Authorization header);
 * - following redirects by hand: where to, with which method, and which headers survive;
 * - resolving Atlassian "next page" links, which are relative in several ways.
 */
import { AtlError } from '../errors.js';
import { HeaderMap } from './headers.js';
import { redactUserinfo } from './redact.js';
import type { QueryValue } from './types.js';

/** Redirect statuses we follow; anything else in 3xx is returned as a response. */
export const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** More hops than this is a loop or a misconfigured proxy. */
export const MAX_REDIRECTS = 5;

/** Headers that carry credentials and must not follow a request to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/** The base URL parsed and normalised (no trailing slash, no query or fragment). Throws a usage error when invalid. */
export function normaliseBaseUrl(baseUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new AtlError('usage', `invalid site URL: ${redactUserinfo(baseUrl)}`, {
      hint: 'use a full URL such as https://example.atlassian.net',
    });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new AtlError('usage', `unsupported URL scheme ${parsed.protocol} in ${redactUserinfo(baseUrl)}`, { hint: 'use https://' });
  }
  if (parsed.username || parsed.password) {
    throw new AtlError('usage', `the site URL must not contain a user name or password: ${parsed.host}`, {
      hint: 'keep credentials in the profile (atl auth login), not in the URL',
    });
  }
  parsed.search = '';
  parsed.hash = '';
  return parsed.toString().replace(/\/+$/, '');
}

/**
 * 127.0.0.0/8, ::1 and "localhost" itself. Not *.localhost: RFC 6761 says they should resolve to
 * loopback, but nothing guarantees a given resolver does, and this check guards the token.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  // IPv4-mapped IPv6 loopback (::ffff:127.0.0.1, which URL normalises to ::ffff:7f00:1).
  if (/^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host) || /^::ffff:127\.\d+\.\d+\.\d+$/.test(host)) return true;
  const octets = host.split('.');
  return octets.length === 4 && octets[0] === '127' && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255);
}

/** Throws a usage error when credentials would go over plain http to a host that is not loopback. */
export function assertCredentialsAllowed(url: string | URL): void {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    throw new AtlError('usage', `refusing to send credentials over plain http to ${parsed.host}`, {
      hint: `use https://${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname} (plain http is only allowed for localhost)`,
    });
  }
}

export function sameOrigin(a: string | URL, b: string | URL): boolean {
  return new URL(a).origin === new URL(b).origin;
}

/** Adds `query` to `url`'s own query: arrays repeat the key, undefined/null are left out. */
export function appendQuery(url: URL, query: Record<string, QueryValue> | undefined): void {
  if (!query) return;
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly (string | number)[]) url.searchParams.append(name, String(item));
    } else {
      url.searchParams.append(name, String(value));
    }
  }
}

/**
 * The full URL of a request. A path ("/rest/api/3/myself", with or without its own "?query") is
 * appended to baseUrl, keeping baseUrl's own path (Data Center context paths, the api.atlassian.com
 * gateway's /ex/jira/<cloudId>). An absolute http(s) URL is used as it is.
 */
export function buildUrl(baseUrl: string, pathOrUrl: string, query?: Record<string, QueryValue>): URL {
  let url: URL;
  if (/^https?:\/\//i.test(pathOrUrl)) {
    url = new URL(pathOrUrl);
  } else {
    const path = pathOrUrl.startsWith('/') ? pathOrUrl : `/${pathOrUrl}`;
    url = new URL(baseUrl + path);
  }
  appendQuery(url, query);
  return url;
}

/** The `rel="next"` target of an RFC 8288 Link header, or null. */
export function nextFromLinkHeader(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match) continue;
    const params = match[2]!;
    if (/;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(params)) return match[1]!;
  }
  return null;
}

export interface RedirectStep {
  url: URL;
  method: string;
  /** False when the body must be dropped (the method became GET). */
  keepBody: boolean;
  headers: HeaderMap;
}

/**
 * The next request after a redirect, or null when `status` is not one we follow or has no Location.
 * 303 becomes GET (HEAD stays HEAD); 301/302 after POST become GET, as browsers and the fetch
 * standard do; 307/308 keep method and body. Credential headers are dropped when the origin changes.
 */
export function redirectStep(
  status: number,
  location: string | null,
  current: URL,
  method: string,
  headers: HeaderMap,
): RedirectStep | null {
  if (!REDIRECT_STATUSES.has(status) || !location) return null;
  const url = new URL(location, current);
  let nextMethod = method;
  let keepBody = true;
  if ((status === 303 && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')) {
    nextMethod = 'GET';
    keepBody = false;
  }
  const nextHeaders = new HeaderMap(headers);
  if (!keepBody) {
    nextHeaders.delete('content-type');
    nextHeaders.delete('content-length');
  }
  if (url.origin !== current.origin) for (const name of CREDENTIAL_HEADERS) nextHeaders.delete(name);
  return { url, method: nextMethod, keepBody, headers: nextHeaders };
}
