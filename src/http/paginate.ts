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
 *   for await (const issue of page) print(issue);      // or, a page at a time:
 *   for await (const items of page.pages()) write(items);
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
 * - an item is yielded once: one the server hands out again (results that changed while paging
 *   shift items across page boundaries) is dropped by its `id` (else `key`);
 * - offset pages after the first are fetched CONCURRENT_PAGES at a time once the total is known,
 *   and still yielded in order (see paginateOffset);
 * - a page iterator is single-use: iterate it once.
 */
import type { HttpClient, QueryValue } from './types.js';
import { nextFromLinkHeader } from './url.js';

export interface Paged<T> extends AsyncIterable<T> {
  /** True when the server has results beyond those yielded. Set when iteration ends. */
  readonly hasMore: boolean;
  /** The total number of results, when the server reports it. */
  readonly total: number | undefined;
  /**
   * The same items a page at a time, as they arrive (duplicates dropped, never an empty page), for
   * printers that write once per page. Iterate either this or the items, once.
   */
  pages(): AsyncIterable<readonly T[]>;
  /** Iterates to the end (or the limit) and returns the items. */
  toArray(): Promise<T[]>;
}

export interface PageOptions {
  /** The most items to yield; undefined or Infinity for all. Must be at least 1. */
  limit?: number;
  /** Items per request (the server may cap it lower). */
  pageSize?: number;
}

/** One fetched page and how to get the one after it (the cursor styles). */
interface FetchedPage<T> {
  items: readonly T[];
  total?: number | undefined;
  /** Fetches the next page asking for `wanted` items; null when this is the last page. */
  next: ((wanted: number) => Promise<FetchedPage<T>>) | null;
}

/** A page as a source hands it to the pager; `more` is whether the server has results after it. */
interface SourcePage<T> {
  items: readonly T[];
  total?: number | undefined;
  more: boolean;
}

/**
 * Where a pager's pages come from, in order. `wanted()` is how many more items the consumer still
 * wants (Infinity for all); a source never asks for more than that. `signal` aborts requests a
 * source started ahead of time once the consumer has stopped.
 */
type PageSource<T> = (wanted: () => number, signal: AbortSignal) => AsyncGenerator<SourcePage<T>, void, undefined>;

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

/**
 * What makes two items the same one: Jira issues, comments, boards, Confluence pages... carry an
 * `id`; some lists only a `key`. Items with neither (plain values, commits) are never dropped.
 */
export function identityOf(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const { id, key } = item as { id?: unknown; key?: unknown };
  if (typeof id === 'string' || typeof id === 'number') return `id:${id}`;
  if (typeof key === 'string') return `key:${key}`;
  return undefined;
}

/** A cursor chain (each page says how to get the next) as a page source. */
function chained<T>(first: (wanted: number) => Promise<FetchedPage<T>>, pageSize: number): PageSource<T> {
  return async function* (wanted) {
    let page = await first(Math.min(pageSize, wanted()));
    for (;;) {
      yield { items: page.items, total: page.total, more: page.next !== null };
      if (page.next === null || wanted() <= 0) return;
      page = await page.next(Math.min(pageSize, wanted()));
    }
  };
}

class Pager<T> implements Paged<T> {
  hasMore = false;
  total: number | undefined = undefined;
  #used = false;

  constructor(
    private readonly source: PageSource<T>,
    private readonly limit: number,
  ) {}

  /**
   * Pages with duplicates dropped: when results change while we page (an issue updated under an
   * ORDER BY updated moves to a later page), the server hands the same item out twice.
   */
  async *pages(): AsyncGenerator<readonly T[], void, undefined> {
    if (this.#used) throw new Error('a paginated result can only be iterated once');
    this.#used = true;
    let yielded = 0;
    const seen = new Set<string>();
    const stopped = new AbortController();
    let settled = false;
    let lastMore = false;
    try {
      for await (const page of this.source(() => this.limit - yielded, stopped.signal)) {
        if (page.total !== undefined) this.total = page.total;
        lastMore = page.more;
        const fresh = page.items.filter((item) => {
          const identity = identityOf(item);
          if (identity === undefined) return true;
          if (seen.has(identity)) return false;
          seen.add(identity);
          return true;
        });
        const room = this.limit - yielded;
        if (fresh.length >= room) {
          // Decided before handing the page over, so a consumer that stops here still sees it.
          this.hasMore = fresh.length > room || page.more;
          settled = true;
          yielded = this.limit;
          yield fresh.length > room ? fresh.slice(0, room) : fresh;
          return;
        }
        yielded += fresh.length;
        if (fresh.length > 0) yield fresh;
      }
      this.hasMore = false;
      settled = true;
    } finally {
      stopped.abort();
      // The consumer stopped early: more exists if the server said so after the last page.
      if (!settled) this.hasMore = lastMore;
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let leftInPage = false;
    try {
      for await (const page of this.pages()) {
        for (let index = 0; index < page.length; index++) {
          leftInPage = index < page.length - 1;
          yield page[index]!;
        }
      }
      leftInPage = false;
    } finally {
      // Broke out in the middle of a page: the rest of it is more.
      if (leftInPage) this.hasMore = true;
    }
  }

  async toArray(): Promise<T[]> {
    const out: T[] = [];
    for await (const page of this.pages()) out.push(...page);
    return out;
  }
}

/**
 * The pages of `items`: a pager's own pages, or, for any other async iterable (a generator built
 * on top of one), each item as a page of one.
 */
export async function* pagesOf<T>(items: AsyncIterable<T> | Paged<T>): AsyncGenerator<readonly T[], void, undefined> {
  if ('pages' in items && typeof items.pages === 'function') {
    yield* items.pages();
    return;
  }
  for await (const item of items) yield [item];
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
      // A search changes nothing: retried like a GET (retry.ts), so one 503 does not end a long listing.
      await client.post(
        path,
        { ...options.body, maxResults: wanted, ...(token === undefined ? {} : { nextPageToken: token }) },
        { readOnly: true },
      ),
    );
    const nextToken = typeof body.nextPageToken === 'string' && body.nextPageToken !== '' ? body.nextPageToken : undefined;
    // A repeated token would loop forever; treat it as the end.
    const more = body.isLast !== true && nextToken !== undefined && nextToken !== token;
    return { items: itemsOf<T>(body, itemsKey), next: more ? (n) => fetchPage(nextToken, n) : null };
  };
  return new Pager<T>(
    chained((n) => fetchPage(undefined, n), pageSize),
    limit,
  );
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

/** How many offset pages are requested at once once the first page gave the total. */
export const CONCURRENT_PAGES = 4;

/** One offset page as received. */
interface OffsetPage<T> {
  items: T[];
  total: number | undefined;
  /** Where this page starts, as the server says (else as asked). */
  start: number;
  /** How many items were asked for. */
  asked: number;
  /** The server says (isLast, total, a short page, an empty page) that nothing follows. */
  last: boolean;
  nextStart: number;
  /** The server names the next offset itself (`nextPageStart`): offsets cannot be computed ahead. */
  ownNextStart: boolean;
}

/**
 * Offset paging (Jira DC, Jira Cloud page beans, JSM, Bitbucket DC). The last page is known from
 * `isLast`/`isLastPage` when present, else from `total`, else from a page shorter than asked.
 * The next offset is the server's `nextPageStart` when given, else start + items received (servers
 * may return fewer than asked). Default page 50.
 *
 * Once a page has given the `total`, the offsets of the pages still wanted are known, so they are
 * fetched CONCURRENT_PAGES at a time (a sliding window: a new request starts as each page is handed
 * over), still yielded in order and never beyond the limit. Results that change meanwhile are
 * handled as in sequential paging: an empty page ends the listing, duplicates are dropped by the
 * pager, a short page (fewer than asked, before the total) restarts the window after it, and a
 * total that grew is followed once the planned pages are done. Without a total (JSM's isLastPage)
 * or with `nextPageStart`, pages come one after another.
 */
export function paginateOffset<T>(client: HttpClient, options: OffsetOptions): Paged<T> {
  const { limit, pageSize } = checkOptions(options, 50);
  const itemsKey = options.itemsKey ?? 'values';
  const startParam = options.startParam ?? 'startAt';
  const limitParam = options.limitParam ?? 'maxResults';
  const fetchPage = async (start: number, wanted: number, signal?: AbortSignal): Promise<OffsetPage<T>> => {
    const query = { ...options.query, [startParam]: start, [limitParam]: wanted };
    const body = asRecord(await client.get(options.path, signal === undefined ? { query } : { query, signal }));
    const items = itemsOf<T>(body, itemsKey);
    const total = numberOr(body.total);
    const pageStart = numberOr(body[startParam]) ?? numberOr(body.startAt) ?? numberOr(body.start) ?? start;
    let last: boolean;
    if (typeof body.isLastPage === 'boolean') last = body.isLastPage;
    else if (typeof body.isLast === 'boolean') last = body.isLast;
    else if (total !== undefined) last = pageStart + items.length >= total;
    else last = items.length < (numberOr(body[limitParam]) ?? numberOr(body.maxResults) ?? wanted);
    if (items.length === 0) last = true;
    const ownNext = numberOr(body.nextPageStart);
    return {
      items,
      total,
      start: pageStart,
      asked: wanted,
      last,
      nextStart: ownNext ?? pageStart + items.length,
      ownNextStart: ownNext !== undefined,
    };
  };
  const source: PageSource<T> = async function* (wanted, signal) {
    let page = await fetchPage(0, Math.min(pageSize, wanted()));
    yield { items: page.items, total: page.total, more: !page.last };
    // What the server hands out per request: the page size, or its own cap when it gave fewer.
    const stride = page.items.length > 0 && page.items.length < page.asked && !page.last ? page.items.length : pageSize;
    let total = page.total;
    while (!page.last && wanted() > 0) {
      if (total === undefined || page.ownNextStart) {
        page = await fetchPage(page.nextStart, Math.min(pageSize, wanted()));
        total = page.total ?? total;
        yield { items: page.items, total: page.total, more: !page.last };
        continue;
      }
      // The pages still wanted, as far as the total and the limit say. Each asks for a whole page
      // unless the limit wants less: a total that grew meanwhile then costs no extra request.
      const from = page.nextStart;
      const byLimit = wanted();
      const budget = Math.min(byLimit, total - from);
      if (budget <= 0) return;
      const planned: Array<{ start: number; size: number }> = [];
      for (let start = from; start < from + budget; start += stride)
        planned.push({ start, size: Math.min(stride, from + byLimit - start) });
      const window = new AbortController();
      const stopWindow = (): void => window.abort();
      signal.addEventListener('abort', stopWindow, { once: true });
      const inFlight: Array<Promise<OffsetPage<T>>> = [];
      let launched = 0;
      const launch = (): void => {
        while (launched < planned.length && inFlight.length < CONCURRENT_PAGES) {
          const { start, size } = planned[launched++]!;
          const request = fetchPage(start, size, window.signal);
          // Awaited in order below; a request left behind when the consumer stops must not go unhandled.
          request.catch(() => undefined);
          inFlight.push(request);
        }
      };
      try {
        launch();
        while (inFlight.length > 0) {
          page = await inFlight.shift()!;
          total = page.total ?? total;
          const short = !page.last && page.items.length < page.asked;
          if (!page.last && !short) launch();
          yield { items: page.items, total: page.total, more: !page.last };
          // The end, or the results moved under us: plan again from where this page ended.
          if (page.last || short) break;
        }
      } finally {
        signal.removeEventListener('abort', stopWindow);
        window.abort();
      }
    }
  };
  return new Pager<T>(source, limit);
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
 * Confluence cursor paging (v2, v1 and DC, which all carry `_links.next`): follows `_links.next`,
 * else the Link header's rel="next". Only the query of that link is used, put on `options.path`
 * under our own base URL: the link's path is relative to a root that differs by deployment
 * (`/wiki/api/v2/…` on the site and the gateway, `/rest/api/…` under a DC context path), and joining
 * it naively gives `/wiki/wiki/…` or leaves the gateway. `limit` is ours too (what is still wanted).
 * `total` from v1 search's `totalSize`. Default page 100. Items seen twice (DC offsets shifting
 * under concurrent edits) are dropped by id, as in every pager here.
 */
export function paginateConfluence<T>(client: HttpClient, options: CursorOptions): Paged<T> {
  const { limit, pageSize } = checkOptions(options, 100);
  const itemsKey = options.itemsKey ?? 'results';
  const fetchPage = async (query: Record<string, QueryValue>): Promise<FetchedPage<T>> => {
    const response = await client.request(options.path, { query });
    const body = asRecord(response.data);
    const links = asRecord(body._links);
    const link = typeof links.next === 'string' && links.next !== '' ? links.next : nextFromLinkHeader(response.headers.get('link'));
    const nextQuery = link === null ? null : queryOfLink(link);
    return {
      items: itemsOf<T>(body, itemsKey),
      total: numberOr(body.totalSize),
      next: nextQuery === null ? null : (n) => fetchPage({ ...nextQuery, limit: n }),
    };
  };
  return new Pager<T>(
    chained((n) => fetchPage({ ...options.query, limit: n }), pageSize),
    limit,
  );
}

/** The query of a (relative or absolute) link as a query object; a repeated name becomes a list. */
export function queryOfLink(link: string): Record<string, QueryValue> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URL(link, 'http://next.invalid').searchParams) {
    const previous = query[name];
    query[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return query;
}

/**
 * Bitbucket Cloud: `pagelen`, then the absolute `next` URL; `size` is the total when present. Default page 50.
 * Some lists (pipelines) leave `next` out before the end: when `page × pagelen < size` the next page
 * number is asked for instead; an empty page ends the list.
 */
export function paginateBitbucket<T>(client: HttpClient, options: Omit<CursorOptions, 'itemsKey'>): Paged<T> {
  const { limit, pageSize } = checkOptions(options, 50);
  const fetchPage = async (pathOrUrl: string, query: Record<string, QueryValue> | undefined): Promise<FetchedPage<T>> => {
    const body = asRecord(await client.get(pathOrUrl, query === undefined ? {} : { query }));
    const items = itemsOf<T>(body, 'values');
    const next = typeof body.next === 'string' && body.next !== '' ? body.next : null;
    const [page, pagelen, size] = [numberOr(body.page), numberOr(body.pagelen), numberOr(body.size)];
    const byNumber =
      next === null && query !== undefined && items.length > 0 && page !== undefined && pagelen !== undefined && size !== undefined
        ? page * pagelen < size
        : false;
    return {
      items,
      total: size,
      next:
        next !== null
          ? () => fetchPage(next, undefined)
          : byNumber
            ? () => fetchPage(pathOrUrl, { ...query, pagelen: pagelen!, page: page! + 1 })
            : null,
    };
  };
  return new Pager<T>(
    chained((n) => fetchPage(options.path, { ...options.query, pagelen: n }), pageSize),
    limit,
  );
}
