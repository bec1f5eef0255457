// The sandbox's Confluence over HTTP: Cloud v2 and v1, the gateway and Data Center, with every
// exchange checked against Atlassian's OpenAPI specs (test/support/openapi.ts) when
// ../shared/specs is present.
import { describe, expect, test } from 'vitest';
import { type Json, useConfluenceSandbox } from './call.testutil.js';
import { DEMO_PNG } from './seed.js';

const { sandbox: current, call, store, pageId } = useConfluenceSandbox();
const docs = () => store().spaceByKey('DOCS')!;
const storage = (value: string) => ({ representation: 'storage', value });

/** Every result of a v2 listing, following `_links.next` (checked against the `Link` header). */
async function allV2(who: 'cloud' | 'gateway', path: string): Promise<{ results: Json[]; pages: number }> {
  const results: Json[] = [];
  let next: string | undefined = path;
  let pages = 0;
  while (next) {
    const reply = await call(who, 'GET', next);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    results.push(...reply.body.results);
    pages++;
    next = reply.body._links.next;
    if (next) expect(reply.headers.get('link')).toContain(`<${next}>; rel="next"`);
    else expect(reply.headers.get('link')).toBeNull();
  }
  return { results, pages };
}

describe('Cloud v2: spaces and paging', () => {
  test('spaces filter by keys and type; a space by id; unknown ids are 404', async () => {
    const byKey = await call('cloud', 'GET', '/wiki/api/v2/spaces?keys=DOCS,BIG');
    expect(byKey.body.results.map((s: Json) => s.key).sort()).toEqual(['BIG', 'DOCS']);
    expect(byKey.body._links.base).toBe(`${current().url}/wiki`);
    const personal = await call('cloud', 'GET', '/wiki/api/v2/spaces?type=personal');
    expect(personal.body.results.map((s: Json) => s.key)).toEqual(['~demo']);
    const one = await call('cloud', 'GET', `/wiki/api/v2/spaces/${docs().id}?description-format=plain`);
    expect(one.body).toMatchObject({ key: 'DOCS', homepageId: docs().homepageId, description: { plain: { representation: 'plain' } } });
    expect((await call('cloud', 'GET', '/wiki/api/v2/spaces/999999')).status).toBe(404);
  });

  test('the BIG space pages by cursor through Link and _links.next: every page once, in tree order', async () => {
    const big = store().spaceByKey('BIG')!;
    const { results, pages } = await allV2('cloud', `/wiki/api/v2/spaces/${big.id}/pages?limit=250`);
    expect(results.length).toBe(641); // 640 generated pages and the home page
    expect(new Set(results.map((p) => p.id)).size).toBe(641);
    expect(pages).toBe(3);
    const seen = new Set<string>();
    for (const page of results) {
      if (page.parentId) expect(seen.has(page.parentId), `${page.title} after its parent`).toBe(true);
      seen.add(page.id);
    }
    expect(results[0]).not.toHaveProperty('body.storage');
  });

  test('limit is clamped to 250 and a bad cursor is a 400 in the v2 error shape', async () => {
    const big = store().spaceByKey('BIG')!;
    const clamped = await call('cloud', 'GET', `/wiki/api/v2/spaces/${big.id}/pages?limit=1000`);
    expect(clamped.body.results.length).toBe(250);
    const bad = await call('cloud', 'GET', `/wiki/api/v2/spaces/${big.id}/pages?cursor=nonsense`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errors: [{ status: 400, code: 'BAD_REQUEST', detail: 'The cursor is invalid.' }] });
  });

  test('the same listing through the gateway keeps next on /wiki/api/v2 and base on the site', async () => {
    const { results } = await allV2('gateway', `/wiki/api/v2/spaces/${docs().id}/pages?limit=10&body-format=storage`);
    expect(results.length).toBe(34); // 33 pages and the home page
    expect(results.find((p) => p.title === 'Installation')?.body.storage.value).toContain('<![CDATA[npm install -g atl');
  });
});

describe('Cloud v2: pages', () => {
  test('a page with body-format=storage; without it the body is empty; version=N is that version', async () => {
    const id = pageId('Getting Started');
    const full = await call('cloud', 'GET', `/wiki/api/v2/pages/${id}?body-format=storage&include-labels=true`);
    expect(full.body).toMatchObject({
      id,
      title: 'Getting Started',
      spaceId: docs().id,
      version: { number: 4 },
      _links: { base: `${current().url}/wiki` },
    });
    expect(full.body.body.storage.value).toContain('version 4');
    expect(full.body.labels.results.map((l: Json) => l.name)).toEqual(['howto']);
    const bare = await call('cloud', 'GET', `/wiki/api/v2/pages/${id}`);
    expect(bare.body.body).toEqual({});
    const old = await call('cloud', 'GET', `/wiki/api/v2/pages/${id}?body-format=storage&version=3`);
    expect(old.body).toMatchObject({ status: 'historical', version: { number: 3, message: 'Version 3' } });
    expect(old.body.body.storage.value).toContain('version 3');
  });

  test('bulk by ids', async () => {
    const ids = [pageId('FAQ'), pageId('Tables'), pageId('Glossary')];
    const bulk = await call('cloud', 'GET', `/wiki/api/v2/pages?id=${ids.join(',')}&body-format=storage`);
    expect(bulk.body.results.map((p: Json) => p.id).sort()).toEqual([...ids].sort());
    expect(bulk.body.results.every((p: Json) => typeof p.body.storage.value === 'string')).toBe(true);
  });

  test('create, update with version N+1, a stale update is 409 with Confluence message, title update, delete to trash, purge', async () => {
    const created = await call('cloud', 'POST', '/wiki/api/v2/pages', {
      spaceId: docs().id,
      status: 'current',
      title: 'Scratch page',
      parentId: pageId('Reference'),
      body: storage('<p>one</p>'),
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ title: 'Scratch page', parentId: pageId('Reference'), version: { number: 1 } });
    const id = created.body.id as string;

    const duplicate = await call('cloud', 'POST', '/wiki/api/v2/pages', {
      spaceId: docs().id,
      status: 'current',
      title: 'Scratch page',
      body: storage(''),
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.errors[0].detail).toContain('A page with this title already exists');

    const update = (number: number, value: string) =>
      call('cloud', 'PUT', `/wiki/api/v2/pages/${id}`, {
        id,
        status: 'current',
        title: 'Scratch page',
        body: storage(value),
        version: { number, message: 'edit' },
      });
    const ok = await update(2, '<p>two</p>');
    expect(ok.body).toMatchObject({ version: { number: 2, message: 'edit' }, body: { storage: { value: '<p>two</p>' } } });
    const stale = await update(2, '<p>stale</p>');
    expect(stale.status).toBe(409);
    expect(stale.body.errors[0].detail).toBe('Version must be incremented on update. Current version is: 2');
    expect(store().content(id)!.versions.at(-1)!.body).toBe('<p>two</p>');

    const renamed = await call('cloud', 'PUT', `/wiki/api/v2/pages/${id}/title`, { status: 'current', title: 'Scratch page renamed' });
    expect(renamed.body).toMatchObject({ title: 'Scratch page renamed', version: { number: 3 } });

    const versions = await call('cloud', 'GET', `/wiki/api/v2/pages/${id}/versions`);
    expect(versions.body.results.map((v: Json) => v.number)).toEqual([3, 2, 1]);
    const detail = await call('cloud', 'GET', `/wiki/api/v2/pages/${id}/versions/2`);
    expect(detail.body).toMatchObject({ number: 2, prevVersion: 1, nextVersion: 3 });

    expect((await call('cloud', 'DELETE', `/wiki/api/v2/pages/${id}`)).status).toBe(204);
    expect((await call('cloud', 'GET', `/wiki/api/v2/pages/${id}`)).status).toBe(404);
    const trashed = await call('cloud', 'GET', `/wiki/api/v2/pages/${id}?status=trashed`);
    expect(trashed.body.status).toBe('trashed');
    expect((await call('cloud', 'DELETE', `/wiki/api/v2/pages/${id}?purge=true`)).status).toBe(204);
    expect(store().content(id)).toBeUndefined();
  });

  test('purge refuses a page that is not in the trash', async () => {
    const refused = await call('cloud', 'DELETE', `/wiki/api/v2/pages/${pageId('Glossary')}?purge=true`);
    expect(refused.status).toBe(400);
  });

  test('children, direct-children, descendants (depth) and ancestors', async () => {
    const guide = pageId('User Guide');
    const children = await call('cloud', 'GET', `/wiki/api/v2/pages/${guide}/children`);
    expect(children.body.results.map((c: Json) => c.title)).toEqual([
      'Formatting Basics',
      'Lists and Tasks',
      'Tables',
      'Links and Images',
      'Panels and Callouts',
      'Expand and Status',
      'Mentions and Emoticons',
      'Jira Issues',
    ]);
    const direct = await call('cloud', 'GET', `/wiki/api/v2/pages/${guide}/direct-children?limit=3`);
    expect(direct.body.results.map((c: Json) => [c.type, c.childPosition])).toEqual([
      ['page', 0],
      ['page', 1],
      ['page', 2],
    ]);
    expect(direct.body._links.next).toMatch(/^\/wiki\/api\/v2\/pages\/\d+\/direct-children\?/);
    const home = docs().homepageId!;
    const shallow = await allV2('cloud', `/wiki/api/v2/pages/${home}/descendants?depth=1&limit=250`);
    expect(shallow.results.map((d) => d.title)).toEqual([
      'Getting Started',
      'User Guide',
      'Advanced',
      'Reference',
      'Release Notes',
      'Archive',
      'Team Handbook',
    ]);
    const deep = await allV2('cloud', `/wiki/api/v2/pages/${home}/descendants?depth=5&limit=250`);
    expect(deep.results.length).toBe(34); // 33 pages and the folder they are in
    const folder = deep.results.find((d) => d.title === 'Team Handbook');
    expect(folder).toMatchObject({ type: 'folder', depth: 1, parentId: home });
    expect(deep.results.find((d) => d.title === 'Onboarding')).toMatchObject({ type: 'page', depth: 2, parentId: folder?.id });
    expect(deep.results.find((d) => d.title === 'Installation')).toMatchObject({ depth: 2, parentId: pageId('Getting Started') });
    const ancestors = await call('cloud', 'GET', `/wiki/api/v2/pages/${pageId('Installation')}/ancestors`);
    expect(ancestors.body.results.map((a: Json) => a.id)).toEqual([pageId('Getting Started'), home]);
  });

  test('labels, attachments, footer comments (read and add) and blog posts', async () => {
    const labels = await call('cloud', 'GET', `/wiki/api/v2/pages/${pageId('Tables')}/labels`);
    expect(labels.body.results.map((l: Json) => l.name)).toEqual(['guide', 'tables']);
    const files = await call('cloud', 'GET', `/wiki/api/v2/pages/${pageId('Links and Images')}/attachments`);
    expect(files.body.results).toEqual([
      expect.objectContaining({
        title: 'diagram.png',
        mediaType: 'image/png',
        fileSize: DEMO_PNG.length,
        version: expect.objectContaining({ number: 1 }),
      }),
    ]);
    const faq = pageId('FAQ');
    const notes = await call('cloud', 'GET', `/wiki/api/v2/pages/${faq}/attachments?filename=notes.txt`);
    expect(notes.body.results[0].version.number).toBe(2);
    const comments = await call('cloud', 'GET', `/wiki/api/v2/pages/${faq}/footer-comments?body-format=storage`);
    expect(comments.body.results.map((c: Json) => c.body.storage.value)).toEqual(['<p>Could we add a question about proxies?</p>']);
    const added = await call('cloud', 'POST', '/wiki/api/v2/footer-comments', { pageId: faq, body: storage('<p>Added.</p>') });
    expect(added.status).toBe(201);
    expect((await call('cloud', 'GET', `/wiki/api/v2/pages/${faq}/footer-comments`)).body.results.length).toBe(2);

    const posts = await call('cloud', 'GET', `/wiki/api/v2/spaces/${docs().id}/blogposts`);
    expect(posts.body.results.map((p: Json) => p.title)).toEqual(['Announcing atl 2.0', 'Docs as code with atl', 'Sandbox tips']);
    const post = await call('cloud', 'POST', '/wiki/api/v2/blogposts', {
      spaceId: docs().id,
      status: 'current',
      title: 'New post',
      body: storage('<p>hi</p>'),
    });
    expect(post.status).toBe(200);
    const read = await call('cloud', 'GET', `/wiki/api/v2/blogposts/${post.body.id}?body-format=storage`);
    expect(read.body).toMatchObject({ title: 'New post', body: { storage: { value: '<p>hi</p>' } } });
    expect(read.body).not.toHaveProperty('parentId');
  });
});

describe('the gateway', () => {
  test('serves v2 to a scoped token with the granular scopes; a read-only token cannot write', async () => {
    const c = current().credentials;
    const read = await call('gateway', 'GET', `/wiki/api/v2/pages/${pageId('FAQ')}?body-format=storage`, undefined, {
      token: c.serviceAccountConfluence.token,
    });
    expect(read.status).toBe(200);
    const write = await call(
      'gateway',
      'POST',
      '/wiki/api/v2/pages',
      { spaceId: docs().id, status: 'current', title: 'Via gateway (refused)', body: storage('') },
      { token: c.serviceAccountConfluence.token },
    );
    expect(write.status).toBe(401);
    expect(write.body).toEqual({ code: 401, message: 'Unauthorized; scope does not match' });
    const written = await call('gateway', 'POST', '/wiki/api/v2/pages', {
      spaceId: docs().id,
      status: 'current',
      title: 'Via gateway',
      body: storage('<p>g</p>'),
    });
    expect(written.status).toBe(200);
    expect(written.body.authorId).toBe(c.serviceAccountWriter.accountId);
  });
});

test('every exchange above matched the specs', () => {
  expect(current().violations).toEqual([]);
});
