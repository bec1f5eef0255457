import { basename } from 'node:path';
import { AtlError, usageError } from '../errors.js';
import type { StreamBody } from '../http/types.js';
import type { ConfluenceContext } from './context.js';
import { V1, V2 } from './context.js';
import { listPaged } from './paging.js';
import type { ConfluenceAttachment, ContentKind } from './types.js';

/**
 * Attachments of a page or blog post, streamed to and from disk. Cloud lists through v2 and
 * uploads and downloads through v1 (v2 has neither); DC uses `/rest/api/content/{id}/child/attachment`.
 */

/** The attachments of a page (current versions). Cloud: `GET /api/v2/pages/{id}/attachments`; DC: `…/child/attachment`. */
export function listAttachments(ctx: ConfluenceContext, kind: ContentKind, id: string, filename?: string): Promise<ConfluenceAttachment[]> {
  if (ctx.deployment === 'cloud') {
    const collection = kind === 'page' ? 'pages' : 'blogposts';
    return listPaged<ConfluenceAttachment>(
      ctx,
      `${V2}/${collection}/${encodeURIComponent(id)}/attachments`,
      { filename },
      undefined,
    ).toArray();
  }
  return listPaged<ConfluenceAttachment>(
    ctx,
    `${V1}/content/${encodeURIComponent(id)}/child/attachment`,
    { filename, expand: 'version' },
    undefined,
    100,
  ).toArray();
}

/** Size in bytes: v2 `fileSize`, DC `extensions.fileSize`. */
export function attachmentSize(a: ConfluenceAttachment): number | undefined {
  return a.fileSize ?? a.extensions?.fileSize;
}

/** Media type: v2 `mediaType`, DC `extensions.mediaType` or `metadata.mediaType`. */
export function attachmentMediaType(a: ConfluenceAttachment): string {
  return a.mediaType ?? a.extensions?.mediaType ?? a.metadata?.mediaType ?? '';
}

/** The upload comment: v2 `comment`, DC `extensions.comment` or `metadata.comment`. */
export function attachmentComment(a: ConfluenceAttachment): string {
  return a.comment ?? a.extensions?.comment ?? a.metadata?.comment ?? '';
}

/**
 * The multipart body for one file, streamed from disk (reopened on a retry or redirect), with
 * `minorEdit=true` (the Cloud spec requires it) and the comment as UTF-8 text. A file that does not
 * exist or is not a file is a usage error, before any request.
 */
export async function uploadBody(path: string, comment: string | undefined): Promise<StreamBody> {
  const { multipartFiles } = await import('../http/multipart.js');
  try {
    return await multipartFiles(
      [{ field: 'file', path }],
      [{ field: 'minorEdit', value: 'true' }, ...(comment === undefined ? [] : [{ field: 'comment', value: comment }])],
    );
  } catch (err) {
    const { code } = err as NodeJS.ErrnoException;
    if (code === 'ENOENT') throw usageError(`${path}: no such file`, 'check the path; nothing was uploaded');
    if (code === 'EISDIR') throw usageError(`${path} is not a file`, 'give files, not folders; nothing was uploaded');
    if (code === 'EACCES' || code === 'EPERM') throw usageError(`${path} cannot be read (${code})`, 'nothing was uploaded');
    throw err;
  }
}

/** What an upload answers: a list (create, Cloud PUT) or the attachment itself (DC `/data`). */
function uploaded(answer: unknown): ConfluenceAttachment[] {
  const results = (answer as { results?: unknown } | null)?.results;
  if (Array.isArray(results)) return results as ConfluenceAttachment[];
  return answer && typeof answer === 'object' ? [answer as ConfluenceAttachment] : [];
}

/**
 * Uploads one file to a page, as a new version when the page already has an attachment of that
 * name. Cloud: v1 `PUT /rest/api/content/{id}/child/attachment` (creates or adds a version by
 * name). DC has no PUT: the name is looked up, then `POST …/child/attachment/{attId}/data` (a new
 * version) or `POST …/child/attachment` (new). All with `X-Atlassian-Token: no-check` (the specs'
 * `nocheck` is refused by DC with 403).
 */
export async function uploadAttachment(
  ctx: ConfluenceContext,
  pageId: string,
  path: string,
  comment: string | undefined,
  /** Wraps the body (a progress count); the wrapper must reopen the file with the body's own `open`. */
  wrap: (body: StreamBody) => StreamBody = (body) => body,
): Promise<{ attachment: ConfluenceAttachment; replaced: boolean }> {
  const body = wrap(await uploadBody(path, comment));
  const name = basename(path);
  const base = `${V1}/content/${encodeURIComponent(pageId)}/child/attachment`;
  const options = {
    headers: { 'X-Atlassian-Token': 'no-check' },
    // The timeout covers sending the file too: 30 s plus a second per 100 KB (a slow uplink's pace).
    timeoutMs: 30_000 + Math.ceil(body.length / 100_000) * 1000,
    checkApplied: `atl confluence attachment list ${pageId}`,
  };
  if (ctx.deployment === 'cloud') {
    const attachment = firstOf(uploaded(await ctx.http.put(base, body, options)), name);
    return { attachment, replaced: (attachment.version?.number ?? 1) > 1 };
  }
  const existing = (await listAttachments(ctx, 'page', pageId, name)).find((a) => a.title === name);
  const answer = existing
    ? await ctx.http.post(`${base}/${encodeURIComponent(existing.id)}/data`, body, options)
    : await ctx.http.post(base, body, options);
  return { attachment: firstOf(uploaded(answer), name), replaced: existing !== undefined };
}

function firstOf(list: ConfluenceAttachment[], name: string): ConfluenceAttachment {
  const found = list.find((a) => a.title === name) ?? list[0];
  if (!found) throw new AtlError('failure', `Confluence accepted ${name} but did not say which attachment it became`);
  return found;
}

/**
 * The bytes of an attachment, unread. Cloud: v1 `…/child/attachment/{attId}/download`, which
 * redirects to the media host (the client drops credentials on the way); DC: its `_links.download`
 * (`/download/attachments/{page}/{file}?version=N`) under the server's base.
 */
export async function openAttachment(ctx: ConfluenceContext, pageId: string, a: ConfluenceAttachment): Promise<ReadableStream<Uint8Array>> {
  const where =
    ctx.deployment === 'cloud' || a._links?.download === undefined
      ? `${V1}/content/${encodeURIComponent(pageId)}/child/attachment/${encodeURIComponent(a.id)}/download`
      : a._links.download;
  const response = await ctx.http.request<ReadableStream<Uint8Array>>(where, { responseType: 'stream' });
  return response.data;
}

/** Picks attachments by id or exact name; none given means all. An unknown one is exit 4 naming those there are. */
export function selectAttachments(pageId: string, all: readonly ConfluenceAttachment[], wanted: readonly string[]): ConfluenceAttachment[] {
  if (wanted.length === 0) return [...all];
  const chosen: ConfluenceAttachment[] = [];
  for (const ref of wanted) {
    const found = all.filter((a) => a.id === ref || a.title === ref);
    if (found.length === 0) {
      const names = all.map((a) => a.title).join(', ');
      throw new AtlError('not_found', `page ${pageId} has no attachment ${JSON.stringify(ref)}`, {
        hint: names ? `its attachments: ${names}` : `page ${pageId} has no attachments`,
      });
    }
    for (const a of found) if (!chosen.includes(a)) chosen.push(a);
  }
  return chosen;
}
