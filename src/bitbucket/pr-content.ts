/** A pull request's diff and comments (design note §5, §6). */
import { usageError } from '../errors.js';
import { listOf } from './api.js';
import type { BitbucketContext } from './context.js';
import { type PlannedWrite, prPath } from './prs.js';
import type { RepoRef } from './repo-target.js';
import type { CloudUser, DcUser } from './types.js';

/**
 * The raw unified diff, as bytes in the files' own encoding. Cloud answers `…/diff` with a 302 to
 * `/diff/{spec}` on the same host, which the client follows with its credentials; the diff is
 * text/plain, so JSON is not what is accepted.
 */
export function rawDiff(ctx: BitbucketContext, ref: RepoRef, id: number): Promise<Uint8Array> {
  const path = ctx.deployment === 'cloud' ? `${prPath(ctx, ref, id)}/diff` : `${prPath(ctx, ref, id)}.diff`;
  return ctx.http.get<Uint8Array>(path, { responseType: 'bytes', headers: { accept: 'text/plain' } });
}

/** One changed file, for `--stat` and `--name-only`. */
export interface FileChange {
  path: string;
  /** added, modified, removed, renamed... */
  status: string;
  added: number | undefined;
  removed: number | undefined;
}

interface CloudDiffstat {
  status?: string;
  lines_added?: number;
  lines_removed?: number;
  old?: { path?: string } | null;
  new?: { path?: string } | null;
}

interface DcChange {
  path?: { toString?: string };
  srcPath?: { toString?: string };
  type?: string;
}

/** Cloud diffstat (paged) or DC `/changes` (truncated by the server, not paged). */
export async function fileChanges(ctx: BitbucketContext, ref: RepoRef, id: number): Promise<{ objects: unknown[]; changes: FileChange[] }> {
  if (ctx.deployment === 'cloud') {
    const stats = await listOf<CloudDiffstat>(ctx, `${prPath(ctx, ref, id)}/diffstat`, {}, { limit: undefined }).toArray();
    const changes = stats.map((s) => ({
      path: s.new?.path ?? s.old?.path ?? '',
      status: s.status ?? '',
      added: s.lines_added,
      removed: s.lines_removed,
    }));
    return { objects: stats, changes };
  }
  const page = await ctx.http.get<{ values?: DcChange[] }>(`${prPath(ctx, ref, id)}/changes`, { query: { limit: 1000 } });
  const values = page.values ?? [];
  const changes = values.map((c) => ({
    path: c.path?.toString ?? c.srcPath?.toString ?? '',
    status: (c.type ?? '').toLowerCase(),
    added: undefined,
    removed: undefined,
  }));
  return { objects: values, changes };
}

export type LineKind = 'ADDED' | 'REMOVED' | 'CONTEXT';

export interface Hunk {
  newStart: number;
  newCount: number;
  /** New-file line number → its kind (added or context). */
  lines: Map<number, LineKind>;
}

/** The hunks of one file in a unified diff, keyed by the new file's line numbers. */
export function hunksOf(diff: string, path: string): Hunk[] {
  const hunks: Hunk[] = [];
  let inFile = false;
  let hunk: Hunk | null = null;
  let line = 0;
  for (const text of diff.split('\n')) {
    if (text.startsWith('diff --git ')) {
      inFile = false;
      hunk = null;
      continue;
    }
    if (text.startsWith('+++ ')) {
      const name = text.slice(4).replace(/^b\//, '').replace(/\t.*$/, '');
      inFile = name === path;
      continue;
    }
    if (!inFile) continue;
    const header = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(text);
    if (header) {
      hunk = { newStart: Number(header[1]), newCount: header[2] === undefined ? 1 : Number(header[2]), lines: new Map() };
      hunks.push(hunk);
      line = hunk.newStart;
      continue;
    }
    if (hunk === null) continue;
    if (text.startsWith('+')) hunk.lines.set(line++, 'ADDED');
    else if (text.startsWith(' ')) hunk.lines.set(line++, 'CONTEXT');
  }
  return hunks;
}

/** The kind of line N of the new file in the diff; exit 2 naming the hunks when no hunk holds it. */
export function lineKind(diff: string, path: string, line: number): LineKind {
  const hunks = hunksOf(diff, path);
  if (hunks.length === 0)
    throw usageError(`${path} is not changed by this pull request`, 'comment on a file the diff shows (`atl bb pr diff ID --name-only`)');
  for (const hunk of hunks) {
    const kind = hunk.lines.get(line);
    if (kind !== undefined) return kind;
  }
  const ranges = hunks.map((h) => `${h.newStart}-${h.newStart + Math.max(h.newCount, 1) - 1}`).join(', ');
  throw usageError(`line ${line} of ${path} is outside the diff`, `the diff shows lines ${ranges} of ${path}`);
}

export interface Anchor {
  path: string;
  line: number;
  kind: LineKind;
}

export function commentWrite(ctx: BitbucketContext, ref: RepoRef, id: number, text: string, anchor?: Anchor): PlannedWrite {
  const path = `${prPath(ctx, ref, id)}/comments`;
  if (ctx.deployment === 'cloud') {
    const body: Record<string, unknown> = { content: { raw: text } };
    if (anchor) body.inline = { path: anchor.path, to: anchor.line };
    return { method: 'POST', path, body };
  }
  const body: Record<string, unknown> = { text };
  if (anchor) body.anchor = { path: anchor.path, line: anchor.line, lineType: anchor.kind, fileType: 'TO', diffType: 'EFFECTIVE' };
  return { method: 'POST', path, body };
}

export interface CloudComment {
  id: number;
  content?: { raw?: string };
  user?: CloudUser;
  created_on?: string;
  deleted?: boolean;
  inline?: { path?: string; to?: number | null; from?: number | null };
  parent?: { id: number };
}

export interface DcComment {
  id: number;
  text?: string;
  author?: DcUser;
  createdDate?: number;
  comments?: DcComment[];
  anchor?: { path?: string; line?: number };
  severity?: string;
}

export type PrComment = CloudComment | DcComment;

/**
 * Every comment of the PR, oldest first: Cloud's comment list (general, inline and replies; deleted
 * ones left out); DC's general thread comes from the activities (`COMMENTED`), newest first there.
 */
export async function listComments(
  ctx: BitbucketContext,
  ref: RepoRef,
  id: number,
  limit: number | undefined,
): Promise<{ comments: PrComment[]; hasMore: boolean }> {
  if (ctx.deployment === 'cloud') {
    const paged = listOf<CloudComment>(ctx, `${prPath(ctx, ref, id)}/comments`, { sort: 'created_on' }, { limit });
    const comments = (await paged.toArray()).filter((c) => c.deleted !== true);
    return { comments, hasMore: paged.hasMore };
  }
  const activities = await listOf<{ action?: string; comment?: DcComment; commentAction?: string }>(
    ctx,
    `${prPath(ctx, ref, id)}/activities`,
    {},
    { limit: undefined },
  ).toArray();
  const comments = activities
    .filter((a) => a.action === 'COMMENTED' && a.comment !== undefined && (a.commentAction ?? 'ADDED') === 'ADDED')
    .map((a) => a.comment!)
    .reverse();
  return { comments: limit === undefined ? comments : comments.slice(0, limit), hasMore: limit !== undefined && comments.length > limit };
}
