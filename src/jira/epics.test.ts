import { expect, test } from 'vitest';
import { makeContext } from './context.js';
import { addToEpic, epicChildrenJql, issueChildren, removeFromEpic } from './epics.js';
import { FakeHttp } from './fake.testutil.js';

test("an epic's children: Cloud by parent, Data Center by the Epic Link", () => {
  expect(epicChildrenJql(makeContext(new FakeHttp(), 'cloud'), 'ABC-1')).toBe('parent = "ABC-1"');
  expect(epicChildrenJql(makeContext(new FakeHttp(), 'datacenter'), 'ABC-1')).toBe('"Epic Link" = "ABC-1"');
});

test('Cloud puts an issue under an epic by setting its parent', async () => {
  const http = new FakeHttp().on('PUT', '/rest/api/3/issue/ABC-7', () => undefined);
  await addToEpic(makeContext(http, 'cloud'), 'ABC-1', 'ABC-7');
  expect(http.requests[0]!.body).toEqual({ fields: { parent: { key: 'ABC-1' } } });
});

test('Data Center goes through the agile API (the Epic Link, whatever its field id); remove uses epic/none', async () => {
  const http = new FakeHttp()
    .on('POST', '/rest/agile/1.0/epic/ABC-1/issue', () => undefined)
    .on('POST', '/rest/agile/1.0/epic/none/issue', () => undefined);
  const ctx = makeContext(http, 'datacenter');
  await addToEpic(ctx, 'ABC-1', 'ABC-7');
  await removeFromEpic(ctx, 'ABC-7');
  expect(http.requests.map((r) => r.body)).toEqual([{ issues: ['ABC-7'] }, { issues: ['ABC-7'] }]);
});

test("an issue's children: its sub-tasks; an epic's issues by search, with whether there were more", async () => {
  const story = {
    id: '1',
    key: 'ABC-7',
    fields: {
      issuetype: { name: 'Story', hierarchyLevel: 0 },
      subtasks: [{ key: 'ABC-8', fields: { summary: 'Write it', status: { name: 'To Do' } } }],
    },
  };
  expect(await issueChildren(makeContext(new FakeHttp(), 'cloud'), story)).toEqual({
    children: [{ key: 'ABC-8', status: 'To Do', summary: 'Write it' }],
    more: false,
  });
  const http = new FakeHttp().on('GET', '/rest/api/2/search', (request) => {
    expect(request.query.jql).toBe('"Epic Link" = "ABC-1" ORDER BY key ASC');
    const issues = Array.from({ length: 20 }, (_, n) => ({
      id: `${n}`,
      key: `ABC-${n + 2}`,
      fields: { summary: 'S', status: { name: 'Done' } },
    }));
    return { startAt: 0, maxResults: 20, total: 30, issues };
  });
  // Data Center's issue types have no hierarchy level: an epic is known by its type's name.
  const epic = { id: '2', key: 'ABC-1', fields: { issuetype: { name: 'Epic' }, subtasks: [] } };
  const found = await issueChildren(makeContext(http, 'datacenter'), epic);
  expect(found.children).toHaveLength(20);
  expect(found.children[0]).toEqual({ key: 'ABC-2', status: 'Done', summary: 'S' });
  expect(found.more).toBe(true);
});
