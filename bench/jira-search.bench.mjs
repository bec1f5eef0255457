// `atl jira search --project LOAD --all --json` over 5,000 issues against the floor (goal: at most
// 1.15x), then the peak memory of the same search over 50,000 issues next to the floor's.
// Both run as fresh `node` processes against the same `atl sandbox` (a separate process), stdout
// to /dev/null; the floor is bench/jira-search-floor.mjs. Before timing, both print to files once
// and must print the same bytes, so the ratio compares the same work.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ATL, compare, measureRun, postJson, startSandbox, timeRun } from './lib.mjs';

const FLOOR = fileURLToPath(new URL('./jira-search-floor.mjs', import.meta.url));
const rounds = Number(process.env.BENCH_SEARCH_ROUNDS ?? 10);
const timedIssues = Number(process.env.BENCH_SEARCH_ISSUES ?? 5000);
const memoryIssues = Number(process.env.BENCH_MEMORY_ISSUES ?? 50000);
// What `atl jira search --json` requests when --fields is not given (src/jira/search.ts).
const FIELDS = 'issuetype,status,priority,assignee,updated,summary';

const scratch = mkdtempSync(join(tmpdir(), 'atl-bench-'));
const sandbox = await startSandbox();
try {
  const site = sandbox.info.url;
  const { email, token } = sandbox.info.credentials.cloud;
  const seedUrl = `${site}/rest/atl-sandbox/1.0/jira/seed`;
  await postJson(seedUrl, { email, token }, { count: timedIssues, project: 'LOAD' });

  // An env-only profile in an empty home: nothing read from or written to the user's config.
  const atlEnv = {
    PATH: process.env.PATH ?? '',
    HOME: scratch,
    ATL_CONFIG_DIR: join(scratch, 'config'),
    ATL_KEYRING: 'off',
    ATL_SITE: site,
    ATL_EMAIL: email,
    ATL_API_TOKEN: token,
  };
  const atlArgs = (project) => [ATL, 'jira', 'search', '--project', project, '--all', '--json'];
  const floorEnv = (jql) => ({ PATH: process.env.PATH ?? '', FLOOR_SITE: site, FLOOR_EMAIL: email, FLOOR_TOKEN: token, FLOOR_JQL: jql, FLOOR_FIELDS: FIELDS });

  /** Runs `node <args>` with stdout in a file; returns the file's sha256 and size, and stderr. */
  const printTo = (name, args, env) => {
    const path = join(scratch, name);
    const fd = openSync(path, 'w');
    const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
    closeSync(fd);
    if (result.status !== 0) throw new Error(`${name}: exited ${result.status}: ${result.stderr}`);
    const bytes = readFileSync(path);
    rmSync(path);
    return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, stderr: result.stderr };
  };

  /** The JQL atl sends for a project, from its --debug log, so the floor asks for exactly the same. */
  const checkSameOutput = (project, expectedCount) => {
    const atl = printTo(`atl-${project}.json`, [...atlArgs(project), '--debug'], atlEnv);
    const jql = /^jql: (.*)$/m.exec(atl.stderr)?.[1];
    if (!jql) throw new Error('atl --debug did not log its JQL');
    const floor = printTo(`floor-${project}.json`, [FLOOR], floorEnv(jql));
    if (atl.sha256 !== floor.sha256) throw new Error(`atl and the floor printed different output for ${project} (${atl.size} vs ${floor.size} bytes)`);
    const pages = (atl.stderr.match(/^--> POST /gm) ?? []).length;
    if (pages !== Math.ceil(expectedCount / 100)) throw new Error(`atl made ${pages} requests for ${expectedCount} issues, not ${Math.ceil(expectedCount / 100)}`);
    return { jql, mb: atl.size / 1024 / 1024 };
  };

  const timed = checkSameOutput('LOAD', timedIssues);
  const m = compare(
    {
      floor: () => timeRun([FLOOR], floorEnv(timed.jql)),
      atl: () => timeRun(atlArgs('LOAD'), atlEnv),
    },
    rounds,
  );
  console.log(`search --all --json over ${timedIssues} issues (${(timedIssues / 100).toFixed(0)} pages, ${timed.mb.toFixed(1)} MB of JSON), median of ${rounds} interleaved runs:`);
  console.log(`  floor (bare fetch loop) ${m.floor.toFixed(0)} ms, atl ${m.atl.toFixed(0)} ms`);
  console.log(`  ratio atl / floor: ${(m.atl / m.floor).toFixed(2)}x (goal <= 1.15x)`);

  if (memoryIssues > 0) {
    await postJson(seedUrl, { email, token }, { count: memoryIssues, project: 'BIG' });
    const big = checkSameOutput('BIG', memoryIssues);
    const floor = measureRun([FLOOR], floorEnv(big.jql));
    const atl = measureRun(atlArgs('BIG'), atlEnv);
    console.log(`search --all --json over ${memoryIssues} issues (${big.mb.toFixed(0)} MB of JSON), one run each:`);
    console.log(`  peak memory (max RSS): floor ${floor.mb.toFixed(0)} MB, atl ${atl.mb.toFixed(0)} MB (${(atl.mb / floor.mb).toFixed(2)}x)`);
    console.log(`  time: floor ${(floor.ms / 1000).toFixed(1)} s, atl ${(atl.ms / 1000).toFixed(1)} s (${(atl.ms / floor.ms).toFixed(2)}x)`);
  }
} finally {
  await sandbox.stop();
  rmSync(scratch, { recursive: true, force: true });
}
