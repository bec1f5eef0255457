// A long-running `atl` (the sandbox) started as users start it: in the foreground, its stdout read
// until it says it is ready, stopped with a signal.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { ATL_BIN, ATL_RUN_TIMEOUT_MS, type TestHome } from './atl.js';
import { noteSpawn } from './spawn-log.js';

export interface Running {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with stdout once `until` matches it. */
  output: Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts `atl args` in `home`; `output` resolves with stdout once it matches `until`, `exit` when it ends. */
export function startAtl(home: TestHome, args: readonly string[], until: RegExp, env: Record<string, string> = {}): Running {
  noteSpawn(`atl ${args.slice(0, 3).join(' ')}`);
  const child = spawn(process.execPath, [ATL_BIN, ...args], { env: { ...home.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  // A safety net so a hung child cannot outlive the test run; not an assertion on time.
  // ATL_RUN_TIMEOUT_MS, not less: on a loaded machine a whole test took over 20 s, and the sandbox
  // killed under it failed the test with "could not reach".
  const guard = setTimeout(() => child.kill('SIGKILL'), ATL_RUN_TIMEOUT_MS);
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stderr });
    });
  });
  const output = new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (until.test(stdout)) resolve(stdout);
    });
    void exit.then(({ code }) => reject(new Error(`atl exited (${code}) before printing what was expected:\n${stdout}\n${stderr}`)));
  });
  return { child, output, exit };
}
