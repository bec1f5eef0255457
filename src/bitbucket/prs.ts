/**
 * Pull requests on both flavours (design note §4): Cloud `/2.0/repositories/{ws}/{repo}/pullrequests`,
 * DC `/rest/api/1.0/projects/{key}/repos/{slug}/pull-requests`. Every DC write carries the `version`
 * read before it; a stale one is reported as a concurrent change, never retried.
 */
import { bitbucketDcTokenPage } from '../auth/token-page.js';
import { AtlError, usageError } from '../errors.js';
import type { Paged } from '../http/paginate.js';
import type { QueryValue } from '../http/types.js';
import { listOf, repoPath } from './api.js';
import { type BitbucketContext, cached, writeOptions } from './context.js';
import type { RepoRef } from './repo-target.js';
import { bbqlString } from './repos.js';
import type { BuildStatus, CloudPullRequest, CloudUser, DcPullRequest } from './types.js';
import { cloudMe, cloudName, dcName, dcUser, dcUsername } from './users.js';

export type PullRequest = CloudPullRequest | DcPullRequest;

const enc = encodeURIComponent;

export function prPath(ctx: BitbucketContext, ref: RepoRef, id?: number): string {
  const base = `${repoPath(ctx, ref)}/${ctx.deployment === 'cloud' ? 'pullrequests' : 'pull-requests'}`;
  return id === undefined ? base : `${base}/${id}`;
}

/** `#12`, `12` → 12; anything else is exit 2. */
export function parsePrId(value: string): number {
  const n = Number(value.replace(/^#/, ''));
  if (!Number.isInteger(n) || n < 1)
    throw usageError(`invalid pull request ID ${JSON.stringify(value)}`, 'use the number Bitbucket shows, e.g. 12');
  return n;
}

/** The pull request as both flavours' tables show it. */
export interface PrSummary {
  id: number;
  title: string;
  description: string;
  state: string;
  draft: boolean;
  author: string;
  source: string;
  destination: string;
  /** Cloud `source.repository.full_name` / DC `fromRef.repository` as OWNER/SLUG; '' when unknown. */
  sourceRepo: string;
  sourceCommit: string;
  reviewers: Array<{ name: string; state: 'approved' | 'changes requested' | 'waiting' }>;
  approvals: number;
  updated: string | number | undefined;
  url: string | undefined;
  comments: number | undefined;
  tasks: number | undefined;
  closeSourceBranch: boolean;
}

export function summarize(ctx: BitbucketContext, pr: PullRequest): PrSummary {
  if (ctx.deployment === 'cloud') {
    const c = pr as CloudPullRequest;
    const participants = c.participants ?? [];
    const reviewerIds = new Set((c.reviewers ?? []).map((r) => r.uuid ?? r.account_id));
    const stateOf = (p: (typeof participants)[number]) =>
      p.state === 'changes_requested' ? 'changes requested' : p.approved || p.state === 'approved' ? 'approved' : 'waiting';
    const reviewers = participants
      .filter((p) => p.role === 'REVIEWER' || reviewerIds.has(p.user?.uuid ?? p.user?.account_id))
      .map((p) => ({ name: cloudName(p.user), state: stateOf(p) }) as const);
    for (const r of c.reviewers ?? [])
      if (!participants.some((p) => (p.user?.uuid ?? p.user?.account_id) === (r.uuid ?? r.account_id)))
        reviewers.push({ name: cloudName(r), state: 'waiting' });
    return {
      id: c.id,
      title: c.title ?? '',
      description: c.description ?? c.summary?.raw ?? '',
      state: c.state ?? '',
      draft: c.draft === true || c.state === 'DRAFT',
      author: cloudName(c.author),
      source: c.source?.branch?.name ?? '',
      destination: c.destination?.branch?.name ?? '',
      sourceRepo: c.source?.repository?.full_name ?? '',
      sourceCommit: c.source?.commit?.hash ?? '',
      reviewers,
      approvals: participants.filter((p) => p.approved).length,
      updated: c.updated_on,
      url: c.links?.html?.href,
      comments: c.comment_count,
      tasks: c.task_count,
      closeSourceBranch: c.close_source_branch === true,
    };
  }
  const d = pr as DcPullRequest;
  const reviewers = (d.reviewers ?? []).map(
    (r) =>
      ({
        name: dcName(r.user),
        state: r.status === 'APPROVED' || r.approved ? 'approved' : r.status === 'NEEDS_WORK' ? 'changes requested' : 'waiting',
      }) as const,
  );
  const fromRepo = d.fromRef?.repository;
  return {
    id: d.id,
    title: d.title ?? '',
    description: d.description ?? '',
    state: d.state ?? '',
    draft: d.draft === true,
    author: dcName(d.author?.user),
    source: d.fromRef?.displayId ?? d.fromRef?.id.replace(/^refs\/heads\//, '') ?? '',
    destination: d.toRef?.displayId ?? d.toRef?.id.replace(/^refs\/heads\//, '') ?? '',
    sourceRepo: fromRepo ? `${fromRepo.project?.key ?? ''}/${fromRepo.slug}` : '',
    sourceCommit: d.fromRef?.latestCommit ?? '',
    reviewers,
    approvals: reviewers.filter((r) => r.state === 'approved').length,
    updated: d.updatedDate,
    url: d.links?.self?.[0]?.href,
    comments: d.properties?.commentCount,
    tasks: d.properties?.openTaskCount,
    closeSourceBranch: false,
  };
}

export type PrState = 'open' | 'merged' | 'declined' | 'all';

export interface PrFilter {
  state: PrState;
  /** `me`, a user (Cloud nickname, display name, account ID or {uuid}; DC user name). */
  author?: string | undefined;
  reviewer?: string | undefined;
  /** Only PRs from this source branch. */
  source?: string | undefined;
}

/** A Cloud user's `{uuid}`: `me` from /2.0/user, else a workspace member by nickname, name, account ID or UUID. */
export async function cloudUserUuid(ctx: BitbucketContext, workspace: string, who: string): Promise<string> {
  if (who === 'me') {
    const me = await cloudMe(ctx).catch((err: unknown) => {
      throw new AtlError('auth', 'cannot tell who "me" is: Bitbucket refused /2.0/user', {
        hint: 'an access token has no user; name the user instead, or give the API token the read:user:bitbucket scope',
        cause: err,
      });
    });
    if (!me.uuid) throw new AtlError('failure', 'Bitbucket did not give your user UUID');
    return me.uuid;
  }
  if (/^\{[0-9a-f-]+\}$/i.test(who)) return who;
  const members = await cached(ctx, `members:${workspace}`, () =>
    listOf<{ user?: CloudUser }>(ctx, `/workspaces/${enc(workspace)}/members`, {}, { limit: undefined }).toArray(),
  );
  const wanted = who.toLowerCase();
  const found = members
    .map((m) => m.user)
    .find(
      (u) =>
        u !== undefined &&
        [u.nickname, u.display_name, u.account_id, u.username, u.uuid].some((v) => v !== undefined && v.toLowerCase() === wanted),
    );
  if (!found?.uuid)
    throw usageError(`no member of workspace ${workspace} is ${JSON.stringify(who)}`, 'use a nickname, display name, account ID or {UUID}');
  return found.uuid;
}

/** A DC user name: `me` from X-AUSERNAME, else as given. */
export async function dcUserName(ctx: BitbucketContext, who: string): Promise<string> {
  return who === 'me' ? dcUsername(ctx) : who;
}

const CLOUD_STATES: Record<PrState, string[]> = {
  open: ['OPEN'],
  merged: ['MERGED'],
  declined: ['DECLINED'],
  all: ['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED'],
};

export async function listPullRequests(
  ctx: BitbucketContext,
  ref: RepoRef,
  filter: PrFilter,
  limit: number | undefined,
): Promise<Paged<PullRequest>> {
  if (ctx.deployment === 'cloud') {
    const clauses: string[] = [];
    if (filter.author !== undefined) clauses.push(`author.uuid="${bbqlString(await cloudUserUuid(ctx, ref.owner, filter.author))}"`);
    if (filter.reviewer !== undefined) clauses.push(`reviewers.uuid="${bbqlString(await cloudUserUuid(ctx, ref.owner, filter.reviewer))}"`);
    if (filter.source !== undefined) clauses.push(`source.branch.name="${bbqlString(filter.source)}"`);
    const query: Record<string, QueryValue> = {
      state: CLOUD_STATES[filter.state],
      // The list leaves participants out unless asked: they carry the approvals.
      fields: '+values.participants',
      sort: '-updated_on',
      q: clauses.length === 0 ? undefined : clauses.join(' AND '),
    };
    // Pull request lists refuse a pagelen over 50.
    return listOf<PullRequest>(ctx, prPath(ctx, ref), query, { limit, cloudPageSize: 50 });
  }
  const query: Record<string, QueryValue> = { state: filter.state.toUpperCase(), order: 'NEWEST' };
  let n = 0;
  if (filter.author !== undefined) {
    n += 1;
    query[`username.${n}`] = await dcUserName(ctx, filter.author);
    query[`role.${n}`] = 'AUTHOR';
  }
  if (filter.reviewer !== undefined) {
    n += 1;
    query[`username.${n}`] = await dcUserName(ctx, filter.reviewer);
    query[`role.${n}`] = 'REVIEWER';
  }
  if (filter.source !== undefined) {
    query.at = `refs/heads/${filter.source}`;
    query.direction = 'OUTGOING';
  }
  return listOf<PullRequest>(ctx, prPath(ctx, ref), query, { limit });
}

export function getPullRequest(ctx: BitbucketContext, ref: RepoRef, id: number): Promise<PullRequest> {
  return ctx.http.get<PullRequest>(prPath(ctx, ref, id));
}

/** The open pull request whose source is `branch`: none is exit 4, several exit 2 listing them. */
export async function pullRequestOfBranch(ctx: BitbucketContext, ref: RepoRef, branch: string): Promise<PullRequest> {
  const found = await (await listPullRequests(ctx, ref, { state: 'open', source: branch }, 10)).toArray();
  if (found.length === 0)
    throw new AtlError('not_found', `no open pull request from branch ${branch}`, {
      hint: 'give the pull request ID, or create one with `atl bb pr create`',
    });
  if (found.length > 1)
    throw usageError(
      `${found.length} open pull requests come from branch ${branch}: ${found.map((pr) => `#${pr.id}`).join(', ')}`,
      'give the pull request ID',
    );
  return found[0]!;
}

// ---- Build statuses and merge checks ----

/** The build statuses of a pull request (Cloud) or of its source commit (DC build-status API). */
export async function buildStatuses(ctx: BitbucketContext, ref: RepoRef, pr: PrSummary): Promise<BuildStatus[]> {
  if (ctx.deployment === 'cloud')
    return listOf<BuildStatus>(ctx, `${prPath(ctx, ref, pr.id)}/statuses`, {}, { limit: undefined }).toArray();
  if (pr.sourceCommit === '') return [];
  return commitBuildStatuses(ctx, ref, pr.sourceCommit);
}

/** A commit's build statuses: Cloud `/commit/{sha}/statuses`, DC `/rest/build-status/1.0/commits/{sha}`. */
export function commitBuildStatuses(ctx: BitbucketContext, ref: RepoRef, commit: string): Promise<BuildStatus[]> {
  if (ctx.deployment === 'cloud')
    return listOf<BuildStatus>(ctx, `${repoPath(ctx, ref)}/commit/${enc(commit)}/statuses`, {}, { limit: undefined }).toArray();
  return listOf<BuildStatus>(ctx, `/rest/build-status/1.0/commits/${enc(commit)}`, {}, { limit: undefined }).toArray();
}

const FAILED_STATES = new Set(['FAILED', 'STOPPED', 'CANCELLED']);

/** The newest status per key: a rerun replaces the result before it. */
export function latestPerKey(statuses: readonly BuildStatus[]): BuildStatus[] {
  const byKey = new Map<string, BuildStatus>();
  const time = (s: BuildStatus) => (s.updated_on ? Date.parse(s.updated_on) : (s.dateAdded ?? 0));
  for (const status of statuses) {
    const key = status.key ?? status.name ?? '';
    const seen = byKey.get(key);
    if (!seen || time(status) >= time(seen)) byKey.set(key, status);
  }
  return [...byKey.values()];
}

/** Any FAILED/STOPPED/CANCELLED → failed; else any INPROGRESS → pending; else passed; none → ''. */
export function buildState(statuses: readonly BuildStatus[]): 'failed' | 'pending' | 'passed' | '' {
  const latest = latestPerKey(statuses);
  if (latest.length === 0) return '';
  if (latest.some((s) => FAILED_STATES.has(s.state ?? ''))) return 'failed';
  if (latest.some((s) => s.state === 'INPROGRESS')) return 'pending';
  return 'passed';
}

export const failedBuilds = (statuses: readonly BuildStatus[]): BuildStatus[] =>
  latestPerKey(statuses).filter((s) => FAILED_STATES.has(s.state ?? ''));

/** The files in conflict (Cloud: `/conflicts`, redirected to file-conflicts; DC: the merge check). */
export async function cloudConflicts(ctx: BitbucketContext, ref: RepoRef, id: number): Promise<string[]> {
  const files = await listOf<{ path?: string }>(ctx, `${prPath(ctx, ref, id)}/conflicts`, {}, { limit: undefined }).toArray();
  return files.map((file) => file.path ?? '').filter((path) => path !== '');
}

/** DC `GET …/merge`: whether the server would merge, and why not. */
export interface DcMergeCheck {
  canMerge?: boolean;
  conflicted?: boolean;
  outcome?: 'CLEAN' | 'CONFLICTED' | 'UNKNOWN';
  vetoes?: Array<{ summaryMessage?: string; detailedMessage?: string }>;
}

export function dcMergeCheck(ctx: BitbucketContext, ref: RepoRef, id: number): Promise<DcMergeCheck> {
  return ctx.http.get<DcMergeCheck>(`${prPath(ctx, ref, id)}/merge`);
}

// ---- Writes ----

export interface PlannedWrite {
  method: 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
}

/** Sends a planned write with the flavour's write headers; a stale DC version becomes a clear exit 1. */
export async function send<T>(ctx: BitbucketContext, ref: RepoRef, write: PlannedWrite): Promise<T> {
  const options = writeOptions(ctx, write.query === undefined ? {} : { query: write.query });
  try {
    const response = await ctx.http.request<T>(write.path, {
      ...options,
      method: write.method,
      ...(write.body === undefined ? {} : { body: write.body }),
    });
    return response.data;
  } catch (err) {
    throw await outOfDate(ctx, ref, write, err);
  }
}

/** The PR version a DC write carries (in the query or the body). */
function sentVersion(write: PlannedWrite): number | undefined {
  const fromQuery = write.query?.version;
  if (typeof fromQuery === 'number') return fromQuery;
  const body = write.body as { version?: unknown } | undefined;
  return typeof body?.version === 'number' ? body.version : undefined;
}

/**
 * DC's optimistic locking: a write with a stale `version` gets 409 (PullRequestOutOfDateException).
 * Someone changed the PR since it was read: said so with both versions, and never retried over.
 */
async function outOfDate(ctx: BitbucketContext, ref: RepoRef, write: PlannedWrite, err: unknown): Promise<unknown> {
  const sent = sentVersion(write);
  if (ctx.deployment === 'cloud' || !(err instanceof AtlError) || err.status !== 409 || sent === undefined) return err;
  const id = Number(/\/pull-requests\/(\d+)/.exec(write.path)?.[1]);
  const current = await ctx.http.get<DcPullRequest>(prPath(ctx, ref, id)).then(
    (pr) => pr.version,
    () => undefined,
  );
  if (current === sent) return err;
  return new AtlError('conflict', `pull request #${id} changed since it was read (version ${sent} → ${current ?? '?'})`, {
    status: 409,
    hint: 'someone else updated it meanwhile: look at it again (`atl bb pr view`) and repeat the command',
    cause: err,
  });
}

/**
 * Data Center project and repository HTTP access tokens act as a bot user without an e-mail address,
 * and a merge commit needs one, so Bitbucket refuses their merges (Atlassian's "HTTP access tokens"
 * page). The refusal does not say so; a bot is recognised by its user: a SERVICE user, one without an
 * e-mail, or one the user search does not list (it hides bots).
 */
async function accessTokenCannotMerge(ctx: BitbucketContext, err: unknown): Promise<unknown> {
  if (ctx.deployment === 'cloud' || !(err instanceof AtlError) || ![400, 401, 403].includes(err.status ?? 0)) return err;
  const name = await dcUsername(ctx).catch(() => null);
  if (name === null) return err;
  const user = await dcUser(ctx, name).catch(() => null);
  if (user !== null && user.type !== 'SERVICE' && user.emailAddress) return err;
  const site = ctx.http.baseUrl.replace(/\/+$/, '');
  return new AtlError(
    'forbidden',
    `Bitbucket refused the merge: ${name} is the bot user of a project or repository HTTP access token, and those cannot merge ` +
      '(a merge commit needs a user with an e-mail address)',
    {
      status: err.status,
      hint:
        `merge with a personal access token of your own: create one at ${bitbucketDcTokenPage(site)}, ` +
        `then \`atl auth login --bitbucket --site ${site} --bearer --token-stdin\``,
      cause: err,
    },
  );
}

export interface NewPullRequest {
  title: string;
  description?: string | undefined;
  source: string;
  destination: string;
  /** Cloud `{uuid}`s or DC user names, already resolved. */
  reviewers: string[];
  closeSourceBranch?: boolean | undefined;
  draft?: boolean | undefined;
}

export function createPullRequestWrite(ctx: BitbucketContext, ref: RepoRef, pr: NewPullRequest): PlannedWrite {
  if (ctx.deployment === 'cloud') {
    const body: Record<string, unknown> = {
      title: pr.title,
      source: { branch: { name: pr.source } },
      destination: { branch: { name: pr.destination } },
      reviewers: pr.reviewers.map((uuid) => ({ uuid })),
    };
    if (pr.description !== undefined) body.description = pr.description;
    if (pr.closeSourceBranch) body.close_source_branch = true;
    if (pr.draft) body.draft = true;
    return { method: 'POST', path: prPath(ctx, ref), body };
  }
  const repository = { slug: ref.slug, project: { key: ref.owner } };
  const body: Record<string, unknown> = {
    title: pr.title,
    fromRef: { id: `refs/heads/${pr.source}`, repository },
    toRef: { id: `refs/heads/${pr.destination}`, repository },
    reviewers: pr.reviewers.map((name) => ({ user: { name } })),
  };
  if (pr.description !== undefined) body.description = pr.description;
  if (pr.draft) body.draft = true;
  return { method: 'POST', path: prPath(ctx, ref), body };
}

/** Resolves reviewers given as users to what the create/edit bodies carry. */
export async function resolveReviewers(ctx: BitbucketContext, ref: RepoRef, users: readonly string[]): Promise<string[]> {
  const resolved: string[] = [];
  for (const user of users)
    resolved.push(
      ctx.deployment === 'cloud' ? await cloudUserUuid(ctx, ref.owner, user) : (await dcUser(ctx, await dcUserName(ctx, user))).name,
    );
  return resolved;
}

/** The repository's default branch: Cloud `mainbranch`, DC `GET …/default-branch`. */
export async function defaultBranch(ctx: BitbucketContext, ref: RepoRef): Promise<string> {
  if (ctx.deployment === 'cloud') {
    const repo = await ctx.http.get<{ mainbranch?: { name?: string } | null }>(repoPath(ctx, ref));
    if (repo.mainbranch?.name) return repo.mainbranch.name;
    throw usageError(`${ref.owner}/${ref.slug} has no main branch yet`, 'pass --destination BRANCH');
  }
  const branch = await ctx.http.get<{ displayId?: string; id?: string }>(`${repoPath(ctx, ref)}/default-branch`);
  const name = branch.displayId ?? branch.id?.replace(/^refs\/heads\//, '');
  if (!name) throw usageError(`${ref.owner}/${ref.slug} has no default branch`, 'pass --destination BRANCH');
  return name;
}

export interface PrEdit {
  title?: string | undefined;
  description?: string | undefined;
  destination?: string | undefined;
  addReviewers: string[];
  removeReviewers: string[];
}

/**
 * `pr edit`: both flavours replace what a PUT leaves out (Cloud drops an omitted description, both
 * drop omitted reviewers), so the PR as read is sent back whole with the changes applied.
 */
export function editPullRequestWrite(ctx: BitbucketContext, ref: RepoRef, pr: PullRequest, edit: PrEdit): PlannedWrite {
  if (ctx.deployment === 'cloud') {
    const c = pr as CloudPullRequest;
    const removed = new Set(edit.removeReviewers);
    const reviewers = [...(c.reviewers ?? []).map((r) => r.uuid ?? '').filter((uuid) => uuid !== '' && !removed.has(uuid))];
    for (const uuid of edit.addReviewers) if (!reviewers.includes(uuid)) reviewers.push(uuid);
    const body: Record<string, unknown> = {
      title: edit.title ?? c.title ?? '',
      description: edit.description ?? c.description ?? '',
      reviewers: reviewers.map((uuid) => ({ uuid })),
    };
    if (edit.destination !== undefined) body.destination = { branch: { name: edit.destination } };
    return { method: 'PUT', path: prPath(ctx, ref, c.id), body };
  }
  const d = pr as DcPullRequest;
  const removed = new Set(edit.removeReviewers);
  const reviewers = (d.reviewers ?? []).map((r) => r.user.name).filter((name) => !removed.has(name));
  for (const name of edit.addReviewers) if (!reviewers.includes(name)) reviewers.push(name);
  const body: Record<string, unknown> = {
    version: d.version,
    title: edit.title ?? d.title ?? '',
    description: edit.description ?? d.description ?? '',
    reviewers: reviewers.map((name) => ({ user: { name } })),
  };
  if (edit.destination !== undefined)
    body.toRef = { id: `refs/heads/${edit.destination}`, repository: { slug: ref.slug, project: { key: ref.owner } } };
  return { method: 'PUT', path: prPath(ctx, ref, d.id), body };
}

export type Review = 'approve' | 'unapprove' | 'request-changes';

/** Cloud `POST|DELETE …/approve`, `POST …/request-changes`; DC `PUT …/participants/{mySlug}` with the status. */
export async function reviewWrite(ctx: BitbucketContext, ref: RepoRef, id: number, review: Review): Promise<PlannedWrite> {
  if (ctx.deployment === 'cloud') {
    if (review === 'request-changes') return { method: 'POST', path: `${prPath(ctx, ref, id)}/request-changes` };
    return { method: review === 'approve' ? 'POST' : 'DELETE', path: `${prPath(ctx, ref, id)}/approve` };
  }
  const name = await dcUsername(ctx);
  const me = await dcUser(ctx, name);
  const status = review === 'approve' ? 'APPROVED' : review === 'unapprove' ? 'UNAPPROVED' : 'NEEDS_WORK';
  return { method: 'PUT', path: `${prPath(ctx, ref, id)}/participants/${enc(me.slug ?? name)}`, body: { user: { name }, status } };
}

export function declineWrite(ctx: BitbucketContext, ref: RepoRef, pr: PullRequest, comment?: string): PlannedWrite {
  if (ctx.deployment === 'cloud') return { method: 'POST', path: `${prPath(ctx, ref, pr.id)}/decline` };
  return {
    method: 'POST',
    path: `${prPath(ctx, ref, pr.id)}/decline`,
    query: { version: (pr as DcPullRequest).version },
    body: comment === undefined ? {} : { comment },
  };
}

export type Strategy = 'merge' | 'squash' | 'fast-forward';

const CLOUD_STRATEGIES: Record<Strategy, string> = { merge: 'merge_commit', squash: 'squash', 'fast-forward': 'fast_forward' };
const DC_STRATEGIES: Record<Strategy, string> = { merge: 'no-ff', squash: 'squash', 'fast-forward': 'ff-only' };
const NATIVE_CLOUD = ['merge_commit', 'squash', 'fast_forward', 'squash_fast_forward', 'rebase_fast_forward', 'rebase_merge'];
const NATIVE_DC = ['no-ff', 'ff', 'ff-only', 'squash', 'squash-ff-only', 'rebase-no-ff', 'rebase-ff-only'];

/** `merge|squash|fast-forward`, or the flavour's own strategy id. */
export function strategyId(ctx: BitbucketContext, strategy: string): string {
  const table: Record<string, string> = ctx.deployment === 'cloud' ? CLOUD_STRATEGIES : DC_STRATEGIES;
  const native = ctx.deployment === 'cloud' ? NATIVE_CLOUD : NATIVE_DC;
  const id = table[strategy] ?? (native.includes(strategy) ? strategy : undefined);
  if (id === undefined)
    throw usageError(
      `unknown merge strategy ${JSON.stringify(strategy)}`,
      `use merge, squash or fast-forward (or one of ${native.join(', ')})`,
    );
  return id;
}

export interface MergeOptions {
  strategy?: string | undefined;
  message?: string | undefined;
  closeSourceBranch?: boolean | undefined;
}

export function mergeWrite(ctx: BitbucketContext, ref: RepoRef, pr: PullRequest, options: MergeOptions): PlannedWrite {
  const path = `${prPath(ctx, ref, pr.id)}/merge`;
  if (ctx.deployment === 'cloud') {
    const body: Record<string, unknown> = {};
    if (options.strategy !== undefined) body.merge_strategy = strategyId(ctx, options.strategy);
    if (options.message !== undefined) body.message = options.message;
    if (options.closeSourceBranch) body.close_source_branch = true;
    return { method: 'POST', path, body };
  }
  const body: Record<string, unknown> = {};
  if (options.strategy !== undefined) body.strategyId = strategyId(ctx, options.strategy);
  if (options.message !== undefined) body.message = options.message;
  return { method: 'POST', path, query: { version: (pr as DcPullRequest).version }, body };
}

interface TaskStatus {
  task_status?: 'PENDING' | 'SUCCESS' | string;
  merge_result?: PullRequest;
}

/**
 * Sends the merge. Cloud may answer 202 with a task-status URL even without `async`: polled until
 * SUCCESS. `sleep` is the wait between polls.
 */
export async function merge(
  ctx: BitbucketContext,
  ref: RepoRef,
  write: PlannedWrite,
  sleep: (ms: number) => Promise<void>,
): Promise<PullRequest> {
  const options = writeOptions(ctx, write.query === undefined ? {} : { query: write.query });
  let response: Awaited<ReturnType<typeof ctx.http.request<PullRequest | TaskStatus>>>;
  try {
    response = await ctx.http.request<PullRequest | TaskStatus>(write.path, { ...options, method: 'POST', body: write.body ?? {} });
  } catch (err) {
    throw await accessTokenCannotMerge(ctx, await outOfDate(ctx, ref, write, err));
  }
  if (response.status !== 202) return response.data as PullRequest;
  const location = response.headers.get('location');
  if (!location)
    throw new AtlError('failure', 'Bitbucket accepted the merge but gave no status to follow', {
      hint: 'check the pull request in a minute',
    });
  for (let attempt = 0; attempt < 120; attempt++) {
    const status = await ctx.http.get<TaskStatus>(location);
    if (status.task_status === 'SUCCESS' && status.merge_result) return status.merge_result;
    if (status.task_status !== 'PENDING' && status.task_status !== 'SUCCESS')
      throw new AtlError('failure', `the merge ended as ${status.task_status ?? 'unknown'}`);
    await sleep(Math.min(1000 * (attempt + 1), 5000));
  }
  throw new AtlError('timeout', 'the merge is still running on Bitbucket', { hint: 'check the pull request in a minute' });
}
