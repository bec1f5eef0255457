import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { expect } from 'vitest';
import { noteSpawn } from './spawn-log.js';

export const ATL_BIN = resolve(import.meta.dirname, '../../dist/atl.js');

/**
 * How long one `atl` run may take before it is killed: a safety net, not a measure. A run takes
 * well under a second, but on a loaded machine (two cores shared with other builds and tests) many
 * times that; the kill must still come before vitest's own test timeout (vitest.config.ts), so a
 * hung run fails with its command and output instead of a bare timeout.
 */
export const ATL_RUN_TIMEOUT_MS = 90_000;

export interface AtlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to the child's stdin, then closed. Without it stdin is closed at once (not a TTY). */
  input?: string;
  /** Extra environment for this run (undefined removes a variable). */
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** The working directory of the run (a git checkout, say); the test's own by default. */
  cwd?: string;
}

/**
 * A throwaway HOME and config dir for end-to-end runs of the built `atl`. Every run's output is
 * kept so the secret scanner can check it, together with every file under the config dir.
 */
export interface TestHome {
  home: string;
  configDir: string;
  /** The base environment of each run: no ATL_* from the developer's shell. */
  env: Record<string, string>;
  run(args: readonly string[], options?: RunOptions): Promise<AtlResult>;
  /** Everything runs printed so far, for the secret scanner. */
  outputs: string[];
  /** Tokens that must never appear in output or in plain files. */
  secrets: Set<string>;
  addSecret(token: string, email?: string): void;
  /** Fails the test if a known secret appears in any output or any config file but the secret store. */
  assertNoSecretsLeaked(): Promise<void>;
  cleanup(): Promise<void>;
}

const SECRET_STORE_FILES = new Set(['credentials.enc']);

export async function createTestHome(baseEnv: Record<string, string> = {}): Promise<TestHome> {
  const home = await mkdtemp(join(tmpdir(), 'atl-home-'));
  const configDir = join(home, '.config', 'atl');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ...windowsSystemEnv(),
    // Every variable any OS takes the home and app-data dirs from, all inside this home, so a run
    // on Windows (USERPROFILE, APPDATA, LOCALAPPDATA) stays in it just as one on Linux (HOME).
    HOME: home,
    USERPROFILE: home,
    APPDATA: join(home, 'AppData', 'Roaming'),
    LOCALAPPDATA: join(home, 'AppData', 'Local'),
    ATL_CONFIG_DIR: configDir,
    // No keyring in e2e runs unless a test asks for one: the encrypted file is the default store.
    ATL_KEYRING: 'off',
    // `atl doctor` asks the npm registry for a newer atl; tests never go to the network (doctor's own test serves one).
    ATL_UPDATE_URL: 'off',
    NO_COLOR: '1',
    LANG: 'C.UTF-8',
    ...baseEnv,
  };
  const outputs: string[] = [];
  const secrets = new Set<string>();

  const self: TestHome = {
    home,
    configDir,
    env,
    outputs,
    secrets,
    addSecret(token, email) {
      secrets.add(token);
      if (email) {
        secrets.add(Buffer.from(`${email}:${token}`).toString('base64'));
        secrets.add(encodeURIComponent(token));
      }
    },
    run: (args, options = {}) =>
      runAtl(args, { ...options, env: { ...env, ...options.env } }).then((result) => {
        outputs.push(result.stdout, result.stderr);
        return result;
      }),
    async assertNoSecretsLeaked() {
      const files = await listFiles(configDir);
      const texts: Array<{ where: string; text: string }> = outputs.map((text, i) => ({ where: `output #${i}`, text }));
      for (const file of files) {
        if (SECRET_STORE_FILES.has(basename(file))) continue;
        texts.push({ where: file, text: await readFile(file, 'utf8') });
      }
      for (const secret of secrets) {
        for (const { where, text } of texts) {
          expect(text.includes(secret), `a secret leaked into ${where}`).toBe(false);
        }
      }
    },
    cleanup: () => rm(home, { recursive: true, force: true }),
  };
  return self;
}

/** On Windows, what any program needs to start and reach the network (Winsock needs SystemRoot); nothing elsewhere. */
function windowsSystemEnv(): Record<string, string> {
  if (process.platform !== 'win32') return {};
  const names = ['SystemRoot', 'SystemDrive', 'windir', 'ComSpec', 'PATHEXT', 'TEMP', 'TMP'];
  return Object.fromEntries(names.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]!]])));
}

/** Runs atl in `home`, expects exit 0 (showing the command and its stderr otherwise), returns stdout. */
export async function ok(home: TestHome, args: readonly string[], input?: string): Promise<string> {
  const result = await home.run(args, input === undefined ? {} : { input });
  expect(result.code, `atl ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

async function listFiles(dir: string): Promise<string[]> {
  try {
    await stat(dir);
  } catch {
    return [];
  }
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Runs the built CLI as a subprocess. The environment given is the whole environment. */
export function runAtl(
  args: readonly string[],
  options: RunOptions & { env?: Record<string, string | undefined> } = {},
): Promise<AtlResult> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.env ?? { PATH: process.env.PATH ?? '' })) {
    if (value !== undefined) env[key] = value;
  }
  return new Promise((resolvePromise, reject) => {
    noteSpawn(`atl ${args.slice(0, 3).join(' ')}`);
    const child = spawn(process.execPath, [ATL_BIN, ...args], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? ATL_RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
