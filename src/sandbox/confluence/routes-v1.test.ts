// Confluence Cloud v1 in the sandbox: CQL search by cursor, attachment upload (versions by file
// name) and download (302 to the media store), move and labels; every exchange spec-checked.
import { describe, expect, test } from 'vitest';
import { type Json, multipart, useConfluenceSandbox } from './call.testutil.js';
import { DEMO_PNG } from './seed.js';

const { sandbox: current, call, store, pageId } = useConfluenceSandbox();
const search = (cql: string, extra = '') => call('cloud', 'GET', `/wiki/rest/api/search?cql=${encodeURIComponent(cql)}${extra}`);
const titles = (reply: { body: Json }) => reply.body.results.map((r: Json) => r.title);
const noCheck = { 'X-Atlassian-Token': 'no-check' };

describe('CQL search (/wiki/rest/api/search)', () => {
  test('the clauses `atl confluence search` builds: space, title ~, text ~, label, type, lastmodified, ancestor, and/or, order by', async () => {
    expect(titles(await search('space = DOCS AND type = page AND title ~ "release" ORDER BY title'))).toEqual([
      'Release 1.0',
      'Release 1.1',
      'Release 2.0',
      'Release Notes',
    ]);
    expect(titles(await search('text ~ "three ways" AND space = "DOCS"'))).toEqual(['FAQ']);
    expect(titles(await search('label = tables'))).toEqual(['Tables']);
    expect(titles(await search('label in (panels, layout) order by title asc'))).toEqual(['Page Layouts', 'Panels and Callouts']);
    expect(titles(await search('type = blogpost AND space = DOCS ORDER BY created DESC'))).toEqual([
      'Announcing atl 2.0',
      'Docs as code with atl',
      'Sandbox tips',
    ]);
    expect(titles(await search('type = attachment AND space = DOCS ORDER BY title')).sort()).toEqual([
      'architecture.svg',
      'diagram.png',
      'notes.txt',
      'team.png',
    ]);
    const recent = titles(await search('space = DOCS AND type = page AND lastmodified >= now("-7d") ORDER BY lastmodified DESC'));
    expect(recent).toContain('Release 2.0');
    expect(recent).not.toContain('Glossary');
    expect(titles(await search(`ancestor = ${pageId('Getting Started')} ORDER BY title`))).toEqual([
      'Configuration',
      'First Steps',
      'Installation',
    ]);
    expect(titles(await search('(label = faq OR label = cli) AND NOT title ~ faq'))).toEqual(['CLI Reference']);
  });

  test('results carry content with what expand asks, and a breadcrumb trail', async () => {
    const reply = await search('title = "Installation"', '&expand=content.space,content.version');
    expect(reply.status).toBe(200);
    const [hit] = reply.body.results;
    expect(hit.content).toMatchObject({ id: pageId('Installation'), type: 'page', space: { key: 'DOCS' }, version: { number: 2 } });
    expect(hit.breadcrumbs.map((b: Json) => b.label)).toEqual(['Documentation Home', 'Getting Started']);
    expect(hit.resultGlobalContainer).toEqual({ title: 'Documentation', displayUrl: '/spaces/DOCS' });
  });

  test('pages by cursor: _links.next is relative to /wiki and repeats the query; totalSize counts everything', async () => {
    const seen: string[] = [];
    let next: string | undefined = `/rest/api/search?cql=${encodeURIComponent('space = BIG AND type = page')}&limit=100`;
    let pages = 0;
    while (next) {
      const reply = await call('cloud', 'GET', `/wiki${next}`);
      expect(reply.body.totalSize).toBe(641);
      seen.push(...reply.body.results.map((r: Json) => r.content.id));
      next = reply.body._links.next;
      if (next) expect(next).toMatch(/^\/rest\/api\/search\?cql=.*&cursor=/);
      pages++;
    }
    expect(pages).toBe(7);
    expect(new Set(seen).size).toBe(641);
  });

  test('CQL the sandbox cannot read is a 400 in the v1 error shape', async () => {
    const reply = await search('space = DOCS AND flavour = "sweet"');
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ statusCode: 400, message: expect.stringContaining("unsupported field 'flavour'") });
  });

  test('/content/search answers Content', async () => {
    const reply = await call('cloud', 'GET', `/wiki/rest/api/content/search?cql=${encodeURIComponent('label = jira')}&expand=body.storage`);
    expect(reply.body.results).toEqual([
      expect.objectContaining({ title: 'Jira Issues', body: expect.objectContaining({ storage: expect.anything() }) }),
    ]);
  });
});

describe('attachments', () => {
  test('upload needs X-Atlassian-Token: no-check and minorEdit; the same name again is a new version of the same attachment', async () => {
    const id = pageId('Glossary');
    const path = `/wiki/rest/api/content/${id}/child/attachment`;
    const refused = await call('cloud', 'PUT', path, undefined, { raw: multipart('a.bin', Buffer.from([1, 2, 3]), { minorEdit: 'true' }) });
    expect(refused.status).toBe(403);
    const noMinorEdit = await call('cloud', 'PUT', path, undefined, { raw: multipart('a.bin', Buffer.from([1])), headers: noCheck });
    expect(noMinorEdit.status).toBe(400);
    expect(noMinorEdit.body.message).toMatch(/minorEdit/);
    const bytes = Buffer.from([0, 255, 1, 254, 13, 10, 0]);
    const first = await call('cloud', 'PUT', path, undefined, {
      raw: multipart('data.bin', bytes, { minorEdit: 'true', comment: 'first' }),
      headers: noCheck,
    });
    expect(first.status).toBe(200);
    expect(first.body.results[0]).toMatchObject({
      type: 'attachment',
      title: 'data.bin',
      version: { number: 1 },
      extensions: { fileSize: 7, comment: 'first' },
    });
    const second = await call('cloud', 'PUT', path, undefined, {
      raw: multipart('data.bin', Buffer.from('v2'), { minorEdit: 'true' }),
      headers: noCheck,
    });
    expect(second.body.results[0]).toMatchObject({ id: first.body.results[0].id, version: { number: 2 } });
    const duplicate = await call('cloud', 'POST', path, undefined, {
      raw: multipart('data.bin', Buffer.from('x'), { minorEdit: 'true' }),
      headers: noCheck,
    });
    expect(duplicate.status).toBe(400);
    const byId = await call('cloud', 'POST', `${path}/${first.body.results[0].id}/data`, undefined, {
      raw: multipart('data.bin', Buffer.from('v3'), { minorEdit: 'true' }),
      headers: noCheck,
    });
    expect(byId.body).toMatchObject({ version: { number: 3 } });
    const listed = await call('cloud', 'GET', `/wiki/api/v2/pages/${id}/attachments`);
    expect(listed.body.results).toEqual([
      expect.objectContaining({ title: 'data.bin', fileSize: 2, version: expect.objectContaining({ number: 3 }) }),
    ]);
  });

  test('download answers 302 to the media store on the other loopback name; the bytes come without credentials, any version', async () => {
    const id = pageId('Links and Images');
    const attachment = store().attachmentByName(id, 'diagram.png')!;
    const reply = await call('cloud', 'GET', `/wiki/rest/api/content/${id}/child/attachment/att${attachment.id}/download`);
    expect(reply.status).toBe(302);
    const location = new URL(reply.headers.get('location')!);
    expect(location.hostname).toBe('localhost');
    const media = await fetch(location);
    expect(media.status).toBe(200);
    expect(media.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await media.arrayBuffer()).equals(DEMO_PNG)).toBe(true);
    const tampered = await fetch(`${location.origin}${location.pathname}?version=1&token=AAAA`);
    expect(tampered.status).toBe(403);

    const faq = pageId('FAQ');
    const notes = store().attachmentByName(faq, 'notes.txt')!;
    const old = await call('cloud', 'GET', `/wiki/rest/api/content/${faq}/child/attachment/att${notes.id}/download?version=1`);
    expect(await (await fetch(old.headers.get('location')!)).text()).toBe('First notes.\n');
    const viaGateway = await call('gateway', 'GET', `/wiki/rest/api/content/${faq}/child/attachment/att${notes.id}/download`);
    expect(viaGateway.status).toBe(302);
    expect(await (await fetch(viaGateway.headers.get('location')!)).text()).toBe('First notes.\nSecond version.\n');
  });
});

describe('move and labels', () => {
  test('move append/before/after re-parents and orders; moving below itself is a 400', async () => {
    const page = pageId('Glossary');
    const target = pageId('Archive');
    const appended = await call('cloud', 'PUT', `/wiki/rest/api/content/${page}/move/append/${target}`);
    expect(appended.body).toEqual({ pageId: page });
    expect(store().content(page)!.parentId).toBe(target);
    await call('cloud', 'PUT', `/wiki/rest/api/content/${page}/move/before/${pageId('Old Design')}`);
    const children = await call('cloud', 'GET', `/wiki/api/v2/pages/${target}/direct-children`);
    expect(children.body.results.map((c: Json) => c.title)).toEqual(['Glossary', 'Old Design', 'Meeting Notes']);
    await call('cloud', 'PUT', `/wiki/rest/api/content/${page}/move/after/${pageId('Meeting Notes')}`);
    expect((await call('cloud', 'GET', `/wiki/api/v2/pages/${target}/direct-children`)).body.results.map((c: Json) => c.title)).toEqual([
      'Old Design',
      'Meeting Notes',
      'Glossary',
    ]);
    const loop = await call('cloud', 'PUT', `/wiki/rest/api/content/${target}/move/append/${page}`);
    expect(loop.status).toBe(400);
  });

  test('labels: add an array or one, remove by query and by path', async () => {
    const id = pageId('Configuration');
    const added = await call('cloud', 'POST', `/wiki/rest/api/content/${id}/label`, [
      { prefix: 'global', name: 'setup' },
      { prefix: 'global', name: 'profiles' },
    ]);
    expect(added.body.results.map((l: Json) => l.name)).toEqual(['setup', 'profiles']);
    await call('cloud', 'POST', `/wiki/rest/api/content/${id}/label`, { prefix: 'global', name: 'config/env' });
    expect((await call('cloud', 'DELETE', `/wiki/rest/api/content/${id}/label?name=${encodeURIComponent('config/env')}`)).status).toBe(204);
    expect((await call('cloud', 'DELETE', `/wiki/rest/api/content/${id}/label/setup`)).status).toBe(204);
    const left = await call('cloud', 'GET', `/wiki/api/v2/pages/${id}/labels`);
    expect(left.body.results.map((l: Json) => l.name)).toEqual(['profiles']);
    expect((await call('cloud', 'DELETE', `/wiki/rest/api/content/${id}/label/missing`)).status).toBe(404);
  });
});

test('every exchange above matched the specs', () => {
  expect(current().violations).toEqual([]);
});
