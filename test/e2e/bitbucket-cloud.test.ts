// atl bitbucket on Bitbucket Cloud, end to end against the sandbox: reads with an API token (Basic,
// read scopes), writes with a workspace access token (Bearer). Each command once; the flag and
// layout details are unit tests beside the commands.
import { expect, test } from 'vitest';
import { bitbucketE2e } from './bitbucket-support.js';

const e2e = await bitbucketE2e();
const APP = `${e2e.workspace}/demo-app`;
const LIB = `${e2e.workspace}/demo-lib`;
const repoOf = (slug: string) => e2e.store.requireRepository('cloud', e2e.workspace, slug);

test('whoami: the account behind an API token; the workspace of an access token', async () => {
  const basic = await e2e.atl('cloud', ['bb', 'whoami', '--json']);
  expect(basic.code, basic.stderr).toBe(0);
  expect(JSON.parse(basic.stdout)).toMatchObject({ tokenKind: 'api-token', user: { display_name: 'Demo User' } });
  const bearer = await e2e.atl('bearer', ['bitbucket', 'whoami']);
  expect(bearer.code, bearer.stderr).toBe(0);
  expect(bearer.stdout).toBe(`deployment: Bitbucket Cloud\ntoken: access token\nworkspace: ${e2e.workspace}\n`);
});

test('an old app password: Bitbucket answers 401, atl says it is an app password and how to replace it', async () => {
  const { username, password } = e2e.sandbox.credentials.bitbucketAppPassword;
  const refused = await e2e.atl('cloud', ['bb', 'repo', 'list'], { env: { ATL_BITBUCKET_EMAIL: username, ATL_BITBUCKET_TOKEN: password } });
  expect(refused.code).toBe(3);
  expect(refused.stderr).toContain('(an app password: Bitbucket no longer accepts them)');
  expect(refused.stderr).toMatch(/hint: this is a Bitbucket app password .*create an API token with scopes/);
  expect(refused.stderr).toContain('`atl auth login --bitbucket --email YOUR_ATLASSIAN_EMAIL --token-stdin`');
  // Logging in with it is refused the same way.
  const login = await e2e.atl('cloud', ['auth', 'login', '--bitbucket', '--email', username, '--token-stdin'], {
    input: password,
    env: { ATL_CONFIG_DIR: `${e2e.home.home}/app-password-config` },
  });
  expect(login.code).toBe(3);
  expect(login.stderr).toContain('error: Bitbucket refused the credentials (HTTP 401): an app password, which Bitbucket no longer accepts');
  expect(login.stderr).toMatch(/hint: this is a Bitbucket app password .*create an API token with scopes/);
});

test('repo list (the login workspace), view and create', async () => {
  const list = await e2e.atl('cloud', ['bb', 'repo', 'list', '--json']);
  expect(list.code, list.stderr).toBe(0);
  expect((JSON.parse(list.stdout) as Array<{ full_name: string }>).map((r) => r.full_name).sort()).toEqual([
    `${e2e.workspace}/bulk-prs`,
    APP,
    LIB,
  ]);
  const view = await e2e.atl('cloud', ['bb', 'repo', 'view', APP]);
  expect(view.code, view.stderr).toBe(0);
  expect(view.stdout).toContain('main branch: main');
  expect(view.stdout).toContain(`clone (https): https://bitbucket.org/${APP}.git`);
  const create = await e2e.atl('bearer', ['bb', 'repo', 'create', 'New Site', '--workspace', e2e.workspace, '--private']);
  expect(create.code, create.stderr).toBe(0);
  expect(create.stdout).toContain(`created ${e2e.workspace}/new-site`);
  expect(e2e.store.repository('cloud', e2e.workspace, 'new-site')?.isPrivate).toBe(true);
});

test('pr list: approvals and the build state of each; pr view: reviewers, builds, conflicts, tasks', async () => {
  const list = await e2e.atl('cloud', ['bb', 'pr', 'list', '--repo', APP]);
  expect(list.code, list.stderr).toBe(0);
  expect(list.stdout).toMatch(/#1\tRemember the login session\tDemo User\tfeature\/login → main\t1\tpassed\t/);
  expect(list.stdout).toMatch(/#2\tSearch by several terms\tAlice Reviewer\tfeature\/search → main\t0\tfailed\t/);
  expect(list.stdout).not.toContain('Rename the README');
  const view = await e2e.atl('cloud', ['bb', 'pr', 'view', '3', '--repo', APP]);
  expect(view.code, view.stderr).toBe(0);
  expect(view.stdout).toContain('Bob Builder wants to merge bugfix/crash into main');
  expect(view.stdout).toContain('INPROGRESS  CI build');
  expect(view.stdout).toContain('conflicts: src/app.ts');
});

test('pr diff: the raw diff through the 302, and --stat from the diffstat', async () => {
  const raw = await e2e.atl('cloud', ['bb', 'pr', 'diff', '1', '--repo', APP]);
  expect(raw.code, raw.stderr).toBe(0);
  expect(raw.stdout).toBe(repoOf('demo-app').pullRequests[0]!.diff);
  const stat = await e2e.atl('cloud', ['bb', 'pr', 'diff', '1', '--stat', '--repo', APP]);
  expect(stat.stdout).toBe('src/login.ts   +4 -2\ndocs/login.md  +3 -0\n2 files changed\n');
});

test('pr merge: refused naming the failed build and the requested changes; --force merges', async () => {
  const blocked = await e2e.atl('bearer', ['bb', 'pr', 'merge', '2', '--repo', LIB]);
  expect(blocked.code).toBe(1);
  expect(blocked.stderr).toContain('error: not merging #2: build failed: CI build (FAILED); changes requested by Carol Chen');
  expect(blocked.stderr).toContain('hint: fix that first, or merge anyway with --force');
  expect(repoOf('demo-lib').pullRequests[1]!.state).toBe('OPEN');
  // demo-lib answers merges with 202 and a task to poll, as big merges on Bitbucket Cloud do.
  const forced = await e2e.atl('bearer', ['bb', 'pr', 'merge', '2', '--force', '--strategy', 'squash', '--repo', LIB]);
  expect(forced.code, forced.stderr).toBe(0);
  expect(forced.stdout).toBe('merged #2 Search by several terms into main\n');
  expect(repoOf('demo-lib').pullRequests[1]!.state).toBe('MERGED');
});

test('pr approve, unapprove, request-changes, edit (reviewers kept), decline', async () => {
  const pr = repoOf('demo-lib').pullRequests[0]!;
  const bot = () => pr.participants.find((p) => p.role === 'PARTICIPANT');
  // The second API token only reads: Bitbucket refuses the approval for want of write:pullrequest:bitbucket.
  const readOnly = await e2e.atl('cloud', ['bb', 'pr', 'approve', '1', '--repo', LIB], {
    env: { ATL_BITBUCKET_TOKEN: e2e.sandbox.credentials.bitbucketNoUser.token },
  });
  expect(readOnly.code).toBe(3);
  expect(readOnly.stderr).toContain('lack one or more required privilege scopes');
  for (const [command, state] of [
    ['approve', 'approved'],
    ['unapprove', null],
    ['request-changes', 'changes_requested'],
  ] as const) {
    const run = await e2e.atl('bearer', ['bb', 'pr', command, '1', '--repo', LIB]);
    expect(run.code, run.stderr).toBe(0);
    expect(bot()?.state).toBe(state);
  }
  const edit = await e2e.atl('bearer', ['bb', 'pr', 'edit', '1', '--title', 'Remember the session', '--repo', LIB]);
  expect(edit.code, edit.stderr).toBe(0);
  expect(pr.title).toBe('Remember the session');
  expect(pr.description).toContain('**remember me**');
  expect(pr.participants.filter((p) => p.role === 'REVIEWER')).toHaveLength(2);
  const decline = await e2e.atl('bearer', ['bb', 'pr', 'decline', '6', '--yes', '--repo', LIB]);
  expect(decline.code, decline.stderr).toBe(0);
  expect(repoOf('demo-lib').pullRequests[5]!.state).toBe('DECLINED');
});

test('pr comment inline on a line of the diff, refused outside it; pr comments --json', async () => {
  const inline = await e2e.atl('bearer', [
    'bb',
    'pr',
    'comment',
    '1',
    'Why false?',
    '--file',
    'src/login.ts',
    '--line',
    '4',
    '--repo',
    APP,
  ]);
  expect(inline.code, inline.stderr).toBe(0);
  const outside = await e2e.atl('bearer', ['bb', 'pr', 'comment', '1', 'x', '--file', 'src/login.ts', '--line', '40', '--repo', APP]);
  expect(outside.code).toBe(2);
  expect(outside.stderr).toContain('hint: the diff shows lines 1-9 of src/login.ts');
  const comments = await e2e.atl('cloud', ['bb', 'pr', 'comments', '1', '--json', '--repo', APP]);
  expect(comments.code, comments.stderr).toBe(0);
  const last = (JSON.parse(comments.stdout) as Array<{ content: { raw: string }; inline?: unknown }>).at(-1);
  expect(last).toMatchObject({ content: { raw: 'Why false?' }, inline: { path: 'src/login.ts', to: 4 } });
  const view = await e2e.atl('cloud', ['bb', 'pr', 'view', '1', '--comments', '--json', '--repo', APP]);
  expect(view.code, view.stderr).toBe(0);
  const viewed = JSON.parse(view.stdout) as { id: number; comment_count: number; comments: unknown[] };
  expect(viewed).toMatchObject({ id: 1, comment_count: viewed.comments.length });
  expect(viewed.comments).toEqual(JSON.parse(comments.stdout));
});

test('branch create --from, list, delete; pr create from it', async () => {
  const create = await e2e.atl('bearer', ['bb', 'branch', 'create', 'topic/e2e', '--from', 'feature/search', '--repo', APP]);
  expect(create.code, create.stderr).toBe(0);
  expect(repoOf('demo-app').branches.get('topic/e2e')).toBe(repoOf('demo-app').branches.get('feature/search'));
  const pr = await e2e.atl('bearer', [
    'bb',
    'pr',
    'create',
    '--source',
    'topic/e2e',
    '--title',
    'E2E',
    '--body',
    'From **atl**',
    '--reviewer',
    'alice',
    '--repo',
    APP,
  ]);
  expect(pr.code, pr.stderr).toBe(0);
  expect(pr.stdout).toMatch(/^created #7 E2E \(topic\/e2e → main\)/);
  expect(repoOf('demo-app').pullRequests[6]).toMatchObject({ description: 'From **atl**', participants: [{ role: 'REVIEWER' }] });
  const list = await e2e.atl('cloud', ['bb', 'branch', 'list', '--fields', 'name', '--repo', APP]);
  expect(list.stdout.split('\n')).toContain('topic/e2e');
  const remove = await e2e.atl('bearer', ['bb', 'branch', 'delete', 'topic/e2e', '--yes', '--repo', APP]);
  expect(remove.code, remove.stderr).toBe(0);
  expect(repoOf('demo-app').branches.has('topic/e2e')).toBe(false);
});

test('--all over 1,050 pull requests gets each exactly once, through a 503 and a 429 in the middle of paging', async () => {
  const path = `/2.0/repositories/${e2e.workspace}/bulk-prs/pullrequests`;
  e2e.sandbox.faults.add({ path, type: 'status', status: 503, after: 3 });
  e2e.sandbox.faults.add({ path, type: 'status', status: 429, retryAfter: 1, after: 10 });
  const all = await e2e.atl('cloud', ['bb', 'pr', 'list', '--all', '--state', 'all', '--json', '--repo', `${e2e.workspace}/bulk-prs`]);
  expect(all.code, all.stderr).toBe(0);
  const ids = (JSON.parse(all.stdout) as Array<{ id: number }>).map((pr) => pr.id);
  expect(ids).toHaveLength(1050);
  expect(new Set(ids).size).toBe(1050);
  expect(e2e.sandbox.faults.list()).toHaveLength(0);
});
