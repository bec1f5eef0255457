/**
 * Runs vitest in a child process, for tests of the test machinery itself (the closing line, skips
 * under CI): the child's output and exit code are what a person or CI would see.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
const VITEST = resolve(REPO_ROOT, 'node_modules/vitest/vitest.mjs');
/** A config that runs only the fixture named by ATL_REPORTER_FIXTURE (in test/fixtures/reporter). */
export const FIXTURE_CONFIG = resolve(REPO_ROOT, 'test/fixtures/reporter/vitest.config.ts');

export interface ChildVitestRun {
  code: number | null;
  /** stdout and stderr together. */
  output: string;
  /** The last line of stdout: the summary reporter's `N passed, N failed`. */
  closing: string | undefined;
}

/** `vitest run ARGS` in the repository; `env` adds to (or, with undefined, removes from) the parent's environment. */
export function runChildVitest(args: readonly string[], extraEnv: Record<string, string | undefined> = {}): Promise<ChildVitestRun> {
  const env: Record<string, string> = {};
  // The parent's VITEST_* variables would make the child think it is a worker; CI is decided per case.
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('VITEST') && key !== 'CI' && key !== 'NODE_OPTIONS') env[key] = value;
  }
  Object.assign(env, { NO_COLOR: '1', FORCE_COLOR: '0' });
  for (const [key, value] of Object.entries(extraEnv)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [VITEST, 'run', ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => ((stdout += d), (output += d)));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, output, closing: stdout.trimEnd().split('\n').pop() }));
  });
}

/** Runs one fixture of test/fixtures/reporter with the summary reporter. */
export const runFixture = (file: string, env: Record<string, string | undefined> = {}) =>
  runChildVitest(['--config', FIXTURE_CONFIG], { ATL_REPORTER_FIXTURE: file, ...env });
