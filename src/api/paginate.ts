/**
 * `atl api --paginate`: one request followed by the pages after it, whatever Atlassian paging style
 * the answer uses. The typed pagers (src/http/paginate.ts) know their endpoint's style in advance;
 * here it is read off each answer:
 *
 *   token   Jira Cloud: `nextPageToken` (and `isLast`); the token goes back in the query, or in
 *           the body of a POST (`/rest/api/3/search/jql`).
 *   link    Confluence `_links.next`, Bitbucket Cloud `next`, or a `Link: <…>; rel="next"` header:
 *           the link's query on our own path (as paginateConfluence does: the link's path is
 *           relative to a root that differs by deployment and by gateway).
 *   start   Data Center (Bitbucket, Confluence, JSM): `isLastPage`, `start`, `nextPageStart`; the
 *           next `start` in the query.
 *   offset  Jira page beans and Data Center search: `startAt`, `maxResults`, `total`, `isLast`; the
 *           next `startAt` in the query, or in the body of a POST (`/rest/api/2/search`).
 *
 * An answer with none of these is the last page.
 */
import type { HttpClient, HttpResponse, QueryValue } from '../http/types.js';
import { queryOfLink } from '../http/paginate.js';
import { mayChange } from '../http/read-only.js';
import { nextFromLinkHeader } from '../http/url.js';

/** One request of `atl api`. */
export interface ApiRequest {
  method: string;
  /** Relative to the client's base URL, without a query (or an absolute URL on the same origin). */
  path: string;
  query: Record<string, QueryValue>;
  /** A JSON object (from -f/-F), or text sent as it is (--input); absent for none. */
  body?: Record<string, unknown> | string;
  headers: Record<string, string>;
}

export type PagingStyle = 'token' | 'link' | 'start' | 'offset';

/** One answer: the response, its body (parsed JSON, or the bytes when it is not JSON), and the items of a page. */
export interface ApiPage {
  response: HttpResponse<Uint8Array>;
  /** Parsed JSON, or undefined when the body is empty or not JSON (then `bytes` is the whole of it). */
  json: unknown;
  /** True when the body was JSON. */
  isJson: boolean;
  /** The items of a paged answer (the array itself for a top-level array), null when the answer is not a list. */
  items: unknown[] | null;
  /** The style that leads to the next page, when there is one. */
  style: PagingStyle | null;
}

type Json = Record<string, unknown>;

const asRecord = (value: unknown): Json | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;

const numberOf = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** Where Atlassian's lists keep their items, most common first. */
const ITEM_KEYS = ['values', 'issues', 'results', 'worklogs', 'comments', 'items'];
/** Arrays beside the items that are not them. */
const NOT_ITEMS = new Set(['warningMessages', 'errorMessages', 'names', 'schema']);

/** The items of a list answer: a top-level array, a known items key, or the one array property. */
export function itemsOfAnswer(json: unknown): unknown[] | null {
  if (Array.isArray(json)) return json;
  const body = asRecord(json);
  if (body === null) return null;
  for (const key of ITEM_KEYS) if (Array.isArray(body[key])) return body[key] as unknown[];
  const arrays = Object.entries(body).filter(([key, value]) => Array.isArray(value) && !NOT_ITEMS.has(key));
  return arrays.length === 1 ? (arrays[0]![1] as unknown[]) : null;
}

/** Puts paging fields where the request carries its parameters: the body of a POST with a JSON body, else the query. */
function withParams(request: ApiRequest, params: Record<string, string | number>): ApiRequest {
  const body = request.body;
  if (request.method === 'POST' && typeof body === 'object') return { ...request, body: { ...body, ...params } };
  return { ...request, query: { ...request.query, ...params } };
}

/** The request for the page after `page`, and its style; null when `page` is the last. */
export function nextRequest(
  request: ApiRequest,
  page: Pick<ApiPage, 'json' | 'items'>,
  linkHeader: string | null,
): { request: ApiRequest; style: PagingStyle } | null {
  const body = asRecord(page.json);
  const items = page.items ?? [];
  if (body !== null && typeof body.nextPageToken === 'string') {
    const token = body.nextPageToken;
    const sent = request.method === 'POST' && typeof request.body === 'object' ? request.body.nextPageToken : request.query.nextPageToken;
    // A repeated token would loop forever: the end, as the typed pager treats it.
    if (body.isLast === true || token === '' || token === sent) return null;
    return { request: withParams(request, { nextPageToken: token }), style: 'token' };
  }
  const links = asRecord(body?._links);
  const link =
    (typeof body?.next === 'string' && body.next !== '' ? body.next : null) ??
    (typeof links?.next === 'string' && links.next !== '' ? links.next : null) ??
    nextFromLinkHeader(linkHeader);
  if (link !== null) {
    const { body: _sent, ...rest } = request;
    return { request: { ...rest, method: 'GET', query: queryOfLink(link) }, style: 'link' };
  }
  if (body === null) return null;
  if (typeof body.isLastPage === 'boolean') {
    if (body.isLastPage || items.length === 0) return null;
    const start = numberOf(body.start) ?? Number(request.query.start ?? 0);
    const next = numberOf(body.nextPageStart) ?? start + items.length;
    return next > start ? { request: withParams(request, { start: next }), style: 'start' } : null;
  }
  const startAt = numberOf(body.startAt);
  if (startAt !== undefined) {
    const total = numberOf(body.total);
    const maxResults = numberOf(body.maxResults);
    if (items.length === 0 || body.isLast === true) return null;
    if (total !== undefined && startAt + items.length >= total) return null;
    if (typeof body.isLast !== 'boolean' && total === undefined && maxResults !== undefined && items.length < maxResults) return null;
    return { request: withParams(request, { startAt: startAt + items.length }), style: 'offset' };
  }
  return null;
}

const utf8 = new TextDecoder();

/** Sends one request as it is, through the product's client (retries, redirects, redaction, read-only). */
export async function send(client: HttpClient, request: ApiRequest): Promise<ApiPage> {
  const response = await client.request<Uint8Array>(request.path, {
    method: request.method,
    query: request.query,
    headers: request.headers,
    responseType: 'bytes',
    // A read-only POST (a search) is retried like a GET.
    ...(mayChange(request.method, request.path) ? {} : { readOnly: true }),
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const text = response.data.byteLength === 0 ? '' : utf8.decode(response.data);
  let json: unknown;
  let isJson = false;
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
      isJson = true;
    } catch {
      // Not JSON (an attachment, an HTML page): printed as it came.
    }
  }
  return { response, json, isJson, items: isJson ? itemsOfAnswer(json) : null, style: null };
}

/** The first answer and every page after it, each fetched once the one before is handed over. */
export async function* apiPages(client: HttpClient, first: ApiRequest): AsyncGenerator<ApiPage, void, undefined> {
  let request: ApiRequest | null = first;
  while (request !== null) {
    const page = await send(client, request);
    const next: ReturnType<typeof nextRequest> = page.isJson ? nextRequest(request, page, page.response.headers.get('link')) : null;
    yield { ...page, style: next?.style ?? null };
    request = next?.request ?? null;
  }
}
