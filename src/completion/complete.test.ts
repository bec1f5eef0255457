import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { pagedOf } from '../cmdutil/paged.testutil.js';
import { cloudProfile, fakeFactory, runArgv } from '../jira/fake.testutil.js';
import { CURRENT_WORD_ENV, dynamicKind } from './complete.js';
import { completionScripts } from './scripts.js';
import { recentlySeen, recordingSeen, rememberSeen, SEEN_FILE, SEEN_TTL_MS } from './seen.js';
import { SHELLS } from './shells.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));
async function stateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'atl-complete-'));
  dirs.push(dir);
  return join(dir, 'state');
}

/** What `atl __complete WORDS...` prints, the last word being the one completed. */
async function complete(words: readonly string[], options: Parameters<typeof fakeFactory>[0] = {}): Promise<string[]> {
  const f = fakeFactory(options);
  expect(await runArgv(f, ['__complete', ...words])).toEqual({ code: 0 });
  return f.out.text.split('\n').filter((line) => line !== '');
}
const values = (lines: readonly string[]): string[] => lines.map((line) => line.split('\t')[0]!);

describe('atl __complete: from the command tree', () => {
  test('top-level commands and groups, each with its summary', async () => {
    const lines = await complete(['']);
    expect(values(lines)).toEqual(expect.arrayContaining(['auth', 'jira', 'confluence', 'bitbucket', 'jsm', 'completion', 'version']));
    expect(lines).toContain('jira\tSearch and work on Jira issues, projects, boards and sprints');
  });

  test('subcommands by prefix, through groups and group aliases', async () => {
    expect(values(await complete(['jira', 'is']))).toEqual(['issue']);
    expect(values(await complete(['jira', 'issue', 'tr']))).toEqual(['transition']);
    expect(values(await complete(['wiki', 'sp']))).toEqual(['space']);
    expect(values(await complete(['--profile', 'work', 'jira', 'is']))).toEqual(['issue']);
  });

  test("flags: the command's own and the global ones, with their help; --version only at the root", async () => {
    const lines = await complete(['jira', 'search', '--']);
    expect(values(lines)).toEqual(expect.arrayContaining(['--jql', '--project', '--all', '--json', '--jq', '--profile', '--help']));
    expect(values(lines)).not.toContain('--version');
    expect(lines).toContain('--all\tprint every matching issue (no limit)');
    expect(values(await complete(['--ver']))).toEqual(['--version']);
    expect(values(await complete(['jira', 'search', '--pro']))).toEqual(['--project', '--profile']);
  });

  test('enum values from declared choices, also after `--flag=`; the shell argument of completion', async () => {
    expect(values(await complete(['auth', 'login', '--storage', '']))).toEqual(['keyring', 'file']);
    expect(values(await complete(['auth', 'login', '--storage=k']))).toEqual(['--storage=keyring']);
    expect(values(await complete(['completion', '']))).toEqual([...SHELLS]);
  });

  test('a value atl knows nothing to offer for asks the shell for file names', async () => {
    expect(await complete(['jira', 'search', '--output', ''])).toEqual([':files']);
    // A flag's value is not a command: `--output jira` does not enter the jira group.
    expect(await complete(['--output', 'jira', ''])).toContain('auth\tLog in to Atlassian sites and manage profiles');
  });

  test('PowerShell passes the word being completed in ATL_COMPLETE_CURRENT (5.1 drops an empty argument)', async () => {
    expect(values(await complete(['jira'], { env: { [CURRENT_WORD_ENV]: 'is' } }))).toEqual(['issue']);
  });
});

describe('atl __complete: profiles and recently seen keys', () => {
  test('--profile offers the profiles in config, the default marked', async () => {
    const config = { defaultProfile: 'work', profiles: { work: cloudProfile(), home: cloudProfile() } };
    expect(await complete(['--profile', ''], { config })).toEqual(['home\tprofile', 'work\tprofile (default)']);
    expect(await complete(['jira', 'search', '--profile=w'], { config })).toEqual(['--profile=work\tprofile (default)']);
  });

  test('issue, project and space keys seen within a day, most recent first; older ones are not offered', async () => {
    const dir = await stateDir();
    const now = new Date('2026-12-01T12:00:00Z');
    const earlier = fakeFactory({ stateDir: dir, now: new Date(now.getTime() - SEEN_TTL_MS - 1) });
    await rememberSeen(earlier, { issues: ['OLD-1'] });
    await rememberSeen(fakeFactory({ stateDir: dir, now: new Date(now.getTime() - 1000) }), {
      issues: ['ABC-1', 'XYZ-9'],
      projects: ['ABC'],
    });
    await rememberSeen(fakeFactory({ stateDir: dir, now }), { issues: ['ABC-2'], spaces: ['DOCS'] });
    const options = { stateDir: dir, now };
    expect(await complete(['jira', 'issue', 'view', ''], options)).toEqual([
      'ABC-2\tissue, seen recently',
      'ABC-1\tissue, seen recently',
      'XYZ-9\tissue, seen recently',
    ]);
    expect(values(await complete(['jira', 'issue', 'view', 'ABC-1'], options))).toEqual(['ABC-1']);
    expect(values(await complete(['jsm', 'request', 'view', 'X'], options))).toEqual(['XYZ-9']);
    expect(values(await complete(['jira', 'search', '-P', ''], options))).toEqual(['ABC']);
    expect(values(await complete(['confluence', 'space', 'view', ''], options))).toEqual(['DOCS']);
    expect(values(await complete(['confluence', 'blog', 'list', '--space', ''], options))).toEqual(['DOCS']);
    // Writing dropped the expired key from the file too.
    expect(await readFile(join(dir, SEEN_FILE), 'utf8')).not.toContain('OLD-1');
  });

  test('which names take which keys', () => {
    expect(dynamicKind(['jira', 'issue', 'view'], 'key', 'key')).toBe('issues');
    expect(dynamicKind(['confluence', 'space', 'view'], 'key', 'key')).toBe('spaces');
    expect(dynamicKind(['jira', 'issue', 'create'], '--parent', 'key')).toBe('issues');
    expect(dynamicKind(['confluence', 'page', 'create'], '--parent', 'page')).toBeUndefined();
    expect(dynamicKind(['bitbucket', 'repo', 'view'], 'key', 'key')).toBeUndefined();
  });

  test('a listing records its keys once it has been read; an unwritable state dir costs nothing', async () => {
    const dir = await stateDir();
    const f = fakeFactory({ stateDir: dir });
    const listing = recordingSeen(f, pagedOf([[{ key: 'ABC-1' }], [{ key: 'DEF-2' }]]) as never, (issue: { key: string }) => ({
      issues: [issue.key],
    }));
    for await (const _page of listing.pages()) {
      // read as a printer reads it
    }
    expect((await recentlySeen(f, 'issues')).sort()).toEqual(['ABC-1', 'DEF-2']);
    await rememberSeen(fakeFactory(), { issues: ['ABC-1'] });
  });
});

describe('atl completion SHELL', () => {
  test.each(SHELLS)('%s: prints its script, which asks `atl __complete`', async (shell) => {
    const f = fakeFactory();
    expect(await runArgv(f, ['completion', shell])).toEqual({ code: 0 });
    expect(f.out.text).toBe(completionScripts[shell]);
    expect(f.out.text).toContain(' __complete ');
  });

  test('powershell (no pwsh to run it here): a native argument completer that passes the current word in the environment', () => {
    const script = completionScripts.powershell;
    expect(script).toContain('Register-ArgumentCompleter -Native -CommandName atl -ScriptBlock {');
    expect(script).toContain(`$env:${CURRENT_WORD_ENV} = $wordToComplete`);
    expect(script).toContain("[System.Management.Automation.CompletionResult]::new($parts[0], $parts[0], 'ParameterValue', $tip)");
    expect(script).toContain("if ($line -eq ':files') { $files = $true; continue }");
    // Balanced braces: a truncated template would not parse.
    expect(script.split('{').length).toBe(script.split('}').length);
  });

  test('another shell, or none, is a usage error naming the choices', async () => {
    const { code, error } = await runArgv(fakeFactory(), ['completion', 'tcsh']);
    expect(code).toBe(2);
    expect(error?.message).toContain('bash, zsh, fish, powershell');
    const none = await runArgv(fakeFactory(), ['completion']);
    expect(none.code).toBe(2);
    expect(none.error?.hint).toBe('name one: bash, zsh, fish, powershell');
  });
});
