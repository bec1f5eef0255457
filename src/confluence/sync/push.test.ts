import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { SimulatedCrash } from './memory-remote.testutil.js';
import { pull } from './pull.js';
import { push } from './push.js';
import { readState, statePaths } from './state.js';
import { converter, docsSpace, edit, read, snapshot, tempDir, write } from './sync.testutil.js';

async function pulled() {
  const space = docsSpace();
  const dir = await tempDir();
  await pull({ dir, remote: space.remote, converter, target: { space: 'DOCS' } });
  return { ...space, dir };
}

describe('push', () => {
  test('pull then push with no edit sends no request at all', async () => {
    const { remote, dir } = await pulled();
    const mark = remote.log.length;
    const report = await push({ dir, remote, converter });
    expect(remote.log.length).toBe(mark);
    expect(report.planned).toEqual([]);
  });

  test('updates a changed page with base version + 1 and records the new base; a second push sends nothing', async () => {
    const { remote, dir, guide } = await pulled();
    await edit(dir, 'Home/Guide/index.md', 'two\n', 'two, edited\n');
    const report = await push({ dir, remote, converter });
    expect(report.done).toEqual([{ kind: 'update', path: 'Home/Guide/index.md', id: guide, title: 'Guide', changes: ['body'] }]);
    expect(remote.page(guide)).toMatchObject({ version: 2, storage: '<p>one</p><p>two, edited</p><p>three</p><p>four</p><p>five</p>' });
    expect(remote.page(guide).versionMessage).toMatch(/^atl [0-9a-f]{12}$/);
    expect(await read(dir, 'Home/Guide/index.md')).toContain('version: 2\n');
    expect((await readState(dir))?.pages.get(guide)?.baseVersion).toBe(2);
    const mark = remote.log.length;
    await push({ dir, remote, converter });
    expect(remote.log.length).toBe(mark);
    // And a pull after it fetches nothing: the push's version is the base.
    expect((await pull({ dir, remote, converter })).fetched).toBe(0);
  });

  test('creates pages for new files with the parent from the folder, parents first, and writes their ids back', async () => {
    const { remote, dir, guide, home } = await pulled();
    await write(dir, 'Home/Guide/Setup/index.md', '---\ntitle: Setup\nlabels: [ops]\n---\n\nsetting up\n');
    await write(dir, 'Home/Guide/Setup/Linux.md', 'on linux\n');
    await write(dir, 'Home/Guide/Setup/Linux.attachments/tux.png', 'TUX');
    await write(dir, 'Home/News.md', '---\ntitle: Latest news\n---\n\nnews\n');
    const report = await push({ dir, remote, converter });
    expect(report.planned.map((action) => `${action.kind} ${action.path}`)).toEqual([
      'create Home/News.md',
      'create Home/Guide/Setup/index.md',
      'labels Home/Guide/Setup/index.md',
      'create Home/Guide/Setup/Linux.md',
      'upload Home/Guide/Setup/Linux.md',
    ]);
    const setup = remote.byTitle('Setup');
    const linux = remote.byTitle('Linux');
    expect(setup).toMatchObject({ parentId: guide, labels: ['ops'], storage: '<p>setting up</p>' });
    expect(linux).toMatchObject({ parentId: setup?.id });
    expect(linux?.attachments.map((attachment) => [attachment.name, attachment.data.toString(), attachment.comment])).toEqual([
      ['tux.png', 'TUX', expect.stringMatching(/^sha256:[0-9a-f]{64}$/)],
    ]);
    expect(remote.byTitle('Latest news')?.parentId).toBe(home);
    expect(await read(dir, 'Home/Guide/Setup/Linux.md')).toBe(
      `---\nid: "${linux?.id}"\nspace: DOCS\ntitle: Linux\nversion: 1\n---\n\non linux\n`,
    );
    const mark = remote.log.length;
    await push({ dir, remote, converter });
    expect(remote.log.length).toBe(mark);
    // Pulling after it changes no file.
    const files = await snapshot(dir);
    await pull({ dir, remote, converter });
    const after = await snapshot(dir);
    for (const file of Object.keys(files).filter((name) => !name.startsWith('.atl/'))) expect(after[file], file).toBe(files[file]);
  });

  test('a new title in the front matter renames the page; labels are added and removed', async () => {
    const { remote, dir, guide } = await pulled();
    await edit(dir, 'Home/Guide/index.md', 'title: Guide\n', 'title: The Guide\n');
    await edit(dir, 'Home/Guide/index.md', '  - guide\n', '  - manual\n');
    const report = await push({ dir, remote, converter });
    expect(report.done).toEqual([
      { kind: 'labels', path: 'Home/Guide/index.md', id: guide, add: ['manual'], remove: ['guide'] },
      { kind: 'update', path: 'Home/Guide/index.md', id: guide, title: 'The Guide', changes: ['title'] },
    ]);
    expect(remote.page(guide)).toMatchObject({ title: 'The Guide', labels: ['manual'], version: 2 });
    // The storage was not re-converted: the body did not change.
    expect(remote.page(guide).storage).toBe('<p>one</p><p>two</p><p>three</p><p>four</p><p>five</p>');
  });

  test('a page changed in Confluence since the base is never overwritten: a conflict, skipped; --force writes over it', async () => {
    const { remote, dir, guide } = await pulled();
    remote.edit(guide, { storage: '<p>theirs</p>' });
    await edit(dir, 'Home/Guide/index.md', 'one\n', 'mine\n');
    const report = await push({ dir, remote, converter });
    expect(report.conflicts).toEqual([
      { path: 'Home/Guide/index.md', id: guide, reason: expect.stringContaining('changed in Confluence') },
    ]);
    expect(remote.writes()).toEqual([]);
    expect(remote.page(guide).storage).toBe('<p>theirs</p>');
    const forced = await push({ dir, remote, converter, force: true });
    expect(forced.done).toEqual([expect.objectContaining({ kind: 'update', forcedOver: 2 })]);
    expect(remote.page(guide)).toMatchObject({ version: 3, storage: expect.stringContaining('<p>mine</p>') });
  });

  test('someone saves between the version check and the write: the 409 is a conflict, not a retry over their edit', async () => {
    const { remote, dir, guide } = await pulled();
    await edit(dir, 'Home/Guide/index.md', 'one\n', 'mine\n');
    remote.beforeNext('update', () => remote.edit(guide, { storage: '<p>theirs</p>' }));
    const report = await push({ dir, remote, converter });
    expect(report.conflicts).toEqual([
      { path: 'Home/Guide/index.md', id: guide, reason: expect.stringContaining('while pushing (version 2)') },
    ]);
    expect(remote.page(guide)).toMatchObject({ version: 2, storage: '<p>theirs</p>' });
    expect(remote.log.filter((entry) => entry.op === 'updatePage').map((entry) => entry.status)).toEqual([409]);
  });

  test('--dry-run lists the plan, deletes included, with read requests only', async () => {
    const { remote, dir, faq } = await pulled();
    await rm(path.join(dir, 'Home', 'FAQ.md'));
    await edit(dir, 'Home/Guide/index.md', 'one\n', 'mine\n');
    await write(dir, 'Home/New.md', 'new\n');
    const report = await push({ dir, remote, converter, dryRun: true, delete: true });
    expect(report.planned.map((action) => `${action.kind} ${action.path}`)).toEqual([
      'create Home/New.md',
      'update Home/Guide/index.md',
      'delete Home/FAQ.md',
    ]);
    expect(report.done).toEqual([]);
    expect(remote.log.every((entry) => !entry.write)).toBe(true);
    expect(remote.page(faq).status).toBe('current');
  });

  test('deleted files remove their pages only with --delete, and only pages this folder tracks', async () => {
    const { remote, dir, faq } = await pulled();
    const elsewhere = remote.seed('DOCS', 'Not pulled here', null, '<p>x</p>');
    await rm(path.join(dir, 'Home', 'FAQ.md'));
    const without = await push({ dir, remote, converter });
    expect(without.skipped).toEqual([{ path: 'Home/FAQ.md', reason: expect.stringContaining('push --delete') }]);
    expect(remote.writes()).toEqual([]);
    const report = await push({ dir, remote, converter, delete: true });
    expect(report.done).toEqual([{ kind: 'delete', path: 'Home/FAQ.md', id: faq, title: 'FAQ' }]);
    expect(remote.page(faq).status).toBe('trashed');
    expect(remote.page(elsewhere).status).toBe('current');
    expect((await readState(dir))?.pages.get(faq)).toBeUndefined();
  });

  test('a 429 in the middle is waited out and every write is applied once', async () => {
    const { remote, dir, guide, faq } = await pulled();
    await edit(dir, 'Home/Guide/index.md', 'one\n', 'mine\n');
    await edit(dir, 'Home/FAQ.md', 'See', 'Read');
    await write(dir, 'Home/Extra.md', 'extra\n');
    remote.rateLimitNext(3);
    const report = await push({ dir, remote, converter });
    expect(report.failed).toEqual([]);
    expect(remote.log.filter((entry) => entry.status === 429)).toHaveLength(3);
    expect(
      remote
        .writes()
        .map((entry) => entry.op)
        .sort(),
    ).toEqual(['createPage', 'updatePage', 'updatePage']);
    expect(remote.page(guide).version).toBe(2);
    expect(remote.page(faq).version).toBe(2);
    expect(remote.current().filter((page) => page.title === 'Extra')).toHaveLength(1);
  });

  test('bounded concurrency with progress up to the number of writes', async () => {
    const { remote, dir } = await pulled();
    for (let n = 0; n < 12; n++) await write(dir, `Home/Note ${n}.md`, `note ${n}\n`);
    remote.latencyMs = 15;
    const seen: number[] = [];
    await push({ dir, remote, converter, concurrency: 3, onProgress: (p) => seen.push(p.done) });
    expect(remote.maxInFlight).toBeLessThanOrEqual(3);
    expect(remote.maxInFlight).toBeGreaterThan(1);
    expect(seen.at(-1)).toBe(12);
  });
});

describe('an interrupted push (kill -9)', () => {
  test('killed after Confluence created the page, before atl recorded it: the next push adopts it, no duplicate', async () => {
    const { remote, dir } = await pulled();
    await write(dir, 'Home/New.md', 'new page\n');
    await write(dir, 'Home/Other.md', 'other page\n');
    remote.crashAfter('create');
    await expect(push({ dir, remote, converter, concurrency: 1 })).rejects.toThrow(SimulatedCrash);
    expect(remote.current().filter((page) => page.title === 'New')).toHaveLength(1);
    const report = await push({ dir, remote, converter });
    expect(report.recovered).toEqual([{ path: 'Home/New.md', outcome: expect.stringContaining('adopted page') }]);
    expect(report.done.map((action) => `${action.kind} ${action.path}`)).toEqual(['create Home/Other.md']);
    expect(remote.current().filter((page) => page.title === 'New')).toHaveLength(1);
    expect(remote.current().filter((page) => page.title === 'Other')).toHaveLength(1);
    const adopted = remote.byTitle('New');
    expect(await read(dir, 'Home/New.md')).toContain(`id: "${adopted?.id}"`);
    const mark = remote.log.length;
    await push({ dir, remote, converter });
    expect(remote.log.length).toBe(mark);
  });

  test('killed before the create reached Confluence: the next push creates it once', async () => {
    const { remote, dir } = await pulled();
    await write(dir, 'Home/New.md', 'new page\n');
    remote.crashBefore('create');
    await expect(push({ dir, remote, converter })).rejects.toThrow(SimulatedCrash);
    expect(remote.byTitle('New')).toBeUndefined();
    const report = await push({ dir, remote, converter });
    expect(report.done).toEqual([{ kind: 'create', path: 'Home/New.md', title: 'New' }]);
    expect(remote.current().filter((page) => page.title === 'New')).toHaveLength(1);
  });

  test('killed after Confluence took the update: the next push accepts it and writes no second version', async () => {
    const { remote, dir, guide } = await pulled();
    await edit(dir, 'Home/Guide/index.md', 'one\n', 'mine\n');
    remote.crashAfter('update');
    await expect(push({ dir, remote, converter })).rejects.toThrow(SimulatedCrash);
    expect(remote.page(guide).version).toBe(2);
    // pull refuses to run over an unfinished push.
    await expect(pull({ dir, remote, converter })).rejects.toThrow(/interrupted/);
    const report = await push({ dir, remote, converter });
    expect(report.recovered).toEqual([{ path: 'Home/Guide/index.md', outcome: expect.stringContaining('version 2') }]);
    expect(report.done).toEqual([]);
    expect(remote.page(guide).version).toBe(2);
    expect(await read(dir, 'Home/Guide/index.md')).toContain('version: 2\n');
    expect((await readState(dir))?.pages.get(guide)?.baseVersion).toBe(2);
    expect(await snapshot(dir)).not.toHaveProperty(path.relative(dir, statePaths(dir).journal).split(path.sep).join('/'));
  });
});
