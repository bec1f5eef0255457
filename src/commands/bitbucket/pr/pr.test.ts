import { describe, expect, test } from 'vitest';
import { answerWithHeaders, FakeHttp, fakeFactory, httpError, runArgv } from '../../../testkit/fakes.testutil.js';

const CLOUD = 'https://api.bitbucket.org/2.0';
const DC = 'https://git.corp.example.com';
const PRS = '/repositories/acme/site/pullrequests';
const DC_PRS = '/rest/api/1.0/projects/WEB/repos/site/pull-requests';

const cloudPr = (extra: Record<string, unknown> = {}) => ({
  id: 2,
  title: 'Search',
  description: 'Splits the query',
  state: 'OPEN',
  author: { display_name: 'Alice' },
  source: { branch: { name: 'feature/search' }, commit: { hash: 'abc' }, repository: { full_name: 'acme/site' } },
  destination: { branch: { name: 'main' } },
  reviewers: [{ uuid: '{carol}', display_name: 'Carol' }],
  participants: [{ user: { uuid: '{carol}', display_name: 'Carol' }, role: 'REVIEWER', approved: false, state: 'changes_requested' }],
  ...extra,
});

const dcPr = (version: number) => ({
  id: 3,
  version,
  title: 'Crash',
  description: 'Default it',
  state: 'OPEN',
  fromRef: { id: 'refs/heads/bugfix', displayId: 'bugfix', latestCommit: 'def' },
  toRef: { id: 'refs/heads/main', displayId: 'main' },
  reviewers: [{ user: { name: 'bob', displayName: 'Bob' }, status: 'UNAPPROVED' }],
});

describe('pr list', () => {
  test('Cloud: states, participants, newest first, 50 a page at most, "me" by UUID; BUILD from the statuses', async () => {
    const http = new FakeHttp(CLOUD)
      .on('GET', '/user', () => ({ uuid: '{me}' }))
      .on('GET', PRS, (r) => {
        expect(r.query).toEqual({
          state: ['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED'],
          fields: '+values.participants',
          sort: '-updated_on',
          q: 'author.uuid="{me}"',
          pagelen: 50,
        });
        return { values: [cloudPr()] };
      })
      .on('GET', `${PRS}/2/statuses`, () => ({
        values: [
          { key: 'ci', state: 'SUCCESSFUL' },
          { key: 'lint', state: 'FAILED' },
        ],
      }));
    const f = fakeFactory({ http });
    expect(await runArgv(f, ['bb', 'pr', 'list', '--state', 'all', '--author', 'me', '--repo', 'acme/site', '--limit', '200'])).toEqual({
      code: 0,
    });
    expect(f.out.text).toContain('#2\tSearch\tAlice\tfeature/search → main\t0\tOPEN\tfailed\t');
  });

  test('Data Center: state, order and the user/role pairs; --fields without build asks for no statuses', async () => {
    const http = new FakeHttp(DC).on('GET', DC_PRS, (r) => {
      expect(r.query).toEqual({
        state: 'OPEN',
        order: 'NEWEST',
        'username.1': 'alice',
        'role.1': 'AUTHOR',
        'username.2': 'bob',
        'role.2': 'REVIEWER',
        start: 0,
        limit: 50,
      });
      return { values: [dcPr(1)], isLastPage: true };
    });
    const f = fakeFactory({ http });
    expect(
      await runArgv(f, ['bb', 'pr', 'list', '--author', 'alice', '--reviewer', 'bob', '--fields', 'id,branches', '--repo', 'WEB/site']),
    ).toEqual({ code: 0 });
    expect(f.out.text).toBe('ID\tBRANCHES\n#3\tbugfix → main\n');
  });

  test('an unknown --state is exit 2', async () => {
    expect(
      (await runArgv(fakeFactory({ http: new FakeHttp(CLOUD) }), ['bb', 'pr', 'list', '--state', 'closed', '--repo', 'a/b'])).code,
    ).toBe(2);
  });
});

describe('pr view --json', () => {
  test('the pull request as the API returns it; --comments adds "comments", each as the API returns it, oldest first', async () => {
    const comment = { id: 7, content: { raw: 'Looks good' }, user: { display_name: 'Carol' }, created_on: '2026-11-02T10:00:00Z' };
    const deleted = { id: 8, content: { raw: '' }, deleted: true };
    const http = () =>
      new FakeHttp(CLOUD)
        .on('GET', `${PRS}/2`, () => cloudPr())
        .optional('GET', `${PRS}/2/comments`, (r) => {
          expect(r.query).toMatchObject({ sort: 'created_on' });
          return { values: [comment, deleted] };
        });
    const plainHttp = http();
    const plain = fakeFactory({ http: plainHttp, json: true });
    expect(await runArgv(plain, ['bb', 'pr', 'view', '2', '--repo', 'acme/site'])).toEqual({ code: 0 });
    expect(JSON.parse(plain.out.text)).toEqual(cloudPr());
    expect(plainHttp.requests.map((r) => r.path)).toEqual([`${PRS}/2`]);
    const withComments = fakeFactory({ http: http(), json: true });
    expect(await runArgv(withComments, ['bb', 'pr', 'view', '2', '--comments', '--repo', 'acme/site'])).toEqual({ code: 0 });
    expect(JSON.parse(withComments.out.text)).toEqual({ ...cloudPr(), comments: [comment] });
  });

  test('Data Center: the comments of the activities, oldest first', async () => {
    const http = new FakeHttp(DC)
      .on('GET', `${DC_PRS}/3`, () => dcPr(5))
      .on('GET', `${DC_PRS}/3/activities`, () => ({
        values: [
          { action: 'COMMENTED', commentAction: 'ADDED', comment: { id: 2, text: 'second' } },
          { action: 'APPROVED' },
          { action: 'COMMENTED', commentAction: 'ADDED', comment: { id: 1, text: 'first' } },
        ],
        isLastPage: true,
      }));
    const f = fakeFactory({ http, json: true });
    expect(await runArgv(f, ['bb', 'pr', 'view', '3', '--comments', '--repo', 'WEB/site'])).toEqual({ code: 0 });
    expect(JSON.parse(f.out.text)).toEqual({
      ...dcPr(5),
      comments: [
        { id: 1, text: 'first' },
        { id: 2, text: 'second' },
      ],
    });
  });
});

describe('pr merge', () => {
  test('Cloud: refused naming the failed build and the reviewer who asked for changes', async () => {
    const http = new FakeHttp(CLOUD)
      .on('GET', `${PRS}/2`, () => cloudPr())
      .on('GET', `${PRS}/2/statuses`, () => ({ values: [{ key: 'ci', name: 'CI build', state: 'FAILED' }] }))
      .on('GET', `${PRS}/2/conflicts`, () => ({ values: [{ path: 'src/app.ts' }] }));
    const f = fakeFactory({ http });
    const { code, error } = await runArgv(f, ['bb', 'pr', 'merge', '2', '--repo', 'acme/site']);
    expect(code).toBe(1);
    expect(error?.message).toBe('not merging #2: build failed: CI build (FAILED); conflicts in src/app.ts; changes requested by Carol');
    expect(error?.hint).toBe('fix that first, or merge anyway with --force');
  });

  test('Cloud --force --dry-run: says what it overrides and prints the merge it would send', async () => {
    const http = new FakeHttp(CLOUD)
      .on('GET', `${PRS}/2`, () => cloudPr({ participants: [] }))
      .on('GET', `${PRS}/2/statuses`, () => ({ values: [{ key: 'ci', name: 'CI build', state: 'STOPPED' }] }))
      .on('GET', `${PRS}/2/conflicts`, () => ({ values: [] }));
    const f = fakeFactory({ http, json: true });
    expect(
      await runArgv(f, ['bb', 'pr', 'merge', '2', '--force', '--dry-run', '--strategy', 'fast-forward', '--repo', 'acme/site']),
    ).toEqual({ code: 0 });
    expect(JSON.parse(f.out.text)).toEqual({
      dryRun: true,
      requests: [{ method: 'POST', path: `${PRS}/2/merge`, body: { merge_strategy: 'fast_forward' } }],
    });
    expect(f.err.text).toContain('merging despite: build failed: CI build (STOPPED) (--force)');
  });

  test('Data Center: the server vetoes stand even with --force; strategies are the DC ids', async () => {
    const http = new FakeHttp(DC)
      .on('GET', `${DC_PRS}/3`, () => dcPr(5))
      .on('GET', '/rest/build-status/1.0/commits/def', () => ({ values: [], isLastPage: true }))
      .on('GET', `${DC_PRS}/3/merge`, () => ({ canMerge: false, vetoes: [{ summaryMessage: 'Needs 2 approvals' }] }));
    const f = fakeFactory({ http });
    const { code, error } = await runArgv(f, ['bb', 'pr', 'merge', '3', '--force', '--strategy', 'squash', '--repo', 'WEB/site']);
    expect(code).toBe(1);
    expect(error?.message).toBe('Bitbucket will not merge #3: Needs 2 approvals');
  });

  test('Data Center: a merge refused to an HTTP access token (a bot user, no e-mail) says tokens cannot merge and what to use', async () => {
    const refused = () => {
      throw httpError(400, 'The merge could not be completed.');
    };
    const dc = (user: Record<string, unknown> | null) =>
      new FakeHttp(DC)
        .on('GET', `${DC_PRS}/3`, () => dcPr(5))
        .on('GET', '/rest/build-status/1.0/commits/def', () => ({ values: [], isLastPage: true }))
        .on('GET', `${DC_PRS}/3/merge`, () => ({ canMerge: true, conflicted: false, vetoes: [] }))
        .on('POST', `${DC_PRS}/3/merge`, refused)
        .on('GET', '/rest/api/1.0/application-properties', () => answerWithHeaders({}, { 'X-AUSERNAME': 'bot-web' }))
        .on('GET', '/rest/api/1.0/users', () => ({ values: user === null ? [] : [user], isLastPage: true }));
    for (const bot of [null, { name: 'bot-web', type: 'SERVICE' }]) {
      const { code, error } = await runArgv(fakeFactory({ http: dc(bot) }), ['bb', 'pr', 'merge', '3', '--repo', 'WEB/site']);
      expect(code).toBe(3);
      expect(error?.message).toContain('bot-web is the bot user of a project or repository HTTP access token, and those cannot merge');
      expect(error?.hint).toBe(
        `merge with a personal access token of your own: create one at ${DC}/plugins/servlet/access-tokens/manage, ` +
          `then \`atl auth login --bitbucket --site ${DC} --bearer --token-stdin\``,
      );
    }
    // A person's token refused for another reason keeps Bitbucket's own message.
    const person = { name: 'bot-web', type: 'NORMAL', emailAddress: 'jdoe@example.com' };
    const { code, error } = await runArgv(fakeFactory({ http: dc(person) }), ['bb', 'pr', 'merge', '3', '--repo', 'WEB/site']);
    expect(code).toBe(2);
    expect(error?.message).not.toContain('HTTP access token');
  });

  test('an unknown strategy is exit 2 listing the choices', async () => {
    const http = new FakeHttp(CLOUD).on('GET', `${PRS}/2`, () => cloudPr());
    const { code, error } = await runArgv(fakeFactory({ http }), ['bb', 'pr', 'merge', '2', '--strategy', 'rebase', '--repo', 'acme/site']);
    expect(code).toBe(2);
    expect(error?.hint).toContain('merge, squash or fast-forward');
  });
});

describe('pr edit', () => {
  test('Cloud: the PR is sent back whole, so the description and reviewers survive a new title', async () => {
    const http = new FakeHttp(CLOUD)
      .on('GET', `${PRS}/2`, () => cloudPr())
      .on('PUT', `${PRS}/2`, (r) => {
        expect(r.body).toEqual({ title: 'Search by terms', description: 'Splits the query', reviewers: [{ uuid: '{carol}' }] });
        return cloudPr({ title: 'Search by terms' });
      });
    const f = fakeFactory({ http });
    expect(await runArgv(f, ['bb', 'pr', 'edit', '2', '--title', 'Search by terms', '--repo', 'acme/site'])).toEqual({ code: 0 });
    expect(f.out.text).toBe('updated #2 Search by terms\n');
  });

  test('Data Center: the version read goes with the change; a 409 reports both versions, exit 1', async () => {
    let reads = 0;
    const http = new FakeHttp(DC)
      .on('GET', `${DC_PRS}/3`, () => dcPr(++reads === 1 ? 4 : 6))
      .on('PUT', `${DC_PRS}/3`, (r) => {
        expect(r.body).toMatchObject({ version: 4, title: 'Crash fix', description: 'Default it', reviewers: [{ user: { name: 'bob' } }] });
        throw httpError(409, 'You are attempting to modify a pull request based on out-of-date information.');
      });
    const f = fakeFactory({ http });
    const { code, error } = await runArgv(f, ['bb', 'pr', 'edit', '3', '--title', 'Crash fix', '--repo', 'WEB/site']);
    expect(code).toBe(1);
    expect(error?.message).toBe('pull request #3 changed since it was read (version 4 → 6)');
  });

  test('nothing to change is exit 2 before any request', async () => {
    expect((await runArgv(fakeFactory({ http: new FakeHttp(CLOUD) }), ['bb', 'pr', 'edit', '2', '--repo', 'acme/site'])).code).toBe(2);
  });
});

describe('pr comment', () => {
  const diff = 'diff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -10,3 +10,4 @@\n ctx\n-old\n+new\n+newer\n ctx2\n';

  test('--line outside every hunk is exit 2 naming the lines the diff shows', async () => {
    const http = new FakeHttp(CLOUD).on('GET', `${PRS}/2`, () => cloudPr()).on('GET', `${PRS}/2/diff`, () => Buffer.from(diff));
    const { code, error } = await runArgv(fakeFactory({ http }), [
      'bb',
      'pr',
      'comment',
      '2',
      'hi',
      '--file',
      'src/a.ts',
      '--line',
      '20',
      '--repo',
      'acme/site',
    ]);
    expect(code).toBe(2);
    expect(error?.hint).toBe('the diff shows lines 10-13 of src/a.ts');
  });

  test('Data Center: the anchor takes its line type from the diff', async () => {
    const http = new FakeHttp(DC).on('GET', `${DC_PRS}/3`, () => dcPr(1)).on('GET', `${DC_PRS}/3.diff`, () => Buffer.from(diff));
    const f = fakeFactory({ http, json: true });
    expect(
      await runArgv(f, ['bb', 'pr', 'comment', '3', 'hi', '--file', 'src/a.ts', '--line', '12', '--dry-run', '--repo', 'WEB/site']),
    ).toEqual({ code: 0 });
    expect(JSON.parse(f.out.text).requests[0].body).toEqual({
      text: 'hi',
      anchor: { path: 'src/a.ts', line: 12, lineType: 'ADDED', fileType: 'TO', diffType: 'EFFECTIVE' },
    });
  });

  test('--file without --line is exit 2', async () => {
    expect(
      (await runArgv(fakeFactory({ http: new FakeHttp(CLOUD) }), ['bb', 'pr', 'comment', '2', 'x', '--file', 'a', '--repo', 'a/b'])).code,
    ).toBe(2);
  });
});

describe('pr create', () => {
  test('Cloud --dry-run: reviewers resolved to UUIDs through the workspace members, destination from the main branch', async () => {
    const http = new FakeHttp(CLOUD)
      .on('GET', '/repositories/acme/site', () => ({ mainbranch: { name: 'main' } }))
      .on('GET', '/workspaces/acme/members', () => ({ values: [{ user: { nickname: 'alice', uuid: '{alice}' } }] }));
    const f = fakeFactory({ http, json: true });
    const argv = [
      'bb',
      'pr',
      'create',
      '--source',
      'topic',
      '--title',
      'T',
      '--body',
      'B',
      '--reviewer',
      'Alice',
      '--draft',
      '--dry-run',
      '--repo',
      'acme/site',
    ];
    expect(await runArgv(f, argv)).toEqual({ code: 0 });
    expect(JSON.parse(f.out.text).requests[0]).toEqual({
      method: 'POST',
      path: PRS,
      body: {
        title: 'T',
        description: 'B',
        source: { branch: { name: 'topic' } },
        destination: { branch: { name: 'main' } },
        reviewers: [{ uuid: '{alice}' }],
        draft: true,
      },
    });
  });

  test('an unknown reviewer is exit 2', async () => {
    const http = new FakeHttp(CLOUD).on('GET', '/workspaces/acme/members', () => ({ values: [] }));
    const argv = [
      'bb',
      'pr',
      'create',
      '--source',
      'topic',
      '--destination',
      'main',
      '--title',
      'T',
      '--reviewer',
      'zed',
      '--repo',
      'acme/site',
    ];
    expect((await runArgv(fakeFactory({ http }), argv)).code).toBe(2);
  });
});

describe('on a terminal and without one', () => {
  test('pr create asks for the title and opens the editor for the description, with the defaults filled in', async () => {
    const http = new FakeHttp(CLOUD);
    const f = fakeFactory({ http, tty: true, answers: ['Typed title'], editor: 'Written body', json: true });
    const argv = ['bb', 'pr', 'create', '--source', 'fix-the-footer', '--destination', 'main', '--dry-run', '--repo', 'acme/site'];
    expect(await runArgv(f, argv)).toEqual({ code: 0 });
    expect(f.prompts).toEqual(['Title']);
    expect(JSON.parse(f.out.text).requests[0].body).toMatchObject({ title: 'Typed title', description: 'Written body' });
  });

  test('pr decline with --no-input and no --yes is exit 2, before anything is sent', async () => {
    const http = new FakeHttp(CLOUD).on('GET', `${PRS}/2`, () => cloudPr());
    const { code, error } = await runArgv(fakeFactory({ http }), ['--no-input', 'bb', 'pr', 'decline', '2', '--repo', 'acme/site']);
    expect(code).toBe(2);
    expect(error?.message).toBe('confirmation needed');
    expect(http.requests.map((r) => r.method)).toEqual(['GET']);
  });

  test('pr diff: the bytes unchanged when piped', async () => {
    const bytes = Buffer.from('diff --git a/x b/x\n+caf\u00e9\r\n');
    const http = new FakeHttp(CLOUD).on('GET', `${PRS}/2`, () => cloudPr()).on('GET', `${PRS}/2/diff`, () => bytes);
    const f = fakeFactory({ http });
    expect(await runArgv(f, ['bb', 'pr', 'diff', '2', '--repo', 'acme/site'])).toEqual({ code: 0 });
    expect(f.out.text).toBe(bytes.toString('utf8'));
  });
});
