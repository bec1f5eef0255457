// `issue view`: custom fields by their names (issue 11 item 9) and, on a terminal, the description
// and comments drawn rather than printed as Markdown source, with the status in its colour.
import { describe, expect, test } from 'vitest';
import { FakeHttp, fakeFactory, runArgv, type FakeRequest } from '../../../jira/fake.testutil.js';

const DESCRIPTION = {
  type: 'doc',
  version: 1,
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Steps' }] },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Press ' },
        { type: 'text', text: 'Save', marks: [{ type: 'strong' }] },
      ],
    },
    {
      type: 'bulletList',
      content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: '1. first' }] }] }],
    },
  ],
};

const ISSUE = {
  id: '10001',
  key: 'DEMO-1',
  fields: {
    summary: 'Login fails',
    status: { name: 'In Progress', statusCategory: { key: 'indeterminate' } },
    description: DESCRIPTION,
    customfield_10016: 5,
    customfield_10020: [{ id: 3, name: 'DEMO Sprint 3', state: 'active', boardId: 1, goal: '' }],
    customfield_10001: { self: 'x', value: 'Mobile', id: '10101' },
    customfield_10030: { value: 'Hardware', id: '1', child: { value: 'Laptop', id: '2' } },
    customfield_10040: [{ accountId: 'a', displayName: 'Ravi Sharma' }],
    customfield_10050: null,
    customfield_10051: [],
    customfield_10052: '',
    customfield_10019: '0|i0000f:',
  },
};

const NAMES = {
  summary: 'Summary',
  customfield_10016: 'Story Points',
  customfield_10020: 'Sprint',
  customfield_10001: 'Team',
  customfield_10030: 'Hardware Area',
  customfield_10040: 'Reviewers',
  customfield_10050: 'Empty One',
  customfield_10051: 'Empty List',
  customfield_10052: 'Empty Text',
  customfield_10019: 'Rank',
};

function site(): FakeHttp {
  return new FakeHttp()
    .on('GET', '/rest/api/3/issue/DEMO-1', (r: FakeRequest) =>
      // Names and schemas only when asked for, as Jira does.
      String(r.query.expand ?? '')
        .split(',')
        .includes('names')
        ? { ...ISSUE, names: NAMES, schema: { customfield_10019: { type: 'any', custom: 'com.pyxis.greenhopper.jira:gh-lexo-rank' } } }
        : ISSUE,
    )
    .optional('GET', '/rest/api/3/issue/DEMO-1/comment', () => ({ startAt: 0, maxResults: 5, total: 0, comments: [] }));
}

describe('issue view', () => {
  test('shows the non-empty custom fields by the names Jira gives them, readably; empty and internal ones are left out', async () => {
    const f = fakeFactory({ http: site() });
    expect((await runArgv(f, ['jira', 'issue', 'view', 'DEMO-1'])).code).toBe(0);
    expect(f.http.requests[0]!.query.expand).toBe('names,schema');
    const out = f.out.text;
    expect(out).toContain('Hardware Area  Hardware › Laptop\n');
    expect(out).toContain('Reviewers  Ravi Sharma\n');
    expect(out).toContain('Sprint     DEMO Sprint 3 (active)\n');
    expect(out).toContain('Story Points  5\n');
    expect(out).toContain('Team       Mobile\n');
    expect(out).not.toMatch(/Empty|Rank|customfield_/);
  });

  test('--json is the issue exactly as Jira sends it: no names or schema asked for', async () => {
    const f = fakeFactory({ http: site(), json: true });
    expect((await runArgv(f, ['jira', 'issue', 'view', 'DEMO-1', '--json'])).code).toBe(0);
    expect(f.http.requests[0]!.query.expand).toBeUndefined();
    expect(JSON.parse(f.out.text)).toEqual(ISSUE);
  });

  test('piped, the description is the Markdown source, as before', async () => {
    const f = fakeFactory({ http: site() });
    await runArgv(f, ['jira', 'issue', 'view', 'DEMO-1']);
    expect(f.out.text).toContain('## Steps\n\nPress **Save**\n\n- 1\\. first\n');
    expect(f.out.text).toContain('Status     In Progress\n');
  });

  test('on a terminal the description is drawn: no Markdown marks or escapes; no colour means no escape sequence', async () => {
    const f = fakeFactory({ http: site(), tty: true });
    await runArgv(f, ['jira', 'issue', 'view', 'DEMO-1']);
    expect(f.out.text).toContain('Steps\n─────\n\nPress Save\n\n• 1. first\n');
    expect(f.out.text).not.toMatch(/\*\*|\\|\u001b/);
  });

  test('on a colour terminal headings and bold are styled and the status takes its category colour', async () => {
    const f = fakeFactory({ http: site(), tty: true });
    f.io.colorEnabled = () => true;
    await runArgv(f, ['jira', 'issue', 'view', 'DEMO-1']);
    expect(f.out.text).toContain('Status     \u001b[1m\u001b[34mIn Progress\u001b[39m\u001b[22m\n');
    expect(f.out.text).toContain('Press \u001b[1mSave\u001b[22m');
    expect(f.out.text).not.toContain('**');
  });
});

test('issue view marks Service Management internal notes "(internal)" (Data Center: from the comment property)', async () => {
  const http = new FakeHttp('https://jira.example.com')
    .on('GET', '/rest/api/2/issue/HELP-1', () => ({ id: '1', key: 'HELP-1', fields: { summary: 'Laptop' } }))
    .on('GET', '/rest/api/2/issue/HELP-1/comment', (request) => {
      expect(request.query.expand).toBe('properties');
      const note = (text: string, internal: boolean) => ({
        id: text,
        author: { displayName: 'Demo' },
        body: text,
        created: '2024-05-01T10:00:00.000+0000',
        properties: [{ key: 'sd.public.comment', value: { internal } }],
      });
      return { startAt: 0, maxResults: 5, total: 2, comments: [note('Reply', false), note('Motherboard', true)] };
    });
  const f = fakeFactory({ http, deployment: 'datacenter' });
  expect((await runArgv(f, ['jira', 'issue', 'view', 'HELP-1'])).code).toBe(0);
  expect(f.out.text).toContain('\n— Demo, 2024-05-01 10:00\nReply\n\n— Demo, 2024-05-01 10:00 (internal)\nMotherboard\n');
});
