// `atl confluence docs pull` of a 1,000-page space, then a no-op `atl confluence docs push` of the
// same folder, against the floor: a sequential fetch loop over the same pages
// (bench/docs-sync-floor.mjs, the requests a minimal client needs to get each storage body).
//
// The space is the demo seed's DOCS (32 pages) plus 968 pages seeded in memory through the
// sandbox's seed endpoint, with realistic bodies built from DOCS's own (every construct the
// converter knows, layouts, unknown macros): most a single DOCS body, some ~5 KB, one in ten ~20 KB
// with a long code block and a 60-row table. Every Confluence request is held BENCH_DOCS_LATENCY_MS
// (default 50 ms) by the sandbox's `delay` fault, as a real site's latency; wall time, median of
// interleaved runs. Goals: pull at most 0.6x the sequential loop (4 pages at a time); the no-op push
// sends no write request (counted from the sandbox's request log, `GET /__sandbox/requests`).
import { readdirSync, rmSync, mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchBodies } from './docs-bodies.mjs';
import { ATL, compare, envOnlyProfile, measureRun, median, postJson, startSandbox, timeRun } from './lib.mjs';

const PAGES = 1000;
const rounds = Number(process.env.BENCH_DOCS_ROUNDS ?? 3);
const latencyMs = Number(process.env.BENCH_DOCS_LATENCY_MS ?? 50);
const otherBuild = process.env.BENCH_DOCS_BEFORE;
// BENCH_DOCS_PROFILE=DIR: the untimed pull and push write CPU profiles (node --cpu-prof) there.
const profile = process.env.BENCH_DOCS_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_DOCS_PROFILE] : [];
const FLOOR = fileURLToPath(new URL('./docs-sync-floor.mjs', import.meta.url));
const SPACE = 'DOCS';

const scratch = mkdtempSync(join(tmpdir(), 'atl-bench-'));
const sandbox = await startSandbox('demo');
try {
  const site = sandbox.info.url;
  const credentials = sandbox.info.credentials.cloud;
  const auth = {
    accept: 'application/json',
    authorization: `Basic ${Buffer.from(`${credentials.email}:${credentials.token}`).toString('base64')}`,
  };
  const read = async (path) => (await fetch(`${site}${path}`, { headers: auth })).json();
  const spaceId = (await read(`/wiki/api/v2/spaces?keys=${SPACE}`)).results[0].id;
  const docs = (await read(`/wiki/api/v2/spaces/${spaceId}/pages?status=current&body-format=storage&limit=250`)).results;
  const bodies = benchBodies(docs.map((page) => page.body.storage.value));
  await postJson(`${site}/rest/atl-sandbox/1.0/confluence/seed`, credentials, {
    space: SPACE,
    count: PAGES - docs.length,
    prefix: 'Bench Page',
    bodies,
  });
  const kb = bodies.map((body) => body.length / 1024);
  if (latencyMs > 0)
    await postJson(`${site}/__sandbox/faults`, credentials, { pathPattern: '^/wiki/', type: 'delay', ms: latencyMs, times: 10_000_000 });

  const atlEnv = envOnlyProfile(scratch, site, credentials);

  const floorEnv = {
    PATH: process.env.PATH ?? '',
    FLOOR_SITE: site,
    FLOOR_EMAIL: credentials.email,
    FLOOR_TOKEN: credentials.token,
    FLOOR_SPACE: SPACE,
  };
  const requestLog = async () => (await fetch(`${site}/__sandbox/requests`)).json();

  // Once untimed: the floor sees every page, the pull writes one file per page, the no-op push writes nothing.
  const floor = JSON.parse(spawnSync(process.execPath, [FLOOR], { env: floorEnv, encoding: 'utf8' }).stdout);
  if (floor.pages !== PAGES) throw new Error(`the floor fetched ${floor.pages} pages, not ${PAGES}`);
  const folder = join(scratch, 'docs');
  const before = (await requestLog()).length;
  timeRun([...profile, ATL, 'confluence', 'docs', 'pull', SPACE, folder], atlEnv);
  const pulled = (await requestLog()).slice(before).filter((entry) => entry.path.startsWith('/wiki/'));
  const files = readdirSync(folder, { recursive: true }).filter(
    (name) => String(name).endsWith('.md') && !String(name).startsWith('.atl'),
  ).length;
  if (files !== PAGES) throw new Error(`the pull wrote ${files} Markdown files, not ${PAGES}`);
  const pushFrom = (await requestLog()).length;
  timeRun([...profile, ATL, 'confluence', 'docs', 'push', '--dir', folder], atlEnv);
  const pushed = (await requestLog()).slice(pushFrom).filter((entry) => entry.path.startsWith('/wiki/'));
  const pushWrites = pushed.filter((entry) => entry.method !== 'GET').length;

  let round = 0;
  // Wall time is the figure; the CPU time each pull took (user + system, from the process itself) is kept
  // beside it, since on a loaded machine it tells builds apart more steadily.
  const cpu = { pull: [], pullBefore: [] };
  const pullWith = (build, name) => () => {
    const target = join(scratch, `${name}-${round++}`);
    const { ms, cpuMs } = measureRun([build, 'confluence', 'docs', 'pull', SPACE, target], atlEnv);
    cpu[name].push(cpuMs);
    rmSync(target, { recursive: true, force: true });
    return ms;
  };
  const m = compare(
    {
      floor: () => timeRun([FLOOR], floorEnv),
      pull: pullWith(ATL, 'pull'),
      push: () => timeRun([ATL, 'confluence', 'docs', 'push', '--dir', folder], atlEnv),
      // BENCH_DOCS_BEFORE=path/to/other/dist/atl.js: the same pull with another build, for before/after figures.
      ...(otherBuild ? { pullBefore: pullWith(otherBuild, 'pullBefore') } : {}),
    },
    rounds,
  );
  console.log(
    `docs sync of ${SPACE}, ${PAGES} pages (${(floor.bytes / 1024 / 1024).toFixed(1)} MB of storage; bodies ${Math.min(...kb).toFixed(1)}-${Math.max(...kb).toFixed(1)} KB), ${latencyMs} ms server latency, wall time, median of ${rounds} interleaved runs:`,
  );
  console.log(
    `  sequential fetch loop ${m.floor.toFixed(0)} ms, atl docs pull ${m.pull.toFixed(0)} ms, no-op atl docs push ${m.push.toFixed(0)} ms`,
  );
  console.log(`  ratio pull / sequential: ${(m.pull / m.floor).toFixed(2)}x (goal <= 0.6x)`);
  console.log(`  atl docs pull CPU time ${median(cpu.pull).toFixed(0)} ms`);
  if (otherBuild) {
    console.log(`  ratio pull with ${otherBuild} / sequential: ${(m.pullBefore / m.floor).toFixed(2)}x`);
    console.log(`  pull CPU time, this build / ${otherBuild}: ${(median(cpu.pull) / median(cpu.pullBefore)).toFixed(2)}x`);
  }
  console.log(`  ratio no-op push / sequential: ${(m.push / m.floor).toFixed(2)}x`);
  console.log(`  pull requests: ${pulled.length} (${pulled.filter((entry) => entry.method !== 'GET').length} not GET)`);
  console.log(`  no-op push requests: ${pushed.length}, not GET: ${pushWrites} (goal 0)`);
  if (pushWrites !== 0) throw new Error(`the no-op push sent ${pushWrites} write requests`);
} finally {
  await sandbox.stop();
  rmSync(scratch, { recursive: true, force: true });
}
