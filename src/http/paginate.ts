/**
 * Async iterators over Atlassian's paged lists, one per paging style:
 *
 *   paginateJiraSearch  Jira Cloud cursor: POST /rest/api/3/search/jql with `nextPageToken`;
 *                       answers {issues, nextPageToken, isLast}.
 *   paginateOffset      Jira DC / Jira Cloud "page beans": `startAt`/`maxResults` query;
 *                       answers {startAt, maxResults, total, isLast?, <items>}.
 *   paginateJsm         JSM (and Bitbucket DC): `start`/`limit` query; answers {isLastPage, values}.
 *   paginateConfluence  Confluence cursor: {results, _links: {next}} or a `Link: <...>; rel="next"` header.
 *   paginateBitbucket   Bitbucket Cloud: `pagelen` query; answers {values, next: <absolute URL>, size?}.
 *
 * Usage:
 *
 *   const page = paginateJiraSearch<Issue>(client, { body: { jql, fields }, limit: 30 });
 *   for await (const issue of page) print(issue);
 *   if (page.hasMore) hint('more results: raise --limit');
 *   page.total   // a number when the server reports one (Jira offset `total`, Bitbucket `size`)
 *
 * Guarantees:
 * - at most `limit` items are yielded (default: all), and no page is fetched that is not needed:
 *   when the limit is reached exactly at a page end the next page is NOT requested; `hasMore`
 *   then comes from the server's own signal (a next token/link, isLast, total);
 * - each request asks for min(pageSize, items still wanted), so a small limit is one small request;
 * - `hasMore` and `total` are meaningful once iteration has ended (finished, limit reached, or the
 *   loop broke early); before that `hasMore` is false;
 * - a page iterator is single-use: iterate it once.
 */
import type { HttpClient, QueryValue } from './types.js';
import { nextFromLinkHeader, resolveNextLink } from './url.js';

export interface Paged<T> extends AsyncIterable<T> {
  /** True when the server has results beyond those yielded. Set when iteration ends. */
  readonly hasMore: boolean;
  /** The total number of results, when the server reports it. */
  readonly total: number | undefined;
  /** Iterates to the end (or the limit) and returns the items. */
  toArray(): Promise<T[]>;
}

export interface PageOptions {
  /** The most items to yield; undefined or Infinity for all. Must be at least 1. */
  limit?: number;
  /** Items per request (the server may cap it lower). */
  pageSize?: number;
}

/** One fetched page and how to get the one after it. */
interface FetchedPage<T> {
  items: readonly T[];
  total?: number | undefined;
  /** Fetches the next page asking for `wanted` items; null when this is the last page. */
  next: ((wanted: number) => Promise<FetchedPage<T>>) | null;
}

type Json = Record<string, unknown>;

function asRecord(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function itemsOf<T>(body: Json, key: string): T[] {
  const items = body[key];
  return Array.isArray(items) ? (items as T[]) : [];
}

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function checkOptions(options: PageOptions, defaultPageSize: number): { limit: number; pageSize: number } {
  const limit = options.limit ?? Infinity;
  if (!(limit >= 1)) throw new RangeError(`limit must be at least 1, got ${String(options.limit)}`);
  const pageSize = options.pageSize ?? defaultPageSize;
  if (!(pageSize >= 1) || !Number.isInteger(pageSize)) throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`);
  return { limit, pageSize };
}

class Pager<T> implements Paged<T> {
  hasMore = false;
  total: number | undefined = undefined;
  #used = false;

  constructor(
    private readonly first: (wanted: number) => Promise<FetchedPage<T>>,
    private readonly limit: number,
    private readonly pageSize: number,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.#used) throw new Error('a paginated result can only be iterated once');
    this.#used = true;
    let yielded = 0;
    const wanted = (): number => Math.min(this.pageSize, this.limit - yielded);
    let page = await this.first(wanted());
    let index = 0;
    let settled = false;
    try {
      for (;;) {
        if (page.total !== undefined) this.total = page.total;
        for (index = 0; index < page.items.length; index++) {
          yielded++;
          if (yielded >= this.limit) {
            // Decide before handing over the last item, so an early `break` still sees it.
            this.hasMore = index < page.items.length - 1 || page.next !== null;
            settled = true;
            yield page.items[index]!;
            return;
          }
          yield page.items[index]!;
        }
        if (page.next === null) {
          this.hasMore = false;
          settled = true;
          return;
        }
        page = await page.next(wanted());
      }
    } finally {
      // The consumer broke out early: more exists if this page or the server has more.
      if (!settled) this.hasMore = index < page.items.length - 1 || page.next !== null;
    }
  }

  async toArray(): Promise<T[]> {
    const out: T[] = [];
    for await (const item of this) out.push(item);
    return out;
  }
}

export interface JiraSearchOptions extends PageOptions {
  /** Default /rest/api/3/search/jql. */
  path?: string;
  /** The request body without paging fields: jql, fields, expand, properties... */
  body: Json;
  /** Default "issues". */
  itemsKey?: string;
}

/** Jira Cloud enhanced search: POST with `nextPageToken`, until `isLast` or no token. Default page 100. */
export function paginateJiraSearch<T>(client: HttpClient, options: JiraSearchOptions): Paged<T> {
  const { limit, pageSize } = checkOptions(options, 100);
  const path = options.path ?? '/rest/api/3/search/jql';
  const itemsKey = options.itemsKey ?? 'issues';
  const fetchPage = async (token: string | undefined, wanted: number): Promise<FetchedPage<T>> => {
    const body = asRecord(
      await client.post(path, { ...options.body, maxResults: wanted, ...(token === undefined ? {} : { nextPageToken: token }) }),
    );
    const nextToken = typeof body.nextPageToken === 'string' && body.nextPageToken !== '' ? body.nextPageToken : undefined;
    // A repeated token would loop forever; treat it as the end.
    const more = body.isLast !== true && nextToken !== undefined && nextToken !== token;
    return { items: itemsOf<T>(body, itemsKey), next: more ? (n) => fetchPage(nextToken, n) : null };
  };
  return new Pager<T>((n) => fetchPage(undefined, n), limit, pageSize);
}

export interface OffsetOptions extends PageOptions {
  path: string;
  query?: Record<string, QueryValue>;
  /** Where the items are: "values" (default), "issues", "worklogs"... */
  itemsKey?: string;
  /** Query parameter names; Jira's by default, JSM/Bitbucket DC use start/limit. */
  startParam?: string;
  limitParam?: string;
}

/**
 * Offset paging (Jira DC, Jira Cloud page beans, JSM, Bitbucket DC). The last page is known from
 * `isLast`/`isLastPage` when present, else from `total`, else from a page shorter than asked.
 * The next offset is the server's `nextPageStart` when given, else start + items received (servers
 * may return fewer than asked). Default page 50.
 */
export function paginateOffset<T>(client: HttpClient, options: OffsetOptions): Paged<T> {
  const { limit, pageSize } = checkOptions(options, 50);
  const itemsKey = options.itemsKey ?? 'values';
  const startParam = options.startParam ?? 'startAt';
  const limitParam = options.limitParam ?? 'maxResults';
  const fetchPage = async (start: number, wanted: number): Promise<FetchedPage<T>> => {
    const body = asRecord(await client.get(options.path, { query: { ...options.query, [startParam]: start, [limitParam]: wanted } }));
    const items = itemsOf<T>(body, itemsKey);
    const total = numberOr(body.total);
    const pageStart = numberOr(body[startParam]) ?? numberOr(body.startAt) ?? numberOr(body.start) ?? start;
    let last: boolean;
    if (typeof body.isLastPage === 'boolean') last = body.isLastPage;
    else if (typeof body.isLast === 'boolean') last = body.isLast;
    else if (total !== undefined) last = pageStart + items.length >= total;
    else last = items.length < (numberOr(body[limitParam]) ?? numberOr(body.maxResults) ?? wanted);
    if (items.length === 0) last = true;
    const nextStart = numberOr(body.nextPageStart) ?? pageStart + items.length;
    return { items, total, next: last ? null : (n) => fetchPage(nextStart, n) };
  };
  return new Pager<T>((n) => fetchPage(0, n), limit, pageSize);
}

/** JSM service desk API (and Bitbucket DC): `start`/`limit`, {isLastPage, values}. */
export function paginateJsm<T>(client: HttpClient, options: Omit<OffsetOptions, 'startParam' | 'limitParam'>): Paged<T> {
  return paginateOffset<T>(client, { ...options, startParam: 'start', limitParam: 'limit' });
}

export interface CursorOptions extends PageOptions {
  path: string;
  query?: Record<string, QueryValue>;
  /** Default "results". */
  itemsKey?: string;
}

/**
 * Confluence v2 cursor paging (also v1 and DC, which carry `_links.next` too): follows
 * `_links.next`, else the Link header's rel="next". `total` from v1 search's `totalSize`. Default page 100.
 */
export function paginateConfluence<T>(client: HttpClient, options: CursorOptions): Paged<T> {
  const { limit, pageSize } = checkOptions(options, 100);
  const itemsKey = options.itemsKey ?? 'results';
  const fetchPage = async (pathOrUrl: string, query: Record<string, QueryValue> | undefined): Promise<FetchedPage<T>> => {
    const response = await client.request(pathOrUrl, query === undefined ? {} : { query });
    const body = asRecord(response.data);
    const links = asRecord(body._links);
    const link = typeof links.next === 'string' && links.next !== '' ? links.next : nextFromLinkHeader(response.headers.get('link'));
    const nextUrl = link === null ? null : resolveNextLink(client.baseUrl, link);
    return {
      items: itemsOf<T>(body, itemsKey),
      total: numberOr(body.totalSize),
      // The next link already carries the cursor and page size.
      next: nextUrl === null ? null : () => fetchPage(nextUrl, undefined),
    };
  };
  return new Pager<T>((n) => fetchPage(options.path, { ...options.query, limit: n }), limit, pageSize);
}

/** Bitbucket Cloud: `pagelen`, then the absolute `next` URL; `size` is the total when present. Default page 50. */
export function paginateBitbucket<T>(client: HttpClient, options: Omit<CursorOptions, 'itemsKey'>): Paged<T> {
  const { limit, pageSize } = checkOptions(options, 50);
  const fetchPage = async (pathOrUrl: string, query: Record<string, QueryValue> | undefined): Promise<FetchedPage<T>> => {
    const body = asRecord(await client.get(pathOrUrl, query === undefined ? {} : { query }));
    const next = typeof body.next === 'string' && body.next !== '' ? body.next : null;
    return {
      items: itemsOf<T>(body, 'values'),
      total: numberOr(body.size),
      next: next === null ? null : () => fetchPage(next, undefined),
    };
  };
  return new Pager<T>((n) => fetchPage(options.path, { ...options.query, pagelen: n }), limit, pageSize);
}
