/**
 * File-mode assertions for the 0600 files and 0700 dirs atl makes. Modes do not apply on Windows,
 * where the per-user ACLs of %APPDATA% and %LOCALAPPDATA% protect the files: there the check is
 * skipped with one printed line, and the rest of the test runs.
 */
import { stat } from 'node:fs/promises';
import { expect } from 'vitest';
import { skipFileModeTest } from './prerequisite.js';

export async function expectMode(path: string, mode: number, platform: NodeJS.Platform = process.platform): Promise<void> {
  if (skipFileModeTest(`the mode check of ${path}`, platform)) return;
  expect(((await stat(path)).mode & 0o777).toString(8), path).toBe(mode.toString(8));
}
