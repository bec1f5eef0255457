import { attachmentBody } from '../jira/attachments.js';
import { type JsmContext, SD } from './context.js';

/**
 * Attaches files to a request: each is uploaded as a temporary file of the desk (multipart, with
 * Jira's `X-Atlassian-Token: no-check`), then attached at once, as temporary files expire.
 */
export async function attachFiles(
  ctx: JsmContext,
  deskId: string,
  key: string,
  paths: readonly string[],
  isPublic: boolean,
): Promise<string[]> {
  const body = await attachmentBody(paths);
  const uploaded = await ctx.http.post<{ temporaryAttachments: Array<{ temporaryAttachmentId: string; fileName: string }> }>(
    `${SD}/servicedesk/${encodeURIComponent(deskId)}/attachTemporaryFile`,
    body,
    { headers: { 'X-Atlassian-Token': 'no-check' }, timeoutMs: 30_000 + Math.ceil(body.length / 100_000) * 1000 },
  );
  const ids = uploaded.temporaryAttachments.map((t) => t.temporaryAttachmentId);
  await ctx.http.post(`${SD}/request/${encodeURIComponent(key)}/attachment`, { temporaryAttachmentIds: ids, public: isPublic });
  return uploaded.temporaryAttachments.map((t) => t.fileName);
}
