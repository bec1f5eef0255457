import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const ATL = fileURLToPath(new URL('../dist/atl.js', import.meta.url));

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall time of one run of a command, in ms. */
export function timeRun(args, env = process.env) {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return elapsed;
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
