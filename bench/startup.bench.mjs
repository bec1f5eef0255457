// Start-up of `atl --version`, `atl --help` and `atl jira --help` against bare `node -e 0`, in wall
// time (goal: at most 1.15x for both help commands; both are answered by the entry from help text
// the build rendered, see src/main.ts). On a shared machine wall time is noisy, so the runs are
// interleaved, the median is taken, and the CPU time the children used is printed beside it.
import { readFileSync } from 'node:fs';
import { ATL, compare, timeRun } from './lib.mjs';

const rounds = Number(process.env.BENCH_ROUNDS ?? 30);
const env = { ...process.env, NO_COLOR: '1' };
const runs = {
  node: ['-e', '0'],
  version: [ATL, '--version'],
  help: [ATL, '--help'],
  jiraHelp: [ATL, 'jira', '--help'],
};

/** User + system CPU time of this process's finished children, in ms (Linux /proc; null elsewhere). */
function childrenCpuMs() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    // Fields 16 and 17 of stat (cutime, cstime), counted from after the command name, in clock ticks of 10 ms.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

const cpu = Object.fromEntries(Object.keys(runs).map((name) => [name, 0]));
const timed = (name) => () => {
  const before = childrenCpuMs();
  const ms = timeRun(runs[name], env);
  if (before !== null) cpu[name] += childrenCpuMs() - before;
  return ms;
};

// Warm the file cache first.
for (let i = 0; i < 3; i += 1) for (const args of Object.values(runs)) timeRun(args, env);
const m = compare(Object.fromEntries(Object.keys(runs).map((name) => [name, timed(name)])), rounds);
const ratio = (x) => (x / m.node).toFixed(2);
console.log(
  `median of ${rounds} runs: node -e 0 ${m.node.toFixed(1)} ms, atl --version ${m.version.toFixed(1)} ms, atl --help ${m.help.toFixed(1)} ms, atl jira --help ${m.jiraHelp.toFixed(1)} ms`,
);
console.log(
  `startup ratio vs node -e 0 (wall): --version ${ratio(m.version)}x, --help ${ratio(m.help)}x, jira --help ${ratio(m.jiraHelp)}x (goal <= 1.15x for --help and jira --help)`,
);
if (childrenCpuMs() !== null) {
  const cpuRatio = (name) => (cpu[name] / cpu.node).toFixed(2);
  console.log(
    `startup ratio vs node -e 0 (CPU, total of ${rounds} runs): --version ${cpuRatio('version')}x, --help ${cpuRatio('help')}x, jira --help ${cpuRatio('jiraHelp')}x`,
  );
}
