import { paginateConfluence, type Paged } from '../http/paginate.js';
import type { QueryValue } from '../http/types.js';
import type { ConfluenceContext } from './context.js';

export type { Paged };

/** Cloud v2 hands out up to 250 per page; DC caps most lists lower and says so by its own `limit`. */
export const PAGE_SIZE = 250;

/**
 * A Confluence list, a page at a time as the caller iterates: v2 cursors, v1 cursors and DC
 * offsets all give `_links.next`, whose query (only) is put on `path` under our own root, so the
 * gateway and DC context paths stay right (paginateConfluence). The end is the missing `next`,
 * never a short page (servers clamp `limit`); items seen twice are dropped by id.
 */
export function listPaged<T>(
  ctx: ConfluenceContext,
  path: string,
  query: Record<string, QueryValue>,
  limit: number | undefined,
  pageSize = PAGE_SIZE,
): Paged<T> {
  return paginateConfluence<T>(ctx.http, { path, query, pageSize, ...(limit === undefined ? {} : { limit }) });
}
