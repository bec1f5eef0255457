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
  /** Width to fit tables to: COLUMNS when set, else the terminal's, else a generous fixed width. */
  terminalWidth(): number;
  /**
   * The width a person asked for with COLUMNS, if any. Optional so test fakes need not have it.
   * With it, tables are drawn aligned and truncated for a person even when stdout is a pipe.
   */
  requestedWidth?(): number | undefined;
  /** Prompts are allowed only with a terminal on stdin and without --no-input. */
  canPrompt(): boolean;
  /** Set while --output sends stdout to this file (as the user wrote it); see output/file-output.ts. */
  outputFile?: string;
  /** Set with --jq (src/cli.ts): the JSON exporter (cmdutil/json.ts) runs its output through it. */
  jsonFilter?: JsonFilter;
}

/** `--jq EXPR` compiled (src/cmdutil/jq.ts): what the JSON exporter (src/cmdutil/json.ts) runs its output through. */
export interface JsonFilter {
  /** What `jq -r EXPR` prints for this JSON text. Throws a usage error (exit 2) with jq's message. */
  apply(json: string): string;
  /**
   * EXPR on an array gives the same as EXPR on each part of it in turn (`.[] | ...`), so a listing
   * is filtered page by page as it streams; otherwise the whole array is collected first.
   */
  readonly perElement: boolean;
}

export interface IOStreamOptions {
  noColor: boolean;
  noInput: boolean;
}

export function systemIOStreams(env: NodeJS.ProcessEnv, opts: () => IOStreamOptions): IOStreams {
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
      stdout.isTTY === true && !opts().noColor && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb',
    // COLUMNS wins over the terminal's own size, as with ls and most Unix tools.
    terminalWidth: () => columnsFromEnv(env) ?? (stdout.isTTY === true && stdout.columns ? stdout.columns : 160),
    requestedWidth: () => columnsFromEnv(env),
    canPrompt: () => process.stdin.isTTY === true && !opts().noInput,
  };
}

/** COLUMNS as a positive whole number, or undefined when unset or not a number. */
export function columnsFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.COLUMNS?.trim();
  if (!raw || !/^\d+$/.test(raw)) return undefined;
  const columns = Number(raw);
  return columns > 0 ? columns : undefined;
}

/** Writes a line to a stream. */
export function writeLine(stream: Writable, line = ''): void {
  stream.write(`${line}\n`);
}
