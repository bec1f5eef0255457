import { expect, test } from 'vitest';
import { FakeHttp, fakeFactory, runArgv } from '../../testkit/fakes.testutil.js';

const result = (id: string, title: string) => ({
  content: { id, type: 'page', title, space: { key: 'DOCS' } },
  title,
  url: `/spaces/DOCS/pages/${id}`,
  lastModified: '2026-11-30T10:00:00.000Z',
  entityType: 'content',
});

test('search on Cloud: v1 /rest/api/search with the CQL the flags build; a table of the results', async () => {
  const http = new FakeHttp().on('GET', '/rest/api/search', (r) => {
    expect(r.query).toMatchObject({ cql: 'space = "DOCS" AND text ~ "release" ORDER BY lastmodified DESC', limit: 50 });
    return { results: [result('1', 'Release notes')], _links: {} };
  });
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['confluence', 'search', '--space', 'DOCS', '--text', 'release'])).code).toBe(0);
  expect(f.out.text).toMatch(/^TYPE\s+ID\s+SPACE\s+TITLE\s+MODIFIED\npage\s+1\s+DOCS\s+Release notes\s+2026-11-30T10:00:00.000Z\n$/);
  expect(f.err.text).toBe('');
});

test('search --limit: never silently truncated, the same notice as jira search', async () => {
  const http = new FakeHttp().on('GET', '/rest/api/search', () => ({
    results: [result('1', 'A'), result('2', 'B')],
    totalSize: 9,
    _links: { next: '/rest/api/search?cql=x&cursor=c2&limit=2' },
  }));
  const f = fakeFactory({ http, json: true });
  expect((await runArgv(f, ['wiki', 'search', 'type = page', '--limit', '2'])).code).toBe(0);
  expect(JSON.parse(f.out.text)).toHaveLength(2);
  expect(f.err.text).toBe('showing 2 results; more match — use --limit N or --all\n');
});

test('search on Data Center: /rest/api/content/search, content rows, --csv', async () => {
  const http = new FakeHttp('https://wiki.example.com').on('GET', '/rest/api/content/search', (r) => {
    expect(r.query).toMatchObject({ cql: 'label = "howto" AND lastmodified >= startOfWeek() ORDER BY lastmodified DESC' });
    return {
      results: [{ id: '5', type: 'blogpost', title: 'Week', space: { key: 'DOCS' }, version: { number: 1, when: '2026-11-29' } }],
      start: 0,
      limit: 50,
      size: 1,
      _links: {},
    };
  });
  const f = fakeFactory({ http, deployment: 'datacenter' });
  expect(
    (await runArgv(f, ['confluence', 'search', '--label', 'howto', '--modified', 'week', '--csv', '--fields', 'id,type,title,modified']))
      .code,
  ).toBe(0);
  expect(f.out.text).toBe('ID,TYPE,TITLE,MODIFIED\n5,blogpost,Week,2026-11-29\n');
});

test('search with no CQL and no flags, or a bad --type, is exit 2 before any request', async () => {
  const f = fakeFactory({ http: new FakeHttp() });
  expect((await runArgv(f, ['confluence', 'search'])).code).toBe(2);
  expect((await runArgv(f, ['confluence', 'search', '--type', 'comment'])).code).toBe(2);
  expect(f.http.requests).toEqual([]);
});
