import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AtlError } from '../errors.js';
import { assertPrivatePath, ensurePrivateDir, withFileLock, writeFileAtomic } from './fsutil.js';
import { fileConfigStore } from './config.js';
import { atlErrorOf } from './fakes.testutil.js';

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

test('writeFileAtomic replaces the file and leaves no temp file', async () => {
  const target = join(dir, 'atomic.txt');
  await writeFileAtomic(target, 'one');
  await writeFileAtomic(target, 'two');
  expect((await readdir(dir)).filter((f) => f.includes('atomic'))).toEqual(['atomic.txt']);
});

test('a temp file orphaned by a killed writer is removed by the next write; a live writer\'s is kept', async () => {
  const target = join(dir, 'orphans.yaml');
  const orphan = join(dir, `.orphans.yaml.tmp-${deadPid()}-abcd1234`);
  const live = join(dir, '.orphans.yaml.tmp-1-abcd1234'); // pid 1 is always alive
  await writeFile(orphan, 'half-written');
  await writeFile(live, 'being written');
  await writeFileAtomic(target, 'new: 1\n');
  const names = await readdir(dir);
  expect(names).not.toContain(orphan.split('/').pop());
  expect(names).toContain(live.split('/').pop());
  expect(names).toContain('orphans.yaml');
});

describe.skipIf(process.platform === 'win32')('assertPrivatePath: like ssh StrictModes', () => {
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
    expect((await atlErrorOf(store.update((c) => void (c.defaultProfile = 'work')))).message).toContain(`${configDir} can be written by its group`);
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
