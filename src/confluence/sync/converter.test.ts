import { expect, test } from 'vitest';
import { storageConverter } from './converter.js';
import { MemoryConfluence } from './memory-remote.testutil.js';
import { pull } from './pull.js';
import { push } from './push.js';
import { edit, read, snapshot, tempDir } from './sync.testutil.js';

const guideStorage =
  '<h1>Guide</h1><p>Read the <ac:link><ri:page ri:content-title="User Setup"/></ac:link> first.</p>' +
  '<ac:structured-macro ac:name="mystery" ac:macro-id="m-1"><ac:parameter ac:name="x">1</ac:parameter></ac:structured-macro>' +
  '<p><ac:image><ri:attachment ri:filename="shot one.png"/></ac:image></p>';

function space() {
  const remote = new MemoryConfluence();
  const home = remote.seed('DOCS', 'Home', null, '<p>Welcome</p>');
  const guide = remote.seed('DOCS', 'Guide', home, guideStorage);
  remote.attach(guide, 'shot one.png', 'PNG');
  const setup = remote.seed('DOCS', 'User Setup', home, '<p>Back to <ac:link><ri:page ri:content-title="Guide"/></ac:link>.</p>');
  return { remote, home, guide, setup };
}

test('with the storage converter: links between files, images beside the page, unknown macros kept; pull twice is byte-identical, a no-op push sends nothing', async () => {
  const { remote } = space();
  const dir = await tempDir();
  await pull({ dir, remote, converter: storageConverter, target: { space: 'DOCS' } });
  const guide = await read(dir, 'Home/Guide.md');
  expect(guide).toContain('[User Setup](<User Setup.md>)');
  expect(guide).toContain('![](<Guide.attachments/shot one.png>)');
  expect(guide).toContain('```confluence-storage\n<ac:structured-macro ac:name="mystery" ac:macro-id="m-1">');
  expect(await read(dir, 'Home/User Setup.md')).toContain('[Guide](Guide.md)');
  const first = await snapshot(dir);
  expect(first['Home/Guide.attachments/shot one.png']).toBe('PNG');
  await pull({ dir, remote, converter: storageConverter });
  expect(await snapshot(dir)).toEqual(first);
  const mark = remote.log.length;
  await push({ dir, remote, converter: storageConverter });
  expect(remote.log.length).toBe(mark);
});

test('with the storage converter: an edit goes back as storage with the page link, image and macro intact', async () => {
  const { remote, guide } = space();
  const dir = await tempDir();
  await pull({ dir, remote, converter: storageConverter, target: { space: 'DOCS' } });
  await edit(dir, 'Home/Guide.md', ' first.', ' first, then this.');
  const report = await push({ dir, remote, converter: storageConverter });
  expect(report.failed).toEqual([]);
  const storage = remote.page(guide).storage;
  expect(storage).toContain('<ri:page ri:content-title="User Setup"');
  expect(storage).toContain('first, then this.');
  expect(storage).toContain(
    '<ac:structured-macro ac:name="mystery" ac:macro-id="m-1"><ac:parameter ac:name="x">1</ac:parameter></ac:structured-macro>',
  );
  expect(storage).toContain('<ri:attachment ri:filename="shot one.png"');
  // What Confluence now has renders to the file as it is: the next pull changes nothing.
  const before = await snapshot(dir);
  await pull({ dir, remote, converter: storageConverter });
  const after = await snapshot(dir);
  expect(after['Home/Guide.md']).toBe(before['Home/Guide.md']);
});
