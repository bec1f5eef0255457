/**
 * Safe file writes for the config and the secret store: private directories, atomic replacement
 * and a cross-process lock. Two `atl` processes may run at once (two terminals logging in), and a
 * process may be killed at any moment; neither may lose or corrupt what is on disk.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hostname, homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { chmod, link, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { AtlError } from '../errors.js';

const isWindows = process.platform === 'win32';

export interface OwnershipOptions {
  /** For tests; the checks are skipped on Windows, where modes do not describe ACLs. */
  platform?: NodeJS.Platform;
  /** The user who must own the path; the current user by default. */
  uid?: number;
}

/**
 * Like ssh's StrictModes: refuses (exit 2, naming the path and the fix) a config or state dir, or a
 * file in one, that is not owned by the current user or that group or others may write. Someone
 * else who can write there can swap the config (and so the site a token goes to) or the key. A
 * path that does not exist passes: atl creates it itself, privately.
 */
export async function assertPrivatePath(path: string, options: OwnershipOptions = {}): Promise<void> {
  const platform = options.platform ?? process.platform;
  if (platform === 'win32') return;
  const uid = options.uid ?? process.getuid?.();
  if (uid === undefined) return;
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const what = info.isDirectory() ? 'directory' : 'file';
  if (info.uid !== uid) {
    throw new AtlError(
      'config',
      `${path} is owned by another user (uid ${info.uid}, not ${uid}); atl will not use a ${what} someone else controls`,
      {
        hint: `if it is yours, run: sudo chown ${uid} ${path}; otherwise point ATL_CONFIG_DIR (or ATL_STATE_DIR) at a ${what === 'directory' ? 'directory' : 'place'} of your own`,
      },
    );
  }
  if ((info.mode & 0o022) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
    throw new AtlError(
      'config',
      `${path} can be written by ${info.mode & 0o002 ? 'other users' : 'its group'} (mode ${mode}); atl will not read or write settings or secrets there`,
      {
        hint: `run: chmod ${what === 'directory' ? '700' : '600'} ${path}`,
      },
    );
  }
}

/** assertPrivatePath for a directory and the given files in it, in that order. */
export async function assertPrivatePaths(dir: string, files: readonly string[], options: OwnershipOptions = {}): Promise<void> {
  await assertPrivatePath(dir, options);
  for (const file of files) await assertPrivatePath(join(dir, file), options);
}

/**
 * Creates `dir` (and parents) with mode 0700. An existing directory that others can read is
 * tightened to 0700 when it is ours to tighten: owned by this user, not a shared sticky directory
 * such as /tmp, and not the home directory itself.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (isWindows) return;
  const info = await stat(dir);
  if ((info.mode & 0o077) === 0) return;
  const ownedByUs = typeof process.getuid === 'function' && info.uid === process.getuid();
  const sticky = (info.mode & 0o1000) !== 0;
  if (ownedByUs && !sticky && dir !== homedir()) await chmod(dir, 0o700);
}

/**
 * Error codes Windows gives while another process (antivirus, the search indexer, a reader) briefly
 * holds a file: the operation succeeds once it lets go. Retried on every platform, so this path is
 * exercised by the tests here too.
 */
const TRANSIENT_FS_CODES: ReadonlySet<string> = new Set(['EPERM', 'EACCES', 'EBUSY']);

/** Waits between attempts: about 3.5 seconds in all, long enough for a scanner to let go. */
export const TRANSIENT_RETRY_DELAYS_MS: readonly number[] = [10, 20, 40, 80, 160, 320, 640, 1000, 1200];

const TRANSIENT_BUDGET_MS = TRANSIENT_RETRY_DELAYS_MS.reduce((sum, ms) => sum + ms, 0);

export function isTransientFsError(err: unknown): boolean {
  return TRANSIENT_FS_CODES.has((err as NodeJS.ErrnoException | undefined)?.code ?? '');
}

/** Runs `op`, retrying it after each delay in turn while it fails with a transient code. */
export async function retryTransientFs<T>(op: () => Promise<T>, delaysMs: readonly number[] = TRANSIENT_RETRY_DELAYS_MS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (!isTransientFsError(err) || attempt >= delaysMs.length) throw err;
      await sleep(delaysMs[attempt]!);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface AtomicWriteOptions {
  /** The waits between rename attempts while another process holds the target (tests shorten it). */
  retryDelaysMs?: readonly number[];
  /**
   * One of many files written in a row into one directory (the docs sync's base copies, thousands in
   * `.atl/base`): the file mode is left to the umask, and the directory fsync and the sweep for orphan
   * temp files, which reads the whole directory (quadratic over a batch), are left to one
   * syncDirectory(dir) call after the batch.
   */
  batch?: boolean;
}

/**
 * Replaces `path` with `data` so that a reader, or a crash at any point, sees either the old file
 * or the new one, never a mix: write a temp file in the same directory, fsync it, rename it over
 * the target, then fsync the directory so the rename itself is durable.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  mode = 0o600,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const temp = atomicTempPath(path);
  const handle = await open(temp, 'wx', mode);
  try {
    try {
      await handle.writeFile(data);
      // The umask may have masked the mode given to open; the file must end up exactly `mode`.
      if (!isWindows && !options.batch) await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await replaceWithTemp(temp, path, options);
}

/** A fresh temp file name beside `path` (same directory, so renaming it over `path` is atomic). */
export function atomicTempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/**
 * The second half of writeFileAtomic, for writers that fill the temp file (from atomicTempPath)
 * themselves: renames the written and fsynced `temp` over `path`, retrying while another program
 * holds the target, then fsyncs the directory. When the rename fails, `temp` is removed.
 */
export async function replaceWithTemp(temp: string, path: string, options: AtomicWriteOptions = {}): Promise<void> {
  const delays = options.retryDelaysMs ?? TRANSIENT_RETRY_DELAYS_MS;
  try {
    await retryTransientFs(() => rename(temp, path), delays);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    if (!isTransientFsError(err)) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'EPERM';
    const seconds = (delays.reduce((sum, ms) => sum + ms, 0) / 1000).toFixed(1);
    throw new AtlError('failure', `could not replace ${path}: ${code} for ${seconds}s; another program keeps it open`, {
      hint: `close programs that may hold ${basename(path)} (an editor or spreadsheet, an antivirus scan or the search indexer) and run the command again; the file is unchanged`,
      cause: err,
    });
  }
  if (options.batch) return;
  const dir = dirname(path);
  await fsyncDir(dir);
  await removeOrphanTemps(dir, basename(path));
}

/** After a batch of writeFileAtomic(…, { batch: true }) into `dir`: makes the renames durable, removes orphan temp files. */
export async function syncDirectory(dir: string): Promise<void> {
  await fsyncDir(dir);
  await removeOrphanTemps(dir);
}

/**
 * A writer killed between creating its temp file and renaming it leaves the temp file behind.
 * Callers hold the file's lock, so a temp file whose writer process is gone is an orphan.
 */
async function removeOrphanTemps(dir: string, name?: string): Promise<void> {
  const prefix = name === undefined ? '.' : `.${name}.tmp-`;
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    // Temp names end `.tmp-<pid>-<8 hex>` (atomicTempPath); without a name, any file's.
    const pid = Number(name === undefined ? /\.tmp-(\d+)-[0-9a-f]{8}$/.exec(entry)?.[1] : entry.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !processAlive(pid)) {
      await unlink(join(dir, entry)).catch(() => undefined);
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

async function fsyncDir(dir: string): Promise<void> {
  if (isWindows) return; // Directories cannot be opened for fsync there.
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic.
  } finally {
    await handle.close();
  }
}

/** Reads a file, or null when it does not exist. */
export async function readIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export interface LockOptions {
  /** How long to wait for another process to release the lock. */
  timeoutMs?: number;
  /** A lock older than this is taken to be left behind by a hung or crashed process. */
  staleMs?: number;
  /**
   * A lock whose pid exists but cannot be confirmed to be the same process (no start time to
   * compare: Windows, macOS, a lock from an older atl) is taken as alive only this long. Windows
   * hands a dead process's pid to a new one within seconds, so "the pid exists" alone proves little.
   */
  unconfirmedMs?: number;
  /** Where the lock file goes; `<path>.lock` by default (see lockPathFor). */
  lockPath?: string;
  /** How long lock creation may keep failing with EPERM/EACCES/EBUSY (a held file) before that is the error. */
  transientBudgetMs?: number;
}

/** Where a store's lock goes: the state dir and the platform (tests pass another). */
export interface LockPlacement {
  stateDir: string;
  platform?: NodeJS.Platform;
}

/**
 * The lock file for `path`. On Linux and macOS `<path>.lock`, beside it: every process that writes
 * the file finds the same lock from the file's path alone, whatever its environment. On Windows
 * in `locks` in the state dir (%LOCALAPPDATA%\atl), because the config dir is in %APPDATA%, which
 * may roam (synced at logon and logoff, or redirected to a network share) and carry a lock to
 * other machines; the name holds a hash of the file's full path, compared ignoring case as Windows
 * does, so processes that share the state dir (all with the default one) agree on it.
 */
export function lockPathFor(path: string, placement?: LockPlacement): string {
  if (placement === undefined || (placement.platform ?? process.platform) !== 'win32') return `${path}.lock`;
  const folded = resolve(path).toLowerCase();
  const id = createHash('sha256').update(folded).digest('hex').slice(0, 12);
  return join(placement.stateDir, 'locks', `${basename(folded)}-${id}.lock`);
}

interface LockOwner {
  pid: number;
  host: string;
  createdAt: number;
  /** The owner process's start time as the OS reports it (see processStartOf), or null where it cannot be read. */
  start?: string | null;
}

/**
 * Longer than atl ever holds a lock: one config or secret-store write, with the retries while
 * another program holds a file (TRANSIENT_RETRY_DELAYS_MS, twice for the key and the store), and
 * shorter than the default wait, so a waiter breaks an unconfirmed dead owner's lock before it gives up.
 */
export const UNCONFIRMED_OWNER_MS = 8_000;

/** This process's start time, read once. */
let ownStart: Promise<string | null> | undefined;

/** When this process started (ms since the epoch): a lock naming our pid made before then is an earlier process's. */
const PROCESS_STARTED_AT = Date.now() - Math.ceil(process.uptime() * 1000);

/** The lock texts this process holds or is taking. */
const heldHere = new Set<string>();

/**
 * What tells a process from a later one given the same pid: its start time, which Linux shows in
 * /proc/<pid>/stat (field 22, clock ticks since boot). macOS and Windows offer no cheap way to read
 * another process's (null); the unconfirmedMs age rule stands in for it there.
 */
export async function processStartOf(pid: number): Promise<string | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Field 2, the command name, is in parentheses and may hold spaces: count from after it.
    const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return afterName[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * Runs `fn` while holding an exclusive lock on `path` (the file `<path>.lock` unless
 * `options.lockPath` says otherwise, created with O_EXCL). A lock whose owner is gone is broken
 * (see ownerGone), as is one older than `staleMs`; otherwise we wait up to `timeoutMs` and then
 * fail with a clear error.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lockPath = options.lockPath ?? `${path}.lock`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const rule: StaleRule = { staleMs: options.staleMs ?? 60_000, unconfirmedMs: options.unconfirmedMs ?? UNCONFIRMED_OWNER_MS };
  const transientBudgetMs = options.transientBudgetMs ?? TRANSIENT_BUDGET_MS;
  const deadline = Date.now() + timeoutMs;
  if (dirname(lockPath) !== dirname(path)) await ensurePrivateDir(dirname(lockPath));
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    createdAt: Date.now(),
    start: await (ownStart ??= processStartOf(process.pid)),
  };
  // The nonce tells two holders apart even within one process and one millisecond.
  const ownerText = JSON.stringify({ ...owner, nonce: randomBytes(6).toString('hex') });
  let delay = 5;
  // The last EPERM/EACCES/EBUSY creating the lock: Windows gives those while the old lock file is
  // still being deleted or scanned, so they mean "busy", but if they last, they are the error.
  let transientError: NodeJS.ErrnoException | undefined;
  let transientSince = 0;
  // Known as ours before the file exists, so no waiter in this process takes it for a dead process's.
  heldHere.add(ownerText);
  try {
    for (;;) {
      try {
        const handle = await open(lockPath, 'wx', 0o600);
        try {
          await handle.writeFile(ownerText);
        } finally {
          await handle.close();
        }
        break;
      } catch (err) {
        if (isTransientFsError(err)) {
          if (!transientError) transientSince = Date.now();
          transientError = err as NodeJS.ErrnoException;
        } else if ((err as NodeJS.ErrnoException).code === 'EEXIST') transientError = undefined;
        else throw err;
      }
      // Held open by another process for a moment (Windows): judged again on the next round.
      const held = await readLockOwner(lockPath).catch((err: unknown) => {
        if (isTransientFsError(err)) return null;
        throw err;
      });
      if (held && (held.owner ? await ownerGone(held.owner, held.text, rule) : ((await lockAgeMs(lockPath)) ?? 0) > 2_000)) {
        await breakStaleLock(lockPath, held.text);
        continue;
      }
      // A held file lets go within a few seconds; longer, it is more likely a dir we may not write.
      if (transientError && !held && (Date.now() >= deadline || Date.now() - transientSince >= transientBudgetMs)) {
        throw new AtlError('failure', `could not create the lock ${lockPath}: ${transientError.code}`, {
          hint: `check that you can write to ${dirname(lockPath)} and that no other program (antivirus, a search indexer) keeps files there open`,
          cause: transientError,
        });
      }
      if (Date.now() >= deadline) {
        const who = held?.owner ? ` (held by pid ${held.owner.pid} on ${held.owner.host})` : '';
        throw new AtlError('failure', `timed out waiting for the lock ${lockPath}${who}`, {
          hint: `another atl process is writing ${basename(path)}; if none is running, remove ${lockPath}`,
        });
      }
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 100);
    }
  } catch (err) {
    heldHere.delete(ownerText);
    throw err;
  }
  try {
    return await fn();
  } finally {
    // Remove the lock only if it is still ours (it may have been broken as stale meanwhile).
    const held = await retryTransientFs(() => readLockOwner(lockPath)).catch(() => null);
    if (held?.text === ownerText) await retryTransientFs(() => unlink(lockPath)).catch(() => undefined);
    heldHere.delete(ownerText);
  }
}

async function readLockOwner(lockPath: string): Promise<{ text: string; owner: LockOwner | null } | null> {
  const raw = await readIfExists(lockPath);
  if (raw === null) return null;
  const text = raw.toString('utf8');
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.createdAt === 'number') {
      return { text, owner: parsed as LockOwner };
    }
  } catch {
    // A lock file cut short by a crash between create and write: judged by its age instead.
  }
  return { text, owner: null };
}

interface StaleRule {
  staleMs: number;
  unconfirmedMs: number;
}

/**
 * Whether a lock's owner is gone. It is alive only while its pid exists and, where that can be
 * checked, the process with that pid is the one that took the lock: Windows gives a dead process's
 * pid to the next one within seconds, so a crashed atl's lock may name a pid that now belongs to
 * another program. Where the start time cannot be compared, a live pid holds for unconfirmedMs.
 */
async function ownerGone(owner: LockOwner, text: string, rule: StaleRule): Promise<boolean> {
  const age = Date.now() - owner.createdAt;
  if (age > rule.staleMs) return true;
  if (owner.host !== hostname()) return false; // Its processes cannot be seen from here.
  // Our own pid on a lock we do not hold and made before we started: an earlier process that had
  // our pid left it. One made since is this process's: held, or just released (its text read a
  // moment before the unlink), so it is waited for, never broken.
  if (owner.pid === process.pid) return !heldHere.has(text) && owner.createdAt < PROCESS_STARTED_AT;
  if (!processAlive(owner.pid)) return true;
  const start = typeof owner.start === 'string' ? await processStartOf(owner.pid) : null;
  if (start !== null) return start !== owner.start;
  return age > rule.unconfirmedMs;
}

/**
 * Removes a stale lock without ever removing a fresh one that another process took meanwhile:
 * move it aside atomically, check it is the one judged stale, and put it back otherwise.
 */
async function breakStaleLock(lockPath: string, staleText: string): Promise<void> {
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockPath, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // Someone else broke it.
    if (isTransientFsError(err)) return; // Held for a moment (Windows): judged again on the next round.
    throw err;
  }
  const moved = (await readIfExists(aside))?.toString('utf8');
  if (moved !== staleText) {
    // We moved a live lock: restore it unless a third process has locked since (then both run,
    // which the narrow window makes very unlikely; link() never overwrites).
    await link(aside, lockPath).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

/** Age of a lock file; an unparsable one (a crash between create and write) is judged by it. */
async function lockAgeMs(lockPath: string): Promise<number | null> {
  try {
    return Date.now() - (await stat(lockPath)).mtimeMs;
  } catch {
    return null;
  }
}
