// Contract test: every route the sandbox's Confluence serves is called, on each mount it is served
// on (the Cloud site, the api.atlassian.com gateway with a scoped token, Data Center under /dc),
// and every request and response matches Atlassian's specs (confluence-v2.json,
// confluence-v1.json, confluence-datacenter.json). A route added without a call here fails the
// coverage check, so no Confluence route goes unchecked.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateCredentials } from '../../src/sandbox/auth.js';
import { confluenceCaller, type Json, multipart, type Who } from '../../src/sandbox/confluence/call.testutil.js';
import { confluenceProduct, confluenceStoreOf } from '../../src/sandbox/confluence/routes.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { Router } from '../../src/sandbox/router.js';
import { createOpenApiValidator, KNOWN_SPEC_DEFECTS, MISDOCUMENTED_STATUSES, type OpenApiValidator } from '../support/openapi.js';
import { contractSpecs } from './specs.js';

const { specsDir, available } = contractSpecs();

describe.skipIf(!available)('the Confluence sandbox matches the official specs', () => {
  let sandbox: Sandbox;
  let validator: OpenApiValidator;
  const call = confluenceCaller(() => sandbox);

  beforeAll(async () => {
    validator = createOpenApiValidator(specsDir);
    sandbox = await startSandbox({ validator });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  const store = () => confluenceStoreOf(sandbox);
  const pageId = (title: string) => [...store().contents.values()].find((c) => c.type === 'page' && c.versions.at(-1)!.title === title)!.id;
  const noCheck = { 'X-Atlassian-Token': 'no-check' };

  /** Cloud routes on the site and through the gateway; `make` gets a fresh scratch page per mount. */
  async function cloudTour(who: Who): Promise<void> {
    const docs = store().spaceByKey('DOCS')!;
    const ok = async (method: string, path: string, body?: unknown, options?: Parameters<typeof call>[4]): Promise<Json> => {
      const reply = await call(who, method, path, body, options);
      expect(reply.status, `${who} ${method} ${path}: ${JSON.stringify(reply.body)}`).toBeLessThan(400);
      return reply;
    };
    const storage = (value: string) => ({ representation: 'storage', value });
    const v2 = '/wiki/api/v2';
    await ok('GET', `${v2}/spaces?keys=DOCS&type=global&description-format=plain`);
    await ok('GET', `${v2}/spaces/${docs.id}`);
    await ok('GET', `${v2}/spaces/${docs.id}/pages?limit=5&body-format=storage&status=current`);
    await ok('GET', `${v2}/spaces/${docs.id}/blogposts?body-format=storage`);
    await ok('GET', `${v2}/pages?id=${pageId('FAQ')},${pageId('Tables')}&body-format=storage`);
    await ok('GET', `${v2}/pages/${pageId('FAQ')}?body-format=storage&include-labels=true&include-versions=true`);
    await ok('GET', `${v2}/pages/${pageId('FAQ')}/labels`);
    await ok('GET', `${v2}/pages/${pageId('FAQ')}/versions?body-format=storage`);
    await ok('GET', `${v2}/pages/${pageId('FAQ')}/versions/1`);
    await ok('GET', `${v2}/pages/${pageId('FAQ')}/attachments`);
    await ok('GET', `${v2}/pages/${pageId('FAQ')}/footer-comments?body-format=storage`);
    await ok('GET', `${v2}/pages/${pageId('User Guide')}/children`);
    await ok('GET', `${v2}/pages/${pageId('User Guide')}/direct-children`);
    await ok('GET', `${v2}/pages/${docs.homepageId}/descendants?depth=3`);
    await ok('GET', `${v2}/pages/${pageId('Installation')}/ancestors`);
    const attachment = store().attachmentByName(pageId('FAQ'), 'notes.txt')!;
    await ok('GET', `${v2}/attachments/att${attachment.id}`);
    const handbook = store().childFolders(docs.homepageId, docs.id)[0]!;
    await ok('GET', `${v2}/folders/${handbook.id}`);
    await ok('GET', `${v2}/folders/${handbook.id}/direct-children`);
    const folder = await ok('POST', `${v2}/folders`, { spaceId: docs.id, title: `Folder ${who}`, parentId: handbook.id });
    await ok('POST', `${v2}/pages`, {
      spaceId: docs.id,
      status: 'current',
      title: `In a folder ${who}`,
      parentId: folder.body.id,
      body: storage('<p>x</p>'),
    });

    const created = await ok('POST', `${v2}/pages`, {
      spaceId: docs.id,
      status: 'current',
      title: `Contract ${who}`,
      body: storage('<p>1</p>'),
    });
    const id = created.body.id as string;
    await ok('PUT', `${v2}/pages/${id}`, {
      id,
      status: 'current',
      title: `Contract ${who}`,
      body: storage('<p>2</p>'),
      version: { number: 2 },
    });
    const stale = await call(who, 'PUT', `${v2}/pages/${id}`, {
      id,
      status: 'current',
      title: `Contract ${who}`,
      body: storage('<p>x</p>'),
      version: { number: 2 },
    });
    expect(stale.status).toBe(409);
    await ok('PUT', `${v2}/pages/${id}/title`, { status: 'current', title: `Contract ${who} renamed` });
    await ok('POST', `${v2}/footer-comments`, { pageId: id, body: storage('<p>c</p>') });

    const post = await ok('POST', `${v2}/blogposts`, {
      spaceId: docs.id,
      status: 'current',
      title: `Post ${who}`,
      body: storage('<p>p</p>'),
    });
    const postId = post.body.id as string;
    await ok('GET', `${v2}/blogposts?space-id=${docs.id}`);
    await ok('GET', `${v2}/blogposts/${postId}?body-format=storage`);
    await ok('PUT', `${v2}/blogposts/${postId}`, {
      id: postId,
      status: 'current',
      title: `Post ${who}`,
      body: storage('<p>q</p>'),
      version: { number: 2 },
    });
    for (const sub of ['labels', 'versions', 'attachments', 'footer-comments']) await ok('GET', `${v2}/blogposts/${postId}/${sub}`);
    await ok('DELETE', `${v2}/blogposts/${postId}`);

    const v1 = '/wiki/rest/api';
    await ok('GET', `${v1}/search?cql=${encodeURIComponent('space = DOCS AND text ~ "panel"')}&limit=5&expand=content.space`);
    await ok('GET', `${v1}/content/search?cql=${encodeURIComponent('label = guide')}&expand=version`);
    const put = await ok('PUT', `${v1}/content/${id}/child/attachment`, undefined, {
      raw: multipart('a.txt', Buffer.from('a'), { minorEdit: 'true', comment: 'c' }),
      headers: noCheck,
    });
    await ok('POST', `${v1}/content/${id}/child/attachment`, undefined, {
      raw: multipart('b.txt', Buffer.from('b'), { minorEdit: 'true' }),
      headers: noCheck,
    });
    const attId = put.body.results[0].id as string;
    await ok('POST', `${v1}/content/${id}/child/attachment/${attId}/data`, undefined, {
      raw: multipart('a.txt', Buffer.from('a2'), { minorEdit: 'true' }),
      headers: noCheck,
    });
    const download = await ok('GET', `${v1}/content/${id}/child/attachment/${attId}/download`);
    expect(await (await fetch(download.headers.get('location'))).text()).toBe('a2');
    await ok('PUT', `${v1}/content/${id}/move/append/${pageId('Archive')}`);
    await ok('POST', `${v1}/content/${id}/label`, [
      { prefix: 'global', name: 'one' },
      { prefix: 'global', name: 'two' },
    ]);
    await ok('DELETE', `${v1}/content/${id}/label?name=one`);
    await ok('DELETE', `${v1}/content/${id}/label/two`);

    await ok('DELETE', `${v2}/pages/${id}`);
    await ok('DELETE', `${v2}/pages/${id}?purge=true`);
  }

  test('Cloud routes on the site, then through the gateway', async () => {
    await cloudTour('cloud');
    await cloudTour('gateway');
    const seeded = await call('cloud', 'POST', '/rest/atl-sandbox/1.0/confluence/seed', { space: 'SEEDC', count: 30, fanout: 5 });
    expect(seeded.body).toMatchObject({ created: 30, space: { key: 'SEEDC' } });
    expect(store().descendants(seeded.body.space.homepageId)).toHaveLength(30);
    expect(sandbox.violations).toEqual([]);
  });

  test('Data Center routes under /dc', async () => {
    const ok = async (method: string, path: string, body?: unknown, options?: Parameters<typeof call>[4]): Promise<Json> => {
      const reply = await call('dc', method, path, body, options);
      expect(reply.status, `dc ${method} ${path}: ${JSON.stringify(reply.body)}`).toBeLessThan(400);
      return reply;
    };
    const storage = (value: string) => ({ storage: { value, representation: 'storage' } });
    const api = '/rest/api';
    await ok('POST', '/rest/atl-sandbox/1.0/confluence/seed', { space: 'SEEDD', count: 3, prefix: 'Seeded' });
    expect((await call('dc', 'POST', '/rest/atl-sandbox/1.0/confluence/seed', { space: 'bad key', count: 3 })).status).toBe(400);
    await ok('POST', '/rest/atl-sandbox/1.0/confluence/seed', { space: 'SEEDD', count: 2, prefix: 'Given', bodies: ['<p>given</p>'] });
    const given = store()
      .spaceContent(store().spaceByKey('SEEDD')!.id, 'page')
      .filter((page) => page.versions[0]?.title.startsWith('Given'));
    expect(given.map((page) => page.versions[0]?.body)).toEqual(['<p>given</p>', '<p>given</p>']);
    expect((await call('dc', 'POST', '/rest/atl-sandbox/1.0/confluence/seed', { space: 'SEEDD', count: 1, bodies: [1] })).status).toBe(400);
    const missing = await call('dc', 'GET', `${api}/content/999999`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ statusCode: 404, data: { errors: [] }, message: 'No content found with id: 999999' });
    await ok('GET', `${api}/space?spaceKey=DOCS&limit=10`);
    await ok('GET', `${api}/space/DOCS`);
    await ok(
      'GET',
      `${api}/content?spaceKey=DOCS&type=page&limit=5&expand=body.storage,version,ancestors,space,history,metadata.labels,children.page`,
    );
    await ok('GET', `${api}/content/${pageId('FAQ')}?expand=body.storage,version,ancestors`);
    await ok('GET', `${api}/content/search?cql=${encodeURIComponent('space = DOCS and type = page')}&limit=5&expand=version`);
    await ok('GET', `${api}/content/${pageId('Getting Started')}/history`);
    await ok('GET', `${api}/content/${pageId('Reference')}/child/page?expand=version`);
    await ok('GET', `${api}/content/${pageId('FAQ')}/child/comment?expand=body.storage`);
    const files = await ok('GET', `${api}/content/${pageId('FAQ')}/child/attachment?expand=version`);
    const bytes = await fetch(`${sandbox.dcUrl}${files.body.results[0]._links.download}`, {
      headers: { Authorization: `Bearer ${sandbox.credentials.datacenter.token}` },
    });
    expect(await bytes.text()).toBe('First notes.\nSecond version.\n');
    await ok('GET', `${api}/content/${pageId('FAQ')}/label`);

    const created = await ok('POST', `${api}/content`, {
      type: 'page',
      title: 'Contract dc',
      space: { key: 'DOCS' },
      ancestors: [{ id: pageId('Reference') }],
      body: storage('<p>1</p>'),
    });
    const id = created.body.id as string;
    await ok('PUT', `${api}/content/${id}`, {
      id,
      type: 'page',
      title: 'Contract dc',
      version: { number: 2 },
      ancestors: [{ id: pageId('Reference') }],
      body: storage('<p>2</p>'),
    });
    const stale = await call('dc', 'PUT', `${api}/content/${id}`, {
      id,
      type: 'page',
      title: 'Contract dc',
      version: { number: 2 },
      body: storage('<p>x</p>'),
    });
    expect(stale.status).toBe(409);
    await ok('POST', `${api}/content`, { type: 'comment', container: { id, type: 'page' }, body: storage('<p>c</p>') });
    const upload = await ok('POST', `${api}/content/${id}/child/attachment`, undefined, {
      raw: multipart('d.txt', Buffer.from('d'), { comment: 'c' }),
      headers: noCheck,
    });
    await ok('POST', `${api}/content/${id}/child/attachment/${upload.body.results[0].id}/data`, undefined, {
      raw: multipart('d.txt', Buffer.from('d2')),
      headers: noCheck,
    });
    await ok('POST', `${api}/content/${id}/label`, [
      { prefix: 'global', name: 'x' },
      { prefix: 'global', name: 'y' },
    ]);
    await ok('DELETE', `${api}/content/${id}/label?name=x`);
    await ok('DELETE', `${api}/content/${id}/label/y`);
    await ok('DELETE', `${api}/content/${id}`);
    await ok('DELETE', `${api}/content/${id}?status=trashed`);
    expect(sandbox.violations).toEqual([]);
  });

  test('every Confluence route was called on every mount it is served on', () => {
    const router = new Router();
    confluenceProduct.register(router, { seed: 'empty', cloudId: 'coverage', credentials: generateCredentials() });
    const called = sandbox.requests.filter((r) => r.status < 400);
    const missing: string[] = [];
    for (const route of router.routes) {
      const pattern = new RegExp(`^${route.template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      const mounts = route.flavours.includes('datacenter')
        ? [['dc', '/dc']]
        : route.realm === 'confluence'
          ? [
              ['site', ''],
              ['gateway', `/ex/confluence/${sandbox.cloudId}`],
            ]
          : [['site', '']];
      for (const [mount, prefix] of mounts) {
        const hit = called.some((r) => r.method === route.method && r.mount === mount && pattern.test(r.path.slice(prefix!.length)));
        if (!hit) missing.push(`${route.method} ${route.template} on ${mount}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('the only paths outside the specs are the sandbox seeding endpoint and the two attachment byte servers', () => {
    const outside = validator.unspecified.map((u) =>
      u.path.replace(/\/download\/attachments\/[^/]+\/[^/]+$/, '/download/attachments/…').replace(/\/media\/[^/]+$/, '/media/…'),
    );
    expect([...new Set(outside)].sort()).toEqual([
      '/dc/download/attachments/…',
      '/dc/rest/atl-sandbox/1.0/confluence/seed',
      '/rest/atl-sandbox/1.0/confluence/media/…',
      '/rest/atl-sandbox/1.0/confluence/seed',
    ]);
  });

  test("the Confluence spec defects the validator excuses did occur, each for its entry's reason", () => {
    const reasons = new Set(validator.excused.map((e) => e.reason));
    const confluence = [...KNOWN_SPEC_DEFECTS, ...MISDOCUMENTED_STATUSES].filter((d) => d.file.startsWith('confluence-'));
    expect(confluence.length).toBeGreaterThan(0);
    for (const defect of confluence) expect(reasons, defect.reason).toContain(defect.reason);
  });

  test('the validator catches a wrong Confluence shape', () => {
    const page = validator.checkResponse('GET', '/wiki/api/v2/pages/1', 200, { id: 1, version: { number: 'two' } });
    expect(page.join('\n')).toMatch(/\/id must be string/);
    expect(page.join('\n')).toMatch(/\/version\/number must be integer/);
    const search = validator.checkResponse('GET', '/wiki/rest/api/search', 200, { results: [] });
    expect(search.join('\n')).toMatch(/must have required property 'start'/);
  });
});
