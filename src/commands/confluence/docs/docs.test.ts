import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import { tempDir } from '../../../confluence/sync/sync.testutil.js';
import { FakeHttp, fakeFactory, runArgv } from '../../../testkit/fakes.testutil.js';

interface FakePage {
  id: string;
  title: string;
  parentId: string | null;
  version: number;
  message?: string;
  storage: string;
  labels: string[];
}

/** Confluence Cloud (v2) with space DOCS (id 101): Home > Guide. */
function cloud(pages: FakePage[] = defaultPages()) {
  const byId = new Map(pages.map((page) => [page.id, page]));
  const v2 = (page: FakePage) => ({
    id: page.id,
    title: page.title,
    status: 'current',
    spaceId: '101',
    parentId: page.parentId,
    version: { number: page.version, message: page.message ?? '' },
  });
  const http = new FakeHttp()
    .optional('GET', '/api/v2/spaces', () => ({ results: [{ id: '101', key: 'DOCS', name: 'Docs' }], _links: {} }))
    .on('GET', '/api/v2/spaces/101/pages', () => ({ results: [...byId.values()].map(v2), _links: {} }))
    .optional('GET', '/api/v2/pages/*', (request) => {
      const page = byId.get(request.path.split('/').pop() as string) as FakePage;
      return {
        ...v2(page),
        body: { storage: { value: page.storage, representation: 'storage' } },
        labels: { results: page.labels.map((name) => ({ name })) },
      };
    })
    .optional('PUT', '/api/v2/pages/*', (request) => {
      const body = request.body as { id: string; title: string; version: { number: number; message: string }; body: { value: string } };
      const page = byId.get(body.id) as FakePage;
      Object.assign(page, { title: body.title, version: body.version.number, message: body.version.message, storage: body.body.value });
      return v2(page);
    });
  return { http, byId };
}

function defaultPages(): FakePage[] {
  return [
    { id: '1', title: 'Home', parentId: null, version: 3, storage: '<p>Welcome</p>', labels: [] },
    { id: '2', title: 'Guide', parentId: '1', version: 1, storage: '<h2>Start</h2><p>Read <strong>this</strong>.</p>', labels: ['howto'] },
  ];
}

test('pull SPACE DIR writes the tree with front matter; status is then up to date', async () => {
  const { http } = cloud();
  const dir = await tempDir();
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['confluence', 'docs', 'pull', 'DOCS', dir])).code).toBe(0);
  expect(f.out.text).toContain('U Home/Guide.md\n');
  expect(f.out.text).toMatch(/pulled space DOCS into .*: 2 pages fetched, 2 files changed\n$/);
  expect(await readFile(path.join(dir, 'Home', 'Guide.md'), 'utf8')).toBe(
    '---\nid: "2"\nspace: DOCS\ntitle: Guide\nversion: 1\nlabels:\n  - howto\n---\n\n## Start\n\nRead **this**.\n',
  );
  const g = fakeFactory({ http });
  expect((await runArgv(g, ['confluence', 'docs', 'status', '--dir', dir])).code).toBe(0);
  expect(g.out.text).toBe('up to date: nothing changed here or in Confluence\n');
});

test('push --dry-run shows the plan; push sends base version + 1 with an op id; a page changed in Confluence is a conflict, exit 1', async () => {
  const { http, byId } = cloud();
  const dir = await tempDir();
  expect((await runArgv(fakeFactory({ http }), ['wiki', 'docs', 'pull', 'DOCS', dir])).code).toBe(0);
  const file = path.join(dir, 'Home', 'Guide.md');
  await writeFile(file, (await readFile(file, 'utf8')).replace('Read **this**.', 'Read **this** first.'));

  const dry = fakeFactory({ http });
  expect((await runArgv(dry, ['confluence', 'docs', 'push', '--dry-run', '--dir', dir])).code).toBe(0);
  expect(dry.out.text).toBe('would update Home/Guide.md (body)\n');
  expect(byId.get('2')?.version).toBe(1);

  const f = fakeFactory({ http });
  expect((await runArgv(f, ['confluence', 'docs', 'push', '--dir', dir])).code).toBe(0);
  expect(f.out.text).toBe('updated Home/Guide.md (body)\n');
  expect(byId.get('2')).toMatchObject({
    version: 2,
    message: expect.stringMatching(/^atl [0-9a-f]{12}$/),
    storage: expect.stringContaining('first.'),
  });
  expect(await readFile(file, 'utf8')).toContain('version: 2\n');

  await writeFile(file, (await readFile(file, 'utf8')).replace('first.', 'first!'));
  Object.assign(byId.get('2') as FakePage, { version: 3, storage: '<p>theirs</p>' });
  const conflict = fakeFactory({ http });
  expect((await runArgv(conflict, ['confluence', 'docs', 'push', '--dir', dir])).code).toBe(1);
  expect(conflict.err.text).toContain('conflict: Home/Guide.md: changed in Confluence since the last pull (version 3');
  expect(byId.get('2')?.storage).toBe('<p>theirs</p>');
});

test('diff prints the unified diff against the base', async () => {
  const { http } = cloud();
  const dir = await tempDir();
  expect((await runArgv(fakeFactory({ http }), ['confluence', 'docs', 'pull', 'DOCS', dir])).code).toBe(0);
  const file = path.join(dir, 'Home', 'index.md');
  await writeFile(file, (await readFile(file, 'utf8')).replace('Welcome', 'Welcome home'));
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['confluence', 'docs', 'diff', file, '--dir', dir])).code).toBe(0);
  expect(f.out.text).toContain('--- a/Home/index.md (base, version 3)\n+++ b/Home/index.md\n');
  expect(f.out.text).toContain('-Welcome\n+Welcome home\n');
});

test('usage errors: a bad --concurrency, DIR and --dir together, a folder never pulled', async () => {
  const dir = await tempDir();
  const f = fakeFactory({ http: new FakeHttp() });
  expect((await runArgv(f, ['confluence', 'docs', 'pull', 'DOCS', dir, '--concurrency', '0'])).code).toBe(2);
  expect((await runArgv(fakeFactory({ http: new FakeHttp() }), ['confluence', 'docs', 'pull', 'DOCS', dir, '--dir', dir])).code).toBe(2);
  const g = fakeFactory({ http: new FakeHttp() });
  const result = await runArgv(g, ['confluence', 'docs', 'status', '--dir', dir]);
  expect(result.code).toBe(2);
  expect(result.error?.message).toContain('is not a pulled docs folder');
});
