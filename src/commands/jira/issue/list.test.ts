import { expect, test } from 'vitest';
import { FakeHttp, fakeFactory, runArgv } from '../../../jira/fake.testutil.js';

const site = () =>
  new FakeHttp().on('POST', '/rest/api/3/search/jql', () => ({
    issues: [{ id: '1', key: 'ABC-1', fields: { summary: 'One', status: { name: 'To Do' } } }],
    isLast: true,
  }));

test('issue list runs search: the same request and the same output', async () => {
  const listed = fakeFactory({ http: site() });
  expect((await runArgv(listed, ['jira', 'issue', 'list', '-P', 'ABC', '--fields', 'summary,status'])).code).toBe(0);
  const searched = fakeFactory({ http: site() });
  expect((await runArgv(searched, ['jira', 'search', '-P', 'ABC', '--fields', 'summary,status'])).code).toBe(0);
  expect(listed.http.requests).toEqual(searched.http.requests);
  expect(listed.out.text).toBe(searched.out.text);
  expect(listed.out.text).toContain('ABC-1');
});

test('search --web opens the JQL in the issue navigator and prints the URL, without searching', async () => {
  const f = fakeFactory();
  expect((await runArgv(f, ['jira', 'search', '-P', 'ABC', '--status', 'In Progress', '--web'])).code).toBe(0);
  const url = `https://example.atlassian.net/issues/?jql=${encodeURIComponent('project = "ABC" AND status = "In Progress" ORDER BY updated DESC')}`;
  expect(f.out.text).toBe(`${url}\n`);
  expect(f.opened).toEqual([url]);
  expect(f.http.requests).toEqual([]);
});

test('search --web with --json, --csv or --count is exit 2 naming both flags', async () => {
  for (const [argv, json] of [
    [['--csv'], false],
    [['--count'], false],
    [[], true],
  ] as const) {
    const f = fakeFactory({ json });
    const { code, error } = await runArgv(f, ['jira', 'search', '-P', 'ABC', '--web', ...argv, ...(json ? ['--json'] : [])]);
    expect(code).toBe(2);
    expect(error?.message).toMatch(/--web.*cannot be used together|cannot be used together.*--web/);
  }
});
