import { describe, expect, test } from 'vitest';
import { FakeHttp, fakeFactory, httpError, runArgv } from '../../../../jira/fake.testutil.js';

const adf = (text: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const comment = (id: string, text: string, extra: Record<string, unknown> = {}) => ({
  id,
  author: { displayName: 'Jane Doe' },
  body: adf(text),
  created: '2024-05-01T10:00:00.000+0000',
  updated: '2024-05-01T10:00:00.000+0000',
  ...extra,
});

describe('comment add --visibility', () => {
  test('role:NAME and group:NAME are sent as Jira visibility', async () => {
    for (const [flag, visibility] of [
      ['role:Developers', { type: 'role', value: 'Developers' }],
      ['group:jira-software-users', { type: 'group', value: 'jira-software-users' }],
    ] as const) {
      const f = fakeFactory({ http: new FakeHttp().on('POST', '/rest/api/3/issue/ABC-1/comment', () => comment('10001', 'x')) });
      expect((await runArgv(f, ['jira', 'issue', 'comment', 'add', 'ABC-1', 'Hello', '--visibility', flag])).code).toBe(0);
      expect(f.http.requests[0]!.body).toEqual({ body: adf('Hello'), visibility });
    }
  });

  test('a malformed --visibility is exit 2 before any request', async () => {
    const f = fakeFactory();
    const { code, error } = await runArgv(f, ['jira', 'issue', 'comment', 'add', 'ABC-1', 'Hi', '--visibility', 'team:x']);
    expect(code).toBe(2);
    expect(error?.hint).toContain('role:NAME or group:NAME');
    expect(f.http.requests).toEqual([]);
  });
});

describe('comment edit', () => {
  test('PUTs the new body (Data Center: wiki markup) and keeps visibility unless given', async () => {
    const f = fakeFactory({
      deployment: 'datacenter',
      http: new FakeHttp('https://jira.example.com').on('PUT', '/rest/api/2/issue/ABC-1/comment/10001', (r) => ({
        id: '10001',
        body: (r.body as { body: string }).body,
      })),
    });
    expect((await runArgv(f, ['jira', 'issue', 'comment', 'edit', 'ABC-1', '10001', 'Now **bold**'])).code).toBe(0);
    expect(f.http.requests[0]!.body).toEqual({ body: 'Now *bold*' });
    expect(f.out.text).toBe('edited comment 10001 on ABC-1\nhttps://jira.example.com/browse/ABC-1?focusedCommentId=10001\n');
  });

  test('body from stdin, --visibility sent; a missing comment is exit 4 naming it', async () => {
    const f = fakeFactory({ http: new FakeHttp().on('PUT', '/rest/api/3/issue/ABC-1/comment/10001', () => comment('10001', 'x')) });
    f.stdinText('From stdin\n');
    expect((await runArgv(f, ['jira', 'issue', 'comment', 'edit', 'ABC-1', '10001', '--visibility', 'role:Users'])).code).toBe(0);
    expect(f.http.requests[0]!.body).toEqual({ body: adf('From stdin'), visibility: { type: 'role', value: 'Users' } });
    const g = fakeFactory({
      http: new FakeHttp().on('PUT', '/rest/api/3/issue/ABC-1/comment/999', () => {
        throw httpError(404);
      }),
    });
    const { code, error } = await runArgv(g, ['jira', 'issue', 'comment', 'edit', 'ABC-1', '999', 'x']);
    expect(code).toBe(4);
    expect(error?.message).toBe('comment 999 on ABC-1 not found');
  });

  test('an id that is not a number is exit 2', async () => {
    const { code } = await runArgv(fakeFactory(), ['jira', 'issue', 'comment', 'edit', 'ABC-1', 'abc', 'x']);
    expect(code).toBe(2);
  });
});

describe('comment delete', () => {
  test('without a terminal it needs --yes; with --yes it deletes', async () => {
    const f = fakeFactory();
    const refused = await runArgv(f, ['jira', 'issue', 'comment', 'delete', 'ABC-1', '10001']);
    expect(refused.code).toBe(2);
    expect(f.http.requests).toEqual([]);
    const g = fakeFactory({ http: new FakeHttp().on('DELETE', '/rest/api/3/issue/ABC-1/comment/10001', () => undefined) });
    expect((await runArgv(g, ['jira', 'issue', 'comment', 'delete', 'ABC-1', '10001', '--yes'])).code).toBe(0);
    expect(g.out.text).toBe('deleted comment 10001 on ABC-1\n');
  });

  test('on a terminal it asks, and a "no" deletes nothing (exit 1)', async () => {
    const asked: string[] = [];
    const f = fakeFactory({ tty: true, prompter: { confirm: async (q) => (asked.push(q), false) } });
    expect((await runArgv(f, ['jira', 'issue', 'comment', 'delete', 'ABC-1', '10001'])).code).toBe(1);
    expect(asked).toEqual(['Delete comment 10001 on ABC-1? This cannot be undone.']);
    expect(f.http.requests).toEqual([]);
  });
});

describe('comment list --csv/--fields', () => {
  const site = () =>
    new FakeHttp().on('GET', '/rest/api/3/issue/ABC-1/comment', () => ({
      startAt: 0,
      maxResults: 100,
      total: 2,
      comments: [comment('10001', 'First'), comment('10002', 'Second', { visibility: { type: 'role', value: 'Developers' } })],
    }));

  test('--csv prints the default columns, the body as Markdown', async () => {
    const f = fakeFactory({ http: site() });
    expect((await runArgv(f, ['jira', 'issue', 'comment', 'list', 'ABC-1', '--csv'])).code).toBe(0);
    expect(f.out.text).toBe('ID,AUTHOR,CREATED,BODY\n10001,Jane Doe,2024-05-01 10:00,First\n10002,Jane Doe,2024-05-01 10:00,Second\n');
  });

  test('--fields chooses the table columns; an unknown field lists the known ones', async () => {
    const f = fakeFactory({ http: site() });
    expect((await runArgv(f, ['jira', 'issue', 'comment', 'list', 'ABC-1', '--fields', 'id,visibility'])).code).toBe(0);
    expect(f.out.text).toBe('ID\tVISIBILITY\n10001\t\n10002\trole:Developers\n');
    const { code, error } = await runArgv(fakeFactory(), ['jira', 'issue', 'comment', 'list', 'ABC-1', '--fields', 'id,colour']);
    expect(code).toBe(2);
    expect(error?.hint).toBe('choose from id, author, created, updated, visibility, body');
  });

  test('--json with --csv is a conflict', async () => {
    const { code } = await runArgv(fakeFactory({ json: true }), ['jira', 'issue', 'comment', 'list', 'ABC-1', '--csv', '--json']);
    expect(code).toBe(2);
  });
});

describe('comment list as text', () => {
  // Data Center's wiki markup, which reaches the terminal through the same Markdown as Cloud's ADF.
  const site = () =>
    new FakeHttp('https://jira.example.com').on('GET', '/rest/api/2/issue/ABC-1/comment', () => ({
      startAt: 0,
      maxResults: 100,
      total: 1,
      comments: [{ ...comment('10001', 'x'), body: 'h2. Steps\n\nPress *Save*' }],
    }));
  const onDc = (options: { tty?: boolean } = {}) => fakeFactory({ http: site(), deployment: 'datacenter', ...options });

  test('on a terminal the Markdown is drawn as issue view draws it: no ** or ## source', async () => {
    const f = onDc({ tty: true });
    expect((await runArgv(f, ['jira', 'issue', 'comment', 'list', 'ABC-1'])).code).toBe(0);
    expect(f.out.text).toBe('— Jane Doe, 2024-05-01 10:00 (id 10001)\nSteps\n─────\n\nPress Save\n');
    const coloured = onDc({ tty: true });
    coloured.io.colorEnabled = () => true;
    expect((await runArgv(coloured, ['jira', 'issue', 'comment', 'list', 'ABC-1'])).code).toBe(0);
    expect(coloured.out.text).toContain('Press \u001b[1mSave\u001b[22m');
    expect(coloured.out.text).not.toContain('**');
  });

  test('piped, the body is the Markdown source, byte for byte', async () => {
    const f = onDc();
    expect((await runArgv(f, ['jira', 'issue', 'comment', 'list', 'ABC-1'])).code).toBe(0);
    expect(f.out.text).toBe('— Jane Doe, 2024-05-01 10:00 (id 10001)\n## Steps\n\nPress **Save**\n');
  });

  test('on a terminal an escape sequence in a comment is shown, not run', async () => {
    const http = new FakeHttp().on('GET', '/rest/api/3/issue/ABC-1/comment', () => ({
      startAt: 0,
      maxResults: 100,
      total: 1,
      comments: [comment('10001', 'evil \u001b]0;title\u0007 text', { author: { displayName: 'Eve\u001b[31m' } })],
    }));
    const f = fakeFactory({ http, tty: true });
    f.io.colorEnabled = () => true;
    expect((await runArgv(f, ['jira', 'issue', 'comment', 'list', 'ABC-1'])).code).toBe(0);
    expect(f.out.text).not.toContain('\u001b]');
    expect(f.out.text).not.toContain('\u001b[31m');
  });
});

describe('comment list marks Service Management internal notes', () => {
  test('Cloud: jsdPublic false is "internal" in the list and in the visibility column', async () => {
    const http = new FakeHttp().on('GET', '/rest/api/3/issue/HELP-1/comment', (request) => {
      expect(request.query.expand).toBeUndefined();
      return {
        startAt: 0,
        maxResults: 100,
        total: 2,
        comments: [comment('1', 'Reply', { jsdPublic: true }), comment('2', 'Note', { jsdPublic: false })],
      };
    });
    const f = fakeFactory({ http });
    expect((await runArgv(f, ['jira', 'issue', 'comment', 'list', 'HELP-1'])).code).toBe(0);
    expect(f.out.text).toBe('— Jane Doe, 2024-05-01 10:00 (id 1)\nReply\n\n— Jane Doe, 2024-05-01 10:00 (id 2, internal)\nNote\n');
    const table = fakeFactory({
      http: new FakeHttp().on('GET', '/rest/api/3/issue/HELP-1/comment', () => ({
        total: 1,
        comments: [comment('2', 'Note', { jsdPublic: false, visibility: { type: 'role', value: 'Agents' } })],
      })),
    });
    expect((await runArgv(table, ['jira', 'issue', 'comment', 'list', 'HELP-1', '--fields', 'id,visibility'])).code).toBe(0);
    expect(table.out.text).toBe('ID\tVISIBILITY\n2\tinternal, role:Agents\n');
  });

  test('Data Center: asks for the properties; sd.public.comment {internal: true} (or its JSON text) is internal', async () => {
    const note = (id: string, value: unknown) => ({
      ...comment(id, `Note ${id}`),
      body: `Note ${id}`,
      properties: [{ key: 'sd.public.comment', value }],
    });
    const http = new FakeHttp('https://jira.example.com').on('GET', '/rest/api/2/issue/HELP-1/comment', (request) => {
      expect(request.query.expand).toBe('properties');
      return {
        startAt: 0,
        maxResults: 50,
        total: 3,
        comments: [note('1', { internal: false }), note('2', { internal: true }), note('3', '{"internal":true}')],
      };
    });
    const f = fakeFactory({ http, deployment: 'datacenter' });
    expect((await runArgv(f, ['jira', 'issue', 'comment', 'list', 'HELP-1'])).code).toBe(0);
    expect([...f.out.text.matchAll(/\(id (\d)(, internal)?\)/g)].map((m) => `${m[1]}${m[2] ?? ''}`)).toEqual([
      '1',
      '2, internal',
      '3, internal',
    ]);
  });
});

describe('comment add and edit in the editor (a terminal, no body given)', () => {
  test('add: what the editor saved is the comment; saved empty, nothing is sent (exit 1)', async () => {
    const f = fakeFactory({
      tty: true,
      editor: 'From the **editor**\n',
      http: new FakeHttp().on('POST', '/rest/api/3/issue/ABC-1/comment', () => comment('10001', 'x')),
    });
    expect((await runArgv(f, ['jira', 'issue', 'comment', 'add', 'ABC-1'])).code).toBe(0);
    expect(f.edited).toEqual(['']);
    expect(f.http.requests[0]!.body).toMatchObject({ body: { type: 'doc', content: [{ type: 'paragraph' }] } });
    expect(JSON.stringify(f.http.requests[0]!.body)).toContain('"text":"editor","marks":[{"type":"strong"}]');
    const empty = fakeFactory({ tty: true, editor: '\n' });
    const { code, error } = await runArgv(empty, ['jira', 'issue', 'comment', 'add', 'ABC-1']);
    expect(code).toBe(1);
    expect(error?.message).toBe('the text was saved empty in the editor: nothing was sent');
    expect(empty.http.requests).toEqual([]);
  });

  test('edit: the editor opens with the comment as it is, in Markdown', async () => {
    const f = fakeFactory({
      tty: true,
      editor: 'Changed\n',
      http: new FakeHttp()
        .on('GET', '/rest/api/3/issue/ABC-1/comment/10001', () => comment('10001', 'As it was'))
        .on('PUT', '/rest/api/3/issue/ABC-1/comment/10001', () => comment('10001', 'Changed')),
    });
    expect((await runArgv(f, ['jira', 'issue', 'comment', 'edit', 'ABC-1', '10001'])).code).toBe(0);
    expect(f.edited).toEqual(['As it was']);
    expect(f.http.requests[1]!.body).toEqual({ body: adf('Changed') });
  });
});
