/**
 * `--output FILE` and `--bom`: Windows PowerShell 5.1 re-encodes what `>`
 * redirects (UTF-16, non-ASCII mangled) and Excel misreads UTF-8 CSV without a byte-order mark.
 * The file must hold exactly the bytes stdout would get, be replaced only by complete output, and
 * a failed or interrupted run must leave an existing file byte-identical with no temp file beside it.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { jiraStoreOf } from '../../src/sandbox/jira/routes.js';
import { seedIssues } from '../../src/sandbox/jira/seed.js';
import { ATL_BIN } from '../support/atl.js';

const HELD_FILE_PRELOAD = join(import.meta.dirname, '../support/held-file-eperm.cjs');
import { jiraE2e } from './jira-support.js';

const e2e = await jiraE2e();
const LABEL = `outputfile-${process.pid}`;
/** Non-ASCII of every width UTF-8 has (2, 3 and 4 bytes), which PowerShell 5.1's `>` mangles. */
const SUMMARY = 'Grüße — 日本語 ✓ 🎉';
// 150 issues: two pages of --all, so a failure can come after the first one was written.
seedIssues(jiraStoreOf(e2e.sandbox), 150, {
  project: 'DEMO',
  summaryPrefix: SUMMARY,
  labels: [LABEL],
  onlyGivenLabels: true,
  status: 'To Do',
  issueType: 'Task',
});
const SEARCH = ['jira', 'search', '--label', LABEL, '--all'];
const SEARCH_PATH = '/rest/api/3/search/jql';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

let dirCount = 0;
async function outDir(): Promise<string> {
  const dir = join(e2e.home.home, `out-${++dirCount}`);
  await mkdir(dir);
  return dir;
}

/** What is in `dir` besides `keep`: a temp file left behind would show here. */
async function leftovers(dir: string, keep: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name !== keep);
}

describe('--output FILE holds exactly what stdout gets', () => {
  test('--json: the file equals stdout byte for byte (non-ASCII as UTF-8), nothing on stdout or stderr', async () => {
    const dir = await outDir();
    const file = join(dir, 'issues.json');
    const piped = await e2e.atl('cloud', [...SEARCH, '--json']);
    expect(piped.code, piped.stderr).toBe(0);
    const written = await e2e.atl('cloud', [...SEARCH, '--json', '--output', file]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toBe('');
    expect(written.stderr).toBe('');
    const bytes = await readFile(file);
    expect(bytes).toEqual(Buffer.from(piped.stdout, 'utf8'));
    const issues = JSON.parse(bytes.toString('utf8')) as Array<{ fields: { summary: string } }>;
    expect(issues).toHaveLength(150);
    expect(issues.every((issue) => issue.fields.summary.startsWith(SUMMARY))).toBe(true);
    expect(bytes.includes(Buffer.from('日本語 ✓ 🎉', 'utf8'))).toBe(true);
    expect(await leftovers(dir, 'issues.json')).toEqual([]);
  });

  test('--csv --bom: the file starts with EF BB BF, then exactly the --csv bytes; --bom also works on stdout', async () => {
    const dir = await outDir();
    const file = join(dir, 'issues.csv');
    const piped = await e2e.atl('cloud', [...SEARCH, '--csv', '--fields', 'summary,status']);
    expect(piped.code, piped.stderr).toBe(0);
    const written = await e2e.atl('cloud', [...SEARCH, '--csv', '--fields', 'summary,status', '--bom', '--output', file]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toBe('');
    const bytes = await readFile(file);
    expect(bytes.subarray(0, 3)).toEqual(BOM);
    expect(bytes.subarray(3)).toEqual(Buffer.from(piped.stdout, 'utf8'));
    expect(bytes.subarray(3).toString('utf8').split('\n')[1]).toMatch(/^DEMO-\d+,Grüße — 日本語 ✓ 🎉 \d+,To Do$/);

    const onStdout = await e2e.atl('cloud', [...SEARCH, '--csv-raw', '--fields', 'summary,status', '--bom']);
    expect(onStdout.code, onStdout.stderr).toBe(0);
    expect(onStdout.stdout).toBe(`\uFEFF${piped.stdout}`);
  });

  test('--bom without --csv: exit 2 "--bom needs --csv", nothing on stdout', async () => {
    for (const extra of [[], ['--json']]) {
      const result = await e2e.atl('cloud', [...SEARCH, ...extra, '--bom']);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^error: --bom needs --csv$/m);
    }
  });

  test('a table (no --json/--csv) goes to the file as it would to a pipe: tab-separated, no colour', async () => {
    const dir = await outDir();
    const file = join(dir, 'issues.txt');
    const piped = await e2e.atl('cloud', [...SEARCH, '--fields', 'summary']);
    const written = await e2e.atl('cloud', [...SEARCH, '--fields', 'summary', '--output', file]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toBe('');
    expect(await readFile(file, 'utf8')).toBe(piped.stdout);
    expect(piped.stdout.split('\n')[0]).toBe('KEY\tSUMMARY');
  });

  test('--output - is stdout; the global flag works before the command too', async () => {
    const piped = await e2e.atl('cloud', [...SEARCH, '--json']);
    const dash = await e2e.atl('cloud', [...SEARCH, '--json', '--output', '-']);
    expect(dash.code, dash.stderr).toBe(0);
    expect(dash.stdout).toBe(piped.stdout);
    const dir = await outDir();
    const file = join(dir, 'before.json');
    const before = await e2e.atl('cloud', ['--output', file, '--json', ...SEARCH]);
    expect(before.code, before.stderr).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(piped.stdout);
  });

  test('an existing file is replaced whole: a longer old file leaves no tail behind', async () => {
    const dir = await outDir();
    const file = join(dir, 'issues.json');
    await writeFile(file, 'x'.repeat(2_000_000));
    const result = await e2e.atl('cloud', ['jira', 'search', '--label', LABEL, '--limit', '1', '--json', '--output', file]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8'))).toHaveLength(1);
  });
});

describe('a failed run leaves FILE as it was', () => {
  test('a search that fails after the first page (503 until retries run out): exit 5, FILE byte-identical, no temp file, stderr says so', async () => {
    const dir = await outDir();
    const file = join(dir, 'issues.json');
    const old = Buffer.concat([BOM, Buffer.from('yesterday’s export, ü\r\n', 'utf8')]);
    await writeFile(file, old);
    e2e.sandbox.faults.add({ path: SEARCH_PATH, method: 'POST', type: 'delay', ms: 0 });
    e2e.sandbox.faults.add({ path: SEARCH_PATH, method: 'POST', type: 'status', status: 503, retryAfter: 0, times: 4 });
    const result = await e2e.atl('cloud', [...SEARCH, '--json', '--output', file]);
    expect(result.code).toBe(5);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`fetched 100 issues before the failure; the output is incomplete, so ${file} is unchanged\n`);
    expect(result.stderr).toMatch(/^error: .*\(HTTP 503/m);
    expect(await readFile(file)).toEqual(old);
    expect(await leftovers(dir, 'issues.json')).toEqual([]);
  });

  test('FILE held open by another program (Excel on Windows: the rename fails with EPERM): retried, then exit 1 naming FILE, FILE and no temp file left', async () => {
    const dir = await outDir();
    const file = join(dir, 'issues.csv');
    await writeFile(file, 'open in Excel\n');
    const held = (renames: number) =>
      e2e.home.run(['--profile', 'scoped', ...SEARCH, '--csv', '--output', file], {
        env: { NODE_OPTIONS: `--require ${HELD_FILE_PRELOAD}`, ATL_TEST_EPERM_RENAMES: String(renames) },
      });
    const stuck = await held(1000);
    expect(stuck.code).toBe(1);
    expect(stuck.stderr.split('\n')).toContain(`error: could not replace ${file}: EPERM for 3.5s; another program keeps it open`);
    expect(await readFile(file, 'utf8')).toBe('open in Excel\n');
    expect(await leftovers(dir, 'issues.csv')).toEqual([]);

    const released = await held(2);
    expect(released.code, released.stderr).toBe(0);
    expect((await readFile(file, 'utf8')).split('\n')[0]).toBe('KEY,TYPE,STATUS,PRIORITY,ASSIGNEE,UPDATED,SUMMARY');
    expect(await leftovers(dir, 'issues.csv')).toEqual([]);
  });

  test('a failure before any output (a missing issue): no FILE created', async () => {
    const dir = await outDir();
    const result = await e2e.atl('cloud', ['jira', 'issue', 'view', 'DEMO-999999', '--json', '--output', join(dir, 'issue.json')]);
    expect(result.code).toBe(4);
    expect(await readdir(dir)).toEqual([]);
  });

  test.each([
    ['a directory', (dir: string) => dir, (dir: string) => `error: --output ${dir} is a directory`],
    [
      'a file in a missing directory',
      (dir: string) => join(dir, 'nope', 'x.json'),
      (dir: string) => `error: --output ${join(dir, 'nope', 'x.json')}: the directory ${join(dir, 'nope')} does not exist`,
    ],
  ])('--output naming %s: exit 2 naming the path, before any request', async (_what, target, message) => {
    const dir = await outDir();
    const requests = e2e.sandbox.requests.length;
    const result = await e2e.atl('cloud', [...SEARCH, '--json', '--output', target(dir)]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe(message(dir));
    expect(e2e.sandbox.requests.length).toBe(requests);
    expect(await readdir(dir)).toEqual([]);
  });

  test('commands whose stdout is not data refuse --output with exit 2: sandbox, auth token', async () => {
    const dir = await outDir();
    const sandbox = await e2e.home.run(['sandbox', '--port', '0', '--json', '--output', join(dir, 'sandbox.json')]);
    expect(sandbox.code).toBe(2);
    expect(sandbox.stderr).toMatch(/^error: --output does not apply to `atl sandbox`: it runs until Ctrl-C/m);
    const token = await e2e.atl('scoped', ['auth', 'token', '--output', join(dir, 'token.txt')]);
    expect(token.code).toBe(2);
    expect(token.stderr).toMatch(/^error: --output does not apply to `atl auth token`: atl does not write tokens to files$/m);
    expect(token.stdout).toBe('');
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('an interrupted run leaves FILE as it was', () => {
  /**
   * Starts a search whose second page is held back, waits until the first page is in the temp
   * file (so the output really streams to disk), then sends `signal`.
   */
  async function interrupt(
    signal: NodeJS.Signals,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; dir: string; file: string; old: string }> {
    const dir = await outDir();
    const file = join(dir, 'issues.json');
    const old = `kept through ${signal}\n`;
    await writeFile(file, old);
    const path = `/ex/jira/${e2e.sandbox.cloudId}${SEARCH_PATH}`;
    e2e.sandbox.faults.add({ path, method: 'POST', type: 'delay', ms: 0 });
    e2e.sandbox.faults.add({ path, method: 'POST', type: 'delay', ms: 60_000 });
    const child = spawn(process.execPath, [ATL_BIN, '--profile', 'scoped', ...SEARCH, '--json', '--output', file], {
      env: e2e.home.env,
      stdio: 'ignore',
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, sig) => resolve({ code, signal: sig })),
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      const temps = (await readdir(dir)).filter((name) => name.startsWith('.issues.json.tmp-'));
      const size = temps.length === 1 ? ((await stat(join(dir, temps[0]!)).catch(() => null))?.size ?? 0) : 0;
      if (size > 0) break;
      if (Date.now() > deadline) throw new Error('the first page never reached the temp file');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill(signal);
    const result = await exited;
    e2e.sandbox.faults.clear();
    return { ...result, dir, file, old };
  }

  test('Ctrl-C (SIGINT): exit 130, FILE unchanged, the temp file removed', async () => {
    const run = await interrupt('SIGINT');
    expect(run.code).toBe(130);
    expect(await readFile(run.file, 'utf8')).toBe(run.old);
    expect(await leftovers(run.dir, 'issues.json')).toEqual([]);
  });

  test.skipIf(process.platform === 'win32')('SIGTERM: atl still dies of SIGTERM, FILE unchanged, the temp file removed', async () => {
    const run = await interrupt('SIGTERM');
    expect(run.signal).toBe('SIGTERM');
    expect(await readFile(run.file, 'utf8')).toBe(run.old);
    expect(await leftovers(run.dir, 'issues.json')).toEqual([]);
  });
});
