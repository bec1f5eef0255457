import type { ConfluenceContext } from './context.js';
import { V1, V2 } from './context.js';
import { listPaged } from './paging.js';
import type { ConfluenceLabel, ContentKind } from './types.js';

/** Labels of a page or blog post. Cloud: `GET /api/v2/pages/{id}/labels`; DC: `GET /rest/api/content/{id}/label`. */
export function listLabels(ctx: ConfluenceContext, kind: ContentKind, id: string): Promise<ConfluenceLabel[]> {
  if (ctx.deployment === 'cloud') {
    const collection = kind === 'page' ? 'pages' : 'blogposts';
    return listPaged<ConfluenceLabel>(ctx, `${V2}/${collection}/${encodeURIComponent(id)}/labels`, {}, undefined).toArray();
  }
  return listPaged<ConfluenceLabel>(ctx, `${V1}/content/${encodeURIComponent(id)}/label`, {}, undefined, 200).toArray();
}

/** A label name as Confluence takes it: lower case, no spaces (Confluence folds and refuses them). */
export function labelName(label: string): string {
  return label.trim().toLowerCase();
}

/** Adds global labels in one request: `POST /rest/api/content/{id}/label` (v1 on Cloud: v2 cannot add). */
export async function addLabels(ctx: ConfluenceContext, id: string, labels: readonly string[]): Promise<void> {
  if (labels.length === 0) return;
  await ctx.http.post(
    `${V1}/content/${encodeURIComponent(id)}/label`,
    labels.map((name) => ({ prefix: 'global', name })),
  );
}

/** Removes a label: `DELETE /rest/api/content/{id}/label?name=L` (the query form survives a `/` in the name). */
export async function removeLabel(ctx: ConfluenceContext, id: string, label: string): Promise<void> {
  await ctx.http.delete(`${V1}/content/${encodeURIComponent(id)}/label`, { query: { name: label } });
}
