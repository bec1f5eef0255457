import { AtlError, usageError } from '../errors.js';
import { commentQuery } from './comments.js';
import type { JiraContext } from './context.js';
import { offsetPaged } from './paging.js';
import type { CommentVisibility, CreatedIssue, JiraComment, JiraIssue, JiraTransition } from './types.js';

/** Jira keys look like ABC-123; ids are digits. Anything else is a typo worth a usage error. */
/** Whether `text` has the shape of an issue key (ABC-123) or an issue id (10042). */
export function looksLikeIssueKey(text: string): boolean {
  const k = text.trim();
  return /^[A-Za-z][A-Za-z0-9_]*-\d+$/.test(k) || /^\d+$/.test(k);
}

export function checkIssueKey(key: string): string {
  const k = key.trim();
  if (!looksLikeIssueKey(k)) {
    throw usageError(`${JSON.stringify(key)} is not an issue key`, 'issue keys look like ABC-123');
  }
  return /^\d+$/.test(k) ? k : k.toUpperCase();
}

/** Runs an issue request, turning a 404 into "issue KEY not found" (exit 4). */
export async function onIssue<T>(key: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof AtlError && err.status === 404) {
      throw new AtlError('not_found', `issue ${key} not found`, {
        status: 404,
        hint: 'check the key, and that your account can see the issue',
        cause: err,
      });
    }
    throw err;
  }
}

const path = (ctx: JiraContext, key: string, rest = '') => `${ctx.api}/issue/${encodeURIComponent(key)}${rest}`;

/** `expand` adds Jira's extras (`names`: each field's display name; `schema`: its type). */
export function getIssue(ctx: JiraContext, key: string, fields?: readonly string[], expand: readonly string[] = []): Promise<JiraIssue> {
  const query: Record<string, string> = {};
  if (fields) query.fields = fields.join(',');
  if (expand.length > 0) query.expand = expand.join(',');
  return onIssue(key, () => ctx.http.get<JiraIssue>(path(ctx, key), Object.keys(query).length > 0 ? { query } : undefined));
}

/** The name of the status the issue is in now. */
export async function issueStatus(ctx: JiraContext, key: string): Promise<string | undefined> {
  const issue = await getIssue(ctx, key, ['status']);
  const status = issue.fields?.status as { name?: string } | undefined;
  return status?.name;
}

export interface IssueChanges {
  fields?: Record<string, unknown>;
  update?: Record<string, unknown[]>;
}

/** Where a new issue is POSTed; `issue create --dry-run` names it too. */
export function createIssuePath(ctx: JiraContext): string {
  return `${ctx.api}/issue`;
}

export function createIssue(ctx: JiraContext, fields: Record<string, unknown>): Promise<CreatedIssue> {
  // If the answer is lost the issue may exist anyway: say how to find it rather than "try again".
  const project = (fields.project as { key?: unknown } | undefined)?.key;
  const where = typeof project === 'string' ? `--project ${project} ` : '';
  const checkApplied = `look for it with \`atl jira search ${where}--reporter me --created -1h\` before creating it again`;
  return ctx.http.post<CreatedIssue>(createIssuePath(ctx), { fields }, { checkApplied });
}

export async function editIssue(ctx: JiraContext, key: string, changes: IssueChanges): Promise<void> {
  const body: IssueChanges = {};
  if (changes.fields && Object.keys(changes.fields).length > 0) body.fields = changes.fields;
  if (changes.update && Object.keys(changes.update).length > 0) body.update = changes.update;
  await onIssue(key, () => ctx.http.put(path(ctx, key), body));
}

export async function deleteIssue(ctx: JiraContext, key: string, deleteSubtasks: boolean): Promise<void> {
  try {
    await onIssue(key, () => ctx.http.delete(path(ctx, key), { query: { deleteSubtasks: deleteSubtasks ? 'true' : undefined } }));
  } catch (err) {
    // Jira answers 400 when the issue has subtasks and deleteSubtasks is false.
    if (err instanceof AtlError && err.status === 400 && !deleteSubtasks) {
      throw new AtlError('bad_request', err.message, { status: 400, hint: 'add --delete-subtasks to delete its subtasks too', cause: err });
    }
    throw err;
  }
}

export async function assignIssue(ctx: JiraContext, key: string, user: Record<string, string | null>): Promise<void> {
  await onIssue(key, () => ctx.http.put(path(ctx, key, '/assignee'), user));
}

/** The transitions the issue can make now; `withFields` adds each one's screen fields (`expand=transitions.fields`). */
export async function listTransitions(ctx: JiraContext, key: string, withFields = false): Promise<JiraTransition[]> {
  const query = withFields ? { query: { expand: 'transitions.fields' } } : undefined;
  const result = await onIssue(key, () => ctx.http.get<{ transitions?: JiraTransition[] }>(path(ctx, key, '/transitions'), query));
  return result.transitions ?? [];
}

function screenFieldNames(t: JiraTransition): string {
  const names = Object.entries(t.fields ?? {}).map(([id, field]) => field.name ?? id);
  return names.length > 0 ? names.join(', ') : 'no fields';
}

/**
 * Jira refuses `fields.resolution` on a transition whose screen has no Resolution field ("Field
 * 'resolution' cannot be set. It is not on the appropriate screen, or unknown."), so that is a
 * usage error here, before anything is sent, naming what the transition takes and which of the
 * available transitions do take a resolution. `transitions` must come from listTransitions(…, true).
 */
export function checkTakesResolution(key: string, transition: JiraTransition, transitions: readonly JiraTransition[]): void {
  if (transition.fields && 'resolution' in transition.fields) return;
  const taking = transitions.filter((t) => t.fields && 'resolution' in t.fields).map(describeTransition);
  throw usageError(
    `transition ${JSON.stringify(transition.name)} on ${key} does not take a resolution`,
    `its screen has ${screenFieldNames(transition)}; ` +
      (taking.length > 0
        ? `transitions that take a resolution: ${taking.join(', ')}`
        : 'no transition available now takes one: leave out --resolution'),
  );
}

export function describeTransition(t: JiraTransition): string {
  return t.to?.name && t.to.name.toLowerCase() !== t.name.toLowerCase() ? `${t.name} (→ ${t.to.name})` : t.name;
}

/**
 * Picks the transition the user meant: its name first, then its target status name, both
 * case-insensitive. No match → exit 2 listing what is available.
 */
/** The transition `wanted` names: by transition name, then target status name (case-insensitive), then id. */
export function findTransition(transitions: readonly JiraTransition[], wanted: string): JiraTransition | undefined {
  const w = wanted.trim().toLowerCase();
  return (
    transitions.find((t) => t.name.toLowerCase() === w) ??
    transitions.find((t) => t.to?.name?.toLowerCase() === w) ??
    transitions.find((t) => t.id === wanted.trim())
  );
}

export function matchTransition(key: string, transitions: readonly JiraTransition[], wanted: string): JiraTransition {
  const found = findTransition(transitions, wanted);
  if (found) return found;
  const available = transitions.length > 0 ? transitions.map(describeTransition).join(', ') : 'none';
  throw usageError(`no transition matches ${JSON.stringify(wanted)} for ${key}`, `available transitions: ${available}`);
}

export interface TransitionExtras {
  /** Comment body already in the site's format (ADF or wiki). */
  comment?: unknown;
  resolution?: string;
}

export async function doTransition(
  ctx: JiraContext,
  key: string,
  transition: JiraTransition,
  extras: TransitionExtras = {},
): Promise<void> {
  const body: Record<string, unknown> = { transition: { id: transition.id } };
  if (extras.resolution) body.fields = { resolution: { name: extras.resolution } };
  if (extras.comment !== undefined) body.update = { comment: [{ add: { body: extras.comment } }] };
  await onIssue(key, () => ctx.http.post(path(ctx, key, '/transitions'), body));
}

/** `visibility` limits who sees it to a project role or a group (Jira's `visibility`). */
export function addComment(ctx: JiraContext, key: string, body: unknown, visibility?: CommentVisibility): Promise<JiraComment> {
  return onIssue(key, () => ctx.http.post<JiraComment>(path(ctx, key, '/comment'), { body, ...(visibility ? { visibility } : {}) }));
}

/** Comments oldest first, fetched a page at a time as they are read. */
export async function* listComments(ctx: JiraContext, key: string): AsyncGenerator<JiraComment> {
  const paged = offsetPaged<JiraComment>(ctx.http, path(ctx, key, '/comment'), {
    itemsKey: 'comments',
    limit: undefined,
    query: commentQuery(ctx),
  });
  const iterator = paged[Symbol.asyncIterator]();
  // Only the first page can say the issue does not exist; the rest are plain reads.
  const first = await onIssue(key, () => iterator.next());
  if (first.done) return;
  yield first.value;
  for (;;) {
    const next = await iterator.next();
    if (next.done) return;
    yield next.value;
  }
}

/**
 * The latest `count` comments, in the order Jira lists them (oldest first, `orderBy=created`, asked
 * for explicitly so the offset below is right): one request gives the total, a second reads the
 * tail from `startAt = total - count`. Never re-sorted here: what Jira returns is what is shown.
 */
export async function lastComments(ctx: JiraContext, key: string, count: number): Promise<{ comments: JiraComment[]; total: number }> {
  if (count <= 0) return { comments: [], total: 0 };
  const page = (startAt: number) =>
    ctx.http.get<{ comments?: JiraComment[]; total?: number }>(path(ctx, key, '/comment'), {
      query: { startAt, maxResults: count, orderBy: 'created', ...commentQuery(ctx) },
    });
  const first = await onIssue(key, () => page(0));
  const total = first.total ?? first.comments?.length ?? 0;
  if (total <= count) return { comments: first.comments ?? [], total };
  const tail = await page(total - count);
  return { comments: tail.comments ?? [], total };
}
