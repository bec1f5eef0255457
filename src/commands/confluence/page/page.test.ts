import { expect, test } from 'vitest';
import { FakeHttp, fakeFactory, httpError, runArgv } from '../../../testkit/fakes.testutil.js';

const DC = 'https://wiki.example.com';

const cloudPage = (over: Record<string, unknown> = {}) => ({
  id: '123',
  title: 'Getting Started',
  status: 'current',
  spaceId: '101',
  parentId: '100',
  version: { number: 4, createdAt: '2026-11-30T10:00:00Z', authorId: 'acc-1' },
  body: { storage: { representation: 'storage', value: '<p>Hello</p>' } },
  _links: { webui: '/spaces/DOCS/pages/123/Getting+Started' },
  ...over,
});

const dcPage = (over: Record<string, unknown> = {}) => ({
  id: '123',
  type: 'page',
  title: 'Getting Started',
  status: 'current',
  space: { key: 'DOCS', name: 'Docs' },
  ancestors: [{ id: '90' }, { id: '100' }],
  version: { number: 4, when: '2026-11-30T10:00:00Z', by: { displayName: 'Dee' } },
  body: { storage: { value: '<p>Hello</p>', representation: 'storage' } },
  _links: { webui: '/display/DOCS/Getting+Started' },
  ...over,
});

const spaceLookup = (http: FakeHttp) =>
  http.on('GET', '/api/v2/spaces', (r) => ({ results: r.query.keys === 'DOCS' ? [{ id: '101', key: 'DOCS', name: 'Docs' }] : [] }));

test('page view --format storage, piped: the body alone, read through v2 with body-format', async () => {
  const http = new FakeHttp().on('GET', '/api/v2/pages/123', (r) => {
    expect(r.query).toEqual({ 'body-format': 'storage' });
    return cloudPage();
  });
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['confluence', 'page', 'view', '123', '--format', 'storage'])).code).toBe(0);
  expect(f.out.text).toBe('<p>Hello</p>\n');
});

test('page view on a terminal: a header with space, version and URL before the body', async () => {
  const http = new FakeHttp('https://example.atlassian.net/wiki')
    .on('GET', '/api/v2/pages/123', () => cloudPage())
    .on('GET', '/api/v2/spaces/101', () => ({ id: '101', key: 'DOCS', name: 'Docs' }));
  const f = fakeFactory({ http, tty: true });
  expect(
    (
      await runArgv(f, [
        'wiki',
        'page',
        'view',
        'https://example.atlassian.net/wiki/spaces/DOCS/pages/123/Getting+Started',
        '--format',
        'storage',
      ])
    ).code,
  ).toBe(0);
  expect(f.out.text).toContain('Getting Started\n\n');
  expect(f.out.text).toContain('Space:   DOCS\n');
  expect(f.out.text).toContain('Version: 4, 2026-11-30T10:00:00Z\n');
  expect(f.out.text).toContain('URL:     https://example.atlassian.net/wiki/spaces/DOCS/pages/123/Getting+Started\n');
  expect(f.out.text.endsWith('\n<p>Hello</p>\n')).toBe(true);
});

test('page view "SPACE:Title" on Data Center finds the page by title in the space; --json prints it as returned', async () => {
  const http = new FakeHttp(DC)
    .on('GET', '/rest/api/content', (r) => {
      expect(r.query).toMatchObject({ type: 'page', spaceKey: 'DOCS', title: 'Getting Started', status: 'current' });
      return { results: [dcPage()], start: 0, limit: 100, size: 1, _links: {} };
    })
    .on('GET', '/rest/api/content/123', (r) => {
      expect(r.query.expand).toBe('body.storage,version,space,ancestors');
      return dcPage();
    });
  const f = fakeFactory({ http, deployment: 'datacenter', json: true });
  expect((await runArgv(f, ['confluence', 'page', 'view', 'DOCS:Getting Started'])).code).toBe(0);
  expect(JSON.parse(f.out.text)).toEqual(dcPage());
});

test('page view: a title that matches nothing is exit 4; ADF on Data Center is a usage error', async () => {
  const http = new FakeHttp(DC).on('GET', '/rest/api/content', () => ({ results: [], _links: {} }));
  const f = fakeFactory({ http, deployment: 'datacenter' });
  const missing = await runArgv(f, ['confluence', 'page', 'view', 'DOCS:Nope']);
  expect(missing.code).toBe(4);
  expect(missing.error?.message).toBe('no page titled "Nope" in space DOCS');
  const g = fakeFactory({ http: new FakeHttp(DC), deployment: 'datacenter' });
  expect((await runArgv(g, ['confluence', 'page', 'view', '123', '--format', 'adf'])).code).toBe(2);
});

test('page view --web opens the page on the site, never the gateway', async () => {
  const http = new FakeHttp('https://api.atlassian.com/ex/confluence/c1/wiki').on('GET', '/api/v2/pages/123', () => cloudPage());
  const f = fakeFactory({ http, siteProfile: { site: 'https://acme.atlassian.net', scoped: true, cloudId: 'c1' } });
  expect((await runArgv(f, ['confluence', 'page', 'view', '123', '--web'])).code).toBe(0);
  expect(f.opened).toEqual(['https://acme.atlassian.net/wiki/spaces/DOCS/pages/123/Getting+Started']);
});

test('page create --dry-run prints the v2 request (space id looked up) and sends nothing else', async () => {
  const http = spaceLookup(new FakeHttp());
  const f = fakeFactory({ http });
  const argv = [
    'confluence',
    'page',
    'create',
    '--space',
    'DOCS',
    '--title',
    'Notes',
    '--body',
    '<p>x</p>',
    '--format',
    'storage',
    '--dry-run',
  ];
  expect((await runArgv(f, argv)).code).toBe(0);
  expect(f.err.text).toBe('dry run: would POST /api/v2/pages with:\n');
  expect(JSON.parse(f.out.text)).toEqual({
    spaceId: '101',
    status: 'current',
    title: 'Notes',
    body: { representation: 'storage', value: '<p>x</p>' },
  });
  expect(http.requests.map((r) => r.method)).toEqual(['GET']);
});

test('page create on Data Center: the parent title is looked up in the space, the body read from stdin, then the labels added', async () => {
  const http = new FakeHttp(DC)
    .on('GET', '/rest/api/content', (r) => {
      expect(r.query).toMatchObject({ spaceKey: 'DOCS', title: 'Getting Started' });
      return { results: [dcPage({ id: '100' })], _links: {} };
    })
    .on('POST', '/rest/api/content', (r) => {
      expect(r.body).toEqual({
        type: 'page',
        title: 'Runbook',
        space: { key: 'DOCS' },
        ancestors: [{ id: '100' }],
        body: { storage: { value: '<p>from stdin</p>\n', representation: 'storage' } },
      });
      return dcPage({ id: '200', title: 'Runbook', _links: { webui: '/display/DOCS/Runbook' } });
    })
    .on('POST', '/rest/api/content/200/label', (r) => {
      expect(r.body).toEqual([
        { prefix: 'global', name: 'ops' },
        { prefix: 'global', name: 'howto' },
      ]);
      return { results: [] };
    });
  const f = fakeFactory({ http, deployment: 'datacenter' });
  f.stdinText('<p>from stdin</p>\n');
  const argv = [
    'confluence',
    'page',
    'create',
    '--space',
    'DOCS',
    '--title',
    'Runbook',
    '--parent',
    'Getting Started',
    '--format',
    'storage',
  ];
  expect((await runArgv(f, [...argv, '--label', 'Ops', '--label', 'howto'])).code).toBe(0);
  expect(f.out.text).toBe('created page 200 "Runbook"\nhttps://wiki.example.com/display/DOCS/Runbook\n');
});

test('page create: a title taken in the space is exit 1 with a hint, not a bare 400', async () => {
  const http = spaceLookup(new FakeHttp()).on('POST', '/api/v2/pages', () => {
    throw httpError(400, 'A page with this title already exists');
  });
  const f = fakeFactory({ http });
  const result = await runArgv(f, [
    'confluence',
    'page',
    'create',
    '--space',
    'DOCS',
    '--title',
    'Notes',
    '--body',
    'x',
    '--format',
    'storage',
  ]);
  expect(result.code).toBe(1);
  expect(result.error?.message).toBe('a page titled "Notes" already exists in this space');
});

test('page edit sends the version it read plus one, with the message; the body stays when only the title changes', async () => {
  const http = new FakeHttp()
    .on('GET', '/api/v2/pages/123', () => cloudPage())
    .on('PUT', '/api/v2/pages/123', (r) => {
      expect(r.body).toEqual({
        id: '123',
        status: 'current',
        title: 'Start here',
        body: { representation: 'storage', value: '<p>Hello</p>' },
        version: { number: 5, message: 'renamed' },
      });
      return cloudPage({ title: 'Start here', version: { number: 5 } });
    });
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['confluence', 'page', 'edit', '123', '--title', 'Start here', '--message', 'renamed'])).code).toBe(0);
  expect(f.out.text).toContain('saved page 123 "Start here" as version 5\n');
});

test('page edit on Data Center sends the parent and --minor; a 409 after someone else saved is exit 1, one PUT, nothing retried', async () => {
  let reads = 0;
  const http = new FakeHttp(DC)
    .on('GET', '/rest/api/content/123', () => (++reads === 1 ? dcPage() : dcPage({ version: { number: 5 } })))
    .on('PUT', '/rest/api/content/123', (r) => {
      expect(r.body).toMatchObject({
        version: { number: 5, minorEdit: true },
        ancestors: [{ id: '100' }],
        body: { storage: { value: '<p>new</p>', representation: 'storage' } },
      });
      throw httpError(409, 'Version must be incremented on update. Current version is: 5');
    });
  const f = fakeFactory({ http, deployment: 'datacenter' });
  const result = await runArgv(f, ['confluence', 'page', 'edit', '123', '--body', '<p>new</p>', '--format', 'storage', '--minor']);
  expect(result.code).toBe(1);
  expect(result.error?.message).toBe('page 123 was changed by someone else: it is at version 5, your edit was made on version 4');
  expect(result.error?.hint).toContain('nothing was saved');
  expect(http.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
});

test('page edit with nothing to change is a usage error before any request', async () => {
  const f = fakeFactory({ http: new FakeHttp() });
  const result = await runArgv(f, ['confluence', 'page', 'edit', '123']);
  expect(result.code).toBe(2);
  expect(f.http.requests).toEqual([]);
});

test("page move on Cloud: v1 move/append under the parent found by title in the page's space", async () => {
  const http = spaceLookup(new FakeHttp())
    .on('GET', '/api/v2/pages/123', () => cloudPage())
    .on('GET', '/api/v2/spaces/101', () => ({ id: '101', key: 'DOCS', name: 'Docs' }))
    .on('GET', '/api/v2/pages', (r) => {
      expect(r.query).toMatchObject({ 'space-id': '101', title: 'Operations' });
      return { results: [cloudPage({ id: '300', title: 'Operations' })] };
    })
    .on('PUT', '/rest/api/content/123/move/append/300', () => ({ pageId: '123' }));
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['confluence', 'page', 'move', '123', '--parent', 'Operations'])).code).toBe(0);
  expect(f.out.text).toBe('moved page 123 "Getting Started" under page 300\n');
});

test('page delete --yes --purge: to the trash, then purged (Cloud purge=true, DC status=trashed)', async () => {
  const cloud = new FakeHttp().on('GET', '/api/v2/pages/123', () => cloudPage()).on('DELETE', '/api/v2/pages/123', () => null);
  const f = fakeFactory({ http: cloud });
  expect((await runArgv(f, ['confluence', 'page', 'delete', '123', '--yes', '--purge'])).code).toBe(0);
  expect(cloud.requests.filter((r) => r.method === 'DELETE').map((r) => r.query)).toEqual([{}, { purge: true }]);
  const dc = new FakeHttp(DC).on('GET', '/rest/api/content/123', () => dcPage()).on('DELETE', '/rest/api/content/123', () => null);
  const g = fakeFactory({ http: dc, deployment: 'datacenter' });
  expect((await runArgv(g, ['confluence', 'page', 'delete', '123', '--yes'])).code).toBe(0);
  expect(dc.requests.filter((r) => r.method === 'DELETE').map((r) => r.query)).toEqual([{}]);
  expect(g.out.text).toBe('moved to the trash: page 123 "Getting Started"\n');
});

test('page delete without --yes and no terminal is a usage error; nothing is deleted', async () => {
  const http = new FakeHttp().on('GET', '/api/v2/pages/123', () => cloudPage());
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['confluence', 'page', 'delete', '123'])).code).toBe(2);
  expect(http.requests.some((r) => r.method === 'DELETE')).toBe(false);
});

test('page tree SPACE: one listing, indented by parentId, siblings by position; --json nests children', async () => {
  const pages = [
    cloudPage({ id: '1', title: 'Home', parentId: null, position: 0 }),
    cloudPage({ id: '3', title: 'B', parentId: '1', position: 2 }),
    cloudPage({ id: '2', title: 'A', parentId: '1', position: 1 }),
    cloudPage({ id: '4', title: 'A.1', parentId: '2', position: 0 }),
  ];
  const http = spaceLookup(new FakeHttp()).on('GET', '/api/v2/spaces/101/pages', (r) => {
    expect(r.query).toMatchObject({ status: 'current' });
    return { results: pages };
  });
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['confluence', 'page', 'tree', 'DOCS'])).code).toBe(0);
  expect(f.out.text).toBe('Home  (1)\n  A  (2)\n    A.1  (4)\n  B  (3)\n');
  const g = fakeFactory({ http, json: true });
  expect((await runArgv(g, ['confluence', 'page', 'tree', 'DOCS'])).code).toBe(0);
  const tree = JSON.parse(g.out.text);
  expect(tree[0].id).toBe('1');
  expect(tree[0].children.map((c: { id: string }) => c.id)).toEqual(['2', '3']);
  expect(tree[0].children[0].children[0]).toMatchObject({ id: '4', children: [] });
});

test('page tree on Cloud shows the folders pages sit in (read once each, folders in folders too)', async () => {
  const pages = [
    cloudPage({ id: '1', title: 'Home', parentId: null, position: 0 }),
    cloudPage({ id: '2', title: 'A', parentId: '1', parentType: 'page', position: 0 }),
    cloudPage({ id: '5', title: 'In inner', parentId: '11', parentType: 'folder', position: 0 }),
    cloudPage({ id: '6', title: 'In outer', parentId: '10', parentType: 'folder', position: 1 }),
  ];
  const folder = (id: string, title: string, parentId: string, parentType: string, position: number) => ({
    id,
    type: 'folder',
    status: 'current',
    title,
    parentId,
    parentType,
    position,
  });
  const http = spaceLookup(new FakeHttp())
    .on('GET', '/api/v2/spaces/101/pages', () => ({ results: pages }))
    .on('GET', '/api/v2/folders/11', () => folder('11', 'Inner', '10', 'folder', 0))
    .on('GET', '/api/v2/folders/10', () => folder('10', 'Outer', '1', 'page', 1));
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['confluence', 'page', 'tree', 'DOCS'])).code).toBe(0);
  expect(f.out.text).toBe('Home  (1)\n  A  (2)\n  Outer  (folder 10)\n    Inner  (folder 11)\n      In inner  (5)\n    In outer  (6)\n');
  expect(http.requests.filter((r) => r.path.startsWith('/api/v2/folders/')).map((r) => r.path)).toEqual([
    '/api/v2/folders/11',
    '/api/v2/folders/10',
  ]);
  const g = fakeFactory({ http, json: true });
  expect((await runArgv(g, ['confluence', 'page', 'tree', 'DOCS'])).code).toBe(0);
  expect(JSON.parse(g.out.text)[0].children[1]).toMatchObject({
    id: '10',
    type: 'folder',
    children: [{ id: '11', type: 'folder' }, { id: '6' }],
  });
});

test('page tree on Data Center takes the parent from the last ancestor', async () => {
  const http = new FakeHttp(DC).on('GET', '/rest/api/content', (r) => {
    expect(r.query).toMatchObject({ spaceKey: 'DOCS', type: 'page', expand: 'ancestors,version' });
    return {
      results: [dcPage({ id: '1', title: 'Home', ancestors: [] }), dcPage({ id: '2', title: 'Child', ancestors: [{ id: '1' }] })],
      _links: {},
    };
  });
  const f = fakeFactory({ http, deployment: 'datacenter' });
  expect((await runArgv(f, ['confluence', 'page', 'tree', 'DOCS'])).code).toBe(0);
  expect(f.out.text).toBe('Home  (1)\n  Child  (2)\n');
});

test('page children --depth 2 lists grandchildren indented (Cloud direct-children, folders left out)', async () => {
  const http = new FakeHttp().on('GET', '/api/v2/pages/*/direct-children', (r) => {
    if (r.path === '/api/v2/pages/1/direct-children')
      return {
        results: [
          { id: '2', title: 'A', type: 'page' },
          { id: '9', title: 'A folder', type: 'folder' },
        ],
      };
    return { results: r.path === '/api/v2/pages/2/direct-children' ? [{ id: '4', title: 'A.1', type: 'page' }] : [] };
  });
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['confluence', 'page', 'children', '1', '--depth', '2'])).code).toBe(0);
  expect(f.out.text).toBe('A  (2)\n  A.1  (4)\n');
});

test('page history: v2 versions newest first; Data Center reads each version by number', async () => {
  const cloud = new FakeHttp().on('GET', '/api/v2/pages/123/versions', (r) => {
    expect(r.query.sort).toBe('-modified-date');
    return {
      results: [
        { number: 2, message: 'fix', createdAt: '2026-11-30', authorId: 'acc-1' },
        { number: 1, createdAt: '2026-11-01' },
      ],
    };
  });
  const f = fakeFactory({ http: cloud });
  expect((await runArgv(f, ['confluence', 'page', 'history', '123'])).code).toBe(0);
  expect(f.out.text.split('\n')[0]).toMatch(/^VERSION\s+DATE\s+AUTHOR\s+MESSAGE$/);
  expect(f.out.text).toContain('fix');
  const dc = new FakeHttp(DC).on('GET', '/rest/api/content/123', (r) =>
    r.query.version === 1 ? dcPage({ version: { number: 1, when: '2026-01-01' } }) : dcPage({ version: { number: 2, when: '2026-02-01' } }),
  );
  const g = fakeFactory({ http: dc, deployment: 'datacenter', json: true });
  expect((await runArgv(g, ['confluence', 'page', 'history', '123'])).code).toBe(0);
  expect(JSON.parse(g.out.text).map((v: { number: number }) => v.number)).toEqual([2, 1]);
  expect(dc.requests[1]!.query).toMatchObject({ version: 1, status: 'historical' });
});

test('page labels --add --remove: added in one v1 request, removed by name, then listed', async () => {
  const http = new FakeHttp()
    .on('POST', '/rest/api/content/123/label', (r) => {
      expect(r.body).toEqual([{ prefix: 'global', name: 'howto' }]);
      return { results: [] };
    })
    .on('DELETE', '/rest/api/content/123/label', (r) => {
      expect(r.query).toEqual({ name: 'draft' });
      return null;
    })
    .on('GET', '/api/v2/pages/123/labels', () => ({ results: [{ id: '7', name: 'howto', prefix: 'global' }] }));
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['confluence', 'page', 'labels', '123', '--add', 'HowTo', '--remove', 'draft'])).code).toBe(0);
  expect(f.out.text).toBe('howto\n');
});

test('page comments: listed oldest first as Markdown; --add posts Markdown as storage (v2 footer comments, DC comment content)', async () => {
  const cloud = new FakeHttp().on('GET', '/api/v2/pages/123/footer-comments', (r) => {
    expect(r.query).toMatchObject({ 'body-format': 'storage' });
    return {
      results: [
        { id: 'c1', version: { authorId: 'acc-1', createdAt: '2026-11-30' }, body: { storage: { value: '<p><strong>Nice</strong></p>' } } },
      ],
    };
  });
  const f = fakeFactory({ http: cloud });
  expect((await runArgv(f, ['confluence', 'page', 'comments', '123'])).code).toBe(0);
  expect(f.out.text).toBe('— acc-1, 2026-11-30\n**Nice**\n\n');
  const dc = new FakeHttp(DC).on('POST', '/rest/api/content', (r) => {
    expect(r.body).toEqual({
      type: 'comment',
      container: { id: '123', type: 'page' },
      body: { storage: { value: '<p>Ship <em>it</em></p>', representation: 'storage' } },
    });
    return { id: 'c2', type: 'comment' };
  });
  const g = fakeFactory({ http: dc, deployment: 'datacenter' });
  expect((await runArgv(g, ['confluence', 'page', 'comments', '123', '--add', 'Ship *it*'])).code).toBe(0);
  expect(g.out.text).toBe('added comment c2 to page 123\n');
});

test('page edit with a Markdown body converts it to storage', async () => {
  const http = new FakeHttp()
    .on('GET', '/api/v2/pages/123', () => cloudPage())
    .on('PUT', '/api/v2/pages/123', (r) => {
      expect((r.body as { body: unknown }).body).toEqual({ representation: 'storage', value: '<h2>Steps</h2><ul><li>one</li></ul>' });
      return cloudPage({ version: { number: 5 } });
    });
  const f = fakeFactory({ http });
  f.stdinText('## Steps\n\n- one\n');
  expect((await runArgv(f, ['confluence', 'page', 'edit', '123'])).code).toBe(0);
});
