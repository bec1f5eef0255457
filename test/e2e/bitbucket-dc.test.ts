// atl bitbucket on Bitbucket Data Center, end to end against the sandbox's /dc-bitbucket: a personal
// access token stored by `atl auth login --bitbucket --site URL --bearer`. Each command once; and a
// login from the environment alone (ATL_BITBUCKET_URL + ATL_BITBUCKET_TOKEN), as CI has it.
import { expect, test } from 'vitest';
import { bitbucketE2e } from './bitbucket-support.js';

const e2e = await bitbucketE2e();
const WEB = 'DEMO/demo-web';
const SERVICE = 'DEMO/demo-service';
const repoOf = (slug: string) => e2e.store.requireRepository('dc', 'DEMO', slug);
const dcUser = e2e.sandbox.credentials.bitbucketDatacenter;

test('whoami by X-AUSERNAME; repo list, view, create', async () => {
  const who = await e2e.atl('dc', ['bb', 'whoami']);
  expect(who.code, who.stderr).toBe(0);
  expect(who.stdout).toBe('Demo User (demo)\ndeployment: Bitbucket Data Center\ntoken: token (HTTP access token or PAT)\n');
  const list = await e2e.atl('dc', ['bb', 'repo', 'list', '--project', 'DEMO', '--json']);
  expect((JSON.parse(list.stdout) as Array<{ slug: string }>).map((r) => r.slug).sort()).toEqual(['bulk-prs', 'demo-service', 'demo-web']);
  const view = await e2e.atl('dc', ['bb', 'repo', 'view', WEB]);
  expect(view.stdout).toContain(`clone (https): ${e2e.sandbox.bitbucketDcUrl}/scm/demo/demo-web.git`);
  const create = await e2e.atl('dc', ['bb', 'repo', 'create', 'tools', '--project', 'DEMO', '--description', 'Build tools']);
  expect(create.code, create.stderr).toBe(0);
  expect(e2e.store.repository('dc', 'DEMO', 'tools')?.description).toBe('Build tools');
});

test('pr list with build states; pr view with conflicts; pr diff --name-only', async () => {
  const list = await e2e.atl('dc', ['bb', 'pr', 'list', '--repo', WEB]);
  expect(list.code, list.stderr).toBe(0);
  expect(list.stdout).toMatch(/#2\tSearch by several terms\tAlice Reviewer\tfeature\/search → main\t0\tfailed\t/);
  const view = await e2e.atl('dc', ['bb', 'pr', 'view', '3', '--repo', WEB]);
  expect(view.stdout).toContain('conflicts: (the merge has conflicts)');
  const names = await e2e.atl('dc', ['bb', 'pr', 'diff', '1', '--name-only', '--repo', WEB]);
  expect(names.stdout).toBe('src/login.ts\ndocs/login.md\n');
});

test('pr merge: a failed build blocks it; a clean one merges and deletes the source branch', async () => {
  const blocked = await e2e.atl('dc', ['bb', 'pr', 'merge', '2', '--force', '--repo', WEB]);
  expect(blocked.code).toBe(1);
  expect(blocked.stderr).toContain('error: Bitbucket will not merge #2: Not all required builds are successful yet');
  expect(blocked.stderr).toContain("hint: these are the repository's merge checks; --force cannot override them");
  const merged = await e2e.atl('dc', ['bb', 'pr', 'merge', '1', '--strategy', 'squash', '--close-source-branch', '--repo', WEB]);
  expect(merged.code, merged.stderr).toBe(0);
  expect(merged.stdout).toBe('merged #1 Remember the login session into main\ndeleted branch feature/login\n');
  expect(repoOf('demo-web').pullRequests[0]!.state).toBe('MERGED');
  expect(repoOf('demo-web').branches.has('feature/login')).toBe(false);
});

test('pr edit sends the version it read; a change made meanwhile is reported, not overwritten', async () => {
  const pr = repoOf('demo-service').pullRequests[2]!;
  const path = `/dc-bitbucket/rest/api/1.0/projects/DEMO/repos/demo-service/pull-requests/3`;
  e2e.sandbox.faults.add({ path, method: 'PUT', type: 'delay', ms: 1500 });
  const seen = e2e.sandbox.requests.length;
  const running = e2e.atl('dc', ['bb', 'pr', 'edit', '3', '--title', 'Mine', '--repo', SERVICE]);
  // Someone else edits it while atl's PUT is on its way.
  while (!e2e.sandbox.requests.slice(seen).some((r) => r.method === 'GET' && r.path === path)) await new Promise((r) => setTimeout(r, 50));
  const version = pr.version;
  pr.title = 'Theirs';
  pr.version += 1;
  const edit = await running;
  expect(edit.code).toBe(1);
  expect(edit.stderr).toContain(`error: pull request #3 changed since it was read (version ${version} → ${version + 1})`);
  expect(pr.title).toBe('Theirs');
});

test('pr approve, request-changes (needs work), unapprove; comment inline; comments; decline', async () => {
  const pr = repoOf('demo-service').pullRequests[1]!;
  const mine = () => pr.participants.find((p) => e2e.store.user(p.uuid)?.name === dcUser.username)?.state;
  for (const [command, state] of [
    ['approve', 'approved'],
    ['request-changes', 'changes_requested'],
    ['unapprove', null],
  ] as const) {
    const run = await e2e.atl('dc', ['bb', 'pr', command, '2', '--repo', SERVICE]);
    expect(run.code, run.stderr).toBe(0);
    expect(mine()).toBe(state);
  }
  const inline = await e2e.atl('dc', [
    'bb',
    'pr',
    'comment',
    '2',
    'Why findAll?',
    '--file',
    'src/search.ts',
    '--line',
    '5',
    '--repo',
    SERVICE,
  ]);
  expect(inline.code, inline.stderr).toBe(0);
  const comments = await e2e.atl('dc', ['bb', 'pr', 'comments', '2', '--json', '--repo', SERVICE]);
  expect((JSON.parse(comments.stdout) as Array<{ text: string; anchor?: unknown }>).at(-1)).toMatchObject({
    text: 'Why findAll?',
    anchor: { path: 'src/search.ts', line: 5, lineType: 'ADDED' },
  });
  const view = await e2e.atl('dc', ['bb', 'pr', 'view', '2', '--comments', '--json', '--repo', SERVICE]);
  const viewed = JSON.parse(view.stdout) as { id: number; version: number; comments: unknown[] };
  expect(viewed).toMatchObject({ id: 2, version: pr.version });
  expect(viewed.comments).toEqual(JSON.parse(comments.stdout));
  const decline = await e2e.atl('dc', ['bb', 'pr', 'decline', '2', '--yes', '--repo', SERVICE]);
  expect(decline.code, decline.stderr).toBe(0);
  expect(pr.state).toBe('DECLINED');
});

test('branch create, list, delete; pr create from it; build status of a commit', async () => {
  const create = await e2e.atl('dc', ['bb', 'branch', 'create', 'topic/dc', '--from', 'feature/search', '--repo', SERVICE]);
  expect(create.code, create.stderr).toBe(0);
  const pr = await e2e.atl('dc', ['bb', 'pr', 'create', '--source', 'topic/dc', '--title', 'DC', '--reviewer', 'alice', '--repo', SERVICE]);
  expect(pr.code, pr.stderr).toBe(0);
  expect(pr.stdout).toMatch(/^created #7 DC \(topic\/dc → main\)/);
  const list = await e2e.atl('dc', ['bb', 'branch', 'list', '--fields', 'name', '--repo', SERVICE]);
  expect(list.stdout.split('\n')).toContain('topic/dc');
  const remove = await e2e.atl('dc', ['bb', 'branch', 'delete', 'topic/dc', '--yes', '--repo', SERVICE]);
  expect(remove.code, remove.stderr).toBe(0);
  expect(repoOf('demo-service').branches.has('topic/dc')).toBe(false);
  const commit = repoOf('demo-service').branches.get('feature/search')!;
  const status = await e2e.atl('dc', ['bb', 'build', 'status', commit]);
  expect(status.code).toBe(1);
  expect(status.stdout).toMatch(/FAILED\s+ci-build\s+CI build/);
});

test('--all over 1,050 pull requests by start/limit gets each exactly once, through a 502 and a 429 mid-paging', async () => {
  const path = '/dc-bitbucket/rest/api/1.0/projects/DEMO/repos/bulk-prs/pull-requests';
  e2e.sandbox.faults.add({ path, type: 'status', status: 502, after: 2 });
  e2e.sandbox.faults.add({ path, type: 'status', status: 429, retryAfter: 1, after: 6 });
  const all = await e2e.atl('dc', ['bb', 'pr', 'list', '--all', '--state', 'all', '--json', '--repo', 'DEMO/bulk-prs']);
  expect(all.code, all.stderr).toBe(0);
  const ids = (JSON.parse(all.stdout) as Array<{ id: number }>).map((pr) => pr.id);
  expect(ids).toHaveLength(1050);
  expect(new Set(ids).size).toBe(1050);
  expect(e2e.sandbox.faults.list()).toHaveLength(0);
});

test('no config at all, ATL_BITBUCKET_URL (the DC site) + ATL_BITBUCKET_TOKEN: a PAT works; an HTTP access token may not merge, and is told why', async () => {
  const repo = repoOf('demo-service');
  const branch = 'feature/tidy';
  e2e.store.setBranch(repo, branch, e2e.store.addCommit(repo, { message: 'Tidy up', parents: [repo.branches.get('main')!] }).hash);
  const pr = e2e.store.addPullRequest(repo, { title: 'Tidy up', source: branch, authorUuid: e2e.store.userByName(dcUser.username)!.uuid });
  const dcUrl = e2e.sandbox.bitbucketDcUrl;
  const envOnly = (token: string) => ({
    env: { ATL_CONFIG_DIR: `${e2e.home.home}/no-config`, ATL_BITBUCKET_URL: dcUrl, ATL_BITBUCKET_TOKEN: token },
  });
  const who = await e2e.home.run(['bb', 'whoami'], envOnly(dcUser.token));
  expect(who.code, who.stderr).toBe(0);
  expect(who.stdout).toBe('Demo User (demo)\ndeployment: Bitbucket Data Center\ntoken: token (HTTP access token or PAT)\n');
  // A server of the login's own, not an override of Bitbucket Cloud's API: no notice.
  expect(who.stderr).toBe('');
  const bot = await e2e.home.run(
    ['bb', 'pr', 'merge', String(pr.id), '--repo', SERVICE],
    envOnly(e2e.sandbox.credentials.bitbucketDatacenterAccessToken.token),
  );
  expect(bot.code).toBe(3);
  expect(bot.stderr).toContain(
    'error: Bitbucket refused the merge: bot-demo-access-token is the bot user of a project or repository HTTP access token, and those cannot merge',
  );
  expect(bot.stderr).toContain(
    `hint: merge with a personal access token of your own: create one at ${dcUrl}/plugins/servlet/access-tokens/manage, ` +
      `then \`atl auth login --bitbucket --site ${dcUrl} --bearer --token-stdin\``,
  );
  expect(pr.state).toBe('OPEN');
  const merged = await e2e.home.run(['bb', 'pr', 'merge', String(pr.id), '--repo', SERVICE], envOnly(dcUser.token));
  expect(merged.code, merged.stderr).toBe(0);
  expect(pr.state).toBe('MERGED');
});
