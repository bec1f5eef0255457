/**
 * Bitbucket Cloud pull requests: list (state and BBQL filters, `fields=+values.participants`,
 * pagelen at most 50 as Bitbucket enforces), create, get, replacing PUT, the diff and diffstat
 * behind their same-origin 302, comments (inline and replies), approve / request changes,
 * decline, merge with each strategy (202 + task-status where the repository merges
 * asynchronously), build statuses of the source commit, and the file conflicts.
 *
 * As on Bitbucket, a failed build does not stop a merge through the API (only branch
 * restrictions would); refusing it is the CLI's job. Conflicts and fast-forwards that cannot
 * happen are refused.
 */
import type { Router } from '../router.js';
import type { SandboxRequest, SandboxResponse } from '../types.js';
import { filterByQuery } from './bbql.js';
import { commentJson, type CloudView, diffstatJson, participantJson, pullRequestJson, statusJson } from './cloud-json.js';
import { parseUnifiedDiff } from './diff.js';
import { actorOf, bodyObject, cloud, cloudPage, cloudRepo, handler, isObject, str } from './route-kit.js';
import { viewOf } from './routes-cloud-repos.js';
import { BitbucketError, type BitbucketStore, type PullRequest, type Repository } from './store.js';

const REPO = '/2.0/repositories/{workspace}/{repo_slug}';
const PR = `${REPO}/pullrequests/{pull_request_id}`;

export const CLOUD_MERGE_STRATEGIES = [
  'merge_commit',
  'squash',
  'fast_forward',
  'squash_fast_forward',
  'rebase_fast_forward',
  'rebase_merge',
];

function prOf(store: BitbucketStore, request: SandboxRequest): { repo: Repository; pr: PullRequest } {
  const repo = cloudRepo(store, request);
  return { repo, pr: store.requirePullRequest(repo, request.params.pull_request_id ?? '') };
}

const reviewerUuids = (pr: PullRequest) => pr.participants.filter((p) => p.role === 'REVIEWER').map((p) => p.uuid);

/** Reviewers as the API takes them: `{uuid}` (braces) or `account_id`; names are refused. */
function reviewersFrom(store: BitbucketStore, value: unknown, authorUuid: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new BitbucketError(400, 'Malformed reviewers list');
  return value.map((item) => {
    const uuid = isObject(item) ? str(item.uuid) : undefined;
    const accountId = isObject(item) ? str(item.account_id) : undefined;
    const user = uuid && /^\{[0-9a-f-]{36}\}$/i.test(uuid) ? store.user(uuid) : accountId ? store.userByAccountId(accountId) : undefined;
    if (!user) throw new BitbucketError(400, 'Malformed reviewers list');
    if (user.uuid === authorUuid) throw new BitbucketError(400, `${user.displayName} is the author and cannot be included as a reviewer.`);
    return user.uuid;
  });
}

function prFilters(store: BitbucketStore) {
  const user = (uuid: string) => store.user(uuid);
  return {
    id: (pr: PullRequest) => String(pr.id),
    title: (pr: PullRequest) => pr.title,
    description: (pr: PullRequest) => pr.description,
    state: (pr: PullRequest) => pr.state,
    draft: (pr: PullRequest) => String(pr.draft),
    'author.uuid': (pr: PullRequest) => pr.authorUuid,
    'author.account_id': (pr: PullRequest) => user(pr.authorUuid)?.accountId ?? null,
    'author.nickname': (pr: PullRequest) => user(pr.authorUuid)?.nickname ?? null,
    'reviewers.uuid': (pr: PullRequest) => reviewerUuids(pr),
    'reviewers.account_id': (pr: PullRequest) => reviewerUuids(pr).map((u) => user(u)?.accountId ?? ''),
    'participants.uuid': (pr: PullRequest) => pr.participants.map((p) => p.uuid),
    'source.branch.name': (pr: PullRequest) => pr.source.branch,
    'destination.branch.name': (pr: PullRequest) => pr.destination.branch,
    'source.commit.hash': (pr: PullRequest) => pr.source.hash,
  };
}

function sortPullRequests(prs: PullRequest[], sort: string | null): PullRequest[] {
  const field = (sort ?? '-id').replace(/^-/, '');
  const key: Record<string, (pr: PullRequest) => number | string> = {
    id: (pr) => pr.id,
    created_on: (pr) => pr.createdOn,
    updated_on: (pr) => pr.updatedOn,
    title: (pr) => pr.title,
  };
  const read = key[field];
  if (!read) throw new BitbucketError(400, `Invalid sort field: ${field}`);
  const sign = sort?.startsWith('-') || sort === null ? -1 : 1;
  // Ties fall back to the id, so pages never repeat or skip an item.
  return prs.sort((a, b) => {
    const x = read(a);
    const y = read(b);
    return (x < y ? -sign : x > y ? sign : 0) || sign * (a.id - b.id);
  });
}

/** `fields=+values.participants,+values.reviewers`: what the list adds to its summary objects. */
function listFields(request: SandboxRequest) {
  const fields = (request.query.getAll('fields').join(',') || '').split(',').map((f) => f.trim());
  return {
    participants: fields.includes('+values.participants'),
    reviewers: fields.includes('+values.reviewers'),
    description: true,
  };
}

interface MergeTask {
  prId: number;
  repo: Repository;
  polls: number;
}

export function registerCloudPullRequestRoutes(router: Router, store: BitbucketStore): void {
  const tasks = new Map<string, MergeTask>();
  let nextTask = 1;
  const v = (r: SandboxRequest): CloudView => viewOf(store, r);
  const prJson = (r: SandboxRequest, repo: Repository, pr: PullRequest) => pullRequestJson(v(r), repo, pr);
  const review = (r: SandboxRequest, state: 'approved' | 'changes_requested' | null): SandboxResponse => {
    const { pr } = prOf(store, r);
    const me = actorOf(store, r);
    if (me.uuid === pr.authorUuid && state !== null)
      throw new BitbucketError(
        400,
        state === 'approved' ? "You can't approve your own pull request." : "You can't request changes on your own pull request.",
      );
    const participant = store.review(pr, me.uuid, state);
    pr.updatedOn = store.now();
    return state === null ? { status: 204 } : { status: 200, body: participantJson(v(r), participant) };
  };
  const unreview = (r: SandboxRequest, was: 'approved' | 'changes_requested'): SandboxResponse => {
    const { pr } = prOf(store, r);
    const me = actorOf(store, r);
    const p = store.participant(pr, me.uuid);
    if (!p || p.state !== was)
      throw new BitbucketError(400, was === 'approved' ? 'You have not approved this pull request.' : 'You have not requested changes.');
    return review(r, null);
  };
  /** The 302 Bitbucket answers on `/diff`, `/diffstat` and `/conflicts`: to the same host, by commit range. */
  const redirect = (r: SandboxRequest, kind: 'diff' | 'diffstat' | 'file-conflicts'): SandboxResponse => {
    const { repo, pr } = prOf(store, r);
    const spec = `${pr.source.hash.slice(0, 12)}..${pr.destination.hash.slice(0, 12)}`;
    const location = `${r.siteUrl}/2.0/repositories/${repo.owner}/${repo.slug}/${kind}/${spec}?from_pullrequest_id=${pr.id}&topic=true`;
    return { status: 302, headers: { Location: location, 'Content-Type': 'text/html;charset=utf-8' } };
  };
  /** The pull request a `/diff/{spec}` request is about. */
  const prOfSpec = (r: SandboxRequest): { repo: Repository; pr: PullRequest | undefined } => {
    const repo = cloudRepo(store, r);
    const id = r.query.get('from_pullrequest_id');
    if (id) return { repo, pr: store.requirePullRequest(repo, id) };
    const [src, dst] = (r.params.spec ?? '').split('..');
    return {
      repo,
      pr: repo.pullRequests.find((p) => src && p.source.hash.startsWith(src) && (!dst || p.destination.hash.startsWith(dst))),
    };
  };

  router
    .add(
      'GET',
      `${REPO}/pullrequests`,
      handler((r) => {
        const repo = cloudRepo(store, r);
        const states = r.query.getAll('state').map((s) => s.toUpperCase());
        const wanted = states.length > 0 ? states : ['OPEN'];
        for (const s of wanted)
          if (!['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED'].includes(s)) throw new BitbucketError(400, `Invalid state: ${s}`);
        const byState = repo.pullRequests.filter((pr) => wanted.includes(pr.state));
        const matching = sortPullRequests(filterByQuery(byState, r.query.get('q'), prFilters(store)), r.query.get('sort'));
        const fields = listFields(r);
        return cloudPage(r, matching, (pr) => pullRequestJson(v(r), repo, pr, fields), { max: 50 });
      }),
      cloud,
    )
    .add(
      'POST',
      `${REPO}/pullrequests`,
      handler((r) => {
        const repo = cloudRepo(store, r);
        const me = actorOf(store, r);
        const body = bodyObject(r);
        const title = str(body.title);
        if (!title) throw new BitbucketError(400, 'title: This field is required.');
        const source = isObject(body.source) && isObject(body.source.branch) ? str(body.source.branch.name) : undefined;
        if (!source) throw new BitbucketError(400, 'source: This field is required.');
        if (!repo.branches.has(source)) throw new BitbucketError(400, `source: Branch not found: ${source}`);
        const destination = isObject(body.destination) && isObject(body.destination.branch) ? str(body.destination.branch.name) : undefined;
        const pr = store.addPullRequest(repo, {
          title,
          description: str(body.description) ?? '',
          source,
          ...(destination ? { destination } : {}),
          authorUuid: me.uuid,
          reviewers: reviewersFrom(store, body.reviewers, me.uuid) ?? [],
          draft: body.draft === true,
          closeSourceBranch: body.close_source_branch === true,
        });
        return {
          status: 201,
          body: prJson(r, repo, pr),
          headers: { Location: `${r.siteUrl}/2.0/repositories/${repo.owner}/${repo.slug}/pullrequests/${pr.id}` },
        };
      }),
      cloud,
    )
    .add(
      'GET',
      PR,
      handler((r) => {
        const { repo, pr } = prOf(store, r);
        return { status: 200, body: prJson(r, repo, pr) };
      }),
      cloud,
    )
    .add(
      'PUT',
      PR,
      handler((r) => {
        const { repo, pr } = prOf(store, r);
        const body = bodyObject(r);
        const title = str(body.title);
        if (!title) throw new BitbucketError(400, 'title: This field is required.');
        const destination = isObject(body.destination) && isObject(body.destination.branch) ? str(body.destination.branch.name) : undefined;
        // A PUT replaces: an omitted description is emptied and omitted reviewers are removed.
        store.updatePullRequest(
          pr,
          {
            title,
            description: str(body.description) ?? '',
            reviewers: reviewersFrom(store, body.reviewers ?? [], pr.authorUuid),
            ...(destination ? { destination } : {}),
            ...(typeof body.draft === 'boolean' ? { draft: body.draft } : {}),
            ...(typeof body.close_source_branch === 'boolean' ? { closeSourceBranch: body.close_source_branch } : {}),
          },
          repo,
        );
        return { status: 200, body: prJson(r, repo, pr) };
      }),
      cloud,
    )
    .add(
      'GET',
      `${PR}/diff`,
      handler((r) => redirect(r, 'diff')),
      cloud,
    )
    .add(
      'GET',
      `${PR}/diffstat`,
      handler((r) => redirect(r, 'diffstat')),
      cloud,
    )
    .add(
      'GET',
      `${PR}/conflicts`,
      handler((r) => redirect(r, 'file-conflicts')),
      cloud,
    )
    .add(
      'GET',
      `${REPO}/diff/{spec}`,
      handler((r) => {
        const { pr } = prOfSpec(r);
        return { status: 200, body: pr?.diff ?? '', headers: { 'Content-Type': 'text/plain; charset=utf-8' } };
      }),
      cloud,
    )
    .add(
      'GET',
      `${REPO}/diffstat/{spec}`,
      handler((r) => {
        const { pr } = prOfSpec(r);
        return cloudPage(r, diffstatJson(pr?.diff ?? ''), (d) => d, { pagelen: 500, max: 5000 });
      }),
      cloud,
    )
    .add(
      'GET',
      `${REPO}/file-conflicts/{spec}`,
      handler((r) => {
        const { pr } = prOfSpec(r);
        const files = pr?.conflicted ? parseUnifiedDiff(pr.diff).map((f) => f.newPath ?? f.oldPath ?? '') : [];
        return cloudPage(r, files, (path) => ({ type: 'file_conflict', path, scope: 'file', conflict_type: 'content' }));
      }),
      cloud,
    )
    .add(
      'GET',
      `${PR}/comments`,
      handler((r) => {
        const { repo, pr } = prOf(store, r);
        const comments = [...pr.comments].sort((a, b) => a.id - b.id);
        return cloudPage(r, comments, (c) => commentJson(v(r), repo, pr, c));
      }),
      cloud,
    )
    .add(
      'POST',
      `${PR}/comments`,
      handler((r) => {
        const { repo, pr } = prOf(store, r);
        const body = bodyObject(r);
        const raw = isObject(body.content) ? str(body.content.raw) : undefined;
        if (!raw) throw new BitbucketError(400, 'content.raw: This field is required.');
        let inline: { path: string; from: number | null; to: number | null } | undefined;
        if (isObject(body.inline)) {
          const path = str(body.inline.path);
          const num = (x: unknown) => (typeof x === 'number' && Number.isInteger(x) && x > 0 ? x : null);
          const to = num(body.inline.to);
          const from = num(body.inline.from);
          const startTo = num(body.inline.start_to);
          if (!path) throw new BitbucketError(400, 'inline.path: This field is required.');
          if (to === null && from === null) throw new BitbucketError(400, 'inline: give "to" (a new line) or "from" (a removed line).');
          if (startTo !== null && to !== null && startTo > to)
            throw new BitbucketError(400, 'inline.start_to must not be after inline.to.');
          inline = { path, from, to };
        }
        const parentId = isObject(body.parent) && typeof body.parent.id === 'number' ? body.parent.id : undefined;
        const comment = store.addComment(repo, pr, {
          authorUuid: actorOf(store, r).uuid,
          raw,
          ...(inline ? { inline } : {}),
          ...(parentId !== undefined ? { parentId } : {}),
        });
        pr.updatedOn = store.now();
        return { status: 201, body: commentJson(v(r), repo, pr, comment) };
      }),
      cloud,
    )
    .add(
      'GET',
      `${PR}/comments/{comment_id}`,
      handler((r) => {
        const { repo, pr } = prOf(store, r);
        const comment = pr.comments.find((c) => c.id === Number(r.params.comment_id));
        if (!comment) throw new BitbucketError(404, `Comment ${r.params.comment_id} not found`);
        return { status: 200, body: commentJson(v(r), repo, pr, comment) };
      }),
      cloud,
    )
    .add(
      'POST',
      `${PR}/approve`,
      handler((r) => review(r, 'approved')),
      cloud,
    )
    .add(
      'DELETE',
      `${PR}/approve`,
      handler((r) => unreview(r, 'approved')),
      cloud,
    )
    .add(
      'POST',
      `${PR}/request-changes`,
      handler((r) => review(r, 'changes_requested')),
      cloud,
    )
    .add(
      'DELETE',
      `${PR}/request-changes`,
      handler((r) => unreview(r, 'changes_requested')),
      cloud,
    )
    .add(
      'POST',
      `${PR}/decline`,
      handler((r) => {
        const { repo, pr } = prOf(store, r);
        store.decline(pr, actorOf(store, r).uuid);
        return { status: 200, body: prJson(r, repo, pr) };
      }),
      cloud,
    )
    .add(
      'POST',
      `${PR}/merge`,
      handler((r) => {
        const { repo, pr } = prOf(store, r);
        const body = bodyObject(r);
        const strategy = str(body.merge_strategy) ?? repo.mergeStrategies[0] ?? 'merge_commit';
        if (!CLOUD_MERGE_STRATEGIES.includes(strategy))
          throw new BitbucketError(
            400,
            `merge_strategy: "${strategy}" is not a valid value. Valid values: ${CLOUD_MERGE_STRATEGIES.join(', ')}.`,
          );
        if (!repo.mergeStrategies.includes(strategy))
          throw new BitbucketError(
            400,
            `merge_strategy: ${strategy} is not allowed on ${pr.destination.branch} (allowed: ${repo.mergeStrategies.join(', ')}).`,
          );
        store.merge(repo, pr, {
          byUuid: actorOf(store, r).uuid,
          strategy,
          ...(str(body.message) !== undefined ? { message: str(body.message) } : {}),
          ...(typeof body.close_source_branch === 'boolean' ? { closeSourceBranch: body.close_source_branch } : {}),
        });
        if (repo.asyncMerge || r.query.get('async') === 'true') {
          const id = `task-${nextTask++}`;
          tasks.set(id, { prId: pr.id, repo, polls: 0 });
          const self = `${r.siteUrl}/2.0/repositories/${repo.owner}/${repo.slug}/pullrequests/${pr.id}`;
          return { status: 202, headers: { Location: `${self}/merge/task-status/${id}` } };
        }
        return { status: 200, body: prJson(r, repo, pr) };
      }),
      cloud,
    )
    .add(
      'GET',
      `${PR}/merge/task-status/{task_id}`,
      handler((r) => {
        const { repo, pr } = prOf(store, r);
        const task = tasks.get(r.params.task_id ?? '');
        if (!task || task.prId !== pr.id || task.repo !== repo)
          throw new BitbucketError(400, 'The task does not belong to this pull request.');
        // The first poll finds it still running, as a real queued merge often is.
        task.polls++;
        if (task.polls === 1) return { status: 200, body: { task_status: 'PENDING' } };
        return { status: 200, body: { task_status: 'SUCCESS', merge_result: prJson(r, repo, pr) } };
      }),
      cloud,
    )
    .add(
      'GET',
      `${PR}/statuses`,
      handler((r) => {
        const { repo, pr } = prOf(store, r);
        const statuses = filterByQuery(store.statusesOf(repo, pr.source.hash), r.query.get('q'), {
          state: (s) => s.state,
          key: (s) => s.key,
        });
        return cloudPage(r, statuses, (s) => statusJson(v(r), repo, s));
      }),
      cloud,
    );
}
