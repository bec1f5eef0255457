// Start-up of `atl --version` and `atl --help` against bare `node -e 0` (goal: at most 1.3x).
import { ATL, compare, timeRun } from './lib.mjs';

const rounds = Number(process.env.BENCH_ROUNDS ?? 30);
const env = { ...process.env, NO_COLOR: '1' };
// Warm the file cache first.
for (let i = 0; i < 3; i += 1) { timeRun(['-e', '0'], env); timeRun([ATL, '--version'], env); timeRun([ATL, '--help'], env); }
const m = compare(
  {
    node: () => timeRun(['-e', '0'], env),
    version: () => timeRun([ATL, '--version'], env),
    help: () => timeRun([ATL, '--help'], env),
  },
  rounds,
);
const ratio = (x) => (x / m.node).toFixed(2);
console.log(`median of ${rounds} runs: node -e 0 ${m.node.toFixed(1)} ms, atl --version ${m.version.toFixed(1)} ms, atl --help ${m.help.toFixed(1)} ms`);
console.log(`startup ratio vs node -e 0: --version ${ratio(m.version)}x, --help ${ratio(m.help)}x (goal <= 1.3x)`);
