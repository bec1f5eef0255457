import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { AtlError } from '../../errors.js';
import { pull } from './pull.js';
import { push } from './push.js';
import { readState } from './state.js';
import { status } from './status.js';
import { converter, docsSpace, edit, read, snapshot, tempDir, write } from './sync.testutil.js';

describe('first pull', () => {
  test('writes the tree as folders with front matter, the images pages show beside them, and the state', async () => {
    const { remote, guide, install } = docsSpace();
    const dir = await tempDir();
    const report = await pull({ dir, remote, converter, target: { space: 'DOCS' } });
    expect(report.fetched).toBe(4);
    const files = await snapshot(dir);
    expect(Object.keys(files).filter((file) => !file.startsWith('.atl/'))).toEqual(
      expect.arrayContaining([
        'Home/index.md',
        'Home/FAQ.md',
        'Home/Guide/index.md',
        'Home/Guide/Install.md',
        'Home/Guide/Install.attachments/shot.png',
      ]),
    );
    expect(files['Home/Guide/index.md']).toBe(
      `---\nid: "${guide}"\nspace: DOCS\ntitle: Guide\nversion: 1\nlabels:\n  - guide\n---\n\none\ntwo\nthree\nfour\nfive\n`,
    );
    expect(files['Home/FAQ.md']).toContain('See [[Guide/index.md]]');
    expect(files['Home/Guide/Install.md']).toContain('![](Install.attachments/shot.png)');
    expect(files['Home/Guide/Install.attachments/shot.png']).toBe('PNG-1');
    const state = await readState(dir);
    expect(state?.root).toEqual({ type: 'space', space: 'DOCS', spaceId: 's-DOCS' });
    expect(state?.pages.get(guide)).toMatchObject({ path: 'Home/Guide/index.md', baseVersion: 1, labels: ['guide'] });
    expect(state?.pages.get(install)?.attachments).toEqual([expect.objectContaining({ name: 'shot.png', file: 'shot.png', version: 1 })]);
    expect(files[`.atl/base/${guide}.md`]).toBe('one\ntwo\nthree\nfour\nfive\n');
    expect(files[`.atl/base/${guide}.xml`]).toBe(remote.page(guide).storage);
  });

  test('a page root is the folder’s own index.md, its children beside it', async () => {
    const { remote, guide } = docsSpace();
    const dir = await tempDir();
    await pull({ dir, remote, converter, target: { pageId: guide } });
    const files = Object.keys(await snapshot(dir)).filter((file) => !file.startsWith('.atl/'));
    expect(files.sort()).toEqual(['Install.attachments/shot.png', 'Install.md', 'index.md']);
  });

  test('a folder is bound to its root; pulling another into it, or pulling nothing, is a usage error', async () => {
    const { remote, guide } = docsSpace();
    const dir = await tempDir();
    await expect(pull({ dir, remote, converter })).rejects.toMatchObject({ exitCode: 2 });
    await pull({ dir, remote, converter, target: { space: 'DOCS' } });
    await expect(pull({ dir, remote, converter, target: { pageId: guide } })).rejects.toThrow(/already bound to space DOCS/);
  });
});

describe('pulling again', () => {
  test('twice gives byte-identical files and fetches no page whose version did not change', async () => {
    const { remote, guide } = docsSpace();
    const dir = await tempDir();
    await pull({ dir, remote, converter, target: { space: 'DOCS' } });
    const first = await snapshot(dir);
    const before = remote.log.length;
    const again = await pull({ dir, remote, converter });
    expect(await snapshot(dir)).toEqual(first);
    expect(again.fetched).toBe(0);
    // The tree, and the labels and attachments of the space (they change without a new version): no page.
    expect(remote.log.slice(before).map((entry) => entry.op)).toEqual(['listTree', 'listPageExtras']);

    remote.edit(guide, { storage: '<p>one</p><p>TWO</p><p>three</p><p>four</p><p>five</p>' });
    const mark = remote.log.length;
    const third = await pull({ dir, remote, converter });
    expect(remote.log.slice(mark).filter((entry) => entry.op === 'getPages')).toEqual([expect.objectContaining({ id: guide })]);
    expect(third.written).toEqual(['Home/Guide/index.md']);
    expect(await read(dir, 'Home/Guide/index.md')).toContain('version: 2\n');
  });

  test('changed on both sides: a clean three-way merge where different lines changed, based on the remote version', async () => {
    const { remote, guide } = docsSpace();
    const dir = await tempDir();
    await pull({ dir, remote, converter, target: { space: 'DOCS' } });
    await edit(dir, 'Home/Guide/index.md', 'one\n', 'ONE here\n');
    remote.edit(guide, { storage: '<p>one</p><p>two</p><p>three</p><p>four</p><p>FIVE there</p>' });
    const report = await pull({ dir, remote, converter });
    expect(report.merged).toEqual(['Home/Guide/index.md']);
    const merged = await read(dir, 'Home/Guide/index.md');
    expect(merged).toContain('version: 2\n');
    expect(merged).toContain('\nONE here\ntwo\nthree\nfour\nFIVE there\n');
    expect(merged).not.toContain('<<<<<<<');
    // The merge is a local change against version 2: push sends it as version 3.
    const pushed = await push({ dir, remote, converter });
    expect(pushed.done).toEqual([expect.objectContaining({ kind: 'update', id: guide })]);
    expect(remote.page(guide)).toMatchObject({ version: 3, storage: '<p>ONE here</p><p>two</p><p>three</p><p>four</p><p>FIVE there</p>' });
  });

  test('the same lines changed on both sides: conflict markers there only, the file is a conflict until resolved', async () => {
    const { remote, guide } = docsSpace();
    const dir = await tempDir();
    await pull({ dir, remote, converter, target: { space: 'DOCS' } });
    await edit(dir, 'Home/Guide/index.md', 'one\ntwo\nthree\n', 'one\ntwo\nthree (local)\n');
    await edit(dir, 'Home/Guide/index.md', 'five\n', 'five (local)\n');
    remote.edit(guide, { storage: '<p>ONE</p><p>two</p><p>three (remote)</p><p>four</p><p>five</p>' });
    const report = await pull({ dir, remote, converter });
    expect(report.conflicted).toEqual(['Home/Guide/index.md']);
    expect((await read(dir, 'Home/Guide/index.md')).split('\n---\n\n')[1]).toBe(
      'ONE\ntwo\n<<<<<<< local\nthree (local)\n=======\nthree (remote)\n>>>>>>> confluence (version 2)\nfour\nfive (local)\n',
    );
    const seen = await status({ dir, remote, converter });
    expect(seen.entries).toEqual([expect.objectContaining({ path: 'Home/Guide/index.md', conflict: true, markers: [3, 5, 7] })]);
    const refused = await push({ dir, remote, converter });
    expect(refused.skipped).toEqual([{ path: 'Home/Guide/index.md', reason: expect.stringContaining('conflict markers at line') }]);
    expect(remote.writes()).toEqual([]);
  });

  test('a page renamed in Confluence moves its folder, children and attachments along', async () => {
    const { remote, guide } = docsSpace();
    const dir = await tempDir();
    await pull({ dir, remote, converter, target: { space: 'DOCS' } });
    remote.edit(guide, { title: 'User Guide' });
    const report = await pull({ dir, remote, converter });
    expect(report.moved).toEqual(
      expect.arrayContaining([
        { from: 'Home/Guide/index.md', to: 'Home/User Guide/index.md' },
        { from: 'Home/Guide/Install.md', to: 'Home/User Guide/Install.md' },
      ]),
    );
    const files = Object.keys(await snapshot(dir)).filter((file) => !file.startsWith('.atl/'));
    expect(files.sort()).toEqual([
      'Home/FAQ.md',
      'Home/User Guide/Install.attachments/shot.png',
      'Home/User Guide/Install.md',
      'Home/User Guide/index.md',
      'Home/index.md',
    ]);
    expect(await read(dir, 'Home/User Guide/index.md')).toContain('title: User Guide\n');
  });

  test('a page moved in Confluence: links to it in pages that did not change follow it (a derived change)', async () => {
    const { remote, guide, home, faq } = docsSpace();
    const manuals = remote.seed('DOCS', 'Manuals', home, '<p>all manuals</p>');
    const dir = await tempDir();
    await pull({ dir, remote, converter, target: { space: 'DOCS' } });
    remote.edit(guide, { parentId: manuals });
    const report = await pull({ dir, remote, converter });
    expect(report.moved).toEqual(expect.arrayContaining([{ from: 'Home/Guide/index.md', to: 'Home/Manuals/Guide/index.md' }]));
    expect(await read(dir, 'Home/FAQ.md')).toContain('See [[Manuals/Guide/index.md]]');
    // Confluence did not change FAQ: its base version stays, and a push sends nothing.
    expect((await readState(dir))?.pages.get(faq)?.baseVersion).toBe(1);
    const mark = remote.log.length;
    await push({ dir, remote, converter });
    expect(remote.log.length).toBe(mark);
  });

  test('a page gone from Confluence: an unchanged file goes, an edited one stays (untracked); many at once need yes', async () => {
    const { remote, faq, install, guide, home } = docsSpace();
    const dir = await tempDir();
    await pull({ dir, remote, converter, target: { space: 'DOCS' } });
    await edit(dir, 'Home/Guide/Install.md', 'install\n', 'install (mine)\n');
    remote.trash(faq);
    remote.trash(install);
    const report = await pull({ dir, remote, converter, yes: true });
    expect(report.removed).toEqual(['Home/FAQ.md']);
    expect(report.kept).toEqual(['Home/Guide/Install.md']);
    expect(await read(dir, 'Home/Guide/Install.md')).toContain('install (mine)');
    expect((await readState(dir))?.pages.get(install)).toBeUndefined();

    remote.trash(guide);
    remote.trash(home);
    await expect(pull({ dir, remote, converter })).rejects.toThrow(AtlError);
    await expect(pull({ dir, remote, converter })).rejects.toThrow(/2 of 2 pages are gone/);
  });

  test('a new image version is downloaded again; an unchanged one is not', async () => {
    const { remote, install } = docsSpace();
    const dir = await tempDir();
    await pull({ dir, remote, converter, target: { space: 'DOCS' } });
    remote.attach(install, 'shot.png', 'PNG-2');
    remote.edit(install, { storage: '<p>install again</p><p><ac:image><ri:attachment ri:filename="shot.png"/></ac:image></p>' });
    const report = await pull({ dir, remote, converter });
    expect(report.attachments).toBe(1);
    expect(await readFile(path.join(dir, 'Home', 'Guide', 'Install.attachments', 'shot.png'), 'utf8')).toBe('PNG-2');
    remote.edit(install, { storage: '<p>install thrice</p><p><ac:image><ri:attachment ri:filename="shot.png"/></ac:image></p>' });
    expect((await pull({ dir, remote, converter })).attachments).toBe(0);
  });

  test('bounded concurrency (4 by default, or as given) with progress up to the total', async () => {
    const { remote } = docsSpace();
    for (let n = 0; n < 20; n++) remote.seed('DOCS', `Extra ${n}`, null, `<p>${n}</p>`);
    remote.batchSize = 1;
    remote.latencyMs = 15;
    const progress: number[] = [];
    await pull({ dir: await tempDir(), remote, converter, target: { space: 'DOCS' }, onProgress: (p) => progress.push(p.done) });
    // The bound holds whatever the timing; with 15 ms a request, several are in flight at once.
    expect(remote.maxInFlight).toBeLessThanOrEqual(4);
    expect(remote.maxInFlight).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(24);
    const again = docsSpace().remote;
    again.batchSize = 1;
    again.latencyMs = 15;
    await pull({ dir: await tempDir(), remote: again, converter, target: { space: 'DOCS' }, concurrency: 2 });
    expect(again.maxInFlight).toBeLessThanOrEqual(2);
    expect(again.maxInFlight).toBeGreaterThan(1);
  });
});

describe('Cloud folders', () => {
  test('pages in a folder go in its directory (no index.md); a new file there is created in the folder; pulling again is byte-identical', async () => {
    const { remote, home } = docsSpace();
    const folder = remote.seed('DOCS', 'Handbook', home, '', { kind: 'folder' });
    const inner = remote.seed('DOCS', 'Policies', folder, '', { kind: 'folder' });
    const onboarding = remote.seed('DOCS', 'Onboarding', folder, '<p>welcome</p>');
    remote.seed('DOCS', 'Leave', inner, '<p>ask first</p>');
    const dir = await tempDir();
    const report = await pull({ dir, remote, converter, target: { space: 'DOCS' } });
    expect(report.fetched).toBe(6);
    const first = await snapshot(dir);
    expect(Object.keys(first).filter((file) => file.startsWith('Home/Handbook'))).toEqual([
      'Home/Handbook/Onboarding.md',
      'Home/Handbook/Policies/Leave.md',
    ]);
    expect(first['Home/Handbook/Onboarding.md']).toContain(`id: "${onboarding}"`);
    expect((await readState(dir))?.pages.get(folder)).toMatchObject({ kind: 'folder', path: 'Home/Handbook', parentId: home });

    await pull({ dir, remote, converter });
    expect(await snapshot(dir)).toEqual(first);

    await write(dir, 'Home/Handbook/Policies/Travel.md', '---\ntitle: Travel\n---\n\nbook early\n');
    const pushed = await push({ dir, remote, converter });
    expect(pushed.done.map((action) => `${action.kind} ${action.path}`)).toEqual(['create Home/Handbook/Policies/Travel.md']);
    expect(remote.byTitle('Travel')).toMatchObject({ parentId: inner, storage: '<p>book early</p>' });
    await edit(dir, 'Home/Handbook/Onboarding.md', 'welcome\n', 'welcome, edited\n');
    await push({ dir, remote, converter });
    expect(remote.page(onboarding)).toMatchObject({ parentId: folder, version: 2, storage: '<p>welcome, edited</p>' });
  });
});

describe('a clone without .atl/', () => {
  test('status, pull and push rebuild the base from the page history: a local edit is no conflict, a remote one merges', async () => {
    const { remote, guide, faq } = docsSpace();
    const dir = await tempDir();
    await pull({ dir, remote, converter, target: { space: 'DOCS' } });
    const pulledFiles = await snapshot(dir);
    await rm(path.join(dir, '.atl'), { recursive: true });

    // Unchanged files are unchanged; a local edit is a local change only.
    await edit(dir, 'Home/Guide/index.md', 'one\n', 'one (here)\n');
    expect((await status({ dir, remote, converter })).entries).toEqual([
      expect.objectContaining({ path: 'Home/Guide/index.md', local: 'modified', conflict: false }),
    ]);
    await rm(path.join(dir, '.atl'), { recursive: true });

    remote.edit(guide, { storage: '<p>one</p><p>two</p><p>three</p><p>four</p><p>five (there)</p>' });
    remote.edit(faq, { storage: '<p>See <ac:link><ri:page ri:content-title="Guide"/></ac:link>, updated</p>' });
    const merged = await pull({ dir, remote, converter });
    expect(merged.merged).toEqual(['Home/Guide/index.md']);
    expect(merged.written).toEqual(['Home/FAQ.md']);
    expect(merged.conflicted).toEqual([]);
    expect(merged.fetched).toBe(2);
    const text = await read(dir, 'Home/Guide/index.md');
    expect(text).toContain('one (here)\n');
    expect(text).toContain('five (there)\n');
    expect(text).toContain('version: 2\n');
    expect(await read(dir, 'Home/Guide/Install.md')).toBe(pulledFiles['Home/Guide/Install.md']);

    const pushed = await push({ dir, remote, converter });
    expect(pushed.conflicts).toEqual([]);
    expect(pushed.done.map((action) => `${action.kind} ${action.path}`)).toEqual(['update Home/Guide/index.md']);
    expect(remote.page(guide)).toMatchObject({
      version: 3,
      storage: '<p>one (here)</p><p>two</p><p>three</p><p>four</p><p>five (there)</p>',
    });
  });

  test('push alone: only the edited page is written, as base + 1; untouched images and labels send nothing', async () => {
    const { remote, guide } = docsSpace();
    const dir = await tempDir();
    await pull({ dir, remote, converter, target: { space: 'DOCS' } });
    await rm(path.join(dir, '.atl'), { recursive: true });
    const noop = remote.log.length;
    expect((await push({ dir, remote, converter })).planned).toEqual([]);
    expect(remote.writes()).toEqual([]);
    expect(remote.log.slice(noop).every((entry) => !entry.write)).toBe(true);
    await edit(dir, 'Home/Guide/index.md', 'two\n', 'two, edited\n');
    const pushed = await push({ dir, remote, converter });
    expect(pushed.done).toEqual([{ kind: 'update', path: 'Home/Guide/index.md', id: guide, title: 'Guide', changes: ['body'] }]);
    expect(remote.page(guide).version).toBe(2);
  });
});

describe('labels and attachments changed in Confluence without a new version', () => {
  test('are pulled: the front matter gets the labels, the image its new bytes; then pull is byte-identical and push sends nothing', async () => {
    const { remote, guide, install } = docsSpace();
    const dir = await tempDir();
    await pull({ dir, remote, converter, target: { space: 'DOCS' } });
    remote.page(guide).labels.push('reviewed');
    remote.attach(install, 'shot.png', 'PNG-2');
    remote.attach(install, 'unused.bin', 'not shown by the page');
    const again = await pull({ dir, remote, converter });
    expect(again.fetched).toBe(2);
    expect(again.written).toEqual(['Home/Guide/index.md']);
    expect(again.attachments).toBe(1);
    expect(await read(dir, 'Home/Guide/index.md')).toContain('labels:\n  - guide\n  - reviewed\n');
    expect(await read(dir, 'Home/Guide/Install.attachments/shot.png')).toBe('PNG-2');
    expect(remote.page(guide).version).toBe(1);

    const settled = await snapshot(dir);
    expect((await pull({ dir, remote, converter })).fetched).toBe(0);
    expect(await snapshot(dir)).toEqual(settled);
    const mark = remote.log.length;
    expect((await push({ dir, remote, converter })).planned).toEqual([]);
    expect(remote.log.length).toBe(mark);
  });

  test('a label added in Confluence merges with a label and an edit made here', async () => {
    const { remote, guide } = docsSpace();
    const dir = await tempDir();
    await pull({ dir, remote, converter, target: { space: 'DOCS' } });
    await edit(dir, 'Home/Guide/index.md', '  - guide\n', '  - guide\n  - local\n');
    await edit(dir, 'Home/Guide/index.md', 'two\n', 'two, here\n');
    remote.page(guide).labels.push('remote');
    const again = await pull({ dir, remote, converter });
    expect(again.merged).toEqual(['Home/Guide/index.md']);
    const text = await read(dir, 'Home/Guide/index.md');
    expect(text).toContain('labels:\n  - guide\n  - local\n  - remote\n');
    expect(text).toContain('two, here\n');
  });
});
