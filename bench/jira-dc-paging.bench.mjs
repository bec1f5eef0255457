// Offset paging with server latency: `atl jira search --project P --all --json` on Data Center
// (GET /rest/api/2/search with startAt), which fetches the pages after the first 4 at a time, against
// the floor's sequential fetch loop over the same pages (bench/jira-search-floor.mjs, FLOOR_MODE=dc).
// Every search request is held 50 ms by the sandbox's `delay` fault. Wall time, median of interleaved
// runs; goal: atl at most 0.45x the sequential loop.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare, postJson, searchRunners, startSandbox, timeRun } from './lib.mjs';

const issues = Number(process.env.BENCH_DC_ISSUES ?? 5000);
const rounds = Number(process.env.BENCH_DC_ROUNDS ?? 5);
const LATENCY_MS = 50;

const scratch = mkdtempSync(join(tmpdir(), 'atl-bench-'));
const sandbox = await startSandbox();
try {
  const credentials = sandbox.info.credentials.cloud;
  await postJson(`${sandbox.info.url}/rest/atl-sandbox/1.0/jira/seed`, credentials, { count: issues, project: 'LATE' });
  const search = searchRunners(sandbox, scratch, 'dc');
  // Every search from here on waits 50 ms before the sandbox answers it.
  await postJson(`${sandbox.info.url}/__sandbox/faults`, credentials, {
    path: '/dc/rest/api/2/search',
    type: 'delay',
    ms: LATENCY_MS,
    times: 1_000_000,
  });
  const { jql } = search.checkSameOutput('LATE', issues);
  const m = compare({ floor: () => timeRun(...search.floor(jql)), atl: () => timeRun(...search.atl('LATE')) }, rounds);
  console.log(
    `Data Center search --all --json over ${issues} issues (${Math.ceil(issues / 100)} pages), ${LATENCY_MS} ms server latency, wall time, median of ${rounds} interleaved runs:`,
  );
  console.log(`  sequential fetch loop ${m.floor.toFixed(0)} ms, atl (4 pages at a time) ${m.atl.toFixed(0)} ms`);
  console.log(`  ratio atl / sequential: ${(m.atl / m.floor).toFixed(2)}x (goal <= 0.45x)`);
} finally {
  await sandbox.stop();
  rmSync(scratch, { recursive: true, force: true });
}
