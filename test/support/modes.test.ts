// expectMode: a mode assertion that holds on Linux and macOS and is skipped, saying so, on Windows.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test, vi } from 'vitest';
import { expectMode } from './modes.js';

const dir = await mkdtemp(join(tmpdir(), 'atl-modes-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

test('on Linux and macOS a wrong mode fails the test; on Windows the check is skipped with a printed line', async () => {
  const path = join(dir, 'loose');
  await writeFile(path, 'x');
  await chmod(path, 0o644);
  // (On a real Windows disk the file reads as 666: still not 600.)
  await expect(expectMode(path, 0o600, 'linux')).rejects.toThrow(/expected '6[46]{2}' to be '600'/);
  await expect(expectMode(path, 0o600, 'darwin')).rejects.toThrow(/expected '6[46]{2}' to be '600'/);
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await expectMode(path, 0o600, 'win32');
    expect(log.mock.calls.map((call) => String(call[0]))).toEqual([
      `the mode check of ${path} skipped on win32: file modes do not apply there; the per-user ACLs of %APPDATA% and %LOCALAPPDATA% protect the files`,
    ]);
  } finally {
    log.mockRestore();
  }
});
