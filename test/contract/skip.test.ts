// A user's fresh clone has no ../shared/specs: the contract tests must then say so in one line and
// skip; in CI (CI set) the same absence must fail the run. Checked by running the real contract
// file in a child vitest with ATL_SPECS_DIR pointing at a directory that does not exist.
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT, runChildVitest } from '../support/child-vitest.js';

const CONTRACT_FILE = 'test/contract/identity.contract.test.ts';
const MISSING = resolve(REPO_ROOT, 'test/contract/no-such-specs');

const runContractFile = (extraEnv: Record<string, string>) => runChildVitest([CONTRACT_FILE], { ATL_SPECS_DIR: MISSING, ...extraEnv });

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
