import type { ConfluenceContext } from './context.js';
import { V1, V2 } from './context.js';
import { listPaged } from './paging.js';
import type { ConfluenceComment, ContentKind } from './types.js';

/**
 * The footer comments of a page or blog post, oldest first, with their storage bodies. Cloud:
 * `GET /api/v2/pages/{id}/footer-comments?body-format=storage`; DC:
 * `GET /rest/api/content/{id}/child/comment?expand=body.storage,history,version`.
 */
export function listComments(ctx: ConfluenceContext, kind: ContentKind, id: string): Promise<ConfluenceComment[]> {
  if (ctx.deployment === 'cloud') {
    const collection = kind === 'page' ? 'pages' : 'blogposts';
    return listPaged<ConfluenceComment>(
      ctx,
      `${V2}/${collection}/${encodeURIComponent(id)}/footer-comments`,
      { 'body-format': 'storage', sort: 'created-date' },
      undefined,
    ).toArray();
  }
  return listPaged<ConfluenceComment>(
    ctx,
    `${V1}/content/${encodeURIComponent(id)}/child/comment`,
    { expand: 'body.storage,history,version', depth: 'all' },
    undefined,
    100,
  ).toArray();
}

/** Adds a footer comment (storage body). Cloud: `POST /api/v2/footer-comments`; DC: `POST /rest/api/content` of type comment. */
export function addComment(ctx: ConfluenceContext, kind: ContentKind, id: string, storage: string): Promise<ConfluenceComment> {
  if (ctx.deployment === 'cloud') {
    return ctx.http.post<ConfluenceComment>(`${V2}/footer-comments`, {
      ...(kind === 'page' ? { pageId: id } : { blogPostId: id }),
      body: { representation: 'storage', value: storage },
    });
  }
  return ctx.http.post<ConfluenceComment>(`${V1}/content`, {
    type: 'comment',
    container: { id, type: kind },
    body: { storage: { value: storage, representation: 'storage' } },
  });
}
