// `atl --help` and each group's help are printed by the entry from text the build rendered (see
// src/main.ts), without loading commander. These tests keep that text from going stale: it must be
// byte for byte what commander prints for the same tree.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Command } from 'commander';
import specs from 'virtual:atl-commands';
import { buildProgram } from '../../src/cli.js';
import { createFactory } from '../../src/create-factory.js';
import { ATL_BIN, runAtl } from '../support/atl.js';
import { skipWithout } from '../support/prerequisite.js';
import { onPty, whyNoPty } from '../support/pty.js';

const env = { PATH: process.env.PATH ?? '', HOME: '/nonexistent', NO_COLOR: '1' };
const groupPaths = [[], ...specs.filter((s) => !('run' in s)).map((s) => [...s.path])];

const skipPty = skipWithout('pseudo-terminal help tests', await whyNoPty());

/** What `node <bin> args` shows on a terminal this many columns wide (line ends as the program wrote them). */
async function onTerminal(columns: number, bin: string, args: readonly string[]): Promise<{ code: number; output: string }> {
  const { code, raw } = await onPty(bin, args, { env, columns }).exit();
  return { code, output: raw.replace(/\r\n/g, '\n') };
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

/**
 * The same help from the same command tree in this process (80 columns, as piped), so that each
 * group costs one run of the entry instead of four; `liveHelp` checks for a few groups that the
 * built binary's commander prints exactly this.
 */
function commanderHelp(path: readonly string[]): string {
  let command: Command = buildProgram(createFactory({}), specs);
  for (const word of path) command = command.commands.find((c) => c.name() === word)!;
  let text = '';
  command.configureOutput({ writeOut: (chunk) => (text += chunk), getOutHelpWidth: () => 80, getOutHasColors: () => false });
  command.outputHelp();
  return text;
}

describe('precomputed help', () => {
  test.concurrent.each(groupPaths.map((path) => [path.join(' ') || '(root)', path] as const))(
    '`atl %s --help` comes from the entry alone, byte for byte what commander prints',
    async (_, path) => {
      const live = commanderHelp(path);
      expect(live).toMatch(/^Usage: atl /);
      expect(await runLone([...path, '--help'])).toBe(live);
    },
  );

  test.concurrent.each([[[]], [['jira']], [['jira', 'issue']]])(
    '`atl %j`: the built commander prints that help too, and -h and the whole binary answer the same',
    async (path) => {
      const live = await liveHelp(path);
      expect(live).toBe(commanderHelp(path));
      expect(await runLone([...path, '-h'])).toBe(live);
      expect((await runAtl([...path, '--help'], { env })).stdout).toBe(live);
    },
  );

  test('`atl help` and `atl help <group>` too', async () => {
    expect(await runLone(['help'])).toBe(commanderHelp([]));
    expect(await runLone(['help', 'jira'])).toBe(commanderHelp(['jira']));
  });

  test('group aliases (servicedesk, bb, wiki), their sub-groups and `atl help <alias>` come from the entry alone too', async () => {
    const aliasPaths = specs.flatMap((s) => ('run' in s ? [] : (s.aliases ?? []).map((alias: string) => [...s.path.slice(0, -1), alias])));
    expect(aliasPaths.map((path) => path.join(' '))).toEqual(expect.arrayContaining(['servicedesk', 'bb', 'wiki']));
    const asked = [
      ...aliasPaths.map((path) => [path, path] as const),
      [
        ['servicedesk', 'request'],
        ['jsm', 'request'],
      ] as const,
    ];
    await Promise.all(
      asked.map(async ([path, live]) => expect(await runLone([...path, '--help']), path.join(' ')).toBe(await liveHelp(live))),
    );
    expect(await runLone(['help', 'wiki'])).toBe(await runLone(['confluence', '--help']));
  });

  test('anything else goes to commander (the lone entry cannot answer it)', async () => {
    for (const args of [
      ['--no-input', '--help'],
      ['jira', 'search', '--help'],
      ['help', 'jira', 'issue'],
      ['jira', '--help', 'x'],
      ['version'],
    ]) {
      await expect(runLone(args), args.join(' ')).rejects.toThrow(/Cannot find module|ERR_MODULE_NOT_FOUND/);
    }
    expect(await runLone(['--version'])).toMatch(/^atl \d+\.\d+\.\d+/);
  });
});

describe.skipIf(skipPty)('precomputed help on a terminal', () => {
  test('at least 80 columns wide: the same text, from the entry alone', async () => {
    const piped = await liveHelp(['jira']);
    expect(await onTerminal(120, lone, ['jira', '--help'])).toEqual({ code: 0, output: piped });
    expect(await onTerminal(80, lone, ['jira', '--help'])).toEqual({ code: 0, output: piped });
  });

  test('narrower: commander wraps the help to the terminal, as before', async () => {
    const piped = await liveHelp(['jira']);
    const narrow = await onTerminal(60, ATL_BIN, ['jira', '--help']);
    expect(narrow.code).toBe(0);
    expect(narrow.output).toMatch(/^Usage: atl jira /);
    expect(narrow.output).not.toBe(piped);
    expect(await onTerminal(60, ATL_BIN, ['--no-input', 'jira', '--help'])).toEqual(narrow);
    // The entry alone cannot answer: it leaves a narrow terminal to commander.
    const alone = await onTerminal(60, lone, ['jira', '--help']);
    expect(alone.code).not.toBe(0);
    expect(alone.output).toMatch(/ERR_MODULE_NOT_FOUND|Cannot find module/);
  });
});

describe('the build', () => {
  test('the entry is CommonJS: --version and the precomputed help never start the ES module loader', async () => {
    const probe = join(loneDir, 'esm-probe.cjs');
    await writeFile(
      probe,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: this is the probe's source text, evaluated in the child.
      "process.on('exit', () => process.stderr.write(`esm loader: ${process.moduleLoadList.some((m) => m.endsWith('internal/modules/esm/loader'))}\\n`));\n",
    );
    const loaderUsed = async (args: readonly string[]) =>
      (await promisify(execFile)(process.execPath, ['--require', probe, ATL_BIN, ...args], { env })).stderr.trim();
    for (const args of [['--version'], ['--help'], ['jira', '--help'], ['help', 'auth']])
      expect(await loaderUsed(args), args.join(' ')).toBe('esm loader: false');
    // Every other command loads the ES module chunks.
    expect(await loaderUsed(['version'])).toBe('esm loader: true');
  });

  test('holds nothing of the test-only pseudo-terminal library (@lydell/node-pty)', async () => {
    const dist = dirname(ATL_BIN);
    const files = (await readdir(dist, { recursive: true })).filter((name) => name.endsWith('.js'));
    expect(files.length).toBeGreaterThan(3);
    for (const name of files) expect(await readFile(join(dist, name), 'utf8'), name).not.toContain('node-pty');
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
