// `atl --help` and each group's help are printed by the entry from text the build rendered (see
// src/main.ts), without loading commander. These tests keep that text from going stale: it must be
// byte for byte what commander prints for the same tree.
import { execFile, spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import specs from 'virtual:atl-commands';
import { ATL_BIN, runAtl } from '../support/atl.js';

const env = { PATH: process.env.PATH ?? '', HOME: '/nonexistent', NO_COLOR: '1' };
const groupPaths = [[], ...specs.filter((s) => !('run' in s)).map((s) => [...s.path])];

/** util-linux `script` gives a pseudo-terminal here. Without one these tests are skipped, but never under CI. */
const hasPty = spawnSync('script', ['-qfec', 'test -t 1', '/dev/null'], { stdio: 'ignore', env: { ...process.env, SHELL: '/bin/sh' }, timeout: 10_000 }).status === 0;
if (!hasPty) console.log('pseudo-terminal help tests skipped: util-linux `script` could not give a pseudo-terminal');

/** stdout of `node <bin> args` on a terminal this many columns wide (line ends as the program wrote them). */
async function onTerminal(columns: number, bin: string, args: readonly string[]): Promise<string> {
  const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;
  const command = `stty cols ${columns} rows 40; exec ${[process.execPath, bin, ...args].map(quote).join(' ')}`;
  const { stdout } = await promisify(execFile)('script', ['-qfec', command, '/dev/null'], { env: { ...env, SHELL: '/bin/sh', TERM: 'xterm' } });
  return stdout.replace(/\r\n/g, '\n');
}

/** dist/atl.js copied alone, without its chunks: it can answer only what it answers by itself. */
let lone: string;
let loneDir: string;
beforeAll(async () => {
  loneDir = await mkdtemp(join(tmpdir(), 'atl-lone-entry-'));
  lone = join(loneDir, 'atl.js');
  await copyFile(ATL_BIN, lone);
});
afterAll(() => rm(loneDir, { recursive: true, force: true }));

const runLone = async (args: readonly string[]) => (await promisify(execFile)(process.execPath, [lone, ...args], { env })).stdout;

/** The help commander prints: a global flag before the path sends argv down the usual way. */
async function liveHelp(path: readonly string[]): Promise<string> {
  const live = await runAtl(['--no-input', ...path, '--help'], { env });
  expect(live.code, live.stderr).toBe(0);
  return live.stdout;
}

describe('precomputed help', () => {
  test.concurrent.each(groupPaths.map((path) => [path.join(' ') || '(root)', path] as const))(
    '`atl %s --help` and -h come from the entry alone, byte for byte what commander prints',
    async (_, path) => {
      const live = await liveHelp(path);
      expect(live).toMatch(/^Usage: atl /);
      expect(await runLone([...path, '--help'])).toBe(live);
      expect(await runLone([...path, '-h'])).toBe(live);
      expect((await runAtl([...path, '--help'], { env })).stdout).toBe(live);
    },
  );

  test('`atl help` and `atl help <group>` too', async () => {
    expect(await runLone(['help'])).toBe(await liveHelp([]));
    expect(await runLone(['help', 'jira'])).toBe(await liveHelp(['jira']));
  });

  test('anything else goes to commander (the lone entry cannot answer it)', async () => {
    for (const args of [['--no-input', '--help'], ['jira', 'search', '--help'], ['help', 'jira', 'issue'], ['jira', '--help', 'x'], ['version']]) {
      await expect(runLone(args), args.join(' ')).rejects.toThrow(/Cannot find module|ERR_MODULE_NOT_FOUND/);
    }
    expect(await runLone(['--version'])).toMatch(/^atl \d+\.\d+\.\d+/);
  });
});

describe.skipIf(!hasPty && !process.env.CI)('precomputed help on a terminal', () => {
  test('at least 80 columns wide: the same text, from the entry alone', async () => {
    const piped = await liveHelp(['jira']);
    expect(await onTerminal(120, lone, ['jira', '--help'])).toBe(piped);
    expect(await onTerminal(80, lone, ['jira', '--help'])).toBe(piped);
  });

  test('narrower: commander wraps the help to the terminal, as before', async () => {
    const piped = await liveHelp(['jira']);
    const narrow = await onTerminal(60, ATL_BIN, ['jira', '--help']);
    expect(narrow).toMatch(/^Usage: atl jira /);
    expect(narrow).not.toBe(piped);
    expect(await onTerminal(60, ATL_BIN, ['--no-input', 'jira', '--help'])).toBe(narrow);
    // The entry alone cannot answer: it leaves a narrow terminal to commander.
    await expect(onTerminal(60, lone, ['jira', '--help'])).rejects.toMatchObject({ stdout: expect.stringMatching(/ERR_MODULE_NOT_FOUND|Cannot find module/) });
  });
});

describe('the build', () => {
  test('the entry is CommonJS: --version and the precomputed help never start the ES module loader', async () => {
    const probe = join(loneDir, 'esm-probe.cjs');
    await writeFile(probe, "process.on('exit', () => process.stderr.write(`esm loader: ${process.moduleLoadList.some((m) => m.endsWith('internal/modules/esm/loader'))}\\n`));\n");
    const loaderUsed = async (args: readonly string[]) => (await promisify(execFile)(process.execPath, ['--require', probe, ATL_BIN, ...args], { env })).stderr.trim();
    for (const args of [['--version'], ['--help'], ['jira', '--help'], ['help', 'auth']]) expect(await loaderUsed(args), args.join(' ')).toBe('esm loader: false');
    // Every other command loads the ES module chunks.
    expect(await loaderUsed(['version'])).toBe('esm loader: true');
  });

  test('writes no chunk without code (each is a file every run that imports it must load)', async () => {
    const chunksDir = join(dirname(ATL_BIN), 'chunks');
    const chunks = (await readdir(chunksDir)).filter((name) => name.endsWith('.js'));
    expect(chunks.length).toBeGreaterThan(3);
    for (const name of chunks) {
      const code = (await readFile(join(chunksDir, name), 'utf8')).replace(/\/\/# sourceMappingURL=\S*\s*$/, '').trim();
      expect(code, name).not.toBe('');
    }
  });
});
