import { AtlError, ExitCode, toAtlError } from './errors.js';
import { createFactory, type Factory } from './factory.js';

/** Prints an error the one way every command does: text lines, plus a JSON object with --json. */
export function reportError(f: Factory, err: unknown): number {
  const error = toAtlError(err);
  const stderr = f.io.stderr;
  stderr.write(`error: ${error.message}\n`);
  if (error.hint) stderr.write(`hint: ${error.hint}\n`);
  if (f.globals.json) stderr.write(`${JSON.stringify(error.toJSON())}\n`);
  if (f.globals.debug && err instanceof Error && err.stack) {
    stderr.write(`${err.stack}\n`);
    if (err.cause instanceof Error && err.cause.stack) stderr.write(`caused by: ${err.cause.stack}\n`);
  }
  return error.exitCode;
}

async function flushAndExit(code: number): Promise<never> {
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
  process.exit(code);
}

async function main(argv: string[]): Promise<void> {
  // The common `--version` needs none of the command tree.
  if (argv.length === 1 && argv[0] === '--version') {
    process.stdout.write(`atl ${__ATL_VERSION__}\n`);
    return;
  }
  const f = createFactory(process.env);
  process.on('SIGINT', () => {
    f.io.stderr.write('\ninterrupted\n');
    process.exit(ExitCode.interrupted);
  });
  // `atl ... | head` closes the pipe early: that is not a failure.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  try {
    const { runCli } = await import('./cli.js');
    await runCli(f, argv);
    await flushAndExit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  } catch (err) {
    await flushAndExit(reportError(f, err instanceof AtlError ? err : err));
  }
}

void main(process.argv.slice(2));
