import { describe, expect, test } from 'vitest';
import { FakeHttp, fakeFactory, httpError, runArgv, type FakeRequest } from '../../../testkit/fakes.testutil.js';
import type { JiraField, JiraTransition } from '../../../jira/types.js';

const transitions: JiraTransition[] = [
  { id: '11', name: 'Start Progress', to: { name: 'In Progress' } },
  { id: '21', name: 'Done', to: { name: 'Done' }, fields: { resolution: { name: 'Resolution', required: true } } },
  { id: '31', name: 'Send to review', to: { name: 'Review' } },
];

const fields: JiraField[] = [
  { id: 'summary', name: 'Summary', schema: { type: 'string', system: 'summary' } },
  {
    id: 'customfield_10016',
    name: 'Story Points',
    custom: true,
    schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float' },
  },
  {
    id: 'customfield_10020',
    name: 'Team',
    custom: true,
    schema: { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select' },
  },
  { id: 'customfield_10030', name: 'Reviewers', custom: true, schema: { type: 'array', items: 'user' } },
  { id: 'customfield_10040', name: 'Tags', custom: true, schema: { type: 'array', items: 'string' } },
];

const users = [
  { accountId: '5b10a2844c20165700ede21g', displayName: 'Jane Doe', emailAddress: 'jane@example.com', name: 'jane' },
  { accountId: '5b10a2844c20165700ede21h', displayName: 'Jan Smith', emailAddress: 'jan@example.com', name: 'jan' },
];

function matchingUsers(r: FakeRequest) {
  const q = String(r.query.query ?? r.query.username).toLowerCase();
  return users.filter((u) => u.emailAddress.startsWith(q) || u.displayName.toLowerCase().startsWith(q) || u.name.startsWith(q));
}

// A whole site: each test uses the few routes its command needs, so the routes are optional.
function site(deployment: 'cloud' | 'datacenter' = 'cloud'): FakeHttp {
  const api = deployment === 'cloud' ? '/rest/api/3' : '/rest/api/2';
  const known = new Set(['ABC-1', 'ABC-2', 'ABC-3']);
  const http = new FakeHttp(deployment === 'cloud' ? 'https://example.atlassian.net' : 'https://jira.example.com');
  const exists = (r: FakeRequest) => {
    const key = decodeURIComponent(r.path.split('/')[5]!);
    if (!known.has(key)) throw httpError(404, 'Issue does not exist or you do not have permission to see it.');
    return key;
  };
  return (
    http
      .optional('GET', `${api}/myself`, () => ({ accountId: 'me-account-0000000000000', name: 'demo', displayName: 'Demo User' }))
      .optional('GET', `${api}/field`, () => fields)
      .optional('GET', `${api}/user/search`, (r) => matchingUsers(r))
      // Assignees are looked up among assignable people.
      .optional('GET', `${api}/user/assignable/search`, (r) => matchingUsers(r))
      // Screen fields only with expand=transitions.fields, as Jira does.
      .optional(
        'GET',
        `${api}/issue/*/transitions`,
        (r) => (
          exists(r), { transitions: r.query.expand === 'transitions.fields' ? transitions : transitions.map(({ fields: _, ...t }) => t) }
        ),
      )
      .optional('POST', `${api}/issue/*/transitions`, (r) => {
        // ABC-2 fails its transition, to exercise bulk error reporting.
        if (exists(r) === 'ABC-2') throw httpError(400, 'Field resolution is required.');
        return null;
      })
      .optional('PUT', `${api}/issue/*/assignee`, (r) => (exists(r), null))
      .optional('PUT', `${api}/issue/*`, (r) => (exists(r), null))
      .optional('DELETE', `${api}/issue/*`, (r) => (exists(r), null))
      .optional('POST', `${api}/issue`, () => ({ id: '10100', key: 'ABC-100', self: 'x' }))
      .optional('GET', `${api}/issue/*`, (r) => ({
        id: '1',
        key: exists(r),
        fields: {
          summary: 'Login fails',
          issuetype: { name: 'Bug' },
          status: { name: 'To Do' },
          labels: ['backend'],
          description:
            deployment === 'cloud'
              ? {
                  type: 'doc',
                  version: 1,
                  content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Steps', marks: [{ type: 'strong' }] }] }],
                }
              : '*Steps*',
        },
      }))
      .optional('GET', `${api}/issue/*/comment`, (r) => {
        exists(r);
        const all = Array.from({ length: 7 }, (_, i) => ({
          id: String(i + 1),
          author: { displayName: 'Jane Doe' },
          created: `2024-05-0${i + 1}T10:00:00.000+0000`,
          body:
            deployment === 'cloud'
              ? { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: `comment ${i + 1}` }] }] }
              : `comment ${i + 1}`,
        }));
        const startAt = Number(r.query.startAt ?? 0);
        const max = Number(r.query.maxResults ?? 50);
        return { startAt, maxResults: max, total: all.length, comments: all.slice(startAt, startAt + max) };
      })
      .optional('POST', `${api}/issue/*/comment`, (r) => (exists(r), { id: '99', body: (r.body as { body: unknown }).body }))
      .optional('POST', '/rest/api/3/search/jql', () => ({ issues: [...known].map((key) => ({ id: key, key })), isLast: true }))
      .optional('GET', '/rest/api/2/search', () => ({
        startAt: 0,
        maxResults: 100,
        total: known.size,
        issues: [...known].map((key) => ({ id: key, key })),
      }))
  );
}

const posts = (f: { http: FakeHttp }, suffix: string) => f.http.requests.filter((r) => r.method !== 'GET' && r.path.endsWith(suffix));

describe('issue transition', () => {
  test('matches the target status name case-insensitively, with comment and resolution', async () => {
    const f = fakeFactory({ http: site() });
    // Only Done's screen has the Resolution field.
    const { code } = await runArgv(f, [
      'jira',
      'issue',
      'transition',
      'abc-1',
      'done',
      '--comment',
      'Starting **now**',
      '--resolution',
      'Fixed',
    ]);
    expect(code).toBe(0);
    const body = posts(f, '/transitions')[0]!.body as Record<string, unknown>;
    expect(body.transition).toEqual({ id: '21' });
    expect(body.fields).toEqual({ resolution: { name: 'Fixed' } });
    const comment = (body.update as { comment: Array<{ add: { body: { type: string } } }> }).comment[0]!.add.body;
    expect(comment.type).toBe('doc');
    expect(f.out.text).toBe('ABC-1 → Done\n');
  });

  test('matches a transition name via --to; DC sends wiki markup', async () => {
    const f = fakeFactory({ deployment: 'datacenter', http: site('datacenter') });
    await runArgv(f, ['jira', 'issue', 'transition', 'ABC-1', '--to', 'send TO review', '--comment', 'Looks **good**']);
    const body = posts(f, '/transitions')[0]!.body as { transition: unknown; update: { comment: Array<{ add: { body: unknown } }> } };
    expect(body.transition).toEqual({ id: '31' });
    expect(body.update.comment[0]!.add.body).toBe('Looks *good*');
  });

  test('no match: exit 2 listing the available transitions', async () => {
    const f = fakeFactory({ http: site() });
    const { code, error } = await runArgv(f, ['jira', 'issue', 'transition', 'ABC-1', 'Closed']);
    expect(code).toBe(2);
    expect(error!.message).toContain('Closed');
    expect(error!.hint).toBe('available transitions: Start Progress (→ In Progress), Done, Send to review (→ Review)');
    expect(posts(f, '/transitions')).toHaveLength(0);
  });

  test('unknown issue: exit 4 naming the key', async () => {
    const { code, error } = await runArgv(fakeFactory({ http: site() }), ['jira', 'issue', 'transition', 'ABC-404', 'Done']);
    expect(code).toBe(4);
    expect(error!.message).toBe('issue ABC-404 not found');
  });

  test('bulk: lists keys, needs --yes without a terminal, reports each, exit 1 when one failed', async () => {
    const refused = fakeFactory({ http: site() });
    expect((await runArgv(refused, ['jira', 'issue', 'transition', 'Done', '--jql', 'project = ABC'])).code).toBe(2);
    expect(posts(refused, '/transitions')).toHaveLength(0);

    const f = fakeFactory({ http: site() });
    const { code } = await runArgv(f, ['jira', 'issue', 'transition', 'Done', '--jql', 'project = ABC', '--yes']);
    expect(code).toBe(1);
    expect(f.err.text).toContain('3 issues would move to Done:\n  ABC-1\n  ABC-2\n  ABC-3\n');
    expect(f.out.text).toContain('ok      ABC-1 → Done\n');
    expect(f.out.text).toContain('failed  ABC-2: Field resolution is required.\n');
    expect(f.out.text).toContain('ok      ABC-3 → Done\n');
    expect(f.err.text).toContain('2 succeeded, 1 failed');
  });

  test('an issue already in the status asked for: "already", exit 0, nothing sent', async () => {
    const f = fakeFactory({ http: site() });
    const { code } = await runArgv(f, ['jira', 'issue', 'transition', 'ABC-1', 'to do']);
    expect(code).toBe(0);
    expect(f.out.text).toBe('ABC-1 is already To Do; nothing to do\n');
    expect(posts(f, '/transitions')).toHaveLength(0);

    const json = fakeFactory({ http: site(), json: true });
    expect((await runArgv(json, ['jira', 'issue', 'transition', 'ABC-1', '--to', 'To Do', '--json'])).code).toBe(0);
    expect(JSON.parse(json.out.text)).toEqual({ key: 'ABC-1', transition: null, status: 'To Do', unchanged: true });
  });

  test('bulk: issues already in the target status are unchanged, not failures (a re-run succeeds)', async () => {
    const f = fakeFactory({ http: site() });
    const { code } = await runArgv(f, ['jira', 'issue', 'transition', '--jql', 'project = ABC', 'To Do', '--yes']);
    expect(code).toBe(0);
    expect(f.out.text).toContain('ok      ABC-1 already To Do (unchanged)\n');
    expect(f.err.text).toContain('3 succeeded (3 unchanged), 0 failed');
    expect(posts(f, '/transitions')).toHaveLength(0);

    const json = fakeFactory({ http: site(), json: true });
    expect((await runArgv(json, ['jira', 'issue', 'transition', '--jql', 'project = ABC', 'To Do', '--yes', '--json'])).code).toBe(0);
    expect(JSON.parse(json.out.text)).toEqual([
      { key: 'ABC-1', ok: true, unchanged: true },
      { key: 'ABC-2', ok: true, unchanged: true },
      { key: 'ABC-3', ok: true, unchanged: true },
    ]);
  });

  test('bulk --json reports per-issue results', async () => {
    const f = fakeFactory({ http: site(), json: true });
    await runArgv(f, ['jira', 'issue', 'transition', 'Done', '--jql', 'project = ABC', '--yes']);
    expect(JSON.parse(f.out.text)).toEqual([
      { key: 'ABC-1', ok: true },
      { key: 'ABC-2', ok: false, error: 'Field resolution is required.' },
      { key: 'ABC-3', ok: true },
    ]);
  });

  test('bulk confirmation on a terminal: "no" changes nothing', async () => {
    const f = fakeFactory({ http: site(), tty: true, prompter: { confirm: async () => false } });
    expect((await runArgv(f, ['jira', 'issue', 'transition', 'Done', '--jql', 'project = ABC'])).code).toBe(1);
    expect(posts(f, '/transitions')).toHaveLength(0);
  });
});

describe('bulk wording: proper sentences, one issue singular', () => {
  /** Runs a bulk command on a terminal that answers no, and returns what it said and asked. */
  async function bulkSays(argv: string[], http = site()): Promise<{ said: string; asked: string[] }> {
    const asked: string[] = [];
    const f = fakeFactory({ http, tty: true, prompter: { confirm: async (message: string) => (asked.push(message), false) } });
    expect((await runArgv(f, ['jira', 'issue', ...argv])).code).toBe(1);
    return { said: f.err.text, asked };
  }

  test.each([
    [['transition', 'Done'], '3 issues would move to Done:', 'Move 3 issues to Done?'],
    [['edit', '--summary', 'x'], '3 issues would be edited:', 'Edit 3 issues?'],
    [['assign', 'jane'], '3 issues would be assigned to jane:', 'Assign 3 issues to jane?'],
    [['assign', 'none'], '3 issues would be unassigned:', 'Unassign 3 issues?'],
  ])('%j: says "%s" and asks "%s"', async (argv, said, question) => {
    const result = await bulkSays([...argv, '--jql', 'project = ABC']);
    expect(result.said).toContain(`${said}\n  ABC-1\n`);
    expect(result.asked).toEqual([question]);
  });

  test('one issue is "1 issue", not "1 issues" or "issue(s)"', async () => {
    const one = site().optional('POST', '/rest/api/3/search/jql', () => ({ issues: [{ id: '1', key: 'ABC-1' }], isLast: true }));
    const result = await bulkSays(['edit', '--summary', 'x', '--jql', 'key = ABC-1'], one);
    expect(result.said).toContain('1 issue would be edited:\n  ABC-1\n');
    expect(result.asked).toEqual(['Edit 1 issue?']);
  });
});

describe('issue assign', () => {
  test('me → my accountId (Cloud), none → null, email → looked up', async () => {
    const f = fakeFactory({ http: site() });
    await runArgv(f, ['jira', 'issue', 'assign', 'ABC-1', 'me']);
    await runArgv(f, ['jira', 'issue', 'assign', 'ABC-1', 'none']);
    await runArgv(f, ['jira', 'issue', 'assign', 'ABC-1', 'jane@example.com']);
    await runArgv(f, ['jira', 'issue', 'assign', 'ABC-1', '5b10a2844c20165700ede21h']);
    expect(posts(f, '/assignee').map((r) => r.body)).toEqual([
      { accountId: 'me-account-0000000000000' },
      { accountId: null },
      { accountId: '5b10a2844c20165700ede21g' },
      { accountId: '5b10a2844c20165700ede21h' },
    ]);
    expect(f.out.text).toContain('ABC-1 unassigned\n');
  });

  test('Data Center uses names; ambiguous and unknown users are errors', async () => {
    const f = fakeFactory({ deployment: 'datacenter', http: site('datacenter') });
    await runArgv(f, ['jira', 'issue', 'assign', 'ABC-1', 'jane']);
    expect(posts(f, '/assignee')[0]!.body).toEqual({ name: 'jane' });
    expect((await runArgv(fakeFactory({ http: site() }), ['jira', 'issue', 'assign', 'ABC-1', 'ja'])).code).toBe(2);
    expect((await runArgv(fakeFactory({ http: site() }), ['jira', 'issue', 'assign', 'ABC-1', 'nobody@example.com'])).code).toBe(4);
  });
});

describe('issue key or --jql', () => {
  test('a bad key, a missing key, or a key with --jql is exit 2 before any request', async () => {
    const cases: string[][] = [
      ['assign', 'not a key', 'me'],
      ['assign'],
      ['assign', 'ABC-1', 'me', '--jql', 'project = ABC'],
      ['transition', 'ABC-1', 'Done', '--jql', 'project = ABC'],
      ['transition', 'ABC 1', 'Done'],
      ['edit', 'ABC-1', '--jql', 'project = ABC', '--summary', 'x'],
      ['edit', 'nope', '--summary', 'x'],
    ];
    for (const argv of cases) {
      const f = fakeFactory({ http: site() });
      const { code, error } = await runArgv(f, ['jira', 'issue', ...argv]);
      expect(code, `${argv.join(' ')}: ${error?.message}`).toBe(2);
      expect(f.http.requests).toEqual([]);
    }
  });

  test('an issue key together with --jql is a conflict naming both, whatever else is given', async () => {
    for (const argv of [
      ['transition', 'ABC-1', '--jql', 'project = ABC', '--to', 'Done'],
      ['transition', 'ABC-1', 'Done', '--jql', 'project = ABC'],
      ['assign', 'ABC-1', 'me', '--jql', 'project = ABC'],
      ['edit', 'ABC-1', '--jql', 'project = ABC', '--summary', 'x'],
    ]) {
      const f = fakeFactory({ http: site() });
      const { code, error } = await runArgv(f, ['jira', 'issue', ...argv]);
      expect(code, argv.join(' ')).toBe(2);
      expect(error?.message).toBe('an issue key and --jql cannot be used together');
      expect(f.http.requests).toEqual([]);
    }
  });

  test('assign --jql takes the user as its only argument', async () => {
    const f = fakeFactory({ http: site() });
    expect((await runArgv(f, ['jira', 'issue', 'assign', 'none', '--jql', 'project = ABC', '--yes'])).code).toBe(0);
    expect(posts(f, '/assignee').map((r) => r.body)).toEqual([{ accountId: null }, { accountId: null }, { accountId: null }]);
  });
});

describe('issue create', () => {
  test('sends ADF, looks up the assignee, converts --field by schema, prints key and URL', async () => {
    const f = fakeFactory({ http: site() });
    const { code } = await runArgv(f, [
      'jira',
      'issue',
      'create',
      '--project',
      'abc',
      '--type',
      'Story',
      '--summary',
      'Login page',
      '--description',
      '# Goal\n\n- one\n- two',
      '--assignee',
      'me',
      '--label',
      'backend',
      '--label',
      'ui',
      '--priority',
      'High',
      '--parent',
      'ABC-1',
      '--component',
      'Web',
      '--field',
      'Story Points=3',
      '--field',
      'team=Platform',
      '--field',
      'customfield_10030=jane@example.com',
      '--field',
      'Tags=x, y',
    ]);
    expect(code).toBe(0);
    const body = posts(f, '/issue')[0]!.body as { fields: Record<string, unknown> };
    expect(body.fields).toMatchObject({
      project: { key: 'ABC' },
      issuetype: { name: 'Story' },
      summary: 'Login page',
      assignee: { accountId: 'me-account-0000000000000' },
      labels: ['backend', 'ui'],
      priority: { name: 'High' },
      parent: { key: 'ABC-1' },
      components: [{ name: 'Web' }],
      customfield_10016: 3,
      customfield_10020: { value: 'Platform' },
      customfield_10030: [{ accountId: '5b10a2844c20165700ede21g' }],
      customfield_10040: ['x', 'y'],
    });
    expect((body.fields.description as { type: string; content: Array<{ type: string }> }).content.map((n) => n.type)).toEqual([
      'heading',
      'bulletList',
    ]);
    expect(f.out.text).toBe('ABC-100\nhttps://example.atlassian.net/browse/ABC-100\n');
    // /field is fetched once per run however many --field flags there are.
    expect(f.http.requests.filter((r) => r.path.endsWith('/field'))).toHaveLength(1);
  });

  test('--json prints {key, id, url}; description from stdin', async () => {
    const f = fakeFactory({ http: site(), json: true });
    f.stdinText('from *stdin*');
    await runArgv(f, ['jira', 'issue', 'create', '--project', 'ABC', '--type', 'Task', '--summary', 'S']);
    expect(JSON.parse(f.out.text)).toEqual({ key: 'ABC-100', id: '10100', url: 'https://example.atlassian.net/browse/ABC-100' });
    const description = (posts(f, '/issue')[0]!.body as { fields: { description: { content: unknown[] } } }).fields.description;
    expect(JSON.stringify(description)).toContain('stdin');
  });

  test('missing values without a terminal: exit 2 naming them; --dry-run sends nothing', async () => {
    const f = fakeFactory({ http: site() });
    const { code, error } = await runArgv(f, ['jira', 'issue', 'create', '--project', 'ABC']);
    expect(code).toBe(2);
    expect(error!.message).toBe('missing --type, --summary');
    const dry = fakeFactory({ http: site() });
    await runArgv(dry, ['jira', 'issue', 'create', '--project', 'ABC', '--type', 'Task', '--summary', 'S', '--dry-run']);
    expect(posts(dry, '/issue')).toHaveLength(0);
    expect(JSON.parse(dry.out.text)).toEqual({ fields: { project: { key: 'ABC' }, issuetype: { name: 'Task' }, summary: 'S' } });
  });

  test('bad --field values are usage errors', async () => {
    for (const field of ['Story Points=lots', 'Nope=1', 'novalue']) {
      const argv = ['jira', 'issue', 'create', '--project', 'A', '--type', 'T', '--summary', 'S', '--field', field];
      expect((await runArgv(fakeFactory({ http: site() }), argv)).code).toBe(2);
    }
  });

  test('prompts for missing values on a terminal', async () => {
    // The interactive create: pick-lists where the site can list (create-interactive.test.ts), plain
    // questions where it cannot (this fake site lists no issue types, priorities or people).
    const answers: Record<string, string> = { 'Issue type:': 'Bug', 'Summary:': 'Asked' };
    const f = fakeFactory({
      http: site(),
      tty: true,
      prompter: {
        input: async (m) => answers[m] ?? '',
        select: async (m) => (m === 'Assignee:' ? 'none' : '') as never,
        confirm: async () => false,
      },
    });
    expect((await runArgv(f, ['jira', 'issue', 'create', '--project', 'ABC'])).code).toBe(0);
    expect((posts(f, '/issue')[0]!.body as { fields: { summary: string } }).fields.summary).toBe('Asked');
  });
});

describe('issue edit', () => {
  test('--label +a -b becomes add/remove operations', async () => {
    const f = fakeFactory({ http: site() });
    await runArgv(f, ['jira', 'issue', 'edit', 'ABC-1', '--label', '+new', '--label', '-old', '--label', 'plain', '--summary', 'Renamed']);
    expect(posts(f, '/ABC-1')[0]!.body).toEqual({
      fields: { summary: 'Renamed' },
      update: { labels: [{ add: 'new' }, { add: 'plain' }, { remove: 'old' }] },
    });
  });

  test('bulk label edit over --jql; nothing to change is exit 2', async () => {
    const f = fakeFactory({ http: site() });
    expect((await runArgv(f, ['jira', 'issue', 'edit', '--jql', 'project = ABC', '--label', '-old', '--yes'])).code).toBe(0);
    expect(f.http.requests.filter((r) => r.method === 'PUT')).toHaveLength(3);
    expect((await runArgv(fakeFactory({ http: site() }), ['jira', 'issue', 'edit', 'ABC-1'])).code).toBe(2);
    expect((await runArgv(fakeFactory({ http: site() }), ['jira', 'issue', 'edit', 'ABC-404', '--summary', 'x'])).code).toBe(4);
  });
});

describe('issue delete', () => {
  test('needs --yes without a terminal; sends deleteSubtasks', async () => {
    const f = fakeFactory({ http: site() });
    expect((await runArgv(f, ['jira', 'issue', 'delete', 'ABC-1'])).code).toBe(2);
    expect(f.http.requests).toHaveLength(0);
    await runArgv(f, ['jira', 'issue', 'delete', 'ABC-1', '--yes', '--delete-subtasks']);
    expect(f.http.requests[0]).toMatchObject({ method: 'DELETE', path: '/rest/api/3/issue/ABC-1', query: { deleteSubtasks: 'true' } });
    expect(f.out.text).toBe('deleted ABC-1\n');
  });
});

describe('issue view', () => {
  test('renders fields, Markdown description and the last N comments', async () => {
    const f = fakeFactory({ http: site() });
    await runArgv(f, ['jira', 'issue', 'view', 'ABC-1', '--comments', '2']);
    expect(f.out.text).toContain('ABC-1  Login fails\n');
    expect(f.out.text).toMatch(/Status\s+To Do\n/);
    expect(f.out.text).toContain('URL        https://example.atlassian.net/browse/ABC-1\n');
    expect(f.out.text).toContain('**Steps**');
    expect(f.out.text).toContain('Comments (last 2 of 7)');
    expect(f.out.text).toContain('comment 6');
    expect(f.out.text).toContain('comment 7');
    expect(f.out.text).not.toContain('comment 5');
  });

  test('DC wiki description shown as Markdown; --web prints the browse URL only', async () => {
    const f = fakeFactory({ deployment: 'datacenter', http: site('datacenter') });
    await runArgv(f, ['jira', 'issue', 'view', 'ABC-1']);
    expect(f.out.text).toContain('**Steps**');
    const w = fakeFactory({ http: site() });
    await runArgv(w, ['jira', 'issue', 'view', 'ABC-1', '--web']);
    expect(w.out.text).toBe('https://example.atlassian.net/browse/ABC-1\n');
    expect(w.http.requests).toHaveLength(0);
  });

  test('scoped profiles browse on the site, not the gateway', async () => {
    const http = site();
    Object.defineProperty(http, 'baseUrl', { value: 'https://api.atlassian.com/ex/jira/1234' });
    const f = fakeFactory({ http, siteProfile: { scoped: true, site: 'example.atlassian.net' } });
    await runArgv(f, ['jira', 'issue', 'view', 'ABC-1', '--web']);
    expect(f.out.text).toBe('https://example.atlassian.net/browse/ABC-1\n');
  });

  test("--web prints the URL and hands it to the factory's browser opener; a plain view opens nothing", async () => {
    const f = fakeFactory({ http: site(), tty: true });
    expect((await runArgv(f, ['jira', 'issue', 'view', 'ABC-1', '--web'])).code).toBe(0);
    expect(f.out.text).toBe('https://example.atlassian.net/browse/ABC-1\n');
    expect(f.opened).toEqual(['https://example.atlassian.net/browse/ABC-1']);
    const plain = fakeFactory({ http: site(), tty: true });
    await runArgv(plain, ['jira', 'issue', 'view', 'ABC-1']);
    expect(plain.opened).toEqual([]);
  });

  test('unknown issue: exit 4; not a key: exit 2', async () => {
    expect((await runArgv(fakeFactory({ http: site() }), ['jira', 'issue', 'view', 'ABC-9'])).error!.message).toBe('issue ABC-9 not found');
    expect((await runArgv(fakeFactory({ http: site() }), ['jira', 'issue', 'view', 'nonsense'])).code).toBe(2);
  });
});

describe('issue comment', () => {
  test('add converts Markdown; list prints every comment', async () => {
    const f = fakeFactory({ http: site() });
    await runArgv(f, ['jira', 'issue', 'comment', 'add', 'ABC-1', 'Hello **there**']);
    const body = posts(f, '/comment')[0]!.body as { body: { type: string } };
    expect(body.body.type).toBe('doc');
    expect(f.out.text).toContain('added comment 99 to ABC-1');
    const l = fakeFactory({ http: site(), json: true });
    await runArgv(l, ['jira', 'issue', 'comment', 'list', 'ABC-1']);
    expect((JSON.parse(l.out.text) as unknown[]).length).toBe(7);
    expect((await runArgv(fakeFactory({ http: site() }), ['jira', 'issue', 'comment', 'list', 'ABC-5'])).code).toBe(4);
    expect((await runArgv(fakeFactory({ http: site() }), ['jira', 'issue', 'comment', 'add', 'ABC-1'])).code).toBe(2);
  });
});
