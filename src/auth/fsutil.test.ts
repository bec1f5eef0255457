import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { AtlError } from '../errors.js';
import { withFileLock, writeFileAtomic } from './fsutil.js';

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
