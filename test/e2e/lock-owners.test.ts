// The lock's staleness rule: Windows hands a dead process's pid to a new process within
// seconds, so a lock left by a crashed atl may name a pid that is alive again, as someone else.
// `atl auth login` must then take the lock at once rather than wait for it and time out.
import { mkdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import { lockPathFor, processStartOf } from '../../src/auth/fsutil.js';
import type { TestHome } from '../support/atl.js';
import { sandboxHomes, storeDirs } from '../support/homes.js';
import { skipOn } from '../support/prerequisite.js';

const TOKEN = 'ATATT3x-e2e-lock-owner-token-0001';
const { newHome } = await sandboxHomes();

/** Logs in with a lock on config.yaml already there, left by an owner described by `owner`. */
async function loginPastLock(owner: Record<string, unknown>): Promise<{ h: TestHome; code: number; stderr: string }> {
  const h = await newHome({ secrets: [TOKEN], email: 'me@work.example' });
  // Beside config.yaml, or on Windows in the state dir's locks folder.
  const lockPath = lockPathFor(join(h.configDir, 'config.yaml'), storeDirs(h));
  await mkdir(dirname(lockPath), { recursive: true, mode: 0o700 });
  await writeFile(lockPath, JSON.stringify({ host: hostname(), createdAt: Date.now(), ...owner }));
  const args = [
    '--profile',
    'work',
    'auth',
    'login',
    '--site',
    'work.atlassian.net',
    '--email',
    'me@work.example',
    '--token-stdin',
    '--storage',
    'file',
    '--no-verify',
  ];
  const { code, stderr } = await h.run(args, { input: TOKEN });
  return { h, code, stderr };
}

test.skipIf(skipOn(['darwin', 'win32'], 'the reused-pid e2e test', "only Linux shows another process's start time (/proc)"))(
  'Linux: a lock naming a live pid that started at another time than its owner did is broken at once',
  async () => {
    const liveStart = await processStartOf(process.pid);
    expect(liveStart).toMatch(/^\d+$/);
    // Our own test process stands for the unrelated program that got the crashed atl's pid.
    const { h, code, stderr } = await loginPastLock({ pid: process.pid, start: `${liveStart}0` });
    // Unbroken, the lock wait would give up after 10 s and the login would fail: no timing asserted.
    expect(code, stderr).toBe(0);
    expect((await h.run(['auth', 'list'])).stdout).toContain('work');
    await h.assertNoSecretsLeaked();
  },
);

test('a lock naming a live pid whose start time cannot be compared is broken once older than a write ever takes', async () => {
  // As written on Windows or macOS, or by an older atl: no start time.
  const { h, code, stderr } = await loginPastLock({ pid: process.pid, createdAt: Date.now() - 9_000 });
  expect(code, stderr).toBe(0);
  expect((await h.run(['auth', 'list'])).stdout).toContain('work');
  await h.assertNoSecretsLeaked();
});
