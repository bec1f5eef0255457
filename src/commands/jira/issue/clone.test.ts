import { expect, test } from 'vitest';
import { FakeHttp, fakeFactory, runArgv } from '../../../jira/fake.testutil.js';

const original = {
  id: '10001',
  key: 'ABC-1',
  fields: {
    summary: 'Crash on save',
    description: { type: 'doc', version: 1, content: [] },
    issuetype: { id: '10002', name: 'Bug', subtask: false },
    priority: { id: '2', name: 'High' },
    labels: ['backend'],
    components: [{ id: '10100', name: 'UI' }],
    project: { id: '10000', key: 'ABC' },
  },
};

const site = () =>
  new FakeHttp()
    .on('GET', '/rest/api/3/issue/ABC-1', () => original)
    .on('POST', '/rest/api/3/issue', () => ({ id: '10050', key: 'ABC-50', self: 'x' }));

test('copies summary, description, type, priority, labels and components; prints the new key and URL', async () => {
  const f = fakeFactory({ http: site() });
  expect((await runArgv(f, ['jira', 'issue', 'clone', 'ABC-1'])).code).toBe(0);
  expect(f.http.requests[0]!.query).toEqual({ fields: 'summary,description,issuetype,priority,labels,components,project,parent' });
  expect(f.http.requests[1]!.body).toEqual({
    fields: {
      project: { key: 'ABC' },
      summary: 'Crash on save',
      issuetype: { id: '10002' },
      description: original.fields.description,
      priority: { id: '2' },
      labels: ['backend'],
      components: [{ id: '10100' }],
    },
  });
  expect(f.out.text).toBe('ABC-50\nhttps://example.atlassian.net/browse/ABC-50\n');
});

test('--summary and --project: the type by name, components left behind; --json prints key, id, url', async () => {
  const f = fakeFactory({ http: site(), json: true });
  expect((await runArgv(f, ['jira', 'issue', 'clone', 'ABC-1', '--summary', 'On Android', '--project', 'xyz', '--json'])).code).toBe(0);
  expect(f.http.requests[1]!.body).toEqual({
    fields: {
      project: { key: 'XYZ' },
      summary: 'On Android',
      issuetype: { name: 'Bug' },
      description: original.fields.description,
      priority: { id: '2' },
      labels: ['backend'],
    },
  });
  expect(JSON.parse(f.out.text)).toEqual({ key: 'ABC-50', id: '10050', url: 'https://example.atlassian.net/browse/ABC-50' });
});
