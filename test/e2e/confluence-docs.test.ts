/**
 * `atl confluence docs` end to end: the built binary against the sandbox's Confluence, on Cloud (v2 + v1), the
 * scoped-token gateway and Data Center (/rest/api), every exchange checked against the specs. Each test gets a
 * space of its own, seeded in memory. 53 atl runs.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import { confluenceStoreOf } from '../../src/sandbox/confluence/routes.js';
import { type Content, current } from '../../src/sandbox/confluence/store.js';
import { jiraE2e } from './jira-support.js';

const e2e = await jiraE2e();
const store = confluenceStoreOf(e2e.sandbox);
const KILL_PRELOAD = path.resolve(import.meta.dirname, '../support/kill-on-write.cjs');

type Flavour = 'cloud' | 'scoped-writer' | 'dc';
let spaces = 0;

/** A space KEY: Home > (Guide, FAQ); Guide shows an attached image, FAQ links to Guide. */
function seedSpace() {
  const key = `SYNC${++spaces}`;
  const space = store.addSpace({ key, name: `Sync ${spaces}`, homepageTitle: `Home ${spaces}`, homepageBody: '<p>Welcome</p>' });
  const home = store.content(space.homepageId as string) as Content;
  const guide = store.addPage({
    spaceId: space.id,
    title: `Guide ${spaces}`,
    parentId: home.id,
    body: '<p>one</p><p>two</p><p>three</p><p>four</p><p>five</p><p><ac:image><ri:attachment ri:filename="shot.png" /></ac:image></p>',
    labels: ['howto'],
  });
  store.addAttachment(guide.id, { filename: 'shot.png', content: Buffer.from('PNG-1') });
  const faq = store.addPage({
    spaceId: space.id,
    title: `FAQ ${spaces}`,
    parentId: home.id,
    body: `<p>See <ac:link><ri:page ri:content-title="Guide ${spaces}" /></ac:link>.</p>`,
  });
  return { key, space, home, guide, faq, n: spaces };
}

async function folder(): Promise<string> {
  const dir = path.join(e2e.home.home, `docs-${spaces}-${Math.random().toString(36).slice(2)}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

async function files(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, full).split(path.sep).join('/')] = await readFile(full, 'latin1');
  }
  return out;
}

const writes = (since: number) =>
  e2e.sandbox.requests
    .slice(since)
    .filter((entry) => entry.method !== 'GET' && entry.mount !== 'control' && !entry.path.startsWith('/__sandbox'));

/** A seeded space pulled into a folder of its own. */
async function pulledSpace(flavour: Flavour) {
  const seeded = seedSpace();
  const dir = await folder();
  expect((await run(flavour, ['pull', seeded.key, dir])).code).toBe(0);
  return { ...seeded, dir };
}

/** Line one of Guide N edited here, line five in Confluence (version 2); the file's path. */
async function editBothSides(dir: string, guide: Content, n: number): Promise<string> {
  const guideFile = path.join(dir, `Home ${n}`, `Guide ${n}.md`);
  await writeFile(guideFile, (await readFile(guideFile, 'utf8')).replace('one\n', 'one (here)\n'));
  store.updatePage(guide.id, 2, {
    body: current(guide).body.replace('<p>five</p>', '<p>five (there)</p>'),
    authorId: store.defaultAuthorId,
  });
  return guideFile;
}

/** A pull that merges both sides' edits of Guide N; the merged file's text. */
async function pullMerges(flavour: Flavour, dir: string, guideFile: string, n: number): Promise<string> {
  const merged = await run(flavour, ['pull', '--dir', dir]);
  expect(merged.code, merged.stderr).toBe(0);
  expect(merged.stdout).toContain(`M Home ${n}/Guide ${n}.md  (merged with your edits)`);
  const text = await readFile(guideFile, 'utf8');
  expect(text).toContain('one (here)');
  expect(text).toContain('five (there)');
  return text;
}

async function run(flavour: Flavour, args: string[], env?: Record<string, string | undefined>) {
  return e2e.atl(flavour, ['confluence', 'docs', ...args], undefined, env);
}

test.each(['cloud', 'scoped-writer', 'dc'] as const)(
  '%s: pull, pull again byte-identical, a no-op push writes nothing, edits go back as base + 1',
  async (flavour) => {
    const { key, guide, n } = seedSpace();
    const dir = await folder();
    const pulled = await run(flavour, ['pull', key, dir]);
    expect(pulled.code, pulled.stderr).toBe(0);
    const guideFile = `Home ${n}/Guide ${n}.md`;
    const first = await files(dir);
    expect(first[guideFile]).toBe(
      `---\nid: "${guide.id}"\nspace: ${key}\ntitle: Guide ${n}\nversion: 1\nlabels:\n  - howto\n---\n\none\n\ntwo\n\nthree\n\nfour\n\nfive\n\n![](<Guide ${n}.attachments/shot.png>)\n`,
    );
    expect(first[`Home ${n}/Guide ${n}.attachments/shot.png`]).toBe('PNG-1');
    expect(first[`Home ${n}/FAQ ${n}.md`]).toContain(`See [Guide ${n}](<Guide ${n}.md>).`);

    expect((await run(flavour, ['pull', '--dir', dir])).code).toBe(0);
    expect(await files(dir)).toEqual(first);
    const mark = e2e.sandbox.requests.length;
    const noop = await run(flavour, ['push', '--dir', dir]);
    expect(noop.code, noop.stderr).toBe(0);
    expect(noop.stdout).toBe('nothing to push\n');
    expect(e2e.sandbox.requests.length).toBe(mark);

    await writeFile(
      path.join(dir, guideFile),
      first[guideFile]!.replace('two\n', 'two, edited\n').replace('  - howto\n', '  - howto\n  - synced\n'),
    );
    const pushed = await run(flavour, ['push', '--dir', dir]);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stdout).toBe(`labelled ${guideFile} +synced\nupdated ${guideFile} (body)\n`);
    expect(current(guide)).toMatchObject({ number: 2, message: expect.stringMatching(/^atl [0-9a-f]{12}$/) });
    expect(current(guide).body).toContain('<p>two, edited</p>');
    expect(current(guide).body).toContain('<ri:attachment ri:filename="shot.png"');
    expect(guide.labels.map((label) => label.name).sort()).toEqual(['howto', 'synced']);
    expect(await readFile(path.join(dir, guideFile), 'utf8')).toContain('version: 2\n');
  },
);

test.each(['cloud', 'dc'] as const)(
  '%s: two writers: an edit in Confluence and one here are both kept (conflict on push, merge on pull, push)',
  async (flavour) => {
    const { guide, n, dir } = await pulledSpace(flavour);
    const guideFile = await editBothSides(dir, guide, n);

    const status = await run(flavour, ['status', '--dir', dir]);
    expect(status.stdout).toBe(`Conflicts (changed here and in Confluence: pull to merge):\n  Home ${n}/Guide ${n}.md\n`);
    const refused = await run(flavour, ['push', '--dir', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`conflict: Home ${n}/Guide ${n}.md: changed in Confluence since the last pull (version 2`);
    expect(current(guide).number).toBe(2);

    const diff = await run(flavour, ['diff', guideFile, '--dir', dir]);
    expect(diff.stdout).toContain(`--- a/Home ${n}/Guide ${n}.md (Confluence, version 2)`);
    expect(diff.stdout).toContain('-five (there)\n+five\n');

    const text = await pullMerges(flavour, dir, guideFile, n);
    expect(text).toContain('version: 2\n');

    expect((await run(flavour, ['push', '--dir', dir])).code).toBe(0);
    expect(current(guide).number).toBe(3);
    expect(current(guide).body).toContain('<p>one (here)</p>');
    expect(current(guide).body).toContain('<p>five (there)</p>');
  },
);

test.each(['cloud', 'dc'] as const)(
  '%s: new files become pages (parent from the folder) with their images; --delete removes tracked pages after a dry run',
  async (flavour) => {
    const { faq, home, n, space } = seedSpace();
    const untracked = store.addPage({ spaceId: space.id, title: `Elsewhere ${n}`, parentId: null, body: '<p>x</p>' });
    const dir = await folder();
    expect((await run(flavour, ['pull', `${home.id}`, dir])).code).toBe(0);
    await rm(path.join(dir, `Elsewhere ${n}.md`), { force: true });
    await writeFile(path.join(dir, 'Setup.md'), `---\ntitle: Setup ${n}\n---\n\nInstall it.\n\n![](Setup.attachments/diagram.png)\n`);
    await mkdir(path.join(dir, 'Setup.attachments'));
    await writeFile(path.join(dir, 'Setup.attachments', 'diagram.png'), 'DIAGRAM');
    await rm(path.join(dir, `FAQ ${n}.md`));

    const plan = await run(flavour, ['push', '--delete', '--dry-run', '--dir', dir]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toBe(
      `would create Setup.md (Setup ${n})\nwould upload Setup.attachments/diagram.png\nwould delete page ${faq.id} (FAQ ${n}) of FAQ ${n}.md\n`,
    );
    expect(faq.status).toBe('current');

    const done = await run(flavour, ['push', '--delete', '--dir', dir]);
    expect(done.code, done.stderr).toBe(0);
    const setup = [...store.contents.values()].find((content) => content.status === 'current' && current(content).title === `Setup ${n}`);
    expect(setup?.parentId).toBe(home.id);
    expect(current(setup as Content).body).toContain('<ri:attachment ri:filename="diagram.png"');
    expect([...store.attachments.values()].filter((attachment) => attachment.containerId === setup?.id).map((a) => a.filename)).toEqual([
      'diagram.png',
    ]);
    expect(faq.status).toBe('trashed');
    expect(untracked.status).toBe('current');
    expect(await readFile(path.join(dir, 'Setup.md'), 'utf8')).toContain(`id: "${setup?.id}"`);
  },
);

test('a push killed (kill -9) after Confluence created the page is finished by the next push, without a duplicate', async () => {
  const { key, n, space } = seedSpace();
  const dir = await folder();
  expect((await run('cloud', ['pull', key, dir])).code).toBe(0);
  await writeFile(path.join(dir, `Home ${n}`, 'Crash.md'), `---\ntitle: Crash ${n}\n---\n\nbody\n`);
  const killed = await run('cloud', ['push', '--dir', dir], {
    NODE_OPTIONS: `--require ${KILL_PRELOAD}`,
    ATL_TEST_KILL_ON_WRITE: '.Crash.md.tmp-',
  });
  expect(killed.code).not.toBe(0);
  const named = () =>
    [...store.contents.values()].filter((c) => c.spaceId === space.id && c.status === 'current' && current(c).title === `Crash ${n}`);
  expect(named()).toHaveLength(1);
  expect(await readFile(path.join(dir, `Home ${n}`, 'Crash.md'), 'utf8')).not.toContain('id:');

  const again = await run('cloud', ['push', '--dir', dir]);
  expect(again.code, again.stderr).toBe(0);
  expect(again.stdout).toContain(`recovered Home ${n}/Crash.md: adopted page ${named()[0]?.id}`);
  expect(named()).toHaveLength(1);
  expect(await readFile(path.join(dir, `Home ${n}`, 'Crash.md'), 'utf8')).toContain(`id: "${named()[0]?.id}"`);
  const mark = e2e.sandbox.requests.length;
  expect((await run('cloud', ['push', '--dir', dir])).stdout).toBe('nothing to push\n');
  expect(writes(mark)).toEqual([]);
});

test('429s in the middle of a push are waited out; each page is written once, as base + 1', async () => {
  const { key, guide, faq, n } = seedSpace();
  const dir = await folder();
  expect((await run('cloud', ['pull', key, dir])).code).toBe(0);
  for (const name of [`Guide ${n}.md`, `FAQ ${n}.md`]) {
    const file = path.join(dir, `Home ${n}`, name);
    await writeFile(file, `${await readFile(file, 'utf8')}\nMore.\n`);
  }
  e2e.sandbox.faults.add({ path: /^\/wiki\/api\/v2\/pages\/\d+$/, method: 'PUT', type: 'status', status: 429, retryAfter: 0, times: 2 });
  const mark = e2e.sandbox.requests.length;
  const pushed = await run('cloud', ['push', '--dir', dir]);
  expect(pushed.code, pushed.stderr).toBe(0);
  expect(
    writes(mark)
      .map((entry) => entry.status)
      .sort(),
  ).toEqual([200, 200, 429, 429]);
  expect(current(guide).number).toBe(2);
  expect(current(faq).number).toBe(2);
});

/** A space with a Cloud folder `Handbook N` under its home page and a page `Policy N` in it. */
function seedFolder() {
  const seeded = seedSpace();
  const handbook = store.addFolder({ spaceId: seeded.space.id, title: `Handbook ${seeded.n}`, parentId: seeded.home.id });
  const policy = store.addPage({ spaceId: seeded.space.id, title: `Policy ${seeded.n}`, parentId: handbook.id, body: '<p>be kind</p>' });
  return { ...seeded, handbook, policy };
}

test.each(['cloud', 'scoped-writer'] as const)(
  '%s: a Cloud folder is a directory of its pages, and a new file there is created in the folder',
  async (flavour) => {
    const { key, n, handbook, policy } = seedFolder();
    const dir = await folder();
    const pulled = await run(flavour, ['pull', key, dir]);
    expect(pulled.code, pulled.stderr).toBe(0);
    const pulledFiles = await files(dir);
    expect(Object.keys(pulledFiles).filter((file) => file.startsWith(`Home ${n}/Handbook ${n}/`))).toEqual([
      `Home ${n}/Handbook ${n}/Policy ${n}.md`,
    ]);
    expect(pulledFiles[`Home ${n}/Handbook ${n}/Policy ${n}.md`]).toContain(`id: "${policy.id}"`);
    await writeFile(path.join(dir, `Home ${n}`, `Handbook ${n}`, 'Travel.md'), `---\ntitle: Travel ${n}\n---\n\nBook early.\n`);
    const pushed = await run(flavour, ['push', '--dir', dir]);
    expect(pushed.code, pushed.stderr).toBe(0);
    const travel = [...store.contents.values()].find((content) => current(content).title === `Travel ${n}`);
    expect(travel?.parentId).toBe(handbook.id);
  },
);

test('dc: Data Center has no folders: a page in one is pulled under the folder’s page', async () => {
  const { key, n, policy } = seedFolder();
  const dir = await folder();
  const pulled = await run('dc', ['pull', key, dir]);
  expect(pulled.code, pulled.stderr).toBe(0);
  expect((await files(dir))[`Home ${n}/Policy ${n}.md`]).toContain(`id: "${policy.id}"`);
});

test.each(['cloud', 'dc'] as const)(
  '%s: a clone without .atl/ rebuilds its base from the page history: edits on both sides merge on pull, then push',
  async (flavour) => {
    const { guide, n, dir } = await pulledSpace(flavour);
    await rm(path.join(dir, '.atl'), { recursive: true });
    const guideFile = await editBothSides(dir, guide, n);

    await pullMerges(flavour, dir, guideFile, n);

    const pushed = await run(flavour, ['push', '--dir', dir]);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stdout).toBe(`updated Home ${n}/Guide ${n}.md (body)\n`);
    expect(current(guide).number).toBe(3);
    expect(current(guide).body).toContain('<p>one (here)</p>');
    expect(current(guide).body).toContain('<p>five (there)</p>');
  },
);

test.each(['cloud', 'scoped-writer', 'dc'] as const)(
  '%s: a label and an image version added in Confluence (no new page version) are pulled',
  async (flavour) => {
    const { guide, n, dir } = await pulledSpace(flavour);
    store.addLabel(guide.id, 'reviewed');
    store.addAttachment(guide.id, { filename: 'shot.png', content: Buffer.from('PNG-2') });
    const pulled = await run(flavour, ['pull', '--dir', dir]);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout).toContain(`U Home ${n}/Guide ${n}.md\n`);
    const after = await files(dir);
    expect(after[`Home ${n}/Guide ${n}.md`]).toContain('labels:\n  - howto\n  - reviewed\n');
    expect(after[`Home ${n}/Guide ${n}.attachments/shot.png`]).toBe('PNG-2');
    expect(current(guide).number).toBe(1);
  },
);
