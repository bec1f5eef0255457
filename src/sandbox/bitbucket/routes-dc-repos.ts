/**
 * Bitbucket Data Center projects, repositories, branches (the core branch list and default branch,
 * creation and deletion through `/rest/branch-utils/1.0`), users, pull-request settings and build
 * statuses (`/rest/build-status/1.0`, not repository-scoped). `application-properties` and
 * `users/{slug}` are identity routes (../identity.ts).
 */
import type { Router } from '../router.js';
import type { SandboxRequest } from '../types.js';
import { dcBranchJson, dcProjectJson, dcRepositoryJson, dcStatusJson, dcUserJson, type DcView } from './dc-json.js';
import { actorOf, addDc, bodyObject, dcPage, dcRepo, str, who } from './route-kit.js';
import { BitbucketError, type BitbucketStore, type BuildState, type Repository } from './store.js';

export function dcViewOf(store: BitbucketStore, request: SandboxRequest): DcView {
  return { store, base: request.baseUrl, actor: who(request).username ?? 'user' };
}

const REPO = '/rest/api/1.0/projects/{projectKey}/repos/{repositorySlug}';
const BRANCH_UTILS = '/rest/branch-utils/1.0/projects/{projectKey}/repos/{repositorySlug}/branches';

export const DC_STRATEGIES: ReadonlyArray<{ id: string; name: string; description: string }> = [
  { id: 'no-ff', name: 'Merge commit', description: 'Always create a new merge commit' },
  { id: 'ff', name: 'Fast-forward', description: 'Fast-forward if possible, otherwise create a merge commit' },
  { id: 'ff-only', name: 'Fast-forward only', description: 'Only fast-forward' },
  { id: 'squash', name: 'Squash', description: 'Combine all commits into one new non-merge commit' },
  {
    id: 'squash-ff-only',
    name: 'Squash, fast-forward only',
    description: 'Combine all commits into one, only if fast-forward is possible',
  },
  { id: 'rebase-no-ff', name: 'Rebase and merge', description: 'Rebase commits and create a merge commit' },
  { id: 'rebase-ff-only', name: 'Rebase and fast-forward', description: 'Rebase commits and fast-forward' },
];

function visibleProjects(store: BitbucketStore, request: SandboxRequest) {
  const own = who(request).workspace;
  return store.projects.filter((p) => p.host === 'dc' && (!own || p.key.toLowerCase() === own.toLowerCase()));
}

function requireProject(store: BitbucketStore, request: SandboxRequest) {
  const key = request.params.projectKey ?? '';
  const project = visibleProjects(store, request).find((p) => p.key.toLowerCase() === key.toLowerCase());
  if (!project)
    throw new BitbucketError(404, `Project ${key} does not exist.`, {
      exceptionName: 'com.atlassian.bitbucket.project.NoSuchProjectException',
    });
  return project;
}

const byName = (a: Repository, b: Repository) => a.name.localeCompare(b.name);

/** A ref as clients send it (`refs/heads/x` or `x`) to a branch name. */
export const branchName = (ref: string) => ref.replace(/^refs\/heads\//, '');

export function registerDcRepoRoutes(router: Router, store: BitbucketStore): void {
  const view = (r: SandboxRequest) => dcViewOf(store, r);
  addDc(router, 'GET', '/rest/api/1.0/projects', (r) => {
    const name = r.query.get('name')?.toLowerCase();
    const projects = visibleProjects(store, r).filter((p) => !name || p.name.toLowerCase().includes(name));
    return dcPage(r, projects, (p) => dcProjectJson(view(r), p));
  });
  addDc(router, 'GET', '/rest/api/1.0/projects/{projectKey}', (r) => ({
    status: 200,
    body: dcProjectJson(view(r), requireProject(store, r)),
  }));
  addDc(router, 'GET', '/rest/api/1.0/projects/{projectKey}/repos', (r) => {
    const project = requireProject(store, r);
    return dcPage(r, store.repositories('dc', project.key).sort(byName), (repo) => dcRepositoryJson(view(r), repo));
  });
  addDc(router, 'GET', '/rest/api/1.0/repos', (r) => {
    const name = r.query.get('name')?.toLowerCase();
    const projectName = r.query.get('projectname')?.toLowerCase();
    const projects = visibleProjects(store, r);
    const repos = projects
      .filter((p) => !projectName || p.name.toLowerCase().includes(projectName) || p.key.toLowerCase() === projectName)
      .flatMap((p) => store.repositories('dc', p.key))
      .filter((repo) => !name || repo.name.toLowerCase().includes(name))
      .sort((a, b) => a.owner.localeCompare(b.owner) || byName(a, b));
    return dcPage(r, repos, (repo) => dcRepositoryJson(view(r), repo));
  });
  addDc(router, 'POST', '/rest/api/1.0/projects/{projectKey}/repos', (r) => {
    const project = requireProject(store, r);
    const body = bodyObject(r);
    const name = str(body.name)?.trim();
    if (!name) throw new BitbucketError(400, 'The repository name is required.', { context: 'name' });
    if (body.scmId !== undefined && body.scmId !== 'git')
      throw new BitbucketError(400, 'Only git repositories are supported.', { context: 'scmId' });
    const slug = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
    if (store.repository('dc', project.key, slug))
      throw new BitbucketError(409, 'This repository URL is already taken.', {
        context: 'name',
        exceptionName: 'com.atlassian.bitbucket.repository.DuplicateRepositoryNameException',
      });
    const repo = store.addRepository({
      host: 'dc',
      owner: project.key,
      slug,
      name,
      description: str(body.description) ?? '',
      isPrivate: body.public !== true,
      projectKey: project.key,
      mainBranch: branchName(str(body.defaultBranch) ?? 'main'),
      initialCommit: false,
    });
    return { status: 201, body: dcRepositoryJson(view(r), repo) };
  });
  addDc(router, 'GET', REPO, (r) => ({ status: 200, body: dcRepositoryJson(view(r), dcRepo(store, r)) }));

  addDc(router, 'GET', `${REPO}/branches`, (r) => {
    const repo = dcRepo(store, r);
    const filter = r.query.get('filterText')?.toLowerCase();
    const names = [...repo.branches.keys()].filter((n) => !filter || n.toLowerCase().includes(filter));
    if (r.query.get('orderBy') === 'ALPHABETICAL') names.sort((a, b) => a.localeCompare(b));
    else {
      // MODIFICATION (the default): the most recently changed first.
      const date = (n: string) => repo.commits.get(repo.branches.get(n)!)?.date ?? 0;
      names.sort((a, b) => date(b) - date(a) || a.localeCompare(b));
    }
    return dcPage(r, names, (n) => dcBranchJson(repo, n));
  });
  const defaultBranch = (r: SandboxRequest) => {
    const repo = dcRepo(store, r);
    if (!repo.branches.has(repo.mainBranch))
      throw new BitbucketError(404, 'The repository has no default branch yet.', {
        exceptionName: 'com.atlassian.bitbucket.repository.NoDefaultBranchException',
      });
    return { status: 200, body: dcBranchJson(repo, repo.mainBranch) };
  };
  addDc(router, 'GET', `${REPO}/branches/default`, defaultBranch);
  addDc(router, 'GET', `${REPO}/default-branch`, defaultBranch);
  const createBranch = (r: SandboxRequest) => {
    const repo = dcRepo(store, r);
    const body = bodyObject(r);
    const name = str(body.name);
    const startPoint = str(body.startPoint);
    if (!name) throw new BitbucketError(400, 'A branch name is required.', { context: 'name' });
    if (!startPoint) throw new BitbucketError(400, 'A start point is required.', { context: 'startPoint' });
    const branch = branchName(name);
    if (repo.branches.has(branch))
      throw new BitbucketError(409, `Branch '${branch}' already exists in repository '${repo.slug}'.`, {
        exceptionName: 'com.atlassian.bitbucket.repository.DuplicateRefException',
      });
    const hash = store.resolveCommit(repo, startPoint);
    if (!hash)
      throw new BitbucketError(400, `'${startPoint}' is not a branch or commit in repository '${repo.slug}'.`, {
        exceptionName: 'com.atlassian.bitbucket.commit.NoSuchCommitException',
      });
    store.createBranch(repo, branch, hash);
    return { status: 200, body: dcBranchJson(repo, branch) };
  };
  addDc(router, 'POST', `${REPO}/branches`, createBranch);
  addDc(router, 'POST', BRANCH_UTILS, createBranch);
  addDc(router, 'DELETE', BRANCH_UTILS, (r) => {
    const repo = dcRepo(store, r);
    const body = bodyObject(r);
    const name = branchName(str(body.name) ?? '');
    const hash = repo.branches.get(name);
    if (!hash)
      throw new BitbucketError(404, `Branch '${name}' does not exist in repository '${repo.slug}'.`, {
        exceptionName: 'com.atlassian.bitbucket.repository.NoSuchBranchException',
      });
    const endPoint = str(body.endPoint);
    // endPoint guards against deleting a branch someone moved since it was read.
    if (endPoint && !hash.startsWith(endPoint))
      throw new BitbucketError(409, `Branch '${name}' has moved: it is at ${hash}, not ${endPoint}.`, {
        exceptionName: 'com.atlassian.bitbucket.repository.RefOutOfDateException',
      });
    if (name === repo.mainBranch) throw new BitbucketError(400, 'The default branch cannot be deleted.');
    if (body.dryRun !== true) store.deleteBranch(repo, name);
    return { status: 204 };
  });

  addDc(router, 'GET', '/rest/api/1.0/users', (r) => {
    const filter = r.query.get('filter')?.toLowerCase();
    const users = store.users.filter(
      (u) => u.email !== '' && (!filter || [u.name, u.displayName, u.email].some((x) => x.toLowerCase().includes(filter))),
    );
    return dcPage(r, users, (u) => dcUserJson(view(r), u));
  });
  addDc(router, 'GET', `${REPO}/settings/pull-requests`, (r) => {
    dcRepo(store, r);
    const strategy = (s: (typeof DC_STRATEGIES)[number]) => ({ ...s, enabled: true, flag: s.id === 'no-ff' ? '--no-ff' : '' });
    return {
      status: 200,
      body: {
        mergeConfig: { defaultStrategy: strategy(DC_STRATEGIES[0]!), strategies: DC_STRATEGIES.map(strategy), type: 'DEFAULT' },
        requiredAllApprovers: false,
        requiredAllTasksComplete: false,
        requiredApprovers: 0,
        requiredSuccessfulBuilds: 1,
      },
    };
  });

  // --- build statuses ---------------------------------------------------------------------
  const dcRepos = () => store.projects.filter((p) => p.host === 'dc').flatMap((p) => store.repositories('dc', p.key));
  const statusesOf = (sha: string) => dcRepos().flatMap((repo) => store.statusesOf(repo, sha));
  const stats = (sha: string) => {
    const all = statusesOf(sha);
    const count = (...states: string[]) => all.filter((s) => states.includes(s.state)).length;
    return {
      successful: count('SUCCESSFUL'),
      failed: count('FAILED'),
      inProgress: count('INPROGRESS'),
      cancelled: count('CANCELLED', 'STOPPED'),
      unknown: count('UNKNOWN'),
    };
  };
  addDc(router, 'GET', '/rest/build-status/1.0/commits/{commitId}', (r) => {
    const newestFirst = statusesOf(r.params.commitId ?? '').sort((a, b) => b.updatedOn - a.updatedOn);
    return dcPage(r, newestFirst, dcStatusJson);
  });
  addDc(router, 'POST', '/rest/build-status/1.0/commits/{commitId}', (r) => {
    const sha = r.params.commitId ?? '';
    const body = bodyObject(r);
    const state = str(body.state);
    const key = str(body.key);
    const url = str(body.url);
    if (!state || !['SUCCESSFUL', 'FAILED', 'INPROGRESS', 'CANCELLED', 'UNKNOWN'].includes(state))
      throw new BitbucketError(400, 'state must be one of SUCCESSFUL, FAILED, INPROGRESS, CANCELLED, UNKNOWN.', { context: 'state' });
    if (!key) throw new BitbucketError(400, 'key is required.', { context: 'key' });
    if (!url) throw new BitbucketError(400, 'url is required.', { context: 'url' });
    const repo = dcRepos().find((candidate) => candidate.commits.has(sha)) ?? dcRepos()[0];
    if (!repo) throw new BitbucketError(400, 'No repository holds this commit.');
    store.setStatus(repo, {
      commit: sha,
      key,
      state: state as BuildState,
      url,
      ...(str(body.name) ? { name: str(body.name) } : {}),
      ...(str(body.description) ? { description: str(body.description) } : {}),
    });
    actorOf(store, r);
    return { status: 204 };
  });
  addDc(router, 'GET', '/rest/build-status/1.0/commits/stats/{commitId}', (r) => ({ status: 200, body: stats(r.params.commitId ?? '') }));
  addDc(router, 'POST', '/rest/build-status/1.0/commits/stats', (r) => {
    if (!Array.isArray(r.body) || !r.body.every((x) => typeof x === 'string'))
      throw new BitbucketError(400, 'Send a JSON array of commit ids.');
    return { status: 200, body: Object.fromEntries((r.body as string[]).map((sha) => [sha, stats(sha)])) };
  });
}
