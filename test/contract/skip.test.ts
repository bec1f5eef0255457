// A user's fresh clone has no ../shared/specs: the contract tests must then say so in one line and
// skip; in CI (CI set) the same absence must fail the run. Checked by running the real contract
// file in a child vitest with ATL_SPECS_DIR pointing at a directory that does not exist.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const VITEST = resolve(REPO_ROOT, 'node_modules/vitest/vitest.mjs');
const CONTRACT_FILE = 'test/contract/identity.contract.test.ts';
const MISSING = resolve(REPO_ROOT, 'test/contract/no-such-specs');

function runContractFile(extraEnv: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const env: Record<string, string> = {};
  // The parent's VITEST_* variables would make the child think it is a worker; CI is decided per case.
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('VITEST') && key !== 'CI' && key !== 'NODE_OPTIONS') env[key] = value;
  }
  Object.assign(env, { ATL_SPECS_DIR: MISSING, NO_COLOR: '1', FORCE_COLOR: '0' }, extraEnv);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [VITEST, 'run', CONTRACT_FILE], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, output }));
  });
}

describe('contract tests without ../shared/specs', () => {
  test.concurrent('outside CI: one line says they are skipped, and the run passes', async () => {
    const { code, output } = await runContractFile({});
    expect(code, output).toBe(0);
    const lines = output.split('\n').filter((line) => line.includes('contract tests skipped'));
    expect(lines).toEqual([`contract tests skipped: Atlassian OpenAPI specs not found in ${MISSING}`]);
    expect(output).toMatch(/^0 passed, 0 failed$/m);
  });

  test.concurrent('in CI: the absence fails the run', async () => {
    const { code, output } = await runContractFile({ CI: 'true' });
    expect(code, output).not.toBe(0);
    expect(output).toContain(`Atlassian OpenAPI specs not found in ${MISSING}; contract tests must run in CI`);
    expect(output).toMatch(/^0 passed, 1 failed$/m);
  });
});
