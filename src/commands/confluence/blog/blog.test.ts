import { expect, test } from 'vitest';
import { FakeHttp, fakeFactory, runArgv } from '../../../testkit/fakes.testutil.js';

const spaceLookup = (http: FakeHttp) =>
  http.on('GET', '/api/v2/spaces', (r) => ({ results: r.query.keys === 'DOCS' ? [{ id: '101', key: 'DOCS', name: 'Docs' }] : [] }));

test("blog list: the space's blog posts through v2, --limit with the truncation notice", async () => {
  const http = spaceLookup(new FakeHttp()).on('GET', '/api/v2/spaces/101/blogposts', (r) => {
    expect(r.query).toMatchObject({ status: 'current', limit: 1 });
    return {
      results: [{ id: '7', title: 'Release 1.2', createdAt: '2026-11-30', version: { number: 1 } }],
      _links: { next: '/wiki/api/v2/spaces/101/blogposts?cursor=x' },
    };
  });
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['confluence', 'blog', 'list', '--space', 'DOCS', '--limit', '1'])).code).toBe(0);
  expect(f.out.text).toMatch(/^ID\s+TITLE\s+DATE\n7\s+Release 1\.2\s+2026-11-30\n$/);
  expect(f.err.text).toBe('showing 1 blog post; more match — use --limit N or --all\n');
});

test('blog create --dry-run on Data Center: a blogpost with no parent, the Markdown body as storage', async () => {
  const f = fakeFactory({ http: new FakeHttp('https://wiki.example.com'), deployment: 'datacenter' });
  const argv = ['confluence', 'blog', 'create', '--space', 'DOCS', '--title', 'Week 48', '--body', 'We shipped **1.2**.', '--dry-run'];
  expect((await runArgv(f, argv)).code).toBe(0);
  expect(f.err.text).toBe('dry run: would POST /rest/api/content with:\n');
  expect(JSON.parse(f.out.text)).toEqual({
    type: 'blogpost',
    title: 'Week 48',
    space: { key: 'DOCS' },
    body: { storage: { value: '<p>We shipped <strong>1.2</strong>.</p>', representation: 'storage' } },
  });
});

test('blog create takes no --parent (blog posts have none)', async () => {
  const f = fakeFactory({ http: new FakeHttp() });
  const result = await runArgv(f, ['confluence', 'blog', 'create', '--space', 'DOCS', '--title', 'T', '--parent', '1']);
  expect(result.code).toBe(2);
});

test('blog view "SPACE:Title" looks the title up among blog posts and prints Markdown', async () => {
  const http = spaceLookup(new FakeHttp())
    .on('GET', '/api/v2/blogposts', (r) => {
      expect(r.query).toMatchObject({ 'space-id': '101', title: 'Release 1.2' });
      return { results: [{ id: '7', title: 'Release 1.2' }] };
    })
    .on('GET', '/api/v2/blogposts/7', () => ({ id: '7', title: 'Release 1.2', body: { storage: { value: '<h1>Hi</h1><p>x</p>' } } }));
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['confluence', 'blog', 'view', 'DOCS:Release 1.2'])).code).toBe(0);
  expect(f.out.text).toBe('# Hi\n\nx\n');
});
