import { describe, expect, test } from 'vitest';
import { FakeHttp, fakeFactory, runArgv, type FakeRequest } from '../../../jira/fake.testutil.js';

/** A Cloud site with what the interactive create lists, recording the issue it creates. */
function site(created: FakeRequest[], only: 'all' | 'some' = 'all') {
  // With `some`, a stub the flags make unneeded (the project list, priorities) may go unused.
  const http = new FakeHttp();
  const on = (only === 'all' ? http.on : http.optional).bind(http);
  return on('GET', '/rest/api/3/project/search', () => ({
    startAt: 0,
    maxResults: 50,
    total: 2,
    isLast: true,
    values: [
      { id: '1', key: 'ABC', name: 'Alpha' },
      { id: '2', key: 'OPS', name: 'Operations' },
    ],
  }))
    .optional('GET', '/rest/api/3/issue/createmeta/OPS/issuetypes', () => ({
      issueTypes: [
        { id: '1', name: 'Task', subtask: false },
        { id: '2', name: 'Sub-task', subtask: true },
        { id: '3', name: 'Bug', subtask: false },
      ],
    }))
    .on('GET', '/rest/api/3/priority/search', () => ({
      startAt: 0,
      maxResults: 100,
      total: 2,
      isLast: true,
      values: [{ name: 'High' }, { name: 'Low' }],
    }))
    .on('GET', '/rest/api/3/user/assignable/search', () => [{ accountId: 'acc-mia', displayName: 'Mia Krystof' }])
    .on('POST', '/rest/api/3/issue', (r) => {
      created.push(r);
      return { id: '10100', key: 'OPS-7', self: 'x' };
    });
}

describe('issue create on a terminal with nothing given', () => {
  test('pick-lists for project, type (no sub-tasks), priority and assignee; the description from the editor', async () => {
    const created: FakeRequest[] = [];
    const offered: Record<string, string[]> = {};
    const picks: Record<string, string> = { 'Project:': 'OPS', 'Issue type:': 'Bug', 'Priority:': 'High', 'Assignee:': 'acc-mia' };
    const f = fakeFactory({
      http: site(created),
      tty: true,
      editor: '## Steps\n\n1. open **it**\n',
      prompter: {
        select: async (message, choices) => {
          offered[message] = choices.map((c) => c.name ?? c.value);
          return picks[message] as never;
        },
        input: async (message) => (message === 'Summary:' ? 'Crash on save' : ''),
        confirm: async (message) => message === 'Write a description in your editor?',
      },
    });
    expect((await runArgv(f, ['jira', 'issue', 'create'])).code).toBe(0);
    expect(offered).toEqual({
      'Project:': ['ABC  Alpha', 'OPS  Operations'],
      'Issue type:': ['Task', 'Bug'],
      'Priority:': ["(the project's default)", 'High', 'Low'],
      'Assignee:': ['Unassigned', 'Me', 'Mia Krystof'],
    });
    expect(f.edited).toEqual(['']);
    const fields = (created[0]!.body as { fields: Record<string, unknown> }).fields;
    expect(fields).toMatchObject({
      project: { key: 'OPS' },
      issuetype: { name: 'Bug' },
      summary: 'Crash on save',
      priority: { name: 'High' },
      assignee: { accountId: 'acc-mia' },
    });
    expect(JSON.stringify(fields.description)).toContain('"text":"Steps"');
    expect(f.out.text).toBe('OPS-7\nhttps://example.atlassian.net/browse/OPS-7\n');
  });

  test('flags that were given are not asked again; without a terminal nothing is asked', async () => {
    const created: FakeRequest[] = [];
    const asked: string[] = [];
    const f = fakeFactory({
      http: site(created, 'some'),
      tty: true,
      prompter: {
        select: async (message) => (asked.push(message), (message === 'Issue type:' ? 'Task' : 'none') as never),
        input: async (message) => (asked.push(message), 'x'),
        confirm: async (message) => (asked.push(message), false),
      },
    });
    expect((await runArgv(f, ['jira', 'issue', 'create', '-P', 'ops', '--priority', 'Low', '--summary', 'Given'])).code).toBe(0);
    expect(asked).toEqual(['Issue type:', 'Write a description in your editor?', 'Assignee:']);
    expect((created[0]!.body as { fields: Record<string, unknown> }).fields).toMatchObject({ summary: 'Given', priority: { name: 'Low' } });

    const script = fakeFactory({ http: new FakeHttp() });
    const refused = await runArgv(script, ['jira', 'issue', 'create', '-P', 'OPS']);
    expect(refused.code).toBe(2);
    expect(refused.error?.message).toBe('missing --type, --summary');
  });
});
