/**
 * Counts the processes the tests start, per test file, when ATL_TEST_SPAWN_LOG names a file: each
 * start appends `<test file>\t<what>` to it. The suite's time is mostly the CPU of these processes
 * (each `atl` costs about 0.15-0.3 s of CPU), so this is how a file's cost is measured without
 * timing anything: `ATL_TEST_SPAWN_LOG=/tmp/spawns.tsv npx vitest run test/e2e; cut -f1 /tmp/spawns.tsv | sort | uniq -c | sort -n`.
 */
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import { expect } from 'vitest';

export function noteSpawn(what: string): void {
  const log = process.env.ATL_TEST_SPAWN_LOG;
  if (!log) return;
  const testPath = expect.getState().testPath;
  appendFileSync(log, `${testPath ? relative(process.cwd(), testPath) : '?'}\t${what}\n`);
}
