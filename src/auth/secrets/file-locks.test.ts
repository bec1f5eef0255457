// Where the encrypted file store takes its lock: beside credentials.enc on Linux and macOS, in the
// state dir on Windows (%APPDATA% may roam, %LOCALAPPDATA% does not).
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { lockPathFor } from '../fsutil.js';
import { CREDENTIALS_FILE, fileSecretStore } from './file.js';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

async function dirs(): Promise<{ configDir: string; stateDir: string }> {
  const root = await mkdtemp(join(tmpdir(), 'atl-file-locks-'));
  roots.push(root);
  return { configDir: join(root, 'Roaming', 'atl'), stateDir: join(root, 'Local', 'atl') };
}

/** A lock file as a crashed atl leaves it: its pid has exited. */
async function deadOwnersLock(path: string): Promise<void> {
  const pid = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify({ pid, host: hostname(), createdAt: Date.now() }));
}

test("Windows (simulated): the store locks in the state dir's locks folder; a lock beside credentials.enc is not its lock", async () => {
  const { configDir, stateDir } = await dirs();
  const storePath = join(configDir, CREDENTIALS_FILE);
  const windowsLock = lockPathFor(storePath, { stateDir, platform: 'win32' });
  expect(dirname(windowsLock)).toBe(join(stateDir, 'locks'));
  await deadOwnersLock(windowsLock);
  await deadOwnersLock(`${storePath}.lock`);
  await fileSecretStore({ configDir, stateDir }, {}, { platform: 'win32' }).set('work', 'token-value');
  // The crashed owner's lock in the state dir was judged and broken; the one beside the file was never looked at.
  expect(await readdir(join(stateDir, 'locks'))).toEqual([]);
  expect((await readdir(configDir)).sort()).toEqual([CREDENTIALS_FILE, `${CREDENTIALS_FILE}.lock`]);
});

test('Linux: the store locks beside credentials.enc and creates no locks folder', async () => {
  const { configDir, stateDir } = await dirs();
  const storePath = join(configDir, CREDENTIALS_FILE);
  await deadOwnersLock(`${storePath}.lock`);
  await fileSecretStore({ configDir, stateDir }, {}, { platform: 'linux' }).set('work', 'token-value');
  expect(await readdir(configDir)).toEqual([CREDENTIALS_FILE]);
  expect(await readdir(stateDir)).toEqual(['credentials.key']);
});
