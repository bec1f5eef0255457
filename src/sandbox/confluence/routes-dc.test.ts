// Confluence Data Center in the sandbox (under /dc): spaces, content CRUD with expand and 409 on a
// stale version, CQL search by start/limit, children, attachments, labels and history; every
// exchange spec-checked against confluence-datacenter.json.
import { describe, expect, test } from 'vitest';
import { type Json, multipart, useConfluenceSandbox } from './call.testutil.js';
import { DEMO_PNG } from './seed.js';

const { sandbox: current, call, store, pageId } = useConfluenceSandbox();
const storage = (value: string) => ({ storage: { value, representation: 'storage' } });

/** Every result of a DC listing, following `_links.next` (relative to `_links.base`). */
async function allDc(path: string): Promise<{ results: Json[]; pages: number }> {
  const results: Json[] = [];
  let next: string | undefined = path;
  let pages = 0;
  while (next) {
    const reply = await call('dc', 'GET', next);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body._links.base).toBe(current().dcUrl);
    results.push(...reply.body.results);
    next = reply.body._links.next;
    pages++;
  }
  return { results, pages };
}

describe('spaces and content', () => {
  test('spaces by key and type; a space by key', async () => {
    const all = await call('dc', 'GET', '/rest/api/space?type=global');
    expect(all.body.results.map((s: Json) => s.key)).toEqual(['BIG', 'DOCS']);
    const one = await call('dc', 'GET', '/rest/api/space/DOCS');
    expect(one.body).toMatchObject({ key: 'DOCS', name: 'Documentation', type: 'global', id: expect.any(Number) });
    expect((await call('dc', 'GET', '/rest/api/space/NOPE')).status).toBe(404);
  });

  test('a page with its default expansions, and body.storage,ancestors on request; an old version', async () => {
    const id = pageId('Installation');
    const plain = await call('dc', 'GET', `/rest/api/content/${id}`);
    expect(plain.body).toMatchObject({
      id,
      type: 'page',
      title: 'Installation',
      space: { key: 'DOCS' },
      version: { number: 2 },
      history: { latest: true },
    });
    expect(plain.body).not.toHaveProperty('body.storage');
    const full = await call('dc', 'GET', `/rest/api/content/${id}?expand=body.storage,ancestors,version`);
    expect(full.body.body.storage.value).toContain('<![CDATA[npm install -g atl');
    expect(full.body.ancestors.map((a: Json) => a.title)).toEqual(['Documentation Home', 'Getting Started']);
    const old = await call(
      'dc',
      'GET',
      `/rest/api/content/${pageId('Getting Started')}?version=3&status=historical&expand=body.storage,version`,
    );
    expect(old.body).toMatchObject({ status: 'historical', version: { number: 3 } });
    expect(old.body.body.storage.value).toContain('version 3');
  });

  test('content of a space by offset: every page once, _links.next relative to the base', async () => {
    const { results, pages } = await allDc('/rest/api/content?spaceKey=BIG&type=page&limit=200&expand=version,ancestors');
    expect(results.length).toBe(641);
    expect(new Set(results.map((r) => r.id)).size).toBe(641);
    expect(pages).toBe(4);
    const clamped = await call('dc', 'GET', '/rest/api/content?spaceKey=BIG&type=page&limit=1000&expand=body.storage');
    expect(clamped.body.results.length).toBe(100);
  });

  test('create, update with version N+1, 409 on a stale version, update without ancestors moves to the top, delete to trash then purge', async () => {
    const parent = pageId('Reference');
    const created = await call('dc', 'POST', '/rest/api/content', {
      type: 'page',
      title: 'DC scratch',
      space: { key: 'DOCS' },
      ancestors: [{ id: parent }],
      body: storage('<p>one</p>'),
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      title: 'DC scratch',
      version: { number: 1 },
      ancestors: expect.arrayContaining([expect.objectContaining({ id: parent })]),
    });
    const id = created.body.id as string;
    const update = (number: number, extra: Json = { ancestors: [{ id: parent }] }) =>
      call('dc', 'PUT', `/rest/api/content/${id}`, {
        id,
        type: 'page',
        title: 'DC scratch',
        version: { number },
        body: storage(`<p>v${number}</p>`),
        ...extra,
      });
    expect((await update(2)).body).toMatchObject({ version: { number: 2 }, body: { storage: { value: '<p>v2</p>' } } });
    const stale = await update(2);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ statusCode: 409, message: 'Version must be incremented on update. Current version is: 2' });
    await update(3, {});
    expect(store().content(id)!.parentId).toBeNull();

    const comment = await call('dc', 'POST', '/rest/api/content', {
      type: 'comment',
      container: { id, type: 'page' },
      body: storage('<p>nice</p>'),
    });
    expect(comment.status).toBe(200);
    const comments = await call('dc', 'GET', `/rest/api/content/${id}/child/comment?expand=body.storage`);
    expect(comments.body.results.map((c: Json) => c.body.storage.value)).toEqual(['<p>nice</p>']);

    expect((await call('dc', 'DELETE', `/rest/api/content/${id}`)).status).toBe(204);
    expect((await call('dc', 'GET', `/rest/api/content/${id}`)).status).toBe(404);
    expect((await call('dc', 'GET', `/rest/api/content/${id}?status=trashed`)).body.status).toBe('trashed');
    expect((await call('dc', 'DELETE', `/rest/api/content/${id}?status=trashed`)).status).toBe(204);
    expect(store().content(id)).toBeUndefined();
  });

  test('child pages, history, CQL search by start/limit', async () => {
    const children = await call('dc', 'GET', `/rest/api/content/${pageId('Release Notes')}/child/page?expand=version`);
    expect(children.body.results.map((c: Json) => c.title)).toEqual(['Release 1.0', 'Release 1.1', 'Release 2.0']);
    const history = await call('dc', 'GET', `/rest/api/content/${pageId('Getting Started')}/history`);
    expect(history.body).toMatchObject({ latest: true, lastUpdated: { number: 4 }, previousVersion: { number: 3 } });
    const cql = encodeURIComponent(`ancestor = ${store().spaceByKey('BIG')!.homepageId} AND type = page`);
    const { results, pages } = await allDc(`/rest/api/content/search?cql=${cql}&limit=100`);
    expect(results.length).toBe(640);
    expect(pages).toBe(7);
  });
});

describe('attachments and labels', () => {
  test('POST creates (a taken name is a 400 unless allowDuplicated), data adds a version, _links.download serves the bytes', async () => {
    const id = pageId('Glossary');
    const path = `/rest/api/content/${id}/child/attachment`;
    const headers = { 'X-Atlassian-Token': 'no-check' };
    expect((await call('dc', 'POST', path, undefined, { raw: multipart('pic.png', DEMO_PNG) })).status).toBe(403);
    const created = await call('dc', 'POST', path, undefined, { raw: multipart('pic.png', DEMO_PNG, { comment: 'a picture' }), headers });
    expect(created.status).toBe(200);
    const [attachment] = created.body.results;
    expect(attachment).toMatchObject({
      type: 'attachment',
      title: 'pic.png',
      version: { number: 1 },
      metadata: { mediaType: 'image/png', comment: 'a picture' },
    });
    expect(attachment.id).toMatch(/^\d+$/);
    expect((await call('dc', 'POST', path, undefined, { raw: multipart('pic.png', DEMO_PNG), headers })).status).toBe(400);
    const again = await call('dc', 'POST', `${path}?allowDuplicated=true`, undefined, {
      raw: multipart('pic.png', Buffer.from('v2')),
      headers,
    });
    expect(again.body.results[0]).toMatchObject({ id: attachment.id, version: { number: 2 } });
    const data = await call('dc', 'POST', `${path}/${attachment.id}/data`, undefined, {
      raw: multipart('pic.png', Buffer.from('v3')),
      headers,
    });
    expect(data.body).toMatchObject({ id: attachment.id, version: { number: 3 } });

    const listed = await call('dc', 'GET', `${path}?filename=pic.png&expand=version`);
    expect(listed.status).toBe(200);
    const download = listed.body.results[0]._links.download as string;
    expect(download).toMatch(/^\/download\/attachments\/\d+\/pic\.png\?version=3/);
    const bytes = await fetch(`${current().dcUrl}${download}`, {
      headers: { Authorization: `Bearer ${current().credentials.datacenter.token}` },
    });
    expect(await bytes.text()).toBe('v3');
    const first = await fetch(`${current().dcUrl}${download.replace('version=3', 'version=1')}`, {
      headers: { Authorization: `Bearer ${current().credentials.datacenter.token}` },
    });
    expect(Buffer.from(await first.arrayBuffer()).equals(DEMO_PNG)).toBe(true);
  });

  test('labels: list, add (an array), remove', async () => {
    const id = pageId('Glossary');
    const added = await call('dc', 'POST', `/rest/api/content/${id}/label`, [{ prefix: 'global', name: 'terms' }]);
    expect(added.body.results.map((l: Json) => l.name)).toEqual(['reference', 'terms']);
    expect((await call('dc', 'DELETE', `/rest/api/content/${id}/label?name=reference`)).status).toBe(204);
    const listed = await call('dc', 'GET', `/rest/api/content/${id}/label`);
    expect(listed.body.results.map((l: Json) => l.name)).toEqual(['terms']);
  });
});

test('every exchange above matched the specs', () => {
  expect(current().violations).toEqual([]);
});
