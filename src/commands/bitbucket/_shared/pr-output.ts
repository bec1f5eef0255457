import type { BitbucketContext } from '../../../bitbucket/context.js';
import type { CloudComment, DcComment, PrComment } from '../../../bitbucket/pr-content.js';
import { cloudName, dcName } from '../../../bitbucket/users.js';
import { shortDate } from './output.js';

/** Comments as text: author, date, where (inline), then the body indented; DC replies nested. */
export function commentLines(ctx: BitbucketContext, comments: readonly PrComment[]): string[] {
  if (comments.length === 0) return ['no comments'];
  const lines: string[] = [];
  const dc = (comment: DcComment, depth: number): void => {
    const pad = '  '.repeat(depth);
    const where = comment.anchor?.path ? ` on ${comment.anchor.path}${comment.anchor.line ? `:${comment.anchor.line}` : ''}` : '';
    lines.push(`${pad}${dcName(comment.author)} · ${shortDate(comment.createdDate)}${where} (#${comment.id})`);
    for (const line of (comment.text ?? '').split('\n')) lines.push(`${pad}  ${line}`);
    for (const reply of comment.comments ?? []) dc(reply, depth + 1);
  };
  for (const comment of comments) {
    if (ctx.deployment === 'cloud') {
      const c = comment as CloudComment;
      const where = c.inline?.path
        ? ` on ${c.inline.path}${c.inline.to ? `:${c.inline.to}` : c.inline.from ? `:${c.inline.from} (old)` : ''}`
        : '';
      const reply = c.parent ? ` in reply to #${c.parent.id}` : '';
      lines.push(`${cloudName(c.user)} · ${shortDate(c.created_on)}${where}${reply} (#${c.id})`);
      for (const line of (c.content?.raw ?? '').split('\n')) lines.push(`  ${line}`);
    } else dc(comment as DcComment, 0);
    lines.push('');
  }
  return lines.slice(0, -1);
}
