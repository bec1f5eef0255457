import { AtlError, usageError } from '../errors.js';
import type { JiraContext } from './context.js';
import type { CommentVisibility, JiraComment } from './types.js';

/** `--visibility role:NAME` or `group:NAME` (the name may hold spaces and colons). */
export function parseVisibility(text: string): CommentVisibility {
  const at = text.indexOf(':');
  const type = at === -1 ? '' : text.slice(0, at).trim().toLowerCase();
  const value = at === -1 ? '' : text.slice(at + 1).trim();
  if ((type !== 'role' && type !== 'group') || value === '') {
    throw usageError(`invalid --visibility ${JSON.stringify(text)}`, 'use role:NAME or group:NAME, e.g. --visibility role:Developers');
  }
  return { type, value };
}

/**
 * Whether a comment is a Service Management internal note, which the customer never sees on the
 * portal. Cloud marks it `jsdPublic: false`; Data Center (and Cloud) keep the comment property
 * `sd.public.comment` `{"internal": true}`, sent with `expand=properties` (commentQuery). Jira's
 * `visibility` is another thing: it does not hide a comment from customers.
 */
export function isInternalNote(comment: JiraComment): boolean {
  if (comment.jsdPublic === false) return true;
  const properties = Array.isArray(comment.properties) ? (comment.properties as Array<{ key?: unknown; value?: unknown }>) : [];
  const value = properties.find((p) => p.key === 'sd.public.comment')?.value;
  // The Data Center spec types property values as strings (JSON text); Jira sends the JSON itself.
  const property = typeof value === 'string' ? jsonOrUndefined(value) : value;
  return typeof property === 'object' && property !== null && (property as { internal?: unknown }).internal === true;
}

function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The query that makes Data Center send each comment's properties (its internal-note flag); Cloud sends `jsdPublic`. */
export function commentQuery(ctx: JiraContext): { expand?: string } {
  return ctx.deployment === 'cloud' ? {} : { expand: 'properties' };
}

/** Comment ids are digits; anything else is a usage error before any request. */
export function checkCommentId(id: string): string {
  const trimmed = id.trim();
  if (!/^\d+$/.test(trimmed))
    throw usageError(`${JSON.stringify(id)} is not a comment id`, 'comment ids are numbers: see `atl jira issue comment list KEY`');
  return trimmed;
}

const commentPath = (ctx: JiraContext, key: string, id: string) =>
  `${ctx.api}/issue/${encodeURIComponent(key)}/comment/${encodeURIComponent(id)}`;

/** One comment, as Jira sends it. */
export function getComment(ctx: JiraContext, key: string, id: string): Promise<JiraComment> {
  return onComment(key, id, () => ctx.http.get<JiraComment>(commentPath(ctx, key, id)));
}

/** Replaces a comment's body; its visibility changes only when one is given. */
export function updateComment(
  ctx: JiraContext,
  key: string,
  id: string,
  body: unknown,
  visibility?: CommentVisibility,
): Promise<JiraComment> {
  return onComment(key, id, () => ctx.http.put<JiraComment>(commentPath(ctx, key, id), { body, ...(visibility ? { visibility } : {}) }));
}

export async function deleteComment(ctx: JiraContext, key: string, id: string): Promise<void> {
  await onComment(key, id, () => ctx.http.delete(commentPath(ctx, key, id)));
}

/** A 404 names both: the issue or the comment may be the one missing (Jira's answer does not say which). */
async function onComment<T>(key: string, id: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof AtlError && err.status === 404) {
      throw new AtlError('not_found', `comment ${id} on ${key} not found`, {
        status: 404,
        hint: `check the issue key and the comment id (\`atl jira issue comment list ${key}\` lists them)`,
        cause: err,
      });
    }
    throw err;
  }
}
