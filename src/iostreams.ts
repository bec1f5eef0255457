import type { Readable, Writable } from 'node:stream';

/**
 * The terminal a command talks to. Commands never touch process.stdout directly, so tests can
 * hand in buffers and a pretend TTY.
 */
export interface IOStreams {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  /** Whether stdout is a terminal a person is reading. */
  isStdoutTTY(): boolean;
  isStdinTTY(): boolean;
  /** Colour only for a terminal, and never with --no-color or NO_COLOR. */
  colorEnabled(): boolean;
  /** Width to fit tables to; a generous fixed width when not a terminal. */
  terminalWidth(): number;
  /** Prompts are allowed only with a terminal on stdin and without --no-input. */
  canPrompt(): boolean;
}

export interface IOStreamOptions {
  noColor: boolean;
  noInput: boolean;
}

export function systemIOStreams(
  env: NodeJS.ProcessEnv,
  opts: () => IOStreamOptions,
): IOStreams {
  const stdout = process.stdout;
  return {
    // process.stdin builds a stream on first access; most commands never read it.
    get stdin() {
      return process.stdin;
    },
    stdout,
    stderr: process.stderr,
    isStdoutTTY: () => stdout.isTTY === true,
    isStdinTTY: () => process.stdin.isTTY === true,
    colorEnabled: () =>
      stdout.isTTY === true &&
      !opts().noColor &&
      (env.NO_COLOR === undefined || env.NO_COLOR === '') &&
      env.TERM !== 'dumb',
    terminalWidth: () => {
      if (stdout.isTTY === true && stdout.columns) return stdout.columns;
      const fromEnv = Number(env.COLUMNS);
      return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 160;
    },
    canPrompt: () => process.stdin.isTTY === true && !opts().noInput,
  };
}

/** Writes a line to a stream. */
export function writeLine(stream: Writable, line = ''): void {
  stream.write(`${line}\n`);
}
