/**
 * The Bitbucket demo data: a Cloud workspace and a Data Center project, each with two
 * repositories holding branches and pull requests in every state (reviewers, approvals, changes
 * requested, comments inline and general, a draft, one with conflicts), build statuses (one
 * failed), and on Cloud pipelines (one successful with logs, one failed, one running in real
 * time); plus one repository per flavour with 1,050 pull requests for paging.
 *
 * Commit hashes are derived from names (store.hashOf), so they are the same on every start.
 */
import type { SandboxCredentials } from '../auth.js';
import { type BbUser, type BitbucketStore, buildLog, type Host, type Repository } from './store.js';

export const DEMO_WORKSPACE_UUID = '{4c8a1f2e-7b3d-4e9a-a6c5-1d2e3f4a5b6c}';
export const DEMO_PROJECT_KEY = 'DEMO';
export const BULK_PULL_REQUESTS = 1050;

export interface SeedPeople {
  me: BbUser;
  alice: BbUser;
  bob: BbUser;
  carol: BbUser;
}

/** The users every start has: the Cloud API token's account, the Data Center user, and colleagues. */
export function seedUsers(store: BitbucketStore, credentials: SandboxCredentials): { cloud: SeedPeople; dc: SeedPeople } {
  const bb = credentials.bitbucket;
  const cloudMe = store.addUser({
    uuid: bb.uuid,
    accountId: bb.accountId,
    name: bb.username,
    nickname: bb.username,
    displayName: bb.displayName,
    email: bb.email,
  });
  const dc = credentials.bitbucketDatacenter;
  const dcMe =
    store.userByName(dc.username) ??
    store.addUser({ name: dc.username, displayName: dc.displayName, email: dc.email ?? undefined, dcId: dc.userId });
  const bot = credentials.bitbucketDatacenterAccessToken;
  // The project access token's bot user: no e-mail address, which is why such tokens cannot merge.
  store.addUser({ name: bot.username, displayName: bot.displayName, email: '', dcId: bot.userId });
  const colleague = (name: string, displayName: string, uuid: string) =>
    store.addUser({
      name,
      displayName,
      uuid,
      accountId: `5f0c${uuid.replace(/[^0-9a-f]/g, '').slice(0, 20)}`,
      dcId: 200 + store.users.length,
    });
  const alice = colleague('alice', 'Alice Reviewer', '{a11ce000-0000-4000-8000-000000000001}');
  const bob = colleague('bob', 'Bob Builder', '{b0b00000-0000-4000-8000-000000000002}');
  const carol = colleague('carol', 'Carol Chen', '{ca201000-0000-4000-8000-000000000003}');
  return { cloud: { me: cloudMe, alice, bob, carol }, dc: { me: dcMe, alice, bob, carol } };
}

const LOGIN_DIFF = `diff --git a/src/login.ts b/src/login.ts
index 3b18e51..a1c2d3e 100644
--- a/src/login.ts
+++ b/src/login.ts
@@ -1,7 +1,9 @@
 import { session } from './session';
 
-export function login(user: string) {
-  return session.start(user);
+export function login(user: string, remember = false) {
+  const started = session.start(user);
+  if (remember) session.persist(started);
+  return started;
 }
 
 export function logout() {
diff --git a/docs/login.md b/docs/login.md
new file mode 100644
index 0000000..5d1e2f3
--- /dev/null
+++ b/docs/login.md
@@ -0,0 +1,3 @@
+# Login
+
+Pass \`remember\` to keep the session across restarts.
`;

const SEARCH_DIFF = `diff --git a/src/search.ts b/src/search.ts
index 1a2b3c4..4d5e6f7 100644
--- a/src/search.ts
+++ b/src/search.ts
@@ -3,6 +3,7 @@ import { index } from './index';
 export function search(query: string) {
-  return index.find(query);
+  const terms = query.trim().split(/\\s+/);
+  return index.findAll(terms);
 }
 
 export const MAX_RESULTS = 50;
`;

const CRASH_DIFF = `diff --git a/src/app.ts b/src/app.ts
index 9f8e7d6..c5b4a39 100644
--- a/src/app.ts
+++ b/src/app.ts
@@ -10,4 +10,4 @@ export function start() {
   const config = loadConfig();
-  run(config.entry);
+  run(config.entry ?? 'index');
 }
`;

const RENAME_DIFF = `diff --git a/README.txt b/README.md
similarity index 90%
rename from README.txt
rename to README.md
index 1111111..2222222 100644
--- a/README.txt
+++ b/README.md
@@ -1,2 +1,2 @@
-Demo app
+# Demo app
 A small demo repository.
`;

/** Commits along main and a branch off it; returns the branch head. */
function branchOff(store: BitbucketStore, repo: Repository, name: string, messages: string[], from = repo.mainBranch): string {
  let head = repo.branches.get(from)!;
  for (const [i, message] of messages.entries()) {
    head = store.addCommit(repo, {
      message,
      parents: [head],
      seed: `${repo.owner}/${repo.slug}:${name}:${i}`,
      date: store.now() - (messages.length - i) * 3_600_000,
    }).hash;
  }
  repo.branches.set(name, head);
  return head;
}

/** A repository with the demo's branches, pull requests in each state, comments and statuses. */
function seedProductRepository(
  store: BitbucketStore,
  host: Host,
  owner: string,
  slug: string,
  people: SeedPeople,
  projectKey: string,
): Repository {
  const repo = store.addRepository({
    host,
    owner,
    slug,
    name: slug,
    description: `The ${slug} demo repository`,
    projectKey,
    language: 'typescript',
  });
  branchOff(store, repo, repo.mainBranch, ['Add the app skeleton', 'Add login and search', 'Configure CI']);
  const day = 86_400_000;
  const now = store.now();
  const login = branchOff(store, repo, 'feature/login', ['Remember the session', 'Document login']);
  const search = branchOff(store, repo, 'feature/search', ['Search by terms']);
  branchOff(store, repo, 'bugfix/crash', ['Default the entry point']);
  branchOff(store, repo, 'feature/readme', ['Rename the README']);
  branchOff(store, repo, 'experiment/cache', ['Try a cache']);
  branchOff(store, repo, 'feature/draft-ideas', ['Sketch ideas']);

  const pr1 = store.addPullRequest(repo, {
    title: 'Remember the login session',
    description: 'Adds a **remember me** option to `login`.\n\n- keeps the session\n- documents it',
    source: 'feature/login',
    authorUuid: people.me.uuid,
    reviewers: [people.alice.uuid, people.bob.uuid],
    diff: LOGIN_DIFF,
    createdOn: now - 3 * day,
  });
  store.review(pr1, people.alice.uuid, 'approved');
  const general = store.addComment(repo, pr1, { authorUuid: people.alice.uuid, raw: 'Looks good to me.', createdOn: now - 2 * day });
  store.addComment(repo, pr1, { authorUuid: people.me.uuid, raw: 'Thanks!', parentId: general.id, createdOn: now - 2 * day + 60_000 });
  store.addComment(repo, pr1, {
    authorUuid: people.bob.uuid,
    raw: 'Should `remember` default to true?',
    inline: { path: 'src/login.ts', from: null, to: 4 },
    createdOn: now - day,
  });
  store.addComment(repo, pr1, { authorUuid: people.bob.uuid, raw: 'Add a test for persist()', severity: 'BLOCKER', createdOn: now - day });
  store.setStatus(repo, { commit: login, key: 'ci-build', name: 'CI build', state: 'SUCCESSFUL', refname: 'feature/login' });

  const pr2 = store.addPullRequest(repo, {
    title: 'Search by several terms',
    description: 'Splits the query into terms.',
    source: 'feature/search',
    authorUuid: people.alice.uuid,
    reviewers: [people.me.uuid, people.carol.uuid],
    diff: SEARCH_DIFF,
    createdOn: now - 2 * day,
  });
  store.review(pr2, people.carol.uuid, 'changes_requested');
  store.setStatus(repo, {
    commit: search,
    key: 'ci-build',
    name: 'CI build',
    state: 'FAILED',
    refname: 'feature/search',
    description: '3 tests failed',
  });
  store.setStatus(repo, { commit: search, key: 'lint', name: 'Lint', state: 'SUCCESSFUL', refname: 'feature/search' });

  const pr3 = store.addPullRequest(repo, {
    title: 'Fix the crash without an entry point',
    source: 'bugfix/crash',
    authorUuid: people.bob.uuid,
    reviewers: [people.me.uuid],
    conflicted: true,
    diff: CRASH_DIFF,
    createdOn: now - day,
  });
  store.setStatus(repo, { commit: pr3.source.hash, key: 'ci-build', name: 'CI build', state: 'INPROGRESS', refname: 'bugfix/crash' });

  const pr4 = store.addPullRequest(repo, {
    title: 'Rename the README to Markdown',
    source: 'feature/readme',
    authorUuid: people.me.uuid,
    reviewers: [people.alice.uuid],
    diff: RENAME_DIFF,
    createdOn: now - 10 * day,
  });
  store.review(pr4, people.alice.uuid, 'approved');
  store.merge(repo, pr4, { byUuid: people.me.uuid, strategy: 'merge_commit' });

  const pr5 = store.addPullRequest(repo, {
    title: 'Cache search results',
    source: 'experiment/cache',
    authorUuid: people.carol.uuid,
    createdOn: now - 8 * day,
  });
  store.decline(pr5, people.me.uuid, 'Not needed yet');

  store.addPullRequest(repo, {
    title: 'Draft: ideas for the next release',
    source: 'feature/draft-ideas',
    authorUuid: people.me.uuid,
    draft: true,
    createdOn: now - 3_600_000,
  });
  return repo;
}

/** The 1,050 pull requests of the paging repository. */
function seedBulkRepository(store: BitbucketStore, host: Host, owner: string, projectKey: string, author: BbUser): Repository {
  const repo = store.addRepository({
    host,
    owner,
    slug: 'bulk-prs',
    name: 'bulk-prs',
    description: 'Many pull requests, for paging',
    projectKey,
  });
  store.seedPullRequests(repo, BULK_PULL_REQUESTS, { authorUuid: author.uuid });
  return repo;
}

function seedPipelines(store: BitbucketStore, repo: Repository, people: SeedPeople): void {
  const hour = 3_600_000;
  const now = store.now();
  store.addPipeline(repo, {
    refName: repo.mainBranch,
    creatorUuid: people.me.uuid,
    trigger: 'PUSH',
    createdOn: now - 5 * hour,
    steps: [
      { name: 'Build', durationMs: 95_000, log: buildLog('npm ci', 'npm run build') },
      { name: 'Test', durationMs: 180_000, log: buildLog('npm test') },
    ],
  });
  store.addPipeline(repo, {
    refName: 'feature/search',
    creatorUuid: people.alice.uuid,
    trigger: 'PUSH',
    createdOn: now - 2 * hour,
    steps: [
      { name: 'Build', durationMs: 90_000, log: buildLog('npm ci', 'npm run build') },
      { name: 'Test', durationMs: 120_000, outcome: 'FAILED', log: [...buildLog('npm test'), 'FAIL src/search.test.ts', '3 tests failed'] },
      { name: 'Deploy', durationMs: 60_000, log: buildLog('./deploy.sh') },
    ],
  });
  // Runs on the real clock: ten minutes of steps from the sandbox's start, so the demo sees it move.
  store.addPipeline(repo, {
    refName: 'feature/login',
    creatorUuid: people.me.uuid,
    trigger: 'PUSH',
    createdOn: now,
    // Running from the first moment: a pending second at the start made a listing right after start flaky.
    pendingMs: 0,
    steps: [
      { name: 'Build', durationMs: 120_000, log: buildLog('npm ci', 'npm run build') },
      { name: 'Test', durationMs: 480_000, log: buildLog('npm test', 'npm run e2e') },
    ],
  });
  store.addPipeline(repo, {
    refName: repo.mainBranch,
    creatorUuid: people.me.uuid,
    custom: 'deploy-production',
    createdOn: now - hour,
    steps: [
      { name: 'Build', durationMs: 60_000, log: buildLog('npm run build') },
      { name: 'Deploy to production', durationMs: 60_000, manual: true, log: buildLog('./deploy.sh production') },
    ],
  });
}

/** The demo data (`seed: 'demo'`). With `seed: 'empty'` only the users, workspace and project exist. */
export function seedDemo(store: BitbucketStore, credentials: SandboxCredentials, options: { demo: boolean }): void {
  const people = seedUsers(store, credentials);
  const workspace = credentials.bitbucketAccessToken.workspace;
  store.addWorkspace(workspace, 'Demo Workspace', DEMO_WORKSPACE_UUID);
  store.addProject('cloud', 'PROJ', 'Demo Project', { workspace });
  store.addProject('dc', DEMO_PROJECT_KEY, 'Demo Project', { description: 'The Data Center demo project' });
  if (!options.demo) return;
  const app = seedProductRepository(store, 'cloud', workspace, 'demo-app', people.cloud, 'PROJ');
  app.asyncMerge = false;
  const lib = seedProductRepository(store, 'cloud', workspace, 'demo-lib', people.cloud, 'PROJ');
  // Big merges on Bitbucket Cloud answer 202 and a task to poll; this repository always does.
  lib.asyncMerge = true;
  seedPipelines(store, app, people.cloud);
  seedBulkRepository(store, 'cloud', workspace, 'PROJ', people.cloud.me);

  seedProductRepository(store, 'dc', DEMO_PROJECT_KEY, 'demo-service', people.dc, DEMO_PROJECT_KEY);
  seedProductRepository(store, 'dc', DEMO_PROJECT_KEY, 'demo-web', people.dc, DEMO_PROJECT_KEY);
  seedBulkRepository(store, 'dc', DEMO_PROJECT_KEY, DEMO_PROJECT_KEY, people.dc.me);
}
