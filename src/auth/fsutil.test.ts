import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { AtlError } from '../errors.js';
import {
  assertPrivatePath,
  ensurePrivateDir,
  lockPathFor,
  processStartOf,
  syncDirectory,
  TRANSIENT_RETRY_DELAYS_MS,
  UNCONFIRMED_OWNER_MS,
  withFileLock,
  writeFileAtomic,
} from './fsutil.js';
import { skipFileModeTest, skipOn } from '../../test/support/prerequisite.js';
import { fileConfigStore } from './config-store.js';
import { atlErrorOf } from '../testkit/fakes.testutil.js';

/**
 * Fault injection for writeFileAtomic: node:fs/promises as fsutil.ts sees it, where the next write
 * of file data (through a handle or a whole-file call, whatever the implementation uses) stops
 * after half the bytes with EIO, or the next rename fails. This is how a full disk, a failing
 * device or a crash mid-write looks to the writer, and the old file must survive it byte for byte.
 * `renameEperm` and `lockCreateEperm` make that many renames / lock-file creations fail with EPERM
 * first, as Windows does while antivirus or the search indexer briefly holds the file.
 */
const faults = vi.hoisted(() => ({ failWrite: false, failRename: false, renameEperm: 0, lockCreateEperm: 0 }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const eio = () => Object.assign(new Error('EIO: i/o error, write (injected)'), { code: 'EIO' });
  const half = (data: unknown): Uint8Array => {
    const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data as Uint8Array);
    return bytes.subarray(0, Math.floor(bytes.length / 2));
  };
  /** Writes the first half of `data` with the real call, then fails (once). */
  const cutShort = async (write: (part: Uint8Array) => Promise<unknown>, data: unknown): Promise<never> => {
    faults.failWrite = false;
    await write(half(data));
    throw eio();
  };
  const wrapHandle = (handle: FileHandle): FileHandle =>
    new Proxy(handle, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (typeof value !== 'function') return value;
        if ((prop === 'writeFile' || prop === 'write' || prop === 'appendFile') && faults.failWrite) {
          return (data: unknown) => cutShort((part) => target.write(part), data);
        }
        return (value as (...args: unknown[]) => unknown).bind(target);
      },
    });
  const eperm = (what: string) => Object.assign(new Error(`EPERM: operation not permitted, ${what} (injected)`), { code: 'EPERM' });
  return {
    ...real,
    open: async (...args: Parameters<typeof real.open>) => {
      if (faults.lockCreateEperm > 0 && String(args[0]).endsWith('.lock') && args[1] === 'wx') {
        faults.lockCreateEperm--;
        throw eperm(`open '${String(args[0])}'`);
      }
      return wrapHandle(await real.open(...args));
    },
    writeFile: async (
      path: Parameters<typeof real.writeFile>[0],
      data: string | Uint8Array,
      options?: Parameters<typeof real.writeFile>[2],
    ) => (faults.failWrite ? cutShort((part) => real.writeFile(path, part, options), data) : real.writeFile(path, data, options)),
    appendFile: async (
      path: Parameters<typeof real.appendFile>[0],
      data: string | Uint8Array,
      options?: Parameters<typeof real.appendFile>[2],
    ) => (faults.failWrite ? cutShort((part) => real.appendFile(path, part, options), data) : real.appendFile(path, data, options)),
    rename: async (from: string, to: string) => {
      if (faults.renameEperm > 0) {
        faults.renameEperm--;
        throw eperm(`rename '${from}' -> '${to}'`);
      }
      if (faults.failRename) {
        faults.failRename = false;
        throw Object.assign(new Error(`EXDEV: rename ${from} -> ${to} (injected)`), { code: 'EXDEV' });
      }
      return real.rename(from, to);
    },
  };
});
afterEach(() => {
  faults.failWrite = false;
  faults.failRename = false;
  faults.renameEperm = 0;
  faults.lockCreateEperm = 0;
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atl-fsutil-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited, so it certainly no longer holds anything. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

test('a lock held by a live process makes the next caller wait, then fail with a clear error', async () => {
  const target = join(dir, 'held.yaml');
  let ran = false;
  await withFileLock(target, async () => {
    const err = await withFileLock(target, async () => void (ran = true), { timeoutMs: 150 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtlError);
    expect((err as AtlError).message).toBe(`timed out waiting for the lock ${target}.lock (held by pid ${process.pid} on ${hostname()})`);
    expect((err as AtlError).hint).toMatch(/if none is running, remove/);
  });
  expect(ran).toBe(false);
  expect(await readdir(dir)).not.toContain('held.yaml.lock');
});

test('a lock left by a dead process is broken at once', async () => {
  const target = join(dir, 'stale.yaml');
  await writeFile(`${target}.lock`, JSON.stringify({ pid: deadPid(), host: hostname(), createdAt: Date.now() }));
  const value = await withFileLock(target, async () => 42, { timeoutMs: 1000 });
  expect(value).toBe(42);
  expect((await readdir(dir)).filter((f) => f.startsWith('stale.yaml'))).toEqual([]);
});

test('a lock older than staleMs is broken even if its pid looks alive', async () => {
  const target = join(dir, 'old.yaml');
  await writeFile(`${target}.lock`, JSON.stringify({ pid: process.pid, host: 'elsewhere', createdAt: Date.now() - 120_000 }));
  expect(await withFileLock(target, async () => 'ok', { timeoutMs: 1000, staleMs: 60_000 })).toBe('ok');
});

describe('a lock whose pid is alive again under another process (Windows reuses pids within seconds)', () => {
  const lockOf = (target: string, owner: Record<string, unknown>) =>
    writeFile(`${target}.lock`, JSON.stringify({ host: hostname(), createdAt: Date.now(), ...owner }));

  test.skipIf(skipOn(['darwin', 'win32'], 'the start-time check of a lock owner', "only Linux shows another process's start time (/proc)"))(
    'Linux: a live pid with another start time than the lock records is a reused pid, broken at once',
    async () => {
      const target = join(dir, 'reused-pid.yaml');
      const liveStart = await processStartOf(process.ppid);
      expect(liveStart).toMatch(/^\d+$/);
      await lockOf(target, { pid: process.ppid, start: `${liveStart}1` });
      const started = Date.now();
      expect(await withFileLock(target, async () => 'taken', { timeoutMs: 5_000 })).toBe('taken');
      expect(Date.now() - started).toBeLessThan(1_000);
      expect((await readdir(dir)).filter((f) => f.startsWith('reused-pid.yaml'))).toEqual([]);
    },
  );

  test.skipIf(skipOn(['darwin', 'win32'], 'the start-time check of a lock owner', "only Linux shows another process's start time (/proc)"))(
    'Linux: a live pid with the start time the lock records is waited for, however old, until staleMs',
    async () => {
      const target = join(dir, 'same-process.yaml');
      await lockOf(target, { pid: process.ppid, start: await processStartOf(process.ppid), createdAt: Date.now() - 30_000 });
      const err = await atlErrorOf(withFileLock(target, async () => 'never', { timeoutMs: 200, unconfirmedMs: 1_000 }));
      expect(err.message).toBe(`timed out waiting for the lock ${target}.lock (held by pid ${process.ppid} on ${hostname()})`);
    },
  );

  test('our own pid on a lock this process does not hold was left by an earlier process with that pid: broken at once', async () => {
    const target = join(dir, 'own-pid.yaml');
    await lockOf(target, { pid: process.pid, start: null, createdAt: Date.now() - process.uptime() * 1000 - 5_000 });
    const started = Date.now();
    expect(await withFileLock(target, async () => 'taken', { timeoutMs: 5_000 })).toBe('taken');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  test("our own pid on a lock made since this process started is this process's (just released, its text read late): waited for, not broken", async () => {
    // Breaking it would race the next in-process holder: two callers inside at once.
    const target = join(dir, 'own-pid-recent.yaml');
    await lockOf(target, { pid: process.pid, start: null, createdAt: Date.now() });
    const err = await atlErrorOf(withFileLock(target, async () => 'never', { timeoutMs: 300 }));
    expect(err.message).toContain('timed out waiting for the lock');
  });

  test('a live pid whose start time is unknown (a lock written on Windows or macOS) holds only for unconfirmedMs', async () => {
    const young = join(dir, 'unconfirmed-young.yaml');
    await lockOf(young, { pid: process.ppid, start: null });
    expect((await atlErrorOf(withFileLock(young, async () => 'never', { timeoutMs: 200, unconfirmedMs: 5_000 }))).message).toContain(
      'timed out waiting for the lock',
    );
    const old = join(dir, 'unconfirmed-old.yaml');
    await lockOf(old, { pid: process.ppid, createdAt: Date.now() - 6_000 }); // an older atl wrote no start at all
    expect(await withFileLock(old, async () => 'taken', { timeoutMs: 1_000, unconfirmedMs: 5_000 })).toBe('taken');
  });

  test('by default an unconfirmed live owner is given up on before a waiter times out', () => {
    expect(UNCONFIRMED_OWNER_MS).toBeLessThan(10_000);
    expect(UNCONFIRMED_OWNER_MS).toBeGreaterThan(2 * TRANSIENT_RETRY_DELAYS_MS.reduce((sum, ms) => sum + ms, 0));
  });
});

describe('lockPathFor: beside the file on Linux and macOS, in the state dir on Windows', () => {
  const stateDir = join(tmpdir(), 'Local', 'atl');
  const config = join(tmpdir(), 'Roaming', 'atl', 'config.yaml');

  test('Linux and macOS, or no state dir given: <path>.lock', () => {
    expect(lockPathFor(config, { stateDir, platform: 'linux' })).toBe(`${config}.lock`);
    expect(lockPathFor(config, { stateDir, platform: 'darwin' })).toBe(`${config}.lock`);
    expect(lockPathFor(config)).toBe(`${config}.lock`);
  });

  test('Windows: one lock per file in <state dir>/locks, the same for the path in any case', () => {
    const lock = lockPathFor(config, { stateDir, platform: 'win32' });
    expect(dirname(lock)).toBe(join(stateDir, 'locks'));
    expect(basename(lock)).toMatch(/^config\.yaml-[0-9a-f]{12}\.lock$/);
    expect(lockPathFor(config.toUpperCase(), { stateDir, platform: 'win32' })).toBe(lock);
    expect(lockPathFor(join(tmpdir(), 'other', 'config.yaml'), { stateDir, platform: 'win32' })).not.toBe(lock);
  });
});

test('callers in one process are serialised by the lock', async () => {
  const target = join(dir, 'serial.yaml');
  let inside = 0;
  let maxInside = 0;
  await Promise.all(
    Array.from({ length: 8 }, () =>
      withFileLock(target, async () => {
        inside++;
        maxInside = Math.max(maxInside, inside);
        await new Promise((r) => setTimeout(r, 2));
        inside--;
      }),
    ),
  );
  expect(maxInside).toBe(1);
});

test('writeFileAtomic replaces the file with exactly the new content and leaves no temp file', async () => {
  const target = join(dir, 'atomic.txt');
  await writeFileAtomic(target, 'one');
  expect(await readFile(target, 'utf8')).toBe('one');
  await writeFileAtomic(target, 'two: 2\n');
  expect(await readFile(target, 'utf8')).toBe('two: 2\n');
  await writeFileAtomic(target, Uint8Array.from([0, 1, 2, 255]));
  expect([...(await readFile(target))]).toEqual([0, 1, 2, 255]);
  expect((await readdir(dir)).filter((f) => f.includes('atomic'))).toEqual(['atomic.txt']);
});

describe('writeFileAtomic failing part-way leaves the old file byte-identical and no temp file', () => {
  const OLD = '# my profiles\ndefaultProfile: work\nprofiles:\n  work:\n    site: https://work.atlassian.net\n';
  // Longer than the old file, so an in-place write cut at half its length changes the old bytes.
  const NEW = `${OLD}  home:\n    site: https://home.atlassian.net\n    email: me@home.example\n${'# padding\n'.repeat(20)}`;
  const cases = [
    ['the data write stops half-way with EIO', () => void (faults.failWrite = true), /EIO/],
    ['the rename fails', () => void (faults.failRename = true), /EXDEV/],
  ] as const;
  test.each(cases)('%s', async (_what, inject, error) => {
    const sub = await mkdtemp(join(dir, 'partial-'));
    const target = join(sub, 'config.yaml');
    await writeFile(target, OLD, { mode: 0o600 });
    inject();
    await expect(writeFileAtomic(target, NEW)).rejects.toThrow(error);
    expect(await readFile(target, 'utf8')).toBe(OLD);
    expect(await readdir(sub)).toEqual(['config.yaml']);
    // The failure was a one-off: the next write goes through whole.
    await writeFileAtomic(target, NEW);
    expect(await readFile(target, 'utf8')).toBe(NEW);
    expect(await readdir(sub)).toEqual(['config.yaml']);
  });
});

describe('a file another process briefly holds (Windows: EPERM/EACCES/EBUSY) is retried with backoff', () => {
  const OLD = 'defaultProfile: work\n';
  const NEW = 'defaultProfile: home\n';
  const retryDelaysMs = [1, 2, 4, 8];

  test('a rename failing with EPERM three times then working replaces the file and leaves no temp', async () => {
    const sub = await mkdtemp(join(dir, 'eperm-'));
    const target = join(sub, 'config.yaml');
    await writeFile(target, OLD);
    faults.renameEperm = 3;
    await writeFileAtomic(target, NEW, 0o600, { retryDelaysMs });
    expect(faults.renameEperm).toBe(0);
    expect(await readFile(target, 'utf8')).toBe(NEW);
    expect(await readdir(sub)).toEqual(['config.yaml']);
  });

  test('a rename failing with EPERM for good keeps the old file and fails clearly after the retries', async () => {
    const sub = await mkdtemp(join(dir, 'eperm-'));
    const target = join(sub, 'config.yaml');
    await writeFile(target, OLD);
    faults.renameEperm = Number.POSITIVE_INFINITY;
    const err = await atlErrorOf(writeFileAtomic(target, NEW, 0o600, { retryDelaysMs }));
    expect(err.exitCode).toBe(1);
    expect(err.message).toBe(`could not replace ${target}: EPERM for 0.0s; another program keeps it open`);
    expect(err.hint).toMatch(/antivirus.*the file is unchanged/);
    expect(await readFile(target, 'utf8')).toBe(OLD);
    expect(await readdir(sub)).toEqual(['config.yaml']);
  });

  test('the default schedule waits a few seconds in all, no more', () => {
    const total = TRANSIENT_RETRY_DELAYS_MS.reduce((sum, ms) => sum + ms, 0);
    expect(total).toBeGreaterThanOrEqual(2_000);
    expect(total).toBeLessThanOrEqual(5_000);
  });

  test('lock creation failing with EPERM twice counts as busy, then the lock is taken', async () => {
    const target = join(dir, 'eperm-lock.yaml');
    faults.lockCreateEperm = 2;
    expect(await withFileLock(target, async () => 'locked', { timeoutMs: 2_000 })).toBe('locked');
    expect(faults.lockCreateEperm).toBe(0);
    expect(await readdir(dir)).not.toContain('eperm-lock.yaml.lock');
  });

  test('lock creation failing with EPERM until the timeout names the lock and the error, not another holder', async () => {
    const target = join(dir, 'eperm-lock-forever.yaml');
    faults.lockCreateEperm = Number.POSITIVE_INFINITY;
    const err = await atlErrorOf(withFileLock(target, async () => 'never', { timeoutMs: 100 }));
    expect(err.message).toBe(`could not create the lock ${target}.lock: EPERM`);
    expect(err.hint).toContain(`check that you can write to ${dir}`);
  });

  test('lock creation failing with EPERM longer than the retry budget fails then, not at the lock timeout', async () => {
    const target = join(dir, 'eperm-lock-budget.yaml');
    faults.lockCreateEperm = Number.POSITIVE_INFINITY;
    const started = Date.now();
    const err = await atlErrorOf(withFileLock(target, async () => 'never', { timeoutMs: 10_000, transientBudgetMs: 50 }));
    expect(err.message).toBe(`could not create the lock ${target}.lock: EPERM`);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

test("a temp file orphaned by a killed writer is removed by the next write; a live writer's is kept", async () => {
  const target = join(dir, 'orphans.yaml');
  const orphan = join(dir, `.orphans.yaml.tmp-${deadPid()}-abcd1234`);
  const live = join(dir, `.orphans.yaml.tmp-${process.ppid}-abcd1234`); // our parent (vitest) is alive on every OS
  await writeFile(orphan, 'half-written');
  await writeFile(live, 'being written');
  await writeFileAtomic(target, 'new: 1\n');
  const names = await readdir(dir);
  expect(names).not.toContain(basename(orphan));
  expect(names).toContain(basename(live));
  expect(names).toContain('orphans.yaml');
});

test('a batch of writes leaves the directory to one syncDirectory, which removes every orphaned temp file in it', async () => {
  const orphan = join(dir, `.a.md.tmp-${deadPid()}-abcd1234`);
  const otherOrphan = join(dir, `.b.xml.tmp-${deadPid()}-0123abcd`);
  const live = join(dir, `.c.md.tmp-${process.ppid}-abcd1234`);
  for (const file of [orphan, otherOrphan, live]) await writeFile(file, 'half-written');
  await writeFileAtomic(join(dir, 'a.md'), 'one', 0o644, { batch: true });
  await writeFileAtomic(join(dir, 'b.xml'), 'two', 0o644, { batch: true });
  expect(await readdir(dir)).toContain(basename(orphan));
  expect(await readFile(join(dir, 'a.md'), 'utf8')).toBe('one');
  await syncDirectory(dir);
  const names = await readdir(dir);
  expect(names).not.toContain(basename(orphan));
  expect(names).not.toContain(basename(otherOrphan));
  expect(names).toEqual(expect.arrayContaining([basename(live), 'a.md', 'b.xml']));
});

describe.skipIf(skipFileModeTest('the assertPrivatePath tests'))('assertPrivatePath: like ssh StrictModes', () => {
  const uid = process.getuid!();
  let n = 0;
  const fresh = async (mode: number) => {
    const path = join(dir, `strict-${++n}`);
    await mkdir(path, { mode });
    await chmod(path, mode);
    return path;
  };

  test('a dir writable by group or others is exit 2 naming it, with chmod 700 as the fix', async () => {
    for (const mode of [0o775, 0o757, 0o777]) {
      const path = await fresh(mode);
      const err = await atlErrorOf(assertPrivatePath(path));
      expect(err.exitCode).toBe(2);
      expect(err.message).toContain(path);
      expect(err.message).toContain(`mode ${mode.toString(8).padStart(4, '0')}`);
      expect(err.hint).toBe(`run: chmod 700 ${path}`);
    }
  });

  test('a group-writable file is refused with chmod 600; private or missing paths pass', async () => {
    const path = await fresh(0o700);
    await writeFile(join(path, 'config.yaml'), 'x', { mode: 0o620 });
    await chmod(join(path, 'config.yaml'), 0o620);
    expect((await atlErrorOf(assertPrivatePath(join(path, 'config.yaml')))).hint).toBe(`run: chmod 600 ${join(path, 'config.yaml')}`);
    await chmod(join(path, 'config.yaml'), 0o644);
    await expect(assertPrivatePath(join(path, 'config.yaml'))).resolves.toBeUndefined();
    await expect(assertPrivatePath(path)).resolves.toBeUndefined();
    await expect(assertPrivatePath(join(path, 'missing'))).resolves.toBeUndefined();
  });

  test('a path owned by another user is refused with chown as the fix', async () => {
    const path = await fresh(0o700);
    const err = await atlErrorOf(assertPrivatePath(path, { uid: uid + 1 }));
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain(`${path} is owned by another user (uid ${uid}, not ${uid + 1})`);
    expect(err.hint).toContain(`sudo chown ${uid + 1} ${path}`);
  });

  test('skipped on Windows, where modes do not describe ACLs', async () => {
    const path = await fresh(0o777);
    await expect(assertPrivatePath(path, { platform: 'win32', uid: uid + 1 })).resolves.toBeUndefined();
    await expect(assertPrivatePath(path, { platform: 'linux', uid: uid + 1 })).rejects.toMatchObject({ exitCode: 2 });
  });

  test('the config store refuses a group-writable config.yaml or dir, and leaves both untouched', async () => {
    const configDir = await fresh(0o700);
    const path = join(configDir, 'config.yaml');
    const text = 'profiles:\n  work:\n    site: https://w.atlassian.net\n';
    await writeFile(path, text, { mode: 0o664 });
    await chmod(path, 0o664);
    const store = fileConfigStore(path);
    expect((await atlErrorOf(store.read())).message).toContain(path);
    expect((await atlErrorOf(store.update((c) => void (c.defaultProfile = 'work')))).exitCode).toBe(2);
    expect(await readFile(path, 'utf8')).toBe(text);
    expect((await stat(path)).mode & 0o777).toBe(0o664);

    await chmod(path, 0o600);
    await chmod(configDir, 0o770);
    expect((await atlErrorOf(store.update((c) => void (c.defaultProfile = 'work')))).message).toContain(
      `${configDir} can be written by its group`,
    );
    // Not quietly "fixed" either: ensurePrivateDir would have made it 0700.
    expect((await stat(configDir)).mode & 0o777).toBe(0o770);
    expect(await readFile(path, 'utf8')).toBe(text);
  });

  test('ensurePrivateDir still tightens a dir others can only read', async () => {
    const path = await fresh(0o755);
    await ensurePrivateDir(path);
    expect((await stat(path)).mode & 0o777).toBe(0o700);
  });
});
