import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { Command } from 'commander';
import { buildProgram, specsFor } from '../cli.js';
import { FakeHttp, fakeFactory, runArgv, type FakeRequest } from '../testkit/fakes.testutil.js';
import { applyDirectoryDefaults } from './directory-defaults.js';

const root = await mkdtemp(join(tmpdir(), 'atl-dirdefaults-'));
afterAll(() => rm(root, { recursive: true, force: true }));

/** A checkout with `.atl.yaml` at its top and the run started two folders below it. */
async function checkout(yaml: string): Promise<string> {
  const top = await mkdtemp(join(root, 'repo-'));
  await writeFile(join(top, '.atl.yaml'), yaml);
  const deep = join(top, 'src', 'web');
  await mkdir(deep, { recursive: true });
  return deep;
}

/** A Cloud search that records the JQL it was sent. */
function searchSite(jql: string[]): FakeHttp {
  return new FakeHttp().on('POST', '/rest/api/3/search/jql', (r: FakeRequest) => {
    jql.push((r.body as { jql: string }).jql);
    return { issues: [], isLast: true };
  });
}

describe('.atl.yaml defaults the product flags', () => {
  test('jira --project comes from the nearest .atl.yaml up the tree; a flag wins over it', async () => {
    const cwd = await checkout('jira: { project: ABC }\n');
    const jql: string[] = [];
    const f = fakeFactory({ http: searchSite(jql), cwd });
    expect((await runArgv(f, ['jira', 'search'])).code).toBe(0);
    const g = fakeFactory({ http: searchSite(jql), cwd });
    expect((await runArgv(g, ['jira', 'search', '--project', 'XYZ'])).code).toBe(0);
    expect(jql[0]).toMatch(/project = "?ABC"?/);
    expect(jql[1]).toMatch(/project = "?XYZ"?/);
    expect(jql[1]).not.toContain('ABC');
  });

  test('a required flag (jsm --desk) is satisfied by the file', async () => {
    const cwd = await checkout('jsm: { desk: IT }\n');
    const asked: string[] = [];
    const http = new FakeHttp().on('GET', '/rest/servicedeskapi/servicedesk/IT/requesttype', (r: FakeRequest) => {
      asked.push(r.path);
      return { size: 0, start: 0, limit: 50, isLastPage: true, values: [] };
    });
    const f = fakeFactory({ http, cwd });
    expect((await runArgv(f, ['jsm', 'request-type', 'list', '--json'])).code).toBe(0);
    expect(asked).toHaveLength(1);
  });

  test('an invalid .atl.yaml is exit 2 naming the file and line', async () => {
    const cwd = await checkout('jira:\n  project: ABC\n  board: 3\n');
    const f = fakeFactory({ cwd });
    const { code, error } = await runArgv(f, ['jira', 'search']);
    expect(code).toBe(2);
    expect(error?.message).toBe(`${join(cwd, '..', '..', '.atl.yaml')}:3:3: unknown key jira.board (expected jira.project)`);
  });

  test('commands of other groups never read it (a broken one does not stop them)', async () => {
    const cwd = await checkout('jira: [\n');
    const f = fakeFactory({ cwd, config: { defaultProfile: null, profiles: {} } });
    expect((await runArgv(f, ['version'])).code).toBe(0);
  });

  test('flags that mean something else keep no default: issue clone --project, page move --space, organization add --desk', async () => {
    const cwd = await checkout('jira: { project: ABC }\nconfluence: { space: DOCS }\njsm: { desk: IT }\n');
    const f = fakeFactory({ cwd });
    const at = (program: Command, path: string[]): Command =>
      path.reduce((command, word) => command.commands.find((c) => c.name() === word)!, program);
    const valueIn = async (path: string[], option: string) => {
      const program = buildProgram(f, await specsFor([path[0]!]));
      await applyDirectoryDefaults(f, program);
      return at(program, path).getOptionValue(option) as unknown;
    };
    expect(await valueIn(['jira', 'issue', 'create'], 'project')).toBe('ABC');
    expect(await valueIn(['jira', 'issue', 'clone'], 'project')).toBeUndefined();
    expect(await valueIn(['confluence', 'page', 'create'], 'space')).toBe('DOCS');
    expect(await valueIn(['confluence', 'page', 'move'], 'space')).toBeUndefined();
    expect(await valueIn(['jsm', 'queue', 'list'], 'desk')).toBe('IT');
    expect(await valueIn(['jsm', 'organization', 'add'], 'desk')).toBeUndefined();
  });
});
