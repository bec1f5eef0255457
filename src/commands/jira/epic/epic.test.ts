import { expect, test } from 'vitest';
import { FakeHttp, fakeFactory, httpError, runArgv } from '../../../jira/fake.testutil.js';

test('epic add reports each issue and exits 1 when one failed, carrying on past it', async () => {
  const http = new FakeHttp().on('PUT', '/rest/api/3/issue/*', (request) => {
    if (request.path.endsWith('/ABC-8')) throw httpError(400, 'Given parent issue does not belong to appropriate hierarchy.');
    return undefined;
  });
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['jira', 'epic', 'add', 'abc-1', 'ABC-7', 'ABC-8', 'ABC-9'])).code).toBe(1);
  expect(f.out.text).toBe('ok      ABC-7\nfailed  ABC-8: Given parent issue does not belong to appropriate hierarchy.\nok      ABC-9\n');
  expect(http.requests.map((r) => r.body)).toEqual([1, 2, 3].map(() => ({ fields: { parent: { key: 'ABC-1' } } })));
});

test('epic add refuses a malformed key before sending anything', async () => {
  const f = fakeFactory();
  expect((await runArgv(f, ['jira', 'epic', 'add', 'ABC-1', 'not-a-key'])).code).toBe(2);
  expect(f.http.requests).toEqual([]);
});

test('epic list searches the project for epics; epic issues on Data Center by the Epic Link', async () => {
  const http = new FakeHttp().on('GET', '/rest/api/2/search', (request) => ({
    startAt: 0,
    maxResults: 50,
    total: 1,
    issues: [{ id: '1', key: 'ABC-1', fields: { summary: String(request.query.jql) } }],
  }));
  const f = fakeFactory({ http, deployment: 'datacenter' });
  expect((await runArgv(f, ['jira', 'epic', 'list', '-P', 'ABC', '--fields', 'summary', '--csv'])).code).toBe(0);
  expect(f.out.text).toBe('KEY,SUMMARY\nABC-1,"project = ""ABC"" AND issuetype = Epic ORDER BY updated DESC"\n');
  const g = fakeFactory({ http, deployment: 'datacenter' });
  expect((await runArgv(g, ['jira', 'epic', 'issues', 'ABC-1', '--fields', 'summary', '--csv', '--reverse'])).code).toBe(0);
  expect(g.out.text).toBe('KEY,SUMMARY\nABC-1,"""Epic Link"" = ""ABC-1"" ORDER BY updated ASC"\n');
});

test("epic issues --web opens the epic's issues in the issue navigator and asks Jira nothing; not with --csv or --json", async () => {
  const f = fakeFactory();
  expect((await runArgv(f, ['jira', 'epic', 'issues', 'ABC-1', '--web'])).code).toBe(0);
  const url = `https://example.atlassian.net/issues/?jql=${encodeURIComponent('parent = "ABC-1" ORDER BY updated DESC')}`;
  expect(f.opened).toEqual([url]);
  expect(f.out.text).toBe(`${url}\n`);
  expect(f.http.requests).toEqual([]);
  const dc = fakeFactory({ deployment: 'datacenter' });
  expect((await runArgv(dc, ['jira', 'epic', 'issues', 'ABC-1', '--web'])).code).toBe(0);
  expect(dc.opened).toEqual([`https://jira.example.com/issues/?jql=${encodeURIComponent('"Epic Link" = "ABC-1" ORDER BY updated DESC')}`]);
  const csv = await runArgv(fakeFactory(), ['jira', 'epic', 'issues', 'ABC-1', '--web', '--csv']);
  expect(csv.code).toBe(2);
  const json = fakeFactory({ json: true });
  const refused = await runArgv(json, ['jira', 'epic', 'issues', 'ABC-1', '--web']);
  expect(refused.code).toBe(2);
  expect(refused.error?.message).toContain('--web');
  expect(json.opened).toEqual([]);
});
