/**
 * The sandbox's Bitbucket: one in-memory model of workspaces (Cloud), projects (Data Center),
 * repositories with their commits and branches, pull requests, build statuses and pipelines. The
 * Cloud routes (`/2.0`) and the Data Center routes (`/rest/api/1.0` under the `/dc-bitbucket` mount)
 * each read their own repositories from it and shape them for the wire (cloud-json.ts, dc-json.ts).
 *
 * For tests (reach a running sandbox's store with `bitbucketStoreOf(sandbox)`):
 * - `addRepository`, `addCommit`, `setBranch`; or, to agree with a local repository used as `origin`,
 *   `importLog` (its `git log --all --format=%H%x09%P%x09%an%x09%ae%x09%at%x09%s`) then `importRefs`
 *   (its `git for-each-ref --format='%(refname:short) %(objectname)' refs/heads`);
 * - `addPullRequest` (with a unified `diff`, e.g. from `git diff`), `addComment`, `setStatus`;
 * - `seedPullRequests(repo, n)` for paging (thousands, in memory);
 * - `addPipeline` and the clock: `new BitbucketStore({ clock })` or `store.clock = manualClock()`,
 *   then `clock.advance(ms)`; pipeline steps and their logs follow the clock (pipelines.ts).
 *
 * Users are referred to by uuid (Cloud) and looked up by `name` on Data Center.
 */
import { createHash, randomUUID } from 'node:crypto';
import { newFileDiff } from './diff.js';

export interface Clock {
  now(): number;
}

/**
 * A clock tests move by hand: it starts at `start` (now, so the seeded pipelines keep their
 * places) and only moves on `advance`/`set`.
 */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(ms: number): void;
}

export const systemClock: Clock = { now: () => Date.now() };

export function manualClock(start = Date.now()): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
    set(ms: number) {
      current = ms;
    },
  };
}

export class BitbucketError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Data Center's `exceptionName` and any extra fields of its error object. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface BbUser {
  /** `{...}` with braces, as Bitbucket Cloud writes it. */
  uuid: string;
  accountId: string;
  displayName: string;
  nickname: string;
  email: string;
  /** Data Center user name (also its slug). */
  name: string;
  /** Data Center numeric id. */
  dcId: number;
}

export interface Commit {
  hash: string;
  message: string;
  authorName: string;
  authorEmail: string;
  /** Epoch milliseconds. */
  date: number;
  parents: string[];
}

export type Host = 'cloud' | 'dc';

export interface Workspace {
  slug: string;
  name: string;
  uuid: string;
}

export interface Project {
  key: string;
  name: string;
  description: string;
  id: number;
  uuid: string;
  /** Cloud projects belong to a workspace; Data Center ones to nobody ('' then). */
  workspace: string;
  host: Host;
}

export type PullRequestState = 'OPEN' | 'MERGED' | 'DECLINED' | 'SUPERSEDED';
export type ReviewState = 'approved' | 'changes_requested' | null;

export interface Participant {
  uuid: string;
  role: 'REVIEWER' | 'PARTICIPANT';
  state: ReviewState;
  participatedOn: number | null;
  /** The source commit the reviewer last reviewed (Data Center's lastReviewedCommit). */
  lastReviewedCommit?: string;
}

export interface InlineAnchor {
  path: string;
  /** Old-file line (a removed line), or null. */
  from: number | null;
  /** New-file line (an added or context line), or null. */
  to: number | null;
}

export interface PrComment {
  id: number;
  authorUuid: string;
  raw: string;
  createdOn: number;
  updatedOn: number;
  inline?: InlineAnchor;
  parentId?: number;
  deleted: boolean;
  /** Data Center tasks are comments with severity BLOCKER. */
  severity: 'NORMAL' | 'BLOCKER';
  /** Data Center's comment version (optimistic locking of comment edits). */
  version: number;
}

export interface PrActivity {
  action: 'OPENED' | 'UPDATED' | 'APPROVED' | 'UNAPPROVED' | 'REVIEWED' | 'COMMENTED' | 'MERGED' | 'DECLINED' | 'RESCOPED';
  userUuid: string;
  createdOn: number;
  commentId?: number;
}

export interface PullRequest {
  id: number;
  title: string;
  description: string;
  state: PullRequestState;
  draft: boolean;
  authorUuid: string;
  source: { branch: string; hash: string };
  destination: { branch: string; hash: string };
  closeSourceBranch: boolean;
  /** Reviewers and other participants, in the order they joined. */
  participants: Participant[];
  comments: PrComment[];
  activities: PrActivity[];
  createdOn: number;
  updatedOn: number;
  /** Data Center's optimistic-locking version: moves on every change of the pull request itself. */
  version: number;
  mergeCommit: string | null;
  closedByUuid: string | null;
  reason: string;
  /** Whether merging it conflicts (set by the seed or a test; merges refuse while true). */
  conflicted: boolean;
  /** Unified diff text (diff.ts parses it). */
  diff: string;
}

/** Cloud's states; Data Center adds CANCELLED and UNKNOWN. */
export type BuildState = 'SUCCESSFUL' | 'FAILED' | 'INPROGRESS' | 'STOPPED' | 'CANCELLED' | 'UNKNOWN';

export interface BuildStatus {
  commit: string;
  key: string;
  name: string;
  state: BuildState;
  url: string;
  description: string;
  refname: string | null;
  createdOn: number;
  updatedOn: number;
}

export interface PipelineStepDef {
  uuid: string;
  name: string;
  /** How long the step runs once started. */
  durationMs: number;
  /** What the step ends with when it runs to its end. */
  outcome: 'SUCCESSFUL' | 'FAILED';
  /** The step's whole log; it is revealed line by line over `durationMs`. */
  log: string[];
  /** A manual step: the pipeline pauses before it (stage PAUSED) until it is triggered. */
  manual: boolean;
  /** When a manual step was triggered (epoch ms), or null. */
  triggeredAt: number | null;
}

export interface Pipeline {
  uuid: string;
  buildNumber: number;
  creatorUuid: string;
  refType: 'branch' | 'tag';
  refName: string;
  commit: string;
  selector: { type: 'branches' | 'custom' | 'default'; pattern: string };
  variables: Array<{ key: string; value: string; secured: boolean }>;
  trigger: 'MANUAL' | 'PUSH';
  /** Epoch ms the pipeline was created; its first step starts `pendingMs` later. */
  createdOn: number;
  pendingMs: number;
  steps: PipelineStepDef[];
  stoppedAt: number | null;
}

export interface Repository {
  host: Host;
  /** Workspace slug (Cloud) or project key (Data Center). */
  owner: string;
  slug: string;
  name: string;
  uuid: string;
  id: number;
  description: string;
  isPrivate: boolean;
  projectKey: string;
  mainBranch: string;
  language: string;
  createdOn: number;
  updatedOn: number;
  /** Branch name → head commit hash. */
  branches: Map<string, string>;
  commits: Map<string, Commit>;
  pullRequests: PullRequest[];
  nextPullRequestId: number;
  nextCommentId: number;
  statuses: BuildStatus[];
  pipelines: Pipeline[];
  nextBuildNumber: number;
  /** Cloud merges of this repository answer 202 with a task-status URL, as big merges do. */
  asyncMerge: boolean;
  /** Merge strategies the destination branch allows (Cloud ids), with the first as default. */
  mergeStrategies: string[];
}

export interface NewRepository {
  host: Host;
  owner: string;
  slug: string;
  name?: string;
  description?: string;
  isPrivate?: boolean;
  projectKey?: string;
  mainBranch?: string;
  language?: string;
  /** Make an initial commit on the main branch (default true). */
  initialCommit?: boolean;
}

export interface NewPullRequest {
  title: string;
  description?: string;
  source: string;
  destination?: string;
  authorUuid: string;
  reviewers?: string[];
  state?: PullRequestState;
  draft?: boolean;
  closeSourceBranch?: boolean;
  conflicted?: boolean;
  /** Unified diff text; default: one new file named after the source branch. */
  diff?: string;
  createdOn?: number;
}

export interface NewPipeline {
  refName: string;
  refType?: 'branch' | 'tag';
  commit?: string;
  creatorUuid: string;
  custom?: string;
  variables?: Array<{ key: string; value: string; secured?: boolean }>;
  trigger?: 'MANUAL' | 'PUSH';
  createdOn?: number;
  pendingMs?: number;
  steps?: Array<Partial<Omit<PipelineStepDef, 'uuid' | 'triggeredAt'>> & { name: string }>;
  /** Stop it at this time (epoch ms). */
  stoppedAt?: number;
}

/** A 40-hex commit hash derived from `seed`, so the demo data is the same on every start. */
export function hashOf(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

export function braced(uuid: string): string {
  return uuid.startsWith('{') ? uuid : `{${uuid}}`;
}

const repoKey = (host: Host, owner: string, slug: string) => `${host}:${owner.toLowerCase()}/${slug.toLowerCase()}`;

/** Default duration of a step of a pipeline run through the API. */
export const DEFAULT_STEP_MS = 6_000;

export class BitbucketStore {
  clock: Clock;
  readonly users: BbUser[] = [];
  readonly workspaces: Workspace[] = [];
  readonly projects: Project[] = [];
  private readonly repos = new Map<string, Repository>();
  private nextDcUserId = 1;
  private nextRepoId = 1;
  private nextProjectId = 1;
  /** Host used in `links.clone` of Cloud repositories (tests may point it at their own). */
  cloudCloneHost = 'bitbucket.org';
  /** How long each step of a pipeline run through the API takes (tests may shorten it). */
  stepMs = DEFAULT_STEP_MS;
  /** A completed step's log answers 307 to storage on another origin, as Bitbucket's does (tests may turn it off). */
  logStorageRedirect = true;

  constructor(options: { clock?: Clock } = {}) {
    this.clock = options.clock ?? systemClock;
  }

  now(): number {
    return this.clock.now();
  }

  // --- users -------------------------------------------------------------------------------

  addUser(user: Partial<BbUser> & { displayName: string; name: string }): BbUser {
    const full: BbUser = {
      uuid: braced(user.uuid ?? randomUUID()),
      accountId: user.accountId ?? hashOf(`account:${user.name}`).slice(0, 24),
      displayName: user.displayName,
      nickname: user.nickname ?? user.name,
      email: user.email ?? `${user.name}@example.com`,
      name: user.name,
      dcId: user.dcId ?? this.nextDcUserId++,
    };
    this.users.push(full);
    return full;
  }

  user(uuid: string): BbUser | undefined {
    const wanted = braced(uuid);
    return this.users.find((u) => u.uuid === wanted);
  }

  requireUser(uuid: string): BbUser {
    const found = this.user(uuid);
    if (!found) throw new BitbucketError(400, `No user with uuid ${uuid}.`);
    return found;
  }

  userByName(name: string): BbUser | undefined {
    const lower = name.toLowerCase();
    return this.users.find((u) => u.name.toLowerCase() === lower);
  }

  userByAccountId(accountId: string): BbUser | undefined {
    return this.users.find((u) => u.accountId === accountId);
  }

  // --- workspaces, projects, repositories --------------------------------------------------------

  addWorkspace(slug: string, name: string, uuid: string = randomUUID()): Workspace {
    const workspace = { slug, name, uuid: braced(uuid) };
    this.workspaces.push(workspace);
    return workspace;
  }

  workspace(slugOrUuid: string): Workspace | undefined {
    return this.workspaces.find((w) => w.slug === slugOrUuid || w.uuid === braced(slugOrUuid));
  }

  addProject(host: Host, key: string, name: string, options: { workspace?: string; description?: string } = {}): Project {
    const project: Project = {
      key,
      name,
      description: options.description ?? '',
      id: this.nextProjectId++,
      uuid: braced(randomUUID()),
      workspace: options.workspace ?? '',
      host,
    };
    this.projects.push(project);
    return project;
  }

  project(host: Host, key: string, workspace = ''): Project | undefined {
    return this.projects.find(
      (p) => p.host === host && p.key.toLowerCase() === key.toLowerCase() && (host === 'dc' || p.workspace === workspace),
    );
  }

  addRepository(spec: NewRepository): Repository {
    const key = repoKey(spec.host, spec.owner, spec.slug);
    if (this.repos.has(key)) throw new BitbucketError(400, 'Repository with this Slug and Owner already exists.');
    const now = this.now();
    const repo: Repository = {
      host: spec.host,
      owner: spec.owner,
      slug: spec.slug,
      name: spec.name ?? spec.slug,
      uuid: braced(randomUUID()),
      id: this.nextRepoId++,
      description: spec.description ?? '',
      isPrivate: spec.isPrivate ?? true,
      projectKey: spec.projectKey ?? (spec.host === 'dc' ? spec.owner : 'PROJ'),
      mainBranch: spec.mainBranch ?? 'main',
      language: spec.language ?? '',
      createdOn: now,
      updatedOn: now,
      branches: new Map(),
      commits: new Map(),
      pullRequests: [],
      nextPullRequestId: 1,
      nextCommentId: 1,
      statuses: [],
      pipelines: [],
      nextBuildNumber: 1,
      asyncMerge: false,
      mergeStrategies: ['merge_commit', 'squash', 'fast_forward'],
    };
    this.repos.set(key, repo);
    if (spec.initialCommit ?? true) {
      const commit = this.addCommit(repo, { message: 'Initial commit', parents: [], seed: `${key}:initial` });
      repo.branches.set(repo.mainBranch, commit.hash);
    }
    return repo;
  }

  repository(host: Host, owner: string, slug: string): Repository | undefined {
    return this.repos.get(repoKey(host, owner, slug));
  }

  requireRepository(host: Host, owner: string, slug: string): Repository {
    const repo = this.repository(host, owner, slug);
    if (!repo) {
      throw host === 'cloud'
        ? new BitbucketError(404, `Repository ${owner}/${slug} not found`)
        : new BitbucketError(404, `Repository ${owner}/${slug} does not exist.`, {
            exceptionName: 'com.atlassian.bitbucket.repository.NoSuchRepositoryException',
          });
    }
    return repo;
  }

  repositories(host: Host, owner?: string): Repository[] {
    return [...this.repos.values()].filter(
      (r) => r.host === host && (owner === undefined || r.owner.toLowerCase() === owner.toLowerCase()),
    );
  }

  // --- commits and branches -----------------------------------------------------------------

  /**
   * Adds a commit. Give `hash` to mirror a real repository's commit (tests with a local bare
   * repo), or `seed` for a deterministic made-up one.
   */
  addCommit(
    repo: Repository,
    commit: { hash?: string; seed?: string; message: string; parents?: string[]; authorName?: string; authorEmail?: string; date?: number },
  ): Commit {
    const full: Commit = {
      hash: commit.hash ?? hashOf(commit.seed ?? `${repo.uuid}:${repo.commits.size}:${commit.message}`),
      message: commit.message,
      authorName: commit.authorName ?? 'Demo User',
      authorEmail: commit.authorEmail ?? 'demo@example.com',
      date: commit.date ?? this.now(),
      parents: commit.parents ?? [],
    };
    repo.commits.set(full.hash, full);
    return full;
  }

  /** Points `name` at `hash` (adding a bare commit record when the hash is unknown). */
  setBranch(repo: Repository, name: string, hash: string): void {
    if (!repo.commits.has(hash)) this.addCommit(repo, { hash, message: `commit ${hash.slice(0, 7)}` });
    repo.branches.set(name, hash);
    repo.updatedOn = this.now();
    // Open pull requests follow their branches, as pushes move them on Bitbucket.
    for (const pr of repo.pullRequests) {
      if (pr.state !== 'OPEN') continue;
      if (pr.source.branch === name && pr.source.hash !== hash) {
        pr.source.hash = hash;
        pr.activities.push({ action: 'RESCOPED', userUuid: pr.authorUuid, createdOn: this.now() });
      }
      if (pr.destination.branch === name) pr.destination.hash = hash;
    }
  }

  /**
   * Mirrors branches of a real repository: `refs` as `git for-each-ref --format='%(refname:short)
   * %(objectname)' refs/heads` prints them (one "name hash" per line), or as pairs.
   */
  importRefs(repo: Repository, refs: string | ReadonlyArray<{ name: string; hash: string }>): void {
    const pairs =
      typeof refs === 'string'
        ? refs
            .split('\n')
            .map((line) => line.trim().split(/\s+/))
            .filter((parts) => parts.length === 2)
            .map(([name, hash]) => ({ name: name!, hash: hash! }))
        : refs;
    for (const { name, hash } of pairs) this.setBranch(repo, name.replace(/^refs\/heads\//, ''), hash);
  }

  /**
   * Mirrors the commits of a real repository (with their parents, so fast-forward checks work):
   * the output of `git log --all --format=%H%x09%P%x09%an%x09%ae%x09%at%x09%s`.
   */
  importLog(repo: Repository, log: string): void {
    for (const line of log.split('\n')) {
      const [hash, parents, authorName, authorEmail, seconds, ...subject] = line.split('\t');
      if (!hash || !/^[0-9a-f]{40}$/.test(hash)) continue;
      this.addCommit(repo, {
        hash,
        parents: parents ? parents.split(' ').filter(Boolean) : [],
        message: subject.join('\t'),
        ...(authorName ? { authorName } : {}),
        ...(authorEmail ? { authorEmail } : {}),
        ...(seconds ? { date: Number(seconds) * 1000 } : {}),
      });
    }
  }

  /** A full commit hash from a branch name, a full hash or a unique prefix of at least 7 characters. */
  resolveCommit(repo: Repository, ref: string): string | undefined {
    const branch = repo.branches.get(ref.replace(/^refs\/heads\//, ''));
    if (branch) return branch;
    if (repo.commits.has(ref)) return ref;
    if (ref.length < 7 || !/^[0-9a-f]+$/i.test(ref)) return undefined;
    const matches = [...repo.commits.keys()].filter((h) => h.startsWith(ref.toLowerCase()));
    return matches.length === 1 ? matches[0] : undefined;
  }

  /** Whether `ancestor` is reachable from `descendant` through parents. */
  isAncestor(repo: Repository, ancestor: string, descendant: string): boolean {
    const seen = new Set<string>();
    const queue = [descendant];
    while (queue.length > 0) {
      const hash = queue.pop()!;
      if (hash === ancestor) return true;
      if (seen.has(hash)) continue;
      seen.add(hash);
      queue.push(...(repo.commits.get(hash)?.parents ?? []));
    }
    return false;
  }

  createBranch(repo: Repository, name: string, from: string): string {
    if (repo.branches.has(name)) throw new BitbucketError(400, `Branch "${name}" already exists.`);
    const hash = this.resolveCommit(repo, from);
    if (!hash) throw new BitbucketError(400, `Commit or branch "${from}" does not exist in ${repo.owner}/${repo.slug}.`);
    this.setBranch(repo, name, hash);
    return hash;
  }

  deleteBranch(repo: Repository, name: string): void {
    if (!repo.branches.has(name)) throw new BitbucketError(404, `Branch "${name}" does not exist.`);
    if (name === repo.mainBranch) throw new BitbucketError(400, 'You cannot delete the main branch.');
    repo.branches.delete(name);
    repo.updatedOn = this.now();
  }

  // --- pull requests -------------------------------------------------------------------------

  addPullRequest(repo: Repository, spec: NewPullRequest): PullRequest {
    const destination = spec.destination ?? repo.mainBranch;
    const sourceHash = repo.branches.get(spec.source);
    if (!sourceHash) throw new BitbucketError(400, `source: branch "${spec.source}" does not exist.`);
    const destinationHash = repo.branches.get(destination);
    if (!destinationHash) throw new BitbucketError(400, `destination: branch "${destination}" does not exist.`);
    if (spec.source === destination) throw new BitbucketError(400, 'The source and destination branches are the same.');
    const now = spec.createdOn ?? this.now();
    const pr: PullRequest = {
      id: repo.nextPullRequestId++,
      title: spec.title,
      description: spec.description ?? '',
      state: spec.state ?? 'OPEN',
      draft: spec.draft ?? false,
      authorUuid: braced(spec.authorUuid),
      source: { branch: spec.source, hash: sourceHash },
      destination: { branch: destination, hash: destinationHash },
      closeSourceBranch: spec.closeSourceBranch ?? false,
      participants: (spec.reviewers ?? []).map((uuid) => ({ uuid: braced(uuid), role: 'REVIEWER', state: null, participatedOn: null })),
      comments: [],
      activities: [{ action: 'OPENED', userUuid: braced(spec.authorUuid), createdOn: now }],
      createdOn: now,
      updatedOn: now,
      version: 0,
      mergeCommit: null,
      closedByUuid: null,
      reason: '',
      conflicted: spec.conflicted ?? false,
      diff:
        spec.diff ??
        newFileDiff(`docs/${spec.source.replace(/[^A-Za-z0-9._-]+/g, '-')}.md`, [`# ${spec.title}`, '', spec.description ?? '']),
    };
    repo.pullRequests.push(pr);
    return pr;
  }

  pullRequest(repo: Repository, id: number | string): PullRequest | undefined {
    const n = Number(id);
    return repo.pullRequests.find((p) => p.id === n);
  }

  requirePullRequest(repo: Repository, id: number | string): PullRequest {
    const pr = this.pullRequest(repo, id);
    if (!pr) {
      throw repo.host === 'cloud'
        ? new BitbucketError(404, `Pull request ${id} not found`)
        : new BitbucketError(404, `Pull request ${id} does not exist in ${repo.owner}/${repo.slug}.`, {
            exceptionName: 'com.atlassian.bitbucket.pull.NoSuchPullRequestException',
          });
    }
    return pr;
  }

  /** `count` pull requests in `repo` (one shared source branch), for paging tests; returns them. */
  seedPullRequests(
    repo: Repository,
    count: number,
    options: { authorUuid: string; state?: PullRequestState; prefix?: string },
  ): PullRequest[] {
    const branch = 'bulk/source';
    if (!repo.branches.has(branch)) {
      const base = repo.branches.get(repo.mainBranch)!;
      const commit = this.addCommit(repo, { message: 'Bulk change', parents: [base], seed: `${repo.uuid}:bulk` });
      repo.branches.set(branch, commit.hash);
    }
    const start = this.now() - count * 60_000;
    const made: PullRequest[] = [];
    for (let i = 0; i < count; i++) {
      made.push(
        this.addPullRequest(repo, {
          title: `${options.prefix ?? 'Bulk change'} ${i + 1}`,
          source: branch,
          authorUuid: options.authorUuid,
          state: options.state ?? 'OPEN',
          createdOn: start + i * 60_000,
          diff: '',
        }),
      );
    }
    return made;
  }

  participant(pr: PullRequest, uuid: string): Participant | undefined {
    return pr.participants.find((p) => p.uuid === braced(uuid));
  }

  /** Sets a participant's review state, adding them as a participant when new. */
  review(pr: PullRequest, uuid: string, state: ReviewState): Participant {
    if (pr.state !== 'OPEN') throw new BitbucketError(400, 'You can only review an open pull request.');
    const now = this.now();
    let p = this.participant(pr, uuid);
    if (!p) {
      p = { uuid: braced(uuid), role: 'PARTICIPANT', state: null, participatedOn: null };
      pr.participants.push(p);
    }
    p.state = state;
    p.participatedOn = now;
    p.lastReviewedCommit = pr.source.hash;
    const action = state === 'approved' ? 'APPROVED' : state === 'changes_requested' ? 'REVIEWED' : 'UNAPPROVED';
    pr.activities.push({ action, userUuid: braced(uuid), createdOn: now });
    return p;
  }

  addComment(
    repo: Repository,
    pr: PullRequest,
    comment: {
      authorUuid: string;
      raw: string;
      inline?: InlineAnchor;
      parentId?: number;
      severity?: 'NORMAL' | 'BLOCKER';
      createdOn?: number;
    },
  ): PrComment {
    if (comment.parentId !== undefined && !pr.comments.some((c) => c.id === comment.parentId))
      throw new BitbucketError(400, `parent: comment ${comment.parentId} does not exist.`);
    const now = comment.createdOn ?? this.now();
    const made: PrComment = {
      id: repo.nextCommentId++,
      authorUuid: braced(comment.authorUuid),
      raw: comment.raw,
      createdOn: now,
      updatedOn: now,
      ...(comment.inline ? { inline: comment.inline } : {}),
      ...(comment.parentId !== undefined ? { parentId: comment.parentId } : {}),
      deleted: false,
      severity: comment.severity ?? 'NORMAL',
      version: 0,
    };
    pr.comments.push(made);
    if (!pr.participants.some((p) => p.uuid === made.authorUuid) && made.authorUuid !== pr.authorUuid) {
      pr.participants.push({ uuid: made.authorUuid, role: 'PARTICIPANT', state: null, participatedOn: now });
    }
    pr.activities.push({ action: 'COMMENTED', userUuid: made.authorUuid, createdOn: now, commentId: made.id });
    return made;
  }

  /** Replaces title, description, reviewers etc. as a Cloud PUT / Data Center PUT does. */
  updatePullRequest(
    pr: PullRequest,
    changes: {
      title?: string;
      description?: string;
      reviewers?: string[];
      destination?: string;
      draft?: boolean;
      closeSourceBranch?: boolean;
    },
    repo: Repository,
  ): void {
    if (pr.state !== 'OPEN') throw new BitbucketError(400, 'Only open pull requests can be updated.');
    if (changes.title !== undefined) pr.title = changes.title;
    if (changes.description !== undefined) pr.description = changes.description;
    if (changes.draft !== undefined) pr.draft = changes.draft;
    if (changes.closeSourceBranch !== undefined) pr.closeSourceBranch = changes.closeSourceBranch;
    if (changes.destination !== undefined && changes.destination !== pr.destination.branch) {
      const hash = repo.branches.get(changes.destination);
      if (!hash) throw new BitbucketError(400, `destination: branch "${changes.destination}" does not exist.`);
      pr.destination = { branch: changes.destination, hash };
    }
    if (changes.reviewers !== undefined) {
      const wanted = changes.reviewers.map(braced);
      // Reviewers left out are dropped (their review with them); new ones join unreviewed.
      pr.participants = pr.participants
        .filter((p) => p.role === 'PARTICIPANT' || wanted.includes(p.uuid))
        .map((p) => (wanted.includes(p.uuid) ? { ...p, role: 'REVIEWER' as const } : p));
      for (const uuid of wanted)
        if (!pr.participants.some((p) => p.uuid === uuid))
          pr.participants.push({ uuid, role: 'REVIEWER', state: null, participatedOn: null });
    }
    this.touch(pr);
    pr.activities.push({ action: 'UPDATED', userUuid: pr.authorUuid, createdOn: pr.updatedOn });
  }

  private touch(pr: PullRequest): void {
    pr.updatedOn = this.now();
    pr.version++;
  }

  decline(pr: PullRequest, byUuid: string, reason = ''): void {
    if (pr.state !== 'OPEN') throw new BitbucketError(400, 'Only open pull requests can be declined.');
    pr.state = 'DECLINED';
    pr.closedByUuid = braced(byUuid);
    pr.reason = reason;
    this.touch(pr);
    pr.activities.push({ action: 'DECLINED', userUuid: pr.closedByUuid, createdOn: pr.updatedOn });
  }

  /**
   * Merges with a Cloud strategy id (`merge_commit`, `squash`, `fast_forward`, ...): moves the
   * destination branch, marks the pull request merged, deletes the source branch when asked.
   * Refuses a conflicted pull request, and a fast-forward the destination has moved away from.
   */
  merge(
    repo: Repository,
    pr: PullRequest,
    options: { byUuid: string; strategy: string; message?: string; closeSourceBranch?: boolean },
  ): void {
    if (pr.state !== 'OPEN') throw new BitbucketError(400, "You can't merge a pull request that is not open.");
    if (pr.conflicted) throw new BitbucketError(400, "You can't merge until you resolve all merge conflicts.");
    const destinationHead = repo.branches.get(pr.destination.branch);
    const sourceHead = repo.branches.get(pr.source.branch) ?? pr.source.hash;
    if (!destinationHead) throw new BitbucketError(400, `destination: branch "${pr.destination.branch}" does not exist.`);
    const message = options.message ?? `Merged in ${pr.source.branch} (pull request #${pr.id})\n\n${pr.title}`;
    let result: string;
    if (options.strategy.includes('fast_forward') && options.strategy !== 'squash_fast_forward') {
      if (!this.isAncestor(repo, destinationHead, sourceHead))
        throw new BitbucketError(400, 'Unable to fast-forward: the destination branch has moved past the source branch.');
      result = sourceHead;
    } else {
      const parents = options.strategy.startsWith('squash') ? [destinationHead] : [destinationHead, sourceHead];
      result = this.addCommit(repo, { message, parents, seed: `${repo.uuid}:merge:${pr.id}:${options.strategy}` }).hash;
    }
    repo.branches.set(pr.destination.branch, result);
    pr.state = 'MERGED';
    pr.mergeCommit = result;
    pr.closedByUuid = braced(options.byUuid);
    if (options.closeSourceBranch ?? pr.closeSourceBranch) {
      pr.closeSourceBranch = true;
      if (pr.source.branch !== repo.mainBranch) repo.branches.delete(pr.source.branch);
    }
    this.touch(pr);
    pr.activities.push({ action: 'MERGED', userUuid: pr.closedByUuid, createdOn: pr.updatedOn });
  }

  // --- build statuses ------------------------------------------------------------------------

  /** Adds or replaces the status of `key` on `commit` (one per key, as Bitbucket keeps them). */
  setStatus(
    repo: Repository,
    status: Omit<BuildStatus, 'createdOn' | 'updatedOn' | 'name' | 'url' | 'description' | 'refname'> &
      Partial<Pick<BuildStatus, 'name' | 'url' | 'description' | 'refname'>>,
  ): BuildStatus {
    const now = this.now();
    const existing = repo.statuses.find((s) => s.commit === status.commit && s.key === status.key);
    const full: BuildStatus = {
      name: status.name ?? status.key,
      url: status.url ?? `https://ci.example.com/${status.key}`,
      description: status.description ?? '',
      refname: status.refname ?? null,
      ...status,
      createdOn: existing?.createdOn ?? now,
      updatedOn: now,
    };
    if (existing) repo.statuses.splice(repo.statuses.indexOf(existing), 1, full);
    else repo.statuses.push(full);
    return full;
  }

  statusesOf(repo: Repository, commit: string): BuildStatus[] {
    return repo.statuses.filter((s) => s.commit === commit);
  }

  // --- pipelines -----------------------------------------------------------------------------

  addPipeline(repo: Repository, spec: NewPipeline): Pipeline {
    const commit = spec.commit ?? repo.branches.get(spec.refName);
    if (!commit) throw new BitbucketError(400, `Branch or tag ${spec.refName} does not exist.`);
    const steps = spec.steps ?? [
      { name: 'Build', log: buildLog('npm ci', 'npm run build') },
      { name: 'Test', log: buildLog('npm test') },
    ];
    const pipeline: Pipeline = {
      uuid: braced(randomUUID()),
      buildNumber: repo.nextBuildNumber++,
      creatorUuid: braced(spec.creatorUuid),
      refType: spec.refType ?? 'branch',
      refName: spec.refName,
      commit,
      selector: spec.custom
        ? { type: 'custom', pattern: spec.custom }
        : spec.refName
          ? { type: 'branches', pattern: spec.refName }
          : { type: 'default', pattern: 'default' },
      variables: (spec.variables ?? []).map((v) => ({ key: v.key, value: v.value, secured: v.secured ?? false })),
      trigger: spec.trigger ?? 'MANUAL',
      createdOn: spec.createdOn ?? this.now(),
      pendingMs: spec.pendingMs ?? 1_000,
      steps: steps.map((s) => ({
        uuid: braced(randomUUID()),
        name: s.name,
        durationMs: s.durationMs ?? DEFAULT_STEP_MS,
        outcome: s.outcome ?? 'SUCCESSFUL',
        log: s.log ?? buildLog(`echo ${s.name}`),
        manual: s.manual ?? false,
        triggeredAt: null,
      })),
      stoppedAt: spec.stoppedAt ?? null,
    };
    repo.pipelines.push(pipeline);
    return pipeline;
  }

  /** A pipeline by `{uuid}` (braces optional in the lookup) or build number. */
  pipeline(repo: Repository, id: string): Pipeline | undefined {
    if (/^\d+$/.test(id)) return repo.pipelines.find((p) => p.buildNumber === Number(id));
    return repo.pipelines.find((p) => p.uuid === braced(id));
  }
}

/** A plausible build log: each command echoed and a few lines of output. */
export function buildLog(...commands: string[]): string[] {
  const lines: string[] = ['+ umask 000', '+ git clone --branch="main" --depth 50 $BITBUCKET_GIT_HTTP_ORIGIN $BUILD_DIR'];
  for (const command of commands) {
    lines.push(`+ ${command}`);
    for (let i = 1; i <= 4; i++) lines.push(`${command.split(' ')[0]}: step ${i} of 4 done`);
  }
  return lines;
}
