/**
 * Bitbucket Data Center pull requests: list (state, order, `at` + direction, `username.N`/`role.N`,
 * filterText), create, get, PUT with `version` (409 PullRequestOutOfDateException when stale, as
 * merge and decline are), participants with status APPROVED/NEEDS_WORK/UNAPPROVED, activities,
 * comments (general, replies, inline by anchor, tasks as BLOCKER), the JSON diff, the raw
 * `{id}.diff`, changes, the merge check (`GET …/merge`: vetoes for conflicts and failed builds)
 * and the merge itself, which the same vetoes stop (409 PullRequestMergeVetoedException).
 */
import type { Router } from '../router.js';
import type { SandboxRequest, SandboxResponse } from '../types.js';
import { dcChangeJson, dcCommentJson, dcDiffJson, dcParticipantJson, dcPullRequestJson, dcUserJson } from './dc-json.js';
import { parseUnifiedDiff } from './diff.js';
import { actorOf, addDc, bodyObject, dcPage, dcPageBody, dcRepo, intQuery, isObject, str } from './route-kit.js';
import { branchName, DC_STRATEGIES, dcViewOf } from './routes-dc-repos.js';
import { BitbucketError, type BitbucketStore, type PullRequest, type Repository, type ReviewState } from './store.js';

const PRS = '/rest/api/1.0/projects/{projectKey}/repos/{repositorySlug}/pull-requests';
const PR = `${PRS}/{pullRequestId}`;

const OUT_OF_DATE = 'com.atlassian.bitbucket.pull.PullRequestOutOfDateException';
const VETOED = 'com.atlassian.bitbucket.pull.PullRequestMergeVetoedException';

/** Data Center strategy ids → the store's (Cloud) merge kinds. */
const STRATEGY_KIND: Record<string, string> = {
  'no-ff': 'merge_commit',
  ff: 'ff',
  'ff-only': 'fast_forward',
  squash: 'squash',
  'squash-ff-only': 'squash',
  'rebase-no-ff': 'merge_commit',
  'rebase-ff-only': 'fast_forward',
};

function prOf(store: BitbucketStore, request: SandboxRequest): { repo: Repository; pr: PullRequest } {
  const repo = dcRepo(store, request);
  const id = request.params.pullRequestId ?? '';
  if (!/^\d+$/.test(id)) throw new BitbucketError(400, `${id} is not a pull request id.`);
  return { repo, pr: store.requirePullRequest(repo, id) };
}

/** The `version` a write must carry (query for merge/decline, body for PUT); stale → 409. */
function checkVersion(pr: PullRequest, raw: unknown, view: () => unknown): void {
  if (raw === undefined || raw === null || raw === '')
    throw new BitbucketError(400, 'You must specify the version of the pull request you are modifying.', { context: 'version' });
  const version = Number(raw);
  if (!Number.isInteger(version)) throw new BitbucketError(400, `Invalid version: ${String(raw)}`, { context: 'version' });
  if (version !== pr.version)
    throw new BitbucketError(409, 'You are attempting to modify a pull request based on out-of-date information.', {
      exceptionName: OUT_OF_DATE,
      currentVersion: pr.version,
      expectedVersion: version,
      pullRequest: view(),
    });
}

/** What stops a merge: conflicts, and (the required-builds merge check) a failed build of the source. */
function vetoesOf(store: BitbucketStore, repo: Repository, pr: PullRequest) {
  const vetoes: Array<{ summaryMessage: string; detailedMessage: string }> = [];
  if (pr.conflicted)
    vetoes.push({
      summaryMessage: 'Merge conflicts',
      detailedMessage: 'The pull request has conflicts; resolve them before merging.',
    });
  const failed = store.statusesOf(repo, pr.source.hash).filter((s) => ['FAILED', 'CANCELLED', 'STOPPED'].includes(s.state));
  if (failed.length > 0)
    vetoes.push({
      summaryMessage: 'Not all required builds are successful yet',
      detailedMessage: `You cannot merge this pull request while builds are failing: ${failed.map((s) => s.name).join(', ')}.`,
    });
  return vetoes;
}

export function registerDcPullRequestRoutes(router: Router, store: BitbucketStore): void {
  const view = (r: SandboxRequest) => dcViewOf(store, r);
  const prJson = (r: SandboxRequest, repo: Repository, pr: PullRequest) => dcPullRequestJson(view(r), repo, pr);
  const userByRef = (value: unknown) => {
    const user = isObject(value) && isObject(value.user) ? value.user : undefined;
    const name = user ? (str(user.name) ?? str(user.slug)) : undefined;
    const found = name ? store.userByName(name) : undefined;
    if (!found)
      throw new BitbucketError(400, `${name ?? 'A reviewer'} is not a user.`, {
        exceptionName: 'com.atlassian.bitbucket.pull.InvalidPullRequestReviewersException',
        context: 'reviewers',
      });
    return found;
  };

  addDc(router, 'GET', PRS, (r) => {
    const repo = dcRepo(store, r);
    const state = (r.query.get('state') ?? 'OPEN').toUpperCase();
    if (!['OPEN', 'MERGED', 'DECLINED', 'ALL'].includes(state)) throw new BitbucketError(400, `Invalid state: ${state}`);
    let prs = repo.pullRequests.filter((pr) => state === 'ALL' || pr.state === state);
    const at = r.query.get('at');
    if (at) {
      const branch = branchName(at);
      const outgoing = (r.query.get('direction') ?? 'INCOMING').toUpperCase() === 'OUTGOING';
      prs = prs.filter((pr) => (outgoing ? pr.source.branch : pr.destination.branch) === branch);
    }
    for (let n = 1; r.query.has(`username.${n}`); n++) {
      const user = store.userByName(r.query.get(`username.${n}`) ?? '');
      const role = (r.query.get(`role.${n}`) ?? '').toUpperCase() as 'AUTHOR' | 'REVIEWER' | 'PARTICIPANT' | '';
      const approved = r.query.get(`approved.${n}`);
      prs = prs.filter((pr) => {
        if (!user) return false;
        if (role === 'AUTHOR' || (role === '' && pr.authorUuid === user.uuid)) return pr.authorUuid === user.uuid;
        const p = store.participant(pr, user.uuid);
        if (!p || (role !== '' && p.role !== role)) return false;
        return approved === null || String(p.state === 'approved') === approved;
      });
    }
    const text = r.query.get('filterText')?.toLowerCase();
    if (text) prs = prs.filter((pr) => `${pr.title}\n${pr.description}`.toLowerCase().includes(text));
    const oldest = (r.query.get('order') ?? 'NEWEST').toUpperCase() === 'OLDEST';
    prs = [...prs].sort((a, b) => (oldest ? a.id - b.id : b.id - a.id));
    return dcPage(r, prs, (pr) => prJson(r, repo, pr));
  });

  addDc(router, 'POST', PRS, (r) => {
    const repo = dcRepo(store, r);
    const me = actorOf(store, r);
    const body = bodyObject(r);
    const title = str(body.title)?.trim();
    if (!title) throw new BitbucketError(400, 'A pull request title is required.', { context: 'title' });
    const from = isObject(body.fromRef) ? str(body.fromRef.id) : undefined;
    if (!from) throw new BitbucketError(400, 'fromRef.id is required.', { context: 'fromRef' });
    const source = branchName(from);
    if (!repo.branches.has(source))
      throw new BitbucketError(404, `Repository "${repo.slug}" of project "${repo.owner}" has no branch "${source}".`, {
        exceptionName: 'com.atlassian.bitbucket.repository.NoSuchBranchException',
      });
    const to = isObject(body.toRef) ? str(body.toRef.id) : undefined;
    const destination = to ? branchName(to) : repo.mainBranch;
    const duplicate = repo.pullRequests.find(
      (pr) => pr.state === 'OPEN' && pr.source.branch === source && pr.destination.branch === destination,
    );
    if (duplicate)
      throw new BitbucketError(409, `Only one pull request may be open for a given source and target branch (#${duplicate.id} is).`, {
        exceptionName: 'com.atlassian.bitbucket.pull.DuplicatePullRequestException',
        existingPullRequest: prJson(r, repo, duplicate),
      });
    if (repo.branches.get(source) === repo.branches.get(destination))
      throw new BitbucketError(409, `${source} is already up-to-date with ${destination}.`, {
        exceptionName: 'com.atlassian.bitbucket.pull.EmptyPullRequestException',
      });
    const reviewers = Array.isArray(body.reviewers) ? body.reviewers.map(userByRef) : [];
    if (reviewers.some((u) => u.uuid === me.uuid))
      throw new BitbucketError(400, 'The author of a pull request cannot be one of its reviewers.', {
        exceptionName: 'com.atlassian.bitbucket.pull.InvalidPullRequestReviewersException',
        context: 'reviewers',
      });
    const pr = store.addPullRequest(repo, {
      title,
      description: str(body.description) ?? '',
      source,
      destination,
      authorUuid: me.uuid,
      reviewers: reviewers.map((u) => u.uuid),
      draft: body.draft === true,
    });
    return { status: 201, body: prJson(r, repo, pr) };
  });

  addDc(router, 'GET', PR, (r) => {
    const raw = r.params.pullRequestId ?? '';
    // `{id}.diff` is the raw diff, as text.
    if (raw.endsWith('.diff')) {
      const { pr } = prOf(store, { ...r, params: { ...r.params, pullRequestId: raw.slice(0, -'.diff'.length) } });
      return { status: 200, body: pr.diff, headers: { 'Content-Type': 'text/plain;charset=UTF-8' } };
    }
    const { repo, pr } = prOf(store, r);
    return { status: 200, body: prJson(r, repo, pr) };
  });

  addDc(router, 'PUT', PR, (r) => {
    const { repo, pr } = prOf(store, r);
    const body = bodyObject(r);
    checkVersion(pr, body.version, () => prJson(r, repo, pr));
    const to = isObject(body.toRef) ? str(body.toRef.id) : undefined;
    // Reviewers are replaced by the list sent: left out, they are removed.
    const reviewers = (Array.isArray(body.reviewers) ? body.reviewers : []).map(userByRef);
    store.updatePullRequest(
      pr,
      {
        ...(str(body.title) !== undefined ? { title: str(body.title) } : {}),
        ...(str(body.description) !== undefined ? { description: str(body.description) } : {}),
        reviewers: reviewers.map((u) => u.uuid),
        ...(to ? { destination: branchName(to) } : {}),
        ...(typeof body.draft === 'boolean' ? { draft: body.draft } : {}),
      },
      repo,
    );
    return { status: 200, body: prJson(r, repo, pr) };
  });

  addDc(router, 'GET', `${PR}/merge`, (r) => {
    const { repo, pr } = prOf(store, r);
    const vetoes = pr.state === 'OPEN' ? vetoesOf(store, repo, pr) : [];
    return {
      status: 200,
      body: {
        canMerge: pr.state === 'OPEN' && vetoes.length === 0,
        conflicted: pr.conflicted,
        outcome: pr.conflicted ? 'CONFLICTED' : 'CLEAN',
        vetoes,
      },
    };
  });

  addDc(router, 'POST', `${PR}/merge`, (r) => {
    const { repo, pr } = prOf(store, r);
    checkVersion(pr, r.query.get('version') ?? undefined, () => prJson(r, repo, pr));
    if (pr.state !== 'OPEN')
      throw new BitbucketError(409, `Pull request #${pr.id} is ${pr.state.toLowerCase()} and cannot be merged.`, {
        exceptionName: 'com.atlassian.bitbucket.pull.IllegalPullRequestStateException',
      });
    const me = actorOf(store, r);
    if (!me.email) throw new BitbucketError(400, 'A merge commit needs an author with an e-mail address; access tokens have none.');
    const vetoes = vetoesOf(store, repo, pr);
    if (vetoes.length > 0)
      throw new BitbucketError(409, 'Merging the pull request has been vetoed.', {
        exceptionName: VETOED,
        conflicted: pr.conflicted,
        vetoes,
      });
    const body = bodyObject(r);
    const strategyId = str(body.strategyId) ?? 'no-ff';
    const kind = STRATEGY_KIND[strategyId];
    if (!kind)
      throw new BitbucketError(400, `${strategyId} is not a merge strategy; use one of ${DC_STRATEGIES.map((s) => s.id).join(', ')}.`);
    const canFastForward = store.isAncestor(repo, repo.branches.get(pr.destination.branch) ?? '', pr.source.hash);
    store.merge(repo, pr, {
      byUuid: me.uuid,
      strategy: kind === 'ff' ? (canFastForward ? 'fast_forward' : 'merge_commit') : kind,
      ...(str(body.message) !== undefined ? { message: str(body.message) } : {}),
      closeSourceBranch: false,
    });
    return { status: 200, body: prJson(r, repo, pr) };
  });

  addDc(router, 'POST', `${PR}/decline`, (r) => {
    const { repo, pr } = prOf(store, r);
    checkVersion(pr, r.query.get('version') ?? (isObject(r.body) ? r.body.version : undefined), () => prJson(r, repo, pr));
    const comment = isObject(r.body) ? str(r.body.comment) : undefined;
    const me = actorOf(store, r);
    if (comment) store.addComment(repo, pr, { authorUuid: me.uuid, raw: comment });
    store.decline(pr, me.uuid, comment ?? '');
    return { status: 200, body: prJson(r, repo, pr) };
  });

  addDc(router, 'POST', `${PR}/reopen`, (r) => {
    const { repo, pr } = prOf(store, r);
    checkVersion(pr, r.query.get('version') ?? undefined, () => prJson(r, repo, pr));
    if (pr.state !== 'DECLINED') throw new BitbucketError(409, 'Only a declined pull request can be reopened.');
    pr.state = 'OPEN';
    pr.version++;
    pr.updatedOn = store.now();
    return { status: 200, body: prJson(r, repo, pr) };
  });

  // --- participants -------------------------------------------------------------------------
  addDc(router, 'GET', `${PR}/participants`, (r) => {
    const { pr } = prOf(store, r);
    return dcPage(r, pr.participants, (p) => dcParticipantJson(view(r), p));
  });
  const setStatus = (r: SandboxRequest, status: string): SandboxResponse => {
    const { pr } = prOf(store, r);
    const me = actorOf(store, r);
    const slug = r.params.userSlug;
    if (slug !== undefined && slug !== me.name)
      throw new BitbucketError(403, `You can only change your own status (you are ${me.name}, not ${slug}).`);
    if (me.uuid === pr.authorUuid)
      throw new BitbucketError(400, 'The author of a pull request cannot approve it or mark it as needing work.', {
        exceptionName: 'com.atlassian.bitbucket.pull.IllegalPullRequestParticipantStatusException',
      });
    const states: Record<string, ReviewState> = { APPROVED: 'approved', NEEDS_WORK: 'changes_requested', UNAPPROVED: null };
    if (!(status in states))
      throw new BitbucketError(400, `${status} is not a participant status; use APPROVED, NEEDS_WORK or UNAPPROVED.`);
    if (pr.state !== 'OPEN') throw new BitbucketError(409, 'The pull request is not open.');
    const participant = store.review(pr, me.uuid, states[status]!);
    return { status: 200, body: dcParticipantJson(view(r), participant) };
  };
  addDc(router, 'PUT', `${PR}/participants/{userSlug}`, (r) => {
    const body = bodyObject(r);
    return setStatus(r, str(body.status)?.toUpperCase() ?? '');
  });
  // Deprecated since 4.2 but still served: approve/unapprove as the caller.
  addDc(router, 'POST', `${PR}/approve`, (r) => setStatus(r, 'APPROVED'));
  addDc(router, 'DELETE', `${PR}/approve`, (r) => setStatus(r, 'UNAPPROVED'));

  // --- activities and comments ---------------------------------------------------------------
  addDc(router, 'GET', `${PR}/activities`, (r) => {
    const { repo, pr } = prOf(store, r);
    const v = view(r);
    const newestFirst = pr.activities.map((a, i) => ({ a, id: i + 1 })).reverse();
    // Replies arrive inside their thread's root comment, not as activities of their own.
    const shown = newestFirst.filter(
      ({ a }) => a.action !== 'COMMENTED' || pr.comments.find((c) => c.id === a.commentId)?.parentId === undefined,
    );
    return dcPage(r, shown, ({ a, id }) => {
      const comment = a.commentId !== undefined ? pr.comments.find((c) => c.id === a.commentId) : undefined;
      return {
        id,
        createdDate: a.createdOn,
        user: dcUserJson(v, store.user(a.userUuid)),
        action: a.action === 'REVIEWED' ? 'REVIEWED' : a.action,
        ...(comment
          ? {
              commentAction: 'ADDED',
              comment: dcCommentJson(v, pr, comment),
              ...(comment.inline ? { commentAnchor: dcCommentJson(v, pr, comment).anchor } : {}),
            }
          : {}),
        ...(a.action === 'MERGED' && pr.mergeCommit ? { commit: { id: pr.mergeCommit, displayId: pr.mergeCommit.slice(0, 11) } } : {}),
        ...(a.action === 'OPENED' ? { pullRequest: { id: pr.id, version: pr.version } } : {}),
        repository: { slug: repo.slug },
      };
    });
  });
  addDc(router, 'GET', `${PR}/comments`, (r) => {
    const { pr } = prOf(store, r);
    const path = r.query.get('path');
    if (!path) throw new BitbucketError(400, 'The path query parameter is required when retrieving comments.', { context: 'path' });
    const roots = pr.comments.filter((c) => c.parentId === undefined && c.inline?.path === path && !c.deleted);
    return dcPage(r, roots, (c) => dcCommentJson(view(r), pr, c));
  });
  addDc(router, 'GET', `${PR}/comments/{commentId}`, (r) => {
    const { pr } = prOf(store, r);
    const comment = pr.comments.find((c) => c.id === Number(r.params.commentId) && !c.deleted);
    if (!comment)
      throw new BitbucketError(404, `Comment ${r.params.commentId} does not exist.`, {
        exceptionName: 'com.atlassian.bitbucket.comment.NoSuchCommentException',
      });
    return { status: 200, body: dcCommentJson(view(r), pr, comment) };
  });
  addDc(router, 'POST', `${PR}/comments`, (r) => {
    const { repo, pr } = prOf(store, r);
    const body = bodyObject(r);
    const text = str(body.text);
    if (!text?.trim()) throw new BitbucketError(400, 'Comment text is required.', { context: 'text' });
    const parentId = isObject(body.parent) && typeof body.parent.id === 'number' ? body.parent.id : undefined;
    let inline: { path: string; from: number | null; to: number | null } | undefined;
    if (isObject(body.anchor)) {
      const path = str(body.anchor.path);
      const line = body.anchor.line;
      if (!path) throw new BitbucketError(400, 'anchor.path is required.', { context: 'anchor.path' });
      if (line !== undefined) {
        if (typeof line !== 'number' || !Number.isInteger(line) || line < 1)
          throw new BitbucketError(400, 'anchor.line must be a line number.');
        const removed = body.anchor.lineType === 'REMOVED' || body.anchor.fileType === 'FROM';
        const file = parseUnifiedDiff(pr.diff).find((f) => (removed ? f.oldPath : f.newPath) === path);
        const inDiff = file?.hunks.some((h) => h.lines.some((l) => (removed ? l.oldLine : l.newLine) === line));
        if (!inDiff)
          throw new BitbucketError(409, `Line ${line} of ${path} is not part of the diff, so a comment cannot be anchored there.`, {
            exceptionName: 'com.atlassian.bitbucket.comment.InvalidCommentAnchorException',
          });
        inline = removed ? { path, from: line, to: null } : { path, from: null, to: line };
      } else inline = { path, from: null, to: null };
    }
    const severity = str(body.severity) === 'BLOCKER' ? 'BLOCKER' : 'NORMAL';
    const comment = store.addComment(repo, pr, {
      authorUuid: actorOf(store, r).uuid,
      raw: text,
      severity,
      ...(inline ? { inline } : {}),
      ...(parentId !== undefined ? { parentId } : {}),
    });
    return { status: 201, body: dcCommentJson(view(r), pr, comment) };
  });

  // --- diff and changes ---------------------------------------------------------------------
  addDc(router, 'GET', `${PR}/diff`, (r) => {
    const { pr } = prOf(store, r);
    return { status: 200, body: dcDiffJson(pr, intQuery(r.query, 'contextLines', 10)) };
  });
  addDc(router, 'GET', `${PR}/changes`, (r) => {
    const { pr } = prOf(store, r);
    const files = parseUnifiedDiff(pr.diff);
    return {
      status: 200,
      body: { fromHash: pr.destination.hash, toHash: pr.source.hash, ...dcPageBody(r, files.map(dcChangeJson), (c) => c) },
    };
  });
  addDc(router, 'GET', `${PR}/commits`, (r) => {
    const { repo, pr } = prOf(store, r);
    const commits = [];
    const seen = new Set<string>();
    const queue = [pr.source.hash];
    while (queue.length > 0 && commits.length < 500) {
      const hash = queue.shift()!;
      if (seen.has(hash) || store.isAncestor(repo, hash, pr.destination.hash)) continue;
      seen.add(hash);
      const commit = repo.commits.get(hash);
      if (!commit) continue;
      commits.push(commit);
      queue.push(...commit.parents);
    }
    return dcPage(r, commits, (c) => ({
      id: c.hash,
      displayId: c.hash.slice(0, 11),
      author: { name: c.authorName, emailAddress: c.authorEmail },
      authorTimestamp: c.date,
      committer: { name: c.authorName, emailAddress: c.authorEmail },
      committerTimestamp: c.date,
      message: c.message,
      parents: c.parents.map((p) => ({ id: p, displayId: p.slice(0, 11) })),
    }));
  });
}
