// atl confluence against the sandbox, on Cloud (site, Basic), the scoped-token gateway and Data
// Center (/dc, Bearer), with every exchange checked against Atlassian's specs. Each command runs
// once per flavour; formatting, flags and error wording are unit-tested beside the commands.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { confluenceStoreOf } from '../../src/sandbox/confluence/routes.js';
import { expectNoContractViolations } from '../support/sandbox.js';
import { type Flavour, jiraE2e, NOTICE, unique } from './jira-support.js';

const e2e = await jiraE2e();
const flavours = ['cloud', 'scoped-writer', 'dc'] as const satisfies readonly Flavour[];

async function json<T>(flavour: Flavour, args: readonly string[], input?: string): Promise<T> {
  const result = await e2e.atl(flavour, [...args, '--json'], input);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return JSON.parse(result.stdout) as T;
}

async function ok(flavour: Flavour, args: readonly string[], input?: string): Promise<{ stdout: string; stderr: string }> {
  const result = await e2e.atl(flavour, args, input);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
}

interface Page {
  id: string;
  title: string;
  version?: { number: number };
  children?: Page[];
}

describe.each(flavours)('reading on %s', (flavour) => {
  test('space list and view (wiki alias), --limit with the notice', async () => {
    const spaces = await json<Array<{ key: string }>>(flavour, ['wiki', 'space', 'list', '--all']);
    expect(spaces.map((s) => s.key)).toEqual(expect.arrayContaining(['DOCS', 'BIG', '~demo']));
    const limited = await ok(flavour, ['confluence', 'space', 'list', '--limit', '1', '--type', 'global']);
    expect(limited.stdout.trim().split('\n')).toHaveLength(2);
    expect(limited.stderr).toContain(NOTICE);
    const docs = await json<{ key: string; name: string }>(flavour, ['confluence', 'space', 'view', 'DOCS']);
    expect(docs).toMatchObject({ key: 'DOCS', name: 'Documentation' });
  });

  test('page view by "SPACE:Title" as Markdown, and its tree, children, history and comments', async () => {
    const view = await ok(flavour, ['confluence', 'page', 'view', 'DOCS:Getting Started']);
    expect(view.stdout).toContain('Rewritten in version 4.');
    expect(view.stdout).not.toContain('<p>');
    const tree = await json<Page[]>(flavour, ['confluence', 'page', 'tree', 'DOCS']);
    const home = tree.find((p) => p.title === 'Documentation Home')!;
    const start = home.children!.find((p) => p.title === 'Getting Started')!;
    expect(start.children!.map((p) => p.title)).toEqual(['Installation', 'Configuration', 'First Steps']);
    // Cloud shows the pages of the folder under it; Data Center, which has no folders, under the home page.
    const handbook = home.children!.find((p) => p.title === 'Team Handbook');
    const handbookPages = flavour === 'dc' ? home.children!.filter((p) => p.title.startsWith('On')) : (handbook?.children ?? []);
    expect(handbookPages.map((p) => p.title)).toEqual(['Onboarding', 'On-call']);
    expect(handbook === undefined).toBe(flavour === 'dc');
    const children = await ok(flavour, ['confluence', 'page', 'children', start.id, '--depth', '2']);
    expect(children.stdout).toContain(`Installation  (${start.children![0]!.id})`);
    const history = await json<Array<{ number: number }>>(flavour, ['confluence', 'page', 'history', start.id]);
    expect(history.map((v) => v.number)).toEqual([4, 3, 2, 1]);
    const comments = await ok(flavour, ['confluence', 'page', 'comments', start.id]);
    expect(comments.stdout).toContain('Very helpful, thanks!');
  });

  test('search: the flags become CQL; more than --limit says so', async () => {
    const found = await json<unknown[]>(flavour, ['confluence', 'search', '--space', 'DOCS', '--title', 'Release', '--type', 'page']);
    expect(found.length).toBeGreaterThanOrEqual(4);
    const big = await ok(flavour, ['confluence', 'search', '--space', 'BIG', '--limit', '120', '--csv', '--fields', 'id,title']);
    expect(big.stdout.trim().split('\n')).toHaveLength(121);
    expect(big.stderr).toContain(NOTICE);
  });

  test('attachments are listed and downloaded (Cloud through the redirect to the media host)', async () => {
    const listed = await json<Array<{ title: string }>>(flavour, ['confluence', 'attachment', 'list', 'DOCS:FAQ']);
    expect(listed.map((a) => a.title)).toEqual(['notes.txt']);
    const dir = `${e2e.home.home}/dl-${flavour}`;
    await mkdir(dir, { recursive: true });
    await ok(flavour, ['confluence', 'attachment', 'download', 'DOCS:FAQ', 'notes.txt', '--dir', dir]);
    expect(await readFile(`${dir}/notes.txt`, 'utf8')).toBe('First notes.\nSecond version.\n');
  });

  test('blog list and view', async () => {
    const posts = await json<Page[]>(flavour, ['confluence', 'blog', 'list', '--space', 'DOCS']);
    expect(posts.map((p) => p.title)).toEqual(expect.arrayContaining(['Announcing atl 2.0', 'Sandbox tips']));
    const view = await ok(flavour, ['confluence', 'blog', 'view', 'DOCS:Sandbox tips']);
    expect(view.stdout).toBe('Try everything against `atl sandbox`.\n');
  });
});

describe.each(flavours)('writing on %s', (flavour) => {
  test('page create (Markdown, parent by title, labels), edit, labels, comment, move, delete', async () => {
    const title = unique(`Runbook ${flavour}`);
    const created = await json<Page>(
      flavour,
      ['confluence', 'page', 'create', '--space', 'DOCS', '--title', title, '--parent', 'Getting Started', '--label', 'ops'],
      '# Steps\n\n- one\n- **two**\n',
    );
    expect(created.title).toBe(title);
    const view = await ok(flavour, ['confluence', 'page', 'view', created.id, '--format', 'storage']);
    expect(view.stdout).toBe('<h1>Steps</h1><ul><li>one</li><li><strong>two</strong></li></ul>\n');
    const edited = await json<Page>(flavour, ['confluence', 'page', 'edit', created.id, '--title', `${title} v2`, '--message', 'renamed']);
    expect(edited.version?.number).toBe(2);
    const labels = await json<Array<{ name: string }>>(flavour, [
      'confluence',
      'page',
      'labels',
      created.id,
      '--add',
      'howto',
      '--remove',
      'ops',
    ]);
    expect(labels.map((l) => l.name)).toEqual(['howto']);
    await ok(flavour, ['confluence', 'page', 'comments', created.id, '--add', 'Looks **good**']);
    await ok(flavour, ['confluence', 'page', 'move', created.id, '--parent', 'FAQ']);
    const tree = await json<Page[]>(flavour, ['confluence', 'page', 'tree', 'DOCS:FAQ']);
    expect(tree[0]!.children!.map((p) => p.id)).toContain(created.id);
    await ok(flavour, ['confluence', 'page', 'delete', created.id, '--yes']);
    const gone = await e2e.atl(flavour, ['confluence', 'page', 'view', `DOCS:${title} v2`]);
    expect(gone.code).toBe(4);
  });

  test('attachment upload: a new file, then the same name again is a new version', async () => {
    const file = `${e2e.home.home}/${unique('upload')}.txt`;
    await writeFile(file, 'one\n');
    const first = await ok(flavour, ['confluence', 'attachment', 'upload', 'DOCS:Glossary', file, '--comment', 'first']);
    expect(first.stdout).toMatch(/^attached .*\.txt \(4 B\) on page \d+: attachment \S+, version 1\n$/);
    await writeFile(file, 'two, longer\n');
    const second = await ok(flavour, ['confluence', 'attachment', 'upload', 'DOCS:Glossary', file]);
    expect(second.stdout).toMatch(/^updated .*version 2\n$/);
  });

  test('blog create', async () => {
    const title = unique(`Week ${flavour}`);
    const post = await json<Page>(flavour, ['confluence', 'blog', 'create', '--space', 'DOCS', '--title', title, '--body', 'We shipped.']);
    expect(post.title).toBe(title);
  });
});

describe.each(['cloud', 'dc'] as const)('a concurrent save on %s', (flavour) => {
  test('page edit: someone saves between our read and our write: exit 1 saying so, their version kept, no retry', async () => {
    const created = await json<Page>(flavour, [
      'confluence',
      'page',
      'create',
      '--space',
      'DOCS',
      '--title',
      unique(`Race ${flavour}`),
      '--body',
      'base',
    ]);
    const store = confluenceStoreOf(e2e.sandbox);
    const putPath = flavour === 'dc' ? `/dc/rest/api/content/${created.id}` : `/wiki/api/v2/pages/${created.id}`;
    // Our PUT is held back while the other writer saves version 2 (the test waits for our read to be done).
    e2e.sandbox.faults.add({ path: putPath, method: 'PUT', type: 'delay', ms: 4000 });
    const seen = e2e.sandbox.requests.length;
    const edit = e2e.atl(flavour, ['confluence', 'page', 'edit', created.id, '--body', 'mine']);
    while (!e2e.sandbox.requests.slice(seen).some((r) => r.method === 'PUT' && r.path === putPath))
      await new Promise((r) => setTimeout(r, 20));
    store.updatePage(created.id, 2, { body: '<p>theirs</p>', message: 'the other writer', authorId: store.defaultAuthorId });
    const result = await edit;
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(
      `error: page ${created.id} was changed by someone else: it is at version 2, your edit was made on version 1`,
    );
    expect(result.stderr).toContain('hint: nothing was saved');
    expect(e2e.sandbox.requests.slice(seen).filter((r) => r.method === 'PUT')).toHaveLength(1);
    const view = await ok(flavour, ['confluence', 'page', 'view', created.id, '--format', 'storage']);
    expect(view.stdout).toBe('<p>theirs</p>\n');
  });
});

test('a read-only scoped token asked to write: exit 3 naming the scope the gateway wants', async () => {
  const result = await e2e.atl('scoped', ['confluence', 'page', 'create', '--space', 'DOCS', '--title', unique('Denied'), '--body', 'x']);
  expect(result.code, result.stderr).toBe(3);
  expect(result.stderr).toContain('write:page:confluence');
});

test('a profile whose Confluence is a Data Center server of its own (auth login --confluence) speaks DC to it, Jira staying Cloud', async () => {
  const { cloud, datacenter } = e2e.sandbox.credentials;
  const home = e2e.home;
  const jira = await home.run(['auth', 'login', '--profile', 'corp', '--site', e2e.sandbox.url, '--email', cloud.email, '--token-stdin'], {
    input: cloud.token,
  });
  expect(jira.code, jira.stderr).toBe(0);
  const wiki = await home.run(
    ['auth', 'login', '--profile', 'corp', '--confluence', '--site', e2e.sandbox.dcUrl, '--bearer', '--token-stdin'],
    {
      input: datacenter.token,
    },
  );
  expect(wiki.code, wiki.stderr).toBe(0);
  const page = await home.run(['--profile', 'corp', 'confluence', 'page', 'view', 'DOCS:FAQ', '--json']);
  expect(page.code, page.stderr).toBe(0);
  expect(JSON.parse(page.stdout)).toMatchObject({ type: 'page', title: 'FAQ', space: { key: 'DOCS' } });
  const web = await home.run(['--profile', 'corp', 'confluence', 'page', 'view', 'DOCS:FAQ', '--web']);
  expect(web.stdout).toMatch(new RegExp(`^${e2e.sandbox.dcUrl}/`));
});

test('spec validation saw no violations', () => {
  expectNoContractViolations(e2e.sandbox);
});
