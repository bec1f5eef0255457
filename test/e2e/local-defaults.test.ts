// Per-directory defaults and git context (issue 15): a `.atl.yaml` found walking up from the
// working directory defaults each product's flag and the profile; `atl config set --local` writes
// it; the issue key of the git branch is the default issue. Cloud and Data Center where the wire
// differs (search and comments: v3 ADF vs v2 wiki markup).
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { jiraE2e, unique } from './jira-support.js';

const e2e = await jiraE2e();

/** A fresh checkout in the test home: `.atl.yaml` (when given) at its top, on `branch`, and a folder below to run in. */
async function checkout(branch: string, yaml?: string): Promise<{ top: string; below: string }> {
  const top = await mkdtemp(join(e2e.home.home, 'repo-'));
  await mkdir(join(top, '.git'));
  await writeFile(join(top, '.git', 'HEAD'), `ref: refs/heads/${branch}\n`);
  if (yaml !== undefined) await writeFile(join(top, '.atl.yaml'), yaml);
  const below = join(top, 'app', 'src');
  await mkdir(below, { recursive: true });
  return { top, below };
}

const keysOf = (stdout: string) => (JSON.parse(stdout) as Array<{ key: string }>).map((issue) => issue.key.split('-')[0]);

test.each(['cloud', 'dc'] as const)(
  '%s: `atl config set jira.project --local` writes .atl.yaml, and search below it takes that project; a flag wins',
  async (flavour) => {
    const { top, below } = await checkout('main');
    const set = await e2e.atl(flavour, ['config', 'set', 'jira.project', 'OPS', '--local'], undefined, undefined, top);
    expect(set.code, set.stderr).toBe(0);
    expect(await readFile(join(top, '.atl.yaml'), 'utf8')).toBe('jira:\n  project: OPS\n');
    const search = await e2e.atl(flavour, ['jira', 'search', '--json', '--limit', '20'], undefined, undefined, below);
    expect(search.code, search.stderr).toBe(0);
    expect(new Set(keysOf(search.stdout))).toEqual(new Set(['OPS']));
    const flag = await e2e.atl(flavour, ['jira', 'search', '--project', 'DEMO', '--json', '--limit', '5'], undefined, undefined, below);
    expect(new Set(keysOf(flag.stdout))).toEqual(new Set(['DEMO']));
  },
);

test('jsm: a required --desk is taken from .atl.yaml', async () => {
  const { below } = await checkout('main', 'jsm: { desk: HELP }\n');
  const types = await e2e.atl('cloud', ['jsm', 'request-type', 'list', '--json'], undefined, undefined, below);
  expect(types.code, types.stderr).toBe(0);
  expect((JSON.parse(types.stdout) as Array<{ name: string }>).map((t) => t.name)).toContain('Get IT help');
});

test('an invalid .atl.yaml is exit 2 naming the file and line', async () => {
  const { top, below } = await checkout('main', 'jira:\n  projekt: ABC\n');
  const result = await e2e.atl('cloud', ['jira', 'search'], undefined, undefined, below);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`error: ${join(top, '.atl.yaml')}:2:3: unknown key jira.projekt (expected jira.project)`);
});

test('the profile of .atl.yaml is used over the default profile', async () => {
  const { below } = await checkout('main', 'profile: scoped-writer\n');
  const status = await e2e.home.run(['auth', 'status', '--json'], { cwd: below });
  expect(status.code, status.stderr).toBe(0);
  expect(JSON.parse(status.stdout)).toMatchObject({ profile: 'scoped-writer', profileSource: 'local' });
});

test.each(['cloud', 'dc'] as const)('%s: the issue key of the git branch is the default issue of view and comment add', async (flavour) => {
  const { below } = await checkout('feature/DEMO-2-login');
  const view = await e2e.atl(flavour, ['jira', 'issue', 'view', '--json'], undefined, undefined, below);
  expect(view.code, view.stderr).toBe(0);
  expect(JSON.parse(view.stdout).key).toBe('DEMO-2');
  const text = unique('from the branch');
  const comment = await e2e.atl(flavour, ['jira', 'issue', 'comment', 'add', text], undefined, undefined, below);
  expect(comment.code, comment.stderr).toBe(0);
  expect(comment.stdout).toContain('added comment');
  expect(JSON.stringify((await e2e.issue(flavour, 'DEMO-2'))?.fields.comment)).toContain(text);
});

test('transition takes the branch key with only the target given; without a key anywhere, the usage error is unchanged', async () => {
  const key = (
    await e2e.api<{ key: string }>('POST', '/rest/api/3/issue', {
      fields: { project: { key: 'DEMO' }, issuetype: { name: 'Task' }, summary: unique('branch transition') },
    })
  ).key;
  const { below } = await checkout(`bugfix/${key}-crash`);
  const moved = await e2e.atl('cloud', ['jira', 'issue', 'transition', 'In Progress'], undefined, undefined, below);
  expect(moved.code, moved.stderr).toBe(0);
  expect(moved.stdout).toBe(`${key} → In Progress\n`);
  const plain = await checkout('main');
  const missing = await e2e.atl('cloud', ['jira', 'issue', 'view'], undefined, undefined, plain.below);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain("error: missing required argument 'key'");
});
