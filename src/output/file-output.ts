/**
 * `--output FILE`: what a command prints on stdout goes into FILE instead, byte for byte what
 * `atl … > FILE` gives on Linux. Windows PowerShell 5.1 re-encodes what `>` redirects (UTF-16,
 * non-ASCII mangled); a file atl writes itself keeps the exact UTF-8 bytes.
 *
 * FILE is replaced atomically: the output streams into a temp file beside it (so a 100 MB listing
 * never sits in memory), which is fsynced and renamed over FILE when the command has finished. A
 * failure, Ctrl-C or a kill removes the temp file and leaves an existing FILE as it was.
 */
import { unlinkSync } from 'node:fs';
import { access, constants, open, realpath, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { atomicTempPath, replaceWithTemp } from '../auth/fsutil.js';
import type { CommandSpec } from '../commands/spec.js';
import { AtlError, usageError } from '../errors.js';
import type { Factory } from '../factory.js';
import type { IOStreams } from '../iostreams.js';

export interface FileOutput {
  /** FILE as the user wrote it, for messages. */
  readonly path: string;
  /** Where the command's stdout goes: the temp file. */
  readonly stream: Writable;
  /** Rejects when writing the temp file fails (a full disk): the run stops there. */
  readonly failed: Promise<never>;
  /** Flushes, fsyncs and renames the temp file over FILE. */
  commit(): Promise<void>;
  /** Removes the temp file; FILE stays as it was. */
  discard(): Promise<void>;
}

/** Signals whose default action kills the process without an 'exit' event (Ctrl-C exits through main's handler). */
const KILLING_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Where the temp file goes and the mode it gets. A symlink is followed, so the file it points at
 * is replaced, as `>` would write through it. An existing file keeps its mode (never widened or
 * narrowed, as with `>`); a new one gets 0666 less the umask, as with `>`.
 */
async function resolveTarget(path: string): Promise<{ target: string; mode: number | undefined }> {
  if (path === '') throw usageError('--output needs a file name', 'give a file, e.g. --output issues.csv, or - for stdout');
  const absolute = resolve(path);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(absolute);
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT' && errnoCode(err) !== 'ENOTDIR') throw err;
    const dir = dirname(absolute);
    const dirInfo = await stat(dir).catch(() => null);
    if (dirInfo === null)
      throw usageError(
        `--output ${path}: the directory ${dir} does not exist`,
        'create it first, or give a file in a directory that exists',
      );
    if (!dirInfo.isDirectory()) throw usageError(`--output ${path}: ${dir} is not a directory`, 'give a file in a directory that exists');
    return { target: absolute, mode: undefined };
  }
  if (info.isDirectory()) throw usageError(`--output ${path} is a directory`, 'give a file name in it, e.g. --output issues.csv');
  // Replacing a device or a pipe with a regular file would be wrong (and as root, /dev/null gone).
  if (!info.isFile()) throw usageError(`--output ${path} is not a regular file`, 'use --output - for stdout, or redirect with the shell');
  // Renaming over a file we may not write would succeed on POSIX (the directory decides), where `>`
  // refuses; Windows refuses to rename over a read-only file with EPERM, which would be reported
  // as a file held open. A file marked read-only for everyone (Windows' read-only attribute shows
  // as mode 0444) is refused too, even for root.
  const readOnly =
    (info.mode & 0o222) === 0 ||
    (await access(absolute, constants.W_OK).then(
      () => false,
      () => true,
    ));
  if (readOnly) throw usageError(`--output ${path} is read-only`, 'make it writable, or give another file');
  return { target: await realpath(absolute), mode: info.mode & 0o777 };
}

async function writeAll(handle: FileHandle, chunk: Buffer): Promise<void> {
  for (let offset = 0; offset < chunk.length; ) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}

/** Opens the temp file for FILE; FILE itself is not touched until commit(). */
export async function openFileOutput(path: string, platform: NodeJS.Platform = process.platform): Promise<FileOutput> {
  const { target, mode } = await resolveTarget(path);
  const temp = atomicTempPath(target);
  let handle: FileHandle;
  try {
    handle = await open(temp, 'wx', mode ?? 0o666);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw usageError(
        `--output ${path}: cannot create a file in ${dirname(target)} (${code})`,
        'give a file in a directory you can write to',
      );
    }
    throw err;
  }

  // Ctrl-C exits through process.exit (main's handler), and so does every error path; a kill by
  // SIGTERM or SIGHUP is caught, cleaned up, and re-raised so atl still dies of that signal.
  const removeTempNow = (): void => {
    try {
      unlinkSync(temp);
    } catch {
      // Already gone.
    }
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    removeGuards();
    removeTempNow();
    process.kill(process.pid, signal);
  };
  const removeGuards = (): void => {
    process.off('exit', removeTempNow);
    for (const signal of KILLING_SIGNALS) process.off(signal, onSignal);
  };
  process.on('exit', removeTempNow);
  for (const signal of KILLING_SIGNALS) process.on(signal, onSignal);

  const discard = async (): Promise<void> => {
    removeGuards();
    stream.destroy();
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
  };

  // A plain Writable over the handle rather than handle.createWriteStream(): that stream holds the
  // handle until it closes it itself, which leaves no moment to fsync before the close.
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writeAll(handle, chunk).then(() => callback(), callback);
    },
  });
  // An existing file's mode exactly, whatever the umask made of the mode given to open.
  if (mode !== undefined && platform !== 'win32') {
    try {
      await handle.chmod(mode);
    } catch (err) {
      await discard();
      throw err;
    }
  }
  const failed = new Promise<never>((_, reject) => {
    stream.once('error', (err: Error) => {
      reject(
        new AtlError('failure', `could not write ${path}: ${err.message}`, {
          hint: `${path} is unchanged; check there is space on its disk and run the command again`,
          cause: err,
        }),
      );
    });
  });
  // Observed only while a command runs (raced in runWithFileOutput); unobserved afterwards.
  failed.catch(() => undefined);

  return {
    path,
    stream,
    failed,
    async commit() {
      try {
        stream.end();
        await finished(stream);
        await handle.sync();
        await handle.close();
        await replaceWithTemp(temp, target);
      } catch (err) {
        await discard();
        throw err;
      }
      removeGuards();
    },
    discard,
  };
}

/**
 * Points `io`'s stdout at the file. The file is not a terminal: no colour, tables tab-separated
 * (unless COLUMNS asks for the aligned table), CSV cells exact, exactly as when stdout is redirected.
 */
function redirectStdout(io: IOStreams, output: FileOutput): void {
  io.stdout = output.stream;
  io.outputFile = output.path;
  io.isStdoutTTY = () => false;
  io.colorEnabled = () => false;
}

/**
 * Runs a command with its stdout going to `path`. FILE is replaced when the command returns, with
 * whatever exit code it returns (`auth test`'s 3, a bulk run's 1: their output is complete and says
 * what failed); when it throws, FILE is left as it was. stderr is not redirected.
 */
export async function runWithFileOutput<T>(
  f: Factory,
  spec: Pick<CommandSpec<never>, 'path' | 'refusesOutputFile'>,
  path: string,
  run: () => Promise<T>,
): Promise<T> {
  if (spec.refusesOutputFile !== undefined) {
    throw usageError(`--output does not apply to \`atl ${spec.path.join(' ')}\`: ${spec.refusesOutputFile}`, 'leave --output out');
  }
  const output = await openFileOutput(path);
  redirectStdout(f.io, output);
  let result: T;
  try {
    result = await Promise.race([run(), output.failed]);
  } catch (err) {
    await output.discard();
    throw err;
  }
  await output.commit();
  // A person at a terminal sees nothing else on stdout; a script's stderr stays quiet.
  if (f.io.stderr.isTTY === true) f.io.stderr.write(`wrote ${path}\n`);
  return result;
}
