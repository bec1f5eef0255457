import type { ConfluenceContext } from './context.js';
import { V1 } from './context.js';
import { listPaged, type Paged } from './paging.js';
import type { ConfluencePage, SearchResult } from './types.js';

/** One row of a search, whichever deployment answered: v1 search results on Cloud, content on DC. */
export type SearchItem = SearchResult | ConfluencePage;

/** Search results per request: Cloud's v1 search hands out up to 100 without bodies. */
const SEARCH_PAGE = 100;

/**
 * Content matching `cql`, a page at a time. Cloud: v1 `GET /rest/api/search?cql=` (cursor; v2 has no
 * CQL); DC: `GET /rest/api/content/search?cql=` (offset). `hasMore` says whether more matched.
 */
export function searchContent(ctx: ConfluenceContext, cql: string, limit: number | undefined): Paged<SearchItem> {
  if (ctx.deployment === 'cloud') {
    return listPaged<SearchItem>(ctx, `${V1}/search`, { cql, expand: 'content.space,content.version' }, limit, SEARCH_PAGE);
  }
  return listPaged<SearchItem>(ctx, `${V1}/content/search`, { cql, expand: 'space,version' }, limit, SEARCH_PAGE);
}

/** The content of a search row: Cloud nests it under `content`, DC lists content itself. */
export function contentOfResult(item: SearchItem): ConfluencePage | undefined {
  if ('content' in item && item.content && typeof item.content === 'object') return item.content as ConfluencePage;
  return typeof item.id === 'string' ? (item as ConfluencePage) : undefined;
}

/** Last modified: Cloud's search row `lastModified`, else the content's version date. */
export function modifiedOfResult(item: SearchItem): string {
  if (typeof item.lastModified === 'string') return item.lastModified;
  const content = contentOfResult(item);
  return content?.version?.createdAt ?? content?.version?.when ?? '';
}
