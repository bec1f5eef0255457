import { notFoundError, usageError } from '../errors.js';
import type { StreamBody } from '../http/types.js';
import type { JiraContext } from './context.js';
import { getIssue, onIssue } from './issues.js';
import type { JiraUser } from './types.js';

/** An attachment as the issue's `attachment` field and the upload answer give it (the fields atl reads). */
export interface JiraAttachment {
  id: string;
  filename: string;
  size?: number;
  mimeType?: string;
  author?: JiraUser;
  created?: string;
  /** Where the bytes are: Cloud `/rest/api/3/attachment/content/{id}`, Data Center `/secure/attachment/{id}/{name}`. */
  content?: string;
  self?: string;
  [extra: string]: unknown;
}

/** An issue's attachments, oldest first: the issue's `attachment` field (Jira has no listing of its own). */
export async function listAttachments(ctx: JiraContext, key: string): Promise<JiraAttachment[]> {
  const issue = await getIssue(ctx, key, ['attachment']);
  const value = issue.fields?.attachment;
  return Array.isArray(value) ? (value as JiraAttachment[]) : [];
}

/**
 * The upload body for `paths`, each file streamed from disk as it is sent. Every file is checked
 * here, before any request: one that does not exist or is not a file is a usage error (exit 2).
 */
export async function attachmentBody(paths: readonly string[]): Promise<StreamBody> {
  const { multipartFiles } = await import('../http/multipart.js');
  try {
    return await multipartFiles(paths.map((path) => ({ field: 'file', path })));
  } catch (err) {
    const { code, path } = err as NodeJS.ErrnoException;
    const which = path ?? 'a file';
    if (code === 'ENOENT') throw usageError(`${which}: no such file`, 'check the path; nothing was uploaded');
    if (code === 'EISDIR') throw usageError(`${which} is not a file`, 'give files, not folders; nothing was uploaded');
    if (code === 'EACCES' || code === 'EPERM') throw usageError(`${which} cannot be read (${code})`, 'nothing was uploaded');
    throw err;
  }
}

/** `POST /issue/{key}/attachments`: Jira refuses it without `X-Atlassian-Token: no-check` (its XSRF guard). */
export function uploadAttachments(ctx: JiraContext, key: string, body: StreamBody): Promise<JiraAttachment[]> {
  return onIssue(key, () =>
    ctx.http.post<JiraAttachment[]>(`${ctx.api}/issue/${encodeURIComponent(key)}/attachments`, body, {
      headers: { 'X-Atlassian-Token': 'no-check' },
      // The timeout covers sending the files too: 30 s plus a second per 100 KB (a slow uplink's pace).
      timeoutMs: 30_000 + Math.ceil(body.length / 100_000) * 1000,
    }),
  );
}

/**
 * The bytes of an attachment, unread. Cloud's content URL answers with a redirect to the media
 * store on another host, where the client drops its credentials (the redirect carries a token).
 */
export async function openAttachment(ctx: JiraContext, attachment: JiraAttachment): Promise<ReadableStream<Uint8Array>> {
  const where =
    ctx.deployment === 'cloud' || attachment.content === undefined
      ? `${ctx.api}/attachment/content/${encodeURIComponent(attachment.id)}`
      : attachment.content;
  const response = await ctx.http.request<ReadableStream<Uint8Array>>(where, { responseType: 'stream' });
  return response.data;
}

/** Picks attachments by id or exact file name; none given means all. An unknown one is exit 4. */
export function selectAttachments(key: string, all: readonly JiraAttachment[], wanted: readonly string[]): JiraAttachment[] {
  if (wanted.length === 0) return [...all];
  const chosen: JiraAttachment[] = [];
  for (const ref of wanted) {
    const found = all.filter((a) => a.id === ref || a.filename === ref);
    if (found.length === 0) {
      const names = all.map((a) => `${a.filename} (${a.id})`).join(', ');
      throw notFoundError(
        `${key} has no attachment ${JSON.stringify(ref)}`,
        names ? `its attachments: ${names}` : `${key} has no attachments`,
      );
    }
    for (const a of found) if (!chosen.includes(a)) chosen.push(a);
  }
  return chosen;
}
