import { expect, test } from 'vitest';
import { FakeHttp, fakeFactory, runArgv } from '../../../testkit/fakes.testutil.js';

const cloudSpaces = [
  { id: '101', key: 'DEMO', name: 'Demo space', type: 'global', status: 'current' },
  { id: '102', key: 'ENG', name: 'Engineering', type: 'global', status: 'current' },
];

test('space list: a table of key, name and type; --type is sent to v2', async () => {
  const http = new FakeHttp().on('GET', '/api/v2/spaces', (r) => {
    expect(r.query).toMatchObject({ type: 'global', limit: 50 });
    return { results: cloudSpaces, _links: {} };
  });
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['confluence', 'space', 'list', '--type', 'global'])).code).toBe(0);
  expect(f.out.text).toMatch(/^KEY\s+NAME\s+TYPE\n/);
  expect(f.out.text).toContain('DEMO');
  expect(f.out.text).toContain('Engineering');
  expect(f.err.text).toBe('');
});

test('space list --limit 1 says more exist, as jira search does; the second page is never fetched', async () => {
  const http = new FakeHttp().on('GET', '/api/v2/spaces', () => ({
    results: cloudSpaces.slice(0, 1),
    _links: { next: '/wiki/api/v2/spaces?cursor=abc&limit=1' },
  }));
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['confluence', 'space', 'list', '--limit', '1'])).code).toBe(0);
  expect(f.err.text).toBe('showing 1 space; more match — use --limit N or --all\n');
  expect(http.requests).toHaveLength(1);
});

test('space list --all follows the cursor: only the query of `next` goes on our own path', async () => {
  const http = new FakeHttp().on('GET', '/api/v2/spaces', (r) =>
    r.query.cursor === 'abc'
      ? { results: cloudSpaces.slice(1), _links: {} }
      : { results: cloudSpaces.slice(0, 1), _links: { next: '/wiki/api/v2/spaces?cursor=abc&limit=250&sort=key' } },
  );
  const f = fakeFactory({ http, json: true });
  expect((await runArgv(f, ['wiki', 'space', 'list', '--all'])).code).toBe(0);
  expect(JSON.parse(f.out.text)).toEqual(cloudSpaces);
  expect(http.requests.map((r) => [r.path, r.query.cursor])).toEqual([
    ['/api/v2/spaces', undefined],
    ['/api/v2/spaces', 'abc'],
  ]);
});

test('space list on Data Center pages /rest/api/space by offset and drops a space handed out twice', async () => {
  const dc = [
    { id: 1, key: 'DEMO', name: 'Demo', type: 'global' },
    { id: 2, key: 'OPS', name: 'Ops', type: 'global' },
  ];
  const http = new FakeHttp('https://wiki.example.com').on('GET', '/rest/api/space', (r) =>
    r.query.start === '1'
      ? { results: dc, start: 1, limit: 1, size: 2, _links: {} }
      : { results: dc.slice(0, 1), start: 0, limit: 1, size: 1, _links: { next: '/rest/api/space?start=1&limit=1' } },
  );
  const f = fakeFactory({ http, deployment: 'datacenter', json: true });
  expect((await runArgv(f, ['confluence', 'space', 'list', '--all'])).code).toBe(0);
  expect(JSON.parse(f.out.text)).toEqual(dc);
});

test('space view prints the space; --json as Confluence returns it; unknown key is exit 4', async () => {
  const http = new FakeHttp().on('GET', '/api/v2/spaces', (r) => ({
    results: r.query.keys === 'DEMO' ? [{ ...cloudSpaces[0], homepageId: '9', _links: { webui: '/spaces/DEMO' } }] : [],
  }));
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['confluence', 'space', 'view', 'DEMO'])).code).toBe(0);
  expect(f.out.text).toContain('Key:       DEMO\n');
  expect(f.out.text).toContain('URL:       https://example.atlassian.net/spaces/DEMO\n');
  const g = fakeFactory({ http, json: true });
  expect((await runArgv(g, ['confluence', 'space', 'view', 'DEMO'])).code).toBe(0);
  expect(JSON.parse(g.out.text)).toMatchObject({ key: 'DEMO', homepageId: '9' });
  const h = fakeFactory({ http });
  const missing = await runArgv(h, ['confluence', 'space', 'view', 'NOPE']);
  expect(missing.code).toBe(4);
  expect(missing.error?.hint).toContain('atl confluence space list');
});

test('space view --web opens the space page and prints its URL', async () => {
  const http = new FakeHttp('https://wiki.example.com').on('GET', '/rest/api/space/DEMO', () => ({
    id: 1,
    key: 'DEMO',
    name: 'Demo',
    _links: { webui: '/display/DEMO' },
  }));
  const f = fakeFactory({ http, deployment: 'datacenter' });
  expect((await runArgv(f, ['confluence', 'space', 'view', 'DEMO', '--web'])).code).toBe(0);
  expect(f.opened).toEqual(['https://wiki.example.com/display/DEMO']);
});
