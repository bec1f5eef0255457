import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FakeHttp, fakeFactory, runArgv, type FakeRequest } from '../../../testkit/fakes.testutil.js';

const root = await mkdtemp(join(tmpdir(), 'atl-branchkey-'));
afterAll(() => rm(root, { recursive: true, force: true }));

async function onBranch(branch: string): Promise<string> {
  const top = await mkdtemp(join(root, 'wt-'));
  await mkdir(join(top, '.git'));
  await writeFile(join(top, '.git', 'HEAD'), `ref: refs/heads/${branch}\n`);
  return top;
}

const issue = { id: '10001', key: 'ABC-123', fields: { summary: 'Login fails', status: { name: 'To Do' } } };

describe('the issue key of the git branch is the default issue', () => {
  test('issue view: used when no key is given, and said on stderr on a terminal', async () => {
    const cwd = await onBranch('feature/ABC-123-login');
    const http = new FakeHttp().on('GET', '/rest/api/3/issue/ABC-123', () => issue);
    const f = fakeFactory({ http, cwd, json: true, tty: true });
    expect((await runArgv(f, ['jira', 'issue', 'view'])).code).toBe(0);
    expect(JSON.parse(f.out.text).key).toBe('ABC-123');
    expect(f.err.text).toBe('using ABC-123 from the git branch feature/ABC-123-login\n');
  });

  test('a key given wins; piped, nothing is said', async () => {
    const cwd = await onBranch('feature/ABC-123-login');
    const http = new FakeHttp().on('GET', '/rest/api/3/issue/XYZ-1', () => ({ ...issue, key: 'XYZ-1' }));
    const f = fakeFactory({ http, cwd, json: true });
    expect((await runArgv(f, ['jira', 'issue', 'view', 'XYZ-1'])).code).toBe(0);
    expect(f.err.text).toBe('');
  });

  test('comment add: the only argument is the body', async () => {
    const cwd = await onBranch('ABC-123-login');
    const bodies: unknown[] = [];
    const http = new FakeHttp().on('POST', '/rest/api/3/issue/ABC-123/comment', (r: FakeRequest) => {
      bodies.push(r.body);
      return { id: '5', body: r.body };
    });
    const f = fakeFactory({ http, cwd });
    expect((await runArgv(f, ['jira', 'issue', 'comment', 'add', 'Fixed it'])).code).toBe(0);
    expect(JSON.stringify(bodies)).toContain('Fixed it');
    expect(f.out.text).toContain('added comment 5 to ABC-123');
  });

  test('transition: the only argument is the target', async () => {
    const cwd = await onBranch('feature/ABC-123-login');
    const moved: unknown[] = [];
    const http = new FakeHttp()
      .on('GET', '/rest/api/3/issue/ABC-123/transitions', () => ({
        transitions: [{ id: '31', name: 'Done', to: { name: 'Done' }, fields: {} }],
      }))
      .optional('GET', '/rest/api/3/issue/ABC-123', () => issue)
      .on('POST', '/rest/api/3/issue/ABC-123/transitions', (r: FakeRequest) => {
        moved.push(r.body);
        return undefined;
      });
    const f = fakeFactory({ http, cwd });
    const { code, error } = await runArgv(f, ['jira', 'issue', 'transition', 'Done']);
    expect(code, error?.message).toBe(0);
    expect(moved).toEqual([{ transition: { id: '31' } }]);
  });

  test('no key and no key in the branch: the usage error a missing <key> always gave', async () => {
    const cwd = await onBranch('main');
    const f = fakeFactory({ cwd });
    const { code, error } = await runArgv(f, ['jira', 'issue', 'view']);
    expect(code).toBe(2);
    expect([error?.message, error?.hint]).toEqual(["missing required argument 'key'", "run 'atl jira issue view --help'."]);
    const g = fakeFactory({ cwd });
    expect((await runArgv(g, ['jira', 'issue', 'transition'])).error?.message).toBe('give an issue key or --jql');
  });
});
