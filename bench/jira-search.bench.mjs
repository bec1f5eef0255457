// `atl jira search --project P --all --json` against the floor (bench/jira-search-floor.mjs, a bare
// fetch loop that writes once per page), in CPU time (user + system, as the child process itself
// measured it): goal at most 1.10x over 10,000 issues, and at most 1.15x over 1,234 issues (13
// pages), where atl's fixed start-up cost shows. Then the peak memory of the same search over
// 50,000 issues next to the floor's. Both run as fresh `node` processes against the same
// `atl sandbox` (a separate process), stdout to /dev/null. Before timing, both print to files once
// and must print the same bytes, so the ratio compares the same work.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare, cpuRun, measureRun, postJson, searchRunners, startSandbox } from './lib.mjs';

const cases = [
  {
    project: 'LOAD',
    issues: Number(process.env.BENCH_SEARCH_ISSUES ?? 10000),
    rounds: Number(process.env.BENCH_SEARCH_ROUNDS ?? 7),
    goal: 1.1,
  },
  { project: 'SMALL', issues: 1234, rounds: Number(process.env.BENCH_SMALL_ROUNDS ?? 15), goal: 1.15 },
];
const memoryIssues = Number(process.env.BENCH_MEMORY_ISSUES ?? 50000);

const scratch = mkdtempSync(join(tmpdir(), 'atl-bench-'));
const sandbox = await startSandbox();
try {
  const seedUrl = `${sandbox.info.url}/rest/atl-sandbox/1.0/jira/seed`;
  const credentials = sandbox.info.credentials.cloud;
  const search = searchRunners(sandbox, scratch, 'cloud');
  for (const { project, issues, rounds, goal } of cases) {
    await postJson(seedUrl, credentials, { count: issues, project });
    const { jql, mb } = search.checkSameOutput(project, issues);
    const m = compare({ floor: () => cpuRun(...search.floor(jql)), atl: () => cpuRun(...search.atl(project)) }, rounds);
    console.log(
      `search --all --json over ${issues} issues (${Math.ceil(issues / 100)} pages, ${mb.toFixed(1)} MB of JSON), CPU time, median of ${rounds} interleaved runs:`,
    );
    console.log(`  floor (bare fetch loop, one write per page) ${m.floor.toFixed(0)} ms, atl ${m.atl.toFixed(0)} ms`);
    console.log(`  ratio atl / floor: ${(m.atl / m.floor).toFixed(2)}x (goal <= ${goal.toFixed(2)}x)`);
  }

  if (memoryIssues > 0) {
    await postJson(seedUrl, credentials, { count: memoryIssues, project: 'BIG' });
    const big = search.checkSameOutput('BIG', memoryIssues);
    const floor = measureRun(...search.floor(big.jql));
    const atl = measureRun(...search.atl('BIG'));
    console.log(`search --all --json over ${memoryIssues} issues (${big.mb.toFixed(0)} MB of JSON), one run each:`);
    console.log(
      `  peak memory (max RSS): floor ${floor.mb.toFixed(0)} MB, atl ${atl.mb.toFixed(0)} MB (${(atl.mb / floor.mb).toFixed(2)}x)`,
    );
    console.log(
      `  CPU time: floor ${(floor.cpuMs / 1000).toFixed(1)} s, atl ${(atl.cpuMs / 1000).toFixed(1)} s (${(atl.cpuMs / floor.cpuMs).toFixed(2)}x)`,
    );
  }
} finally {
  await sandbox.stop();
  rmSync(scratch, { recursive: true, force: true });
}
