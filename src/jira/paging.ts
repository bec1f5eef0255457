import { paginateJiraSearch, paginateOffset, type Paged } from '../http/paginate.js';
import type { HttpClient, QueryValue } from '../http/types.js';

/**
 * The one seam between the Jira layer and the shared pagers in src/http/paginate.ts, so every
 * list in src/jira pages the same way (100 issues a request, stop at the limit, report hasMore).
 */
export type { Paged };

/** Pages of 100: the most Jira hands out per request for issues. */
export const PAGE_SIZE = 100;

export interface CursorOptions {
  /** Fixed body fields (jql, fields); nextPageToken and maxResults are added per page. */
  body: Record<string, unknown>;
  /** Stop after this many items; undefined = all. */
  limit: number | undefined;
  pageSize?: number;
}

/** Jira Cloud `POST /rest/api/3/search/jql`: `nextPageToken` until `isLast`. */
export function cursorPaged<T>(client: HttpClient, path: string, options: CursorOptions): Paged<T> {
  return paginateJiraSearch<T>(client, {
    path,
    body: options.body,
    pageSize: options.pageSize ?? PAGE_SIZE,
    ...(options.limit === undefined ? {} : { limit: options.limit }),
  });
}

export interface OffsetOptions {
  /** Key of the item array in each page: `issues`, `values`, `comments`. */
  itemsKey: string;
  query?: Record<string, QueryValue>;
  limit: number | undefined;
  pageSize?: number;
}

/** Jira Data Center search, agile lists, comments: `startAt`/`maxResults` with `total` or `isLast`. */
export function offsetPaged<T>(client: HttpClient, path: string, options: OffsetOptions): Paged<T> {
  return paginateOffset<T>(client, {
    path,
    itemsKey: options.itemsKey,
    pageSize: options.pageSize ?? PAGE_SIZE,
    ...(options.query === undefined ? {} : { query: options.query }),
    ...(options.limit === undefined ? {} : { limit: options.limit }),
  });
}
