import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const ATL = fileURLToPath(new URL('../dist/atl.js', import.meta.url));
const MAX_RSS_PRELOAD = fileURLToPath(new URL('./maxrss-preload.cjs', import.meta.url));

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall time of one run of `node <args>`, in ms; stdout goes to /dev/null. */
export function timeRun(args, env = process.env) {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

/** Peak resident memory (MB) and wall time (ms) of one run of `node <args>`; stdout goes to /dev/null. */
export function measureRun(args, env = process.env) {
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--require', MAX_RSS_PRELOAD, ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const kb = /atl-bench-max-rss-kb: (\d+)/.exec(result.stderr)?.[1];
  if (!kb) throw new Error(`${args.join(' ')} did not report its memory`);
  return { mb: Number(kb) / 1024, ms };
}

/**
 * Interleaves the candidates round by round so that machine noise hits all of them alike, and
 * returns the median of each.
 */
export function compare(candidates, rounds) {
  const samples = Object.fromEntries(Object.keys(candidates).map((k) => [k, []]));
  for (let i = 0; i < rounds; i += 1) {
    for (const [name, run] of Object.entries(candidates)) samples[name].push(run());
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

/**
 * `atl sandbox --port 0 --seed empty --json` in a child process, as a user would run it. Resolves
 * once it prints its URLs and credentials; `stop()` ends it. The child is also killed if this
 * process exits first, so a failing benchmark leaves no server behind.
 */
export async function startSandbox() {
  const child = spawn(process.execPath, [ATL, 'sandbox', '--port', '0', '--seed', 'empty', '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killChild = () => child.kill('SIGTERM');
  process.on('exit', killChild);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text) => {
    stderr += text;
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const lines = createInterface({ input: child.stdout });
  const firstLine = await Promise.race([
    new Promise((resolve) => lines.once('line', resolve)),
    exited.then((code) => {
      throw new Error(`atl sandbox exited ${code} before it was ready: ${stderr}`);
    }),
  ]);
  lines.close();
  child.stdout.resume();
  const info = JSON.parse(firstLine);
  return {
    info,
    async stop() {
      process.off('exit', killChild);
      killChild();
      await exited;
    },
  };
}

/** POST with Basic auth and a JSON body; returns the parsed JSON answer. */
export async function postJson(url, { email, token }, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${new URL(url).pathname} answered ${response.status}: ${await response.text()}`);
  return response.json();
}
