import { ExitCode, toAtlError } from './errors.js';
import { runCli } from './cli.js';
import { createFactory } from './create-factory.js';
import type { Factory } from './factory.js';

/**
 * Prints an error the one way every command does: text lines, plus a JSON object with --json.
 * Last line of defence: any token this run handled is redacted wherever the error came from, and
 * the text lines (which quote server messages) cannot carry terminal escape sequences.
 */
export async function reportError(f: Factory, err: unknown): Promise<number> {
  // Loaded only when there is an error to print: a successful run never pays for them.
  const [{ redactRememberedSecrets }, { sanitizeText }] = await Promise.all([import('./http/redact.js'), import('./output/terminal.js')]);
  const error = toAtlError(err);
  const stderr = f.io.stderr;
  const message = redactRememberedSecrets(error.message);
  const hint = error.hint === undefined ? undefined : redactRememberedSecrets(error.hint);
  stderr.write(`error: ${sanitizeText(message)}\n`);
  if (hint) stderr.write(`hint: ${sanitizeText(hint)}\n`);
  if (f.globals.json) {
    const json = error.toJSON();
    json.error.message = message;
    if (hint !== undefined) json.error.hint = hint;
    stderr.write(`${JSON.stringify(json)}\n`);
  }
  if (f.globals.debug && err instanceof Error && err.stack) {
    stderr.write(`${sanitizeText(redactRememberedSecrets(err.stack))}\n`);
    if (err.cause instanceof Error && err.cause.stack)
      stderr.write(`caused by: ${sanitizeText(redactRememberedSecrets(err.cause.stack))}\n`);
  }
  return error.exitCode;
}

async function flushAndExit(code: number): Promise<never> {
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
  process.exit(code);
}

/**
 * A write to a pipe whose reader has gone (`atl ... | head`). POSIX says EPIPE; Windows (Git Bash,
 * PowerShell) says EOF for the same thing, and treating that as a crash printed a stack trace.
 */
export function isClosedPipe(err: NodeJS.ErrnoException): boolean {
  return err.code === 'EPIPE' || err.code === 'EOF';
}

/** Runs the CLI for `argv` (without node and the script) and exits with its code. */
export async function run(argv: string[]): Promise<void> {
  const f = createFactory(process.env);
  // On a terminal, nothing a command prints (server text included) may drive it; see terminal.ts.
  // (Piped streams are left as they are, so the module is loaded only for a terminal.)
  if (f.io.stdout.isTTY === true || f.io.stderr.isTTY === true) {
    const { terminalSafeStream } = await import('./output/terminal.js');
    f.io.stdout = terminalSafeStream(f.io.stdout);
    f.io.stderr = terminalSafeStream(f.io.stderr);
  }
  process.on('SIGINT', () => {
    f.io.stderr.write('\ninterrupted\n');
    process.exit(ExitCode.interrupted);
  });
  // `atl ... | head` closes the pipe early: that is not a failure. A closed stderr is not either:
  // there is nowhere left to report anything, so what stdout carries decides the exit code.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (isClosedPipe(err)) process.exit(process.exitCode ?? 0);
    throw err;
  });
  process.stderr.on('error', (err: NodeJS.ErrnoException) => {
    if (!isClosedPipe(err)) throw err;
  });
  try {
    await runCli(f, argv);
    await flushAndExit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  } catch (err) {
    await flushAndExit(await reportError(f, err));
  }
}
