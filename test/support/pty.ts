/**
 * Runs the built atl on a real pseudo-terminal for the e2e tests of prompts. util-linux `script`
 * (Debian's bsdutils, an Essential package, so present on every Debian system and CI image) gives
 * its command a pty; the test answers the prompts as a person would, waiting for each prompt to
 * appear before typing.
 */
import { execFileSync, spawn } from 'node:child_process';
import { ATL_BIN, type TestHome } from './atl.js';

/** Why the pty tests cannot run here, or null: `script` must exist and give its command a real TTY. */
export const noPty = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v script'], { stdio: 'ignore' });
  } catch {
    return 'util-linux `script` is not installed (apt-get install bsdutils)';
  }
  try {
    execFileSync('script', ['-qfec', 'test -t 0 && test -t 1', '/dev/null'], { stdio: ['pipe', 'ignore', 'ignore'], env: { ...process.env, SHELL: '/bin/sh' }, timeout: 10_000 });
    return null;
  } catch {
    return '`script` could not open a pseudo-terminal here (is /dev/pts mounted?)';
  }
})();

export const KEYS = { enter: '\r', down: '\u001b[B' } as const;

/** Control sequences out, so the test reads what a person sees. */
export const plain = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

const shellQuote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

export interface PtyRun {
  /** Resolves once `pattern` appears in output not yet consumed by an earlier wait. */
  waitFor(pattern: string | RegExp): Promise<void>;
  /** Types into the terminal. */
  type(keys: string): void;
  /** Waits for the prompt, then types the answer. */
  answer(prompt: string | RegExp, keys: string): Promise<void>;
  /** The exit code of atl and everything the terminal showed (control sequences removed). */
  exit(): Promise<{ code: number | null; screen: string }>;
}

/**
 * Runs the built atl on a pseudo-terminal (`script -qfec CMD /dev/null`), so stdin and stdout
 * are a TTY and prompts are shown. The waits are bounded only to turn a hang into a readable
 * failure, never to assert on timing.
 */
export function onPty(h: TestHome, args: readonly string[]): PtyRun {
  // A real size: inquirer lays its prompts out to the terminal width.
  const command = `stty cols 160 rows 40; exec ${[process.execPath, ATL_BIN, ...args].map(shellQuote).join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...h.env, SHELL: '/bin/sh', TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let raw = '';
  let consumed = 0;
  let waiter: { pattern: string | RegExp; resolve: () => void } | null = null;
  const check = () => {
    if (!waiter) return;
    const rest = plain(raw).slice(consumed);
    const match = typeof waiter.pattern === 'string' ? { index: rest.indexOf(waiter.pattern), length: waiter.pattern.length } : (() => {
      const m = waiter.pattern.exec(rest);
      return { index: m ? m.index : -1, length: m ? m[0].length : 0 };
    })();
    if (match.index < 0) return;
    consumed += match.index + match.length;
    const { resolve } = waiter;
    waiter = null;
    resolve();
  };
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    raw += d;
    check();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (raw += d));
  child.stdin.on('error', () => undefined);
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const run: PtyRun = {
    waitFor: (pattern) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${String(pattern)} on the terminal; it showed:\n${plain(raw)}`)), 15_000);
        waiter = {
          pattern,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
        check();
        void closed.then(() => {
          if (waiter?.pattern === pattern) {
            clearTimeout(timer);
            reject(new Error(`atl exited before showing ${String(pattern)}; the terminal showed:\n${plain(raw)}`));
          }
        });
      }),
    type: (keys) => child.stdin.write(keys),
    answer: async (prompt, keys) => {
      await run.waitFor(prompt);
      run.type(keys);
    },
    exit: async () => {
      const code = await closed;
      child.stdin.end();
      const screen = plain(raw);
      h.outputs.push(screen, raw);
      return { code, screen };
    },
  };
  return run;
}
