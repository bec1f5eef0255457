import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { pull } from './pull.js';
import { diff, status } from './status.js';
import { converter, docsSpace, edit, tempDir, write } from './sync.testutil.js';

async function pulled() {
  const space = docsSpace();
  const dir = await tempDir();
  await pull({ dir, remote: space.remote, converter, target: { space: 'DOCS' } });
  return { ...space, dir };
}

describe('status', () => {
  test('local changes, remote changes, conflicts, new, moved and deleted files', async () => {
    const { remote, dir, guide, faq, install, home } = await pulled();
    await edit(dir, 'Home/Guide/index.md', 'one\n', 'mine\n');
    remote.edit(guide, { storage: '<p>theirs</p>' });
    remote.edit(home, { storage: '<p>Welcome back</p>' });
    await edit(dir, 'Home/FAQ.md', 'See', 'Read');
    await rm(path.join(dir, 'Home', 'Guide', 'Install.md'));
    await write(dir, 'Home/New.md', '---\ntitle: Brand new\n---\n\nx\n');
    const report = await status({ dir, remote, converter });
    expect(report.entries).toEqual([
      { path: 'Home/FAQ.md', id: faq, title: 'FAQ', local: 'modified', remote: undefined, conflict: false, markers: [] },
      { path: 'Home/Guide/Install.md', id: install, title: 'Install', local: 'deleted', remote: undefined, conflict: false, markers: [] },
      { path: 'Home/Guide/index.md', id: guide, title: 'Guide', local: 'modified', remote: 'modified', conflict: true, markers: [] },
      { path: 'Home/New.md', title: 'Brand new', local: 'new', conflict: false, markers: [] },
      { path: 'Home/index.md', id: home, title: 'Home', local: undefined, remote: 'modified', conflict: false, markers: [] },
    ]);
    await rename(path.join(dir, 'Home', 'FAQ.md'), path.join(dir, 'Home', 'Guide', 'FAQ.md'));
    const moved = await status({ dir, remote, converter });
    expect(moved.entries.find((entry) => entry.id === faq)).toMatchObject({
      path: 'Home/Guide/FAQ.md',
      local: 'moved',
      movedFrom: 'Home/FAQ.md',
    });
  });

  test('a pulled folder with no change has nothing to say; outside one it is a usage error', async () => {
    const { remote, dir } = await pulled();
    expect((await status({ dir, remote, converter })).entries).toEqual([]);
    await expect(status({ dir: await tempDir(), remote, converter })).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe('diff', () => {
  test('unified diffs of the file against its base and against Confluence’s newer version', async () => {
    const { remote, dir, guide } = await pulled();
    await edit(dir, 'Home/Guide/index.md', 'two\n', 'two, mine\n');
    remote.edit(guide, { storage: '<p>one</p><p>two</p><p>three</p><p>four</p><p>five, theirs</p>' });
    const [result] = await diff({ dir, remote, converter, files: [path.join(dir, 'Home', 'Guide', 'index.md')] });
    expect(result?.path).toBe('Home/Guide/index.md');
    expect(result?.againstBase).toContain('--- a/Home/Guide/index.md (base, version 1)\n+++ b/Home/Guide/index.md\n');
    expect(result?.againstBase).toContain('-two\n+two, mine\n');
    expect(result?.againstBase).not.toContain('theirs');
    expect(result?.remoteVersion).toBe(2);
    expect(result?.againstRemote).toContain('--- a/Home/Guide/index.md (Confluence, version 2)');
    expect(result?.againstRemote).toContain('-version: 2\n+version: 1\n');
    expect(result?.againstRemote).toContain('-two\n+two, mine\n');
    expect(result?.againstRemote).toContain('-five, theirs\n+five\n');
  });

  test('without FILE: every changed file, a new one against nothing', async () => {
    const { remote, dir } = await pulled();
    await edit(dir, 'Home/FAQ.md', 'See', 'Read');
    await write(dir, 'Home/New.md', 'x\n');
    const results = await diff({ dir, remote, converter });
    expect(results.map((result) => result.path)).toEqual(['Home/FAQ.md', 'Home/New.md']);
    expect(results[1]?.againstBase).toContain('--- /dev/null\n+++ b/Home/New.md\n');
    expect(results[0]?.againstRemote).toBeUndefined();
  });
});
