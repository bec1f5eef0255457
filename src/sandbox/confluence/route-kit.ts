/**
 * What every Confluence route module shares: the flavours a route is served on, errors in
 * Confluence's shapes, the acting user, and the three kinds of paging Confluence speaks:
 * - Cloud v2: an opaque `cursor`, the next page's relative URL (starting `/wiki/api/v2`) in both
 *   `Link: <…>; rel="next"` and `_links.next`;
 * - Cloud v1 (`/wiki/rest/api/search`): a `cursor` too, `_links.next` relative to `/wiki`;
 * - Data Center: `start`/`limit`, `_links.next` relative to `_links.base`.
 * Limits are clamped to the API's maximum, never refused, so a client must follow `next` and never
 * infer the end from a short page.
 */
import { confluenceError } from '../responses.js';
import type { RouteOptions } from '../router.js';
import type { Identity, SandboxRequest, SandboxResponse } from '../types.js';
import { type ConfluenceStore, ConfluenceStoreError, type ConfluenceUser } from './store.js';

export type Json = Record<string, unknown>;

export const cloud: RouteOptions = { realm: 'confluence', flavours: ['cloud'] };
export const dc: RouteOptions = { realm: 'confluence', flavours: ['datacenter'] };

export function fail(status: number, message: string): never {
  throw new ConfluenceStoreError(status, message);
}

/** Runs a handler, answering a ConfluenceStoreError in the product's error shape. */
export function handler(
  fn: (request: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>,
): (request: SandboxRequest) => Promise<SandboxResponse> {
  return async (request) => {
    try {
      return await fn(request);
    } catch (err) {
      if (err instanceof ConfluenceStoreError) return confluenceError(err.status, err.message, request.path);
      throw err;
    }
  };
}

/** The store user a request authenticated as (added on first sight). */
export function actorOf(store: ConfluenceStore, identity: Identity | null): ConfluenceUser {
  if (!identity) return fail(401, 'Client must be authenticated to access this resource.');
  const found =
    (identity.accountId ? store.user(identity.accountId) : undefined) ??
    (identity.username ? store.userByName(identity.username) : undefined) ??
    (identity.email ? store.userByName(identity.email) : undefined);
  if (found) return found;
  const name = identity.username ?? identity.email ?? identity.displayName;
  return store.addUser({
    accountId: identity.accountId ?? `sandbox:${name}`,
    displayName: identity.displayName,
    email: identity.email ?? '',
    username: name,
    userKey: `key-${name}`,
  });
}

export function bodyObject(request: SandboxRequest): Json {
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail(400, 'The request body must be a JSON object.');
  return body as Json;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

export function intQuery(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) fail(400, `The '${name}' parameter must be an integer.`);
  return n;
}

/** A query parameter given repeatedly or comma-separated (`status=current&status=archived`, `id=1,2`). */
export function listQuery(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

export function expandsOf(query: URLSearchParams): Set<string> {
  return new Set(listQuery(query, 'expand'));
}

export const iso = (ms: number): string => new Date(ms).toISOString();

/** `_links.base` of Cloud answers: the site's `/wiki`, never the gateway (human links are the site's). */
export const cloudBase = (request: SandboxRequest): string => `${request.siteUrl}/wiki`;

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeCursor(cursor: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const offset = obj(parsed)?.o;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // falls through to the 400
  }
  return fail(400, 'The cursor is invalid.');
}

/** The query string of the next page: the request's own, with the new paging values. */
function nextQuery(request: SandboxRequest, set: Record<string, string>): string {
  const query = new URLSearchParams(request.query);
  for (const [key, value] of Object.entries(set)) query.set(key, value);
  return query.toString();
}

export interface CursorSlice<T> {
  items: T[];
  /** The relative URL of the next page, or null on the last one. */
  next: string | null;
}

/** One page of `all` by the request's `cursor` and `limit`; `pathForNext` is the path `next` repeats. */
export function cursorSlice<T>(request: SandboxRequest, all: readonly T[], max: number, pathForNext: string): CursorSlice<T> {
  const limit = Math.min(Math.max(intQuery(request.query, 'limit', 25), 1), max);
  const cursor = request.query.get('cursor');
  const offset = cursor ? decodeCursor(cursor) : 0;
  const items = all.slice(offset, offset + limit);
  const more = offset + limit < all.length;
  return {
    items,
    next: more ? `${pathForNext}?${nextQuery(request, { cursor: encodeCursor(offset + limit), limit: String(limit) })}` : null,
  };
}

/** A Cloud v2 listing: `{results, _links:{next?, base}}` and the `Link` header. */
export function v2List<T>(request: SandboxRequest, all: readonly T[], render: (item: T) => Json, max = 250): SandboxResponse {
  const { items, next } = cursorSlice(request, all, max, request.path);
  const base = cloudBase(request);
  const headers: Record<string, string> = {};
  if (next) headers.Link = `<${next}>; rel="next", <${base}>; rel="base"`;
  return { status: 200, headers, body: { results: items.map(render), _links: { ...(next ? { next } : {}), base } } };
}

/** A Data Center listing by `start`/`limit`: `{results, start, limit, size, _links}`. */
export function dcList<T>(
  request: SandboxRequest,
  all: readonly T[],
  render: (item: T) => Json,
  max = 200,
  extra: Json = {},
): SandboxResponse {
  const limit = Math.min(Math.max(intQuery(request.query, 'limit', 25), 1), max);
  const start = Math.max(intQuery(request.query, 'start', 0), 0);
  const items = all.slice(start, start + limit);
  const links: Json = { base: request.baseUrl, context: contextOf(request), self: `${request.baseUrl}${request.path}` };
  if (start + limit < all.length)
    links.next = `${request.path}?${nextQuery(request, { start: String(start + limit), limit: String(limit) })}`;
  if (start > 0) links.prev = `${request.path}?${nextQuery(request, { start: String(Math.max(start - limit, 0)), limit: String(limit) })}`;
  return { status: 200, body: { results: items.map(render), start, limit, size: items.length, ...extra, _links: links } };
}

/** The context path of the flavour's base URL (`/wiki` on Cloud, `/dc` here for Data Center). */
export function contextOf(request: SandboxRequest): string {
  return request.flavour === 'datacenter' ? new URL(request.baseUrl).pathname.replace(/\/$/, '') : '/wiki';
}

/** True when the request carries the header Confluence's XSRF guard wants on multipart uploads. */
export function hasNoCheckToken(request: SandboxRequest): boolean {
  const value = request.headers['x-atlassian-token'];
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return text.toLowerCase() === 'no-check';
}
