/**
 * Runs the built atl on a pseudo-terminal, as a person's terminal would, through @lydell/node-pty:
 * node-pty with prebuilt binaries for Linux, macOS and Windows (ConPTY), installed through
 * optionalDependencies with no download or compile step. The same tests so run on all three
 * (GNU `script`, used before, exists only on Linux). A test dependency only: dist/ never loads it.
 *
 * On a pty, stdout and stderr both go to the one terminal, as they do for a person.
 */
import { createRequire } from 'node:module';
import type { IPty } from '@lydell/node-pty';
import type { TestHome } from './atl.js';
import { ATL_BIN } from './atl.js';
import { noteSpawn } from './spawn-log.js';

type NodePty = typeof import('@lydell/node-pty');

/** The pty library, or why it cannot be loaded here (no prebuilt binary for this platform). */
function loadPty(): NodePty | string {
  try {
    return createRequire(import.meta.url)('@lydell/node-pty') as NodePty;
  } catch (err) {
    return `@lydell/node-pty could not be loaded (${(err as Error).message.split('\n')[0]})`;
  }
}

const loaded = loadPty();

/** Keys as a terminal sends them. */
export const KEYS = { enter: '\r', down: '\u001b[B' } as const;

/** Control sequences and carriage returns out, so a test reads what a person sees. */
export const plain = (text: string) =>
  text
    .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')
    .replace(/\u001b\][^\u0007]*\u0007/g, '')
    .replace(/\r/g, '');

export interface PtyOptions {
  env: NodeJS.ProcessEnv;
  /** Terminal width: inquirer lays its prompts out to it, and atl's help wraps to it. */
  columns?: number;
  rows?: number;
}

export interface PtyRun {
  /** Resolves once `pattern` appears in output not yet consumed by an earlier wait. */
  waitFor(pattern: string | RegExp): Promise<void>;
  /** Types into the terminal. */
  type(keys: string): void;
  /** Waits for the prompt, then types the answer. */
  answer(prompt: string | RegExp, keys: string): Promise<void>;
  /** The exit code and everything the terminal showed, raw (as written) and plain (see `plain`). */
  exit(): Promise<{ code: number; raw: string; screen: string }>;
}

/** How long a wait may last: only to turn a hang into a readable failure, never to assert on timing. */
const WAIT_MS = 15_000;

/** Runs `node <script> args` on a new pseudo-terminal. */
export function onPty(script: string, args: readonly string[], options: PtyOptions): PtyRun {
  if (typeof loaded === 'string') throw new Error(loaded);
  const env = Object.fromEntries(
    Object.entries({ ...options.env, TERM: 'xterm' }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  noteSpawn(`pty ${args.slice(0, 3).join(' ')}`);
  const child: IPty = loaded.spawn(process.execPath, [script, ...args], {
    name: 'xterm',
    cols: options.columns ?? 160,
    rows: options.rows ?? 40,
    env,
  });
  let raw = '';
  let consumed = 0;
  let waiter: { pattern: string | RegExp; resolve: () => void } | null = null;
  const check = () => {
    if (!waiter) return;
    const rest = plain(raw).slice(consumed);
    const pattern = waiter.pattern;
    const found =
      typeof pattern === 'string'
        ? { index: rest.indexOf(pattern), length: pattern.length }
        : (() => {
            const m = pattern.exec(rest);
            return { index: m ? m.index : -1, length: m ? m[0].length : 0 };
          })();
    if (found.index < 0) return;
    consumed += found.index + found.length;
    const { resolve } = waiter;
    waiter = null;
    resolve();
  };
  child.onData((data) => {
    raw += data;
    check();
  });
  const exited = new Promise<number>((resolve) => child.onExit(({ exitCode }) => resolve(exitCode)));
  let done = false;
  void exited.then(() => (done = true));
  const run: PtyRun = {
    waitFor: (pattern) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          if (!done) child.kill();
          reject(new Error(`no ${String(pattern)} on the terminal; it showed:\n${plain(raw)}`));
        }, WAIT_MS);
        waiter = {
          pattern,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
        check();
        void exited.then(() => {
          if (waiter?.pattern === pattern) {
            clearTimeout(timer);
            reject(new Error(`the program exited before showing ${String(pattern)}; the terminal showed:\n${plain(raw)}`));
          }
        });
      }),
    type: (keys) => child.write(keys),
    answer: async (prompt, keys) => {
      await run.waitFor(prompt);
      run.type(keys);
    },
    exit: async () => {
      const code = await exited;
      return { code, raw, screen: plain(raw) };
    },
  };
  return run;
}

/** atl (dist/atl.js) on a pseudo-terminal in a test home; what the terminal showed joins the home's outputs, for its leak check. */
export function atlOnPty(h: TestHome, args: readonly string[]): PtyRun {
  const run = onPty(ATL_BIN, args, { env: h.env });
  return {
    ...run,
    exit: async () => {
      const result = await run.exit();
      h.outputs.push(result.screen, result.raw);
      return result;
    },
  };
}

/**
 * Why these tests cannot run here, or null: the library must load and give a child a real TTY on
 * both stdin and stdout. Checked once, by running node on a pty.
 */
export async function whyNoPty(): Promise<string | null> {
  if (typeof loaded === 'string') return loaded;
  try {
    const probe = onPty('-e', ['process.exit(process.stdin.isTTY && process.stdout.isTTY ? 0 : 7)'], { env: { PATH: process.env.PATH } });
    const { code } = await probe.exit();
    return code === 0 ? null : 'the pseudo-terminal did not give its program a TTY';
  } catch (err) {
    return `no pseudo-terminal could be opened (${(err as Error).message})`;
  }
}
