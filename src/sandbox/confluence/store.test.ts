// The Confluence store and its seed, without HTTP: versions and 409s, the tree (move, trash,
// purge), labels, attachment versions, bulk seeding, and a demo seed that holds every construct
// the Markdown converter is tested on.
import { describe, expect, test } from 'vitest';
import { generateCredentials } from '../auth.js';
import { DEMO_PNG, seedDemo, seedUsers } from './seed.js';
import { ConfluenceStore, ConfluenceStoreError, current, titleOf } from './store.js';

function fresh(): ConfluenceStore {
  const store = new ConfluenceStore();
  seedUsers(store, generateCredentials());
  return store;
}

function refusal(fn: () => unknown): { status: number; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfluenceStoreError) return { status: err.status, message: err.message };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('pages and versions', () => {
  test('a space has a home page; new pages go under it unless parentId is null; titles are unique per space', () => {
    const store = fresh();
    const space = store.addSpace({ key: 'T', name: 'Test' });
    const home = store.content(space.homepageId!)!;
    expect(titleOf(home)).toBe('Test Home');
    const child = store.addPage({ spaceId: space.id, title: 'Child' });
    expect(child.parentId).toBe(home.id);
    expect(store.addPage({ spaceId: 'T', title: 'Top', parentId: null }).parentId).toBeNull();
    expect(refusal(() => store.addPage({ spaceId: space.id, title: 'Child' })).status).toBe(400);
    const other = store.addSpace({ key: 'U', name: 'Other' });
    expect(store.addPage({ spaceId: other.id, title: 'Child' }).spaceId).toBe(other.id);
  });

  test('an update must be the current version + 1; a stale one is 409 and changes nothing', () => {
    const store = fresh();
    const space = store.addSpace({ key: 'T', name: 'Test' });
    const page = store.addPage({ spaceId: space.id, title: 'P', body: '<p>1</p>' });
    store.updatePage(page.id, 2, { body: '<p>2</p>', authorId: 'a', message: 'second' });
    expect(refusal(() => store.updatePage(page.id, 2, { body: '<p>lost</p>', authorId: 'b' }))).toEqual({
      status: 409,
      message: 'Version must be incremented on update. Current version is: 2',
    });
    expect(refusal(() => store.updatePage(page.id, 4, { authorId: 'b' })).status).toBe(409);
    expect(current(page)).toMatchObject({ number: 2, body: '<p>2</p>', message: 'second' });
    expect(page.versions.map((v) => v.body)).toEqual(['<p>1</p>', '<p>2</p>']);
  });

  test('move: append, before, after; never below itself', () => {
    const store = fresh();
    const space = store.addSpace({ key: 'T', name: 'Test' });
    const [a, b, c] = ['A', 'B', 'C'].map((title) => store.addPage({ spaceId: space.id, title }));
    store.movePage(c!.id, 'append', a!.id);
    expect(store.children(a!.id, space.id).map(titleOf)).toEqual(['C']);
    store.movePage(c!.id, 'before', a!.id);
    expect(store.children(space.homepageId, space.id).map(titleOf)).toEqual(['C', 'A', 'B']);
    store.movePage(c!.id, 'after', b!.id);
    expect(store.children(space.homepageId, space.id).map(titleOf)).toEqual(['A', 'B', 'C']);
    store.movePage(b!.id, 'append', a!.id);
    expect(refusal(() => store.movePage(a!.id, 'append', b!.id)).status).toBe(400);
  });

  test('trash moves children up to the parent; purge only from the trash, with comments and attachments', () => {
    const store = fresh();
    const space = store.addSpace({ key: 'T', name: 'Test' });
    const parent = store.addPage({ spaceId: space.id, title: 'Parent' });
    const kid = store.addPage({ spaceId: space.id, title: 'Kid', parentId: parent.id });
    store.addComment(parent.id, '<p>c</p>');
    store.addAttachment(parent.id, { filename: 'f.txt', content: Buffer.from('f') });
    expect(refusal(() => store.purge(parent.id)).status).toBe(400);
    store.trash(parent.id);
    expect(kid.parentId).toBe(space.homepageId);
    // A trashed page frees its title.
    expect(titleOf(store.addPage({ spaceId: space.id, title: 'Parent' }))).toBe('Parent');
    store.purge(parent.id);
    expect(store.content(parent.id)).toBeUndefined();
    expect([...store.contents.values()].filter((c) => c.type === 'comment')).toEqual([]);
    expect(store.attachments.size).toBe(0);
  });
});

describe('labels and attachments', () => {
  test('labels are lower-cased, unique per page, and share an id across pages', () => {
    const store = fresh();
    const space = store.addSpace({ key: 'T', name: 'Test' });
    const one = store.addPage({ spaceId: space.id, title: 'One', labels: ['Docs', 'docs'] });
    const two = store.addPage({ spaceId: space.id, title: 'Two', labels: ['docs'] });
    expect(one.labels.map((l) => l.name)).toEqual(['docs']);
    expect(one.labels[0]!.id).toBe(two.labels[0]!.id);
    store.removeLabel(one.id, 'DOCS');
    expect(one.labels).toEqual([]);
    expect(refusal(() => store.removeLabel(one.id, 'docs')).status).toBe(404);
    expect(refusal(() => store.addLabel(one.id, 'two words')).status).toBe(400);
  });

  test('the same file name again is the next version of the same attachment, bytes kept per version', () => {
    const store = fresh();
    const space = store.addSpace({ key: 'T', name: 'Test' });
    const page = store.addPage({ spaceId: space.id, title: 'P' });
    const first = store.addAttachment(page.id, { filename: 'a.png', content: DEMO_PNG });
    const second = store.addAttachment(page.id, { filename: 'a.png', content: Buffer.from('v2'), comment: 'again' });
    expect(second.id).toBe(first.id);
    expect(second.versions.map((v) => [v.number, v.content.length, v.mediaType])).toEqual([
      [1, DEMO_PNG.length, 'image/png'],
      [2, 2, 'image/png'],
    ]);
    expect(store.requireAttachment(`att${first.id}`)).toBe(first);
    store.updateAttachment(first.id, { content: Buffer.from('v3') });
    expect(store.attachmentsOf(page.id).map((a) => a.versions.length)).toEqual([3]);
  });
});

describe('seeding', () => {
  test('addBulkPages makes a tree of pages in memory, with unique titles; a clashing prefix is refused', () => {
    const store = fresh();
    const pages = store.addBulkPages('BULK', 2000, { fanout: 25 });
    const space = store.spaceByKey('BULK')!;
    expect(pages).toHaveLength(2000);
    expect(new Set(pages.map(titleOf)).size).toBe(2000);
    expect(store.children(space.homepageId, space.id)).toHaveLength(25);
    expect(store.descendants(space.homepageId!)).toHaveLength(2000);
    expect(pages.filter((p) => p.labels.length > 0)).toHaveLength(Math.ceil(2000 / 7));
    expect(refusal(() => store.addBulkPages('BULK', 3)).status).toBe(400);
    expect(store.addBulkPages('BULK', 3, { prefix: 'More' }).map(titleOf)).toEqual(['More 0001', 'More 0002', 'More 0003']);
    const given = store.addBulkPages('BODY', 3, { bodies: ['<p>one</p>', '<h1>two</h1>'] });
    expect(given.map((page) => page.versions[0]?.body)).toEqual(['<p>one</p>', '<h1>two</h1>', '<p>one</p>']);
  });

  test('the demo seed: DOCS has 33 pages under its home using every construct (two in a folder), BIG has 640, a personal space, blog posts', () => {
    const store = fresh();
    const { docs, big, personal } = seedDemo(store);
    expect(store.descendants(docs.homepageId!)).toHaveLength(33);
    const [handbook] = store.childFolders(docs.homepageId, docs.id);
    expect(handbook?.title).toBe('Team Handbook');
    expect(store.children(handbook!.id, docs.id).map(titleOf)).toEqual(['Onboarding', 'On-call']);
    expect(store.descendants(big.homepageId!)).toHaveLength(640);
    expect(personal.type).toBe('personal');
    expect(store.spaceContent(docs.id, 'blogpost')).toHaveLength(3);
    const bodies = store
      .spaceContent(docs.id, 'page')
      .map((p) => current(p).body)
      .join('\n');
    for (const construct of [
      '<h1>',
      '<h6>',
      '<strong>',
      '<em>',
      '<code>',
      'text-decoration: line-through',
      'ac:name="code"',
      '<![CDATA[',
      ']]]]><![CDATA[>',
      '<ul><li>One<ul>',
      '<ol start="3">',
      '<ac:task-list>',
      '<th><p>Command</p></th>',
      'colspan="2"',
      '<blockquote>',
      '<hr />',
      '<ri:page ri:content-title=',
      'ri:space-key="~demo"',
      '<ac:image ac:alt="Diagram"><ri:attachment ri:filename="diagram.png" />',
      '<ri:url ri:value=',
      'ac:name="info"',
      'ac:name="note"',
      'ac:name="warning"',
      'ac:name="tip"',
      'ac:name="expand"',
      'ac:name="status"',
      'ac:name="toc"',
      '<ri:user ri:account-id=',
      '<ri:user ri:userkey=',
      '<ac:emoticon ac:name="smile" />',
      'ac:emoji-shortname',
      'ac:name="jira"',
      '<ac:layout>',
      'ac:name="gallery"',
      'ac:name="drawio"',
      '<ac:adf-extension>',
      '<ac:inline-comment-marker',
      '<time datetime=',
      '<pre>',
    ]) {
      expect(bodies, construct).toContain(construct);
    }
    // Nested macros and a table inside a panel.
    expect(bodies).toMatch(/ac:name="expand".*ac:name="info".*ac:name="code"/);
    expect(bodies).toMatch(/ac:name="note".*<table>/);
    // Images show real attached files.
    const images = store.spaceContent(docs.id, 'page').find((p) => titleOf(p) === 'Links and Images')!;
    expect(store.attachmentByName(images.id, 'diagram.png')!.versions[0]!.content.equals(DEMO_PNG)).toBe(true);
  });

  test('the demo seed is the same every time, but for timestamps', () => {
    const shape = () => {
      const store = fresh();
      seedDemo(store);
      return [...store.contents.values()].map((c) => [c.id, c.type, c.parentId, titleOf(c), current(c).body, c.versions.length]);
    };
    expect(shape()).toEqual(shape());
  });
});
