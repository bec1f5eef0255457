/**
 * The project's one rule for tests that need something a machine may lack (a Secret Service, a
 * pseudo-terminal, Atlassian's specs): outside CI they skip, saying why in one printed line; under
 * CI (`CI` set, as .ci/run does) nothing may silently skip, so the tests run anyway and one more
 * test fails naming what is missing.
 *
 *   describe.skipIf(skipWithout('keyring e2e tests', whyNoKeyring))('keyring storage', () => ...)
 */
import { test } from 'vitest';

/** Whether to skip: true only outside CI when `missing` (the reason it cannot run) is not null. */
export function skipWithout(what: string, missing: string | null, env: NodeJS.ProcessEnv = process.env): boolean {
  if (missing === null) return false;
  if (env.CI) {
    test(`${what} can run here (required in CI)`, () => {
      throw new Error(`${what} cannot run: ${missing}; under CI this is a failure, not a skip`);
    });
    return false;
  }
  console.log(`${what} skipped: ${missing}`);
  return true;
}

/** Inside a test that found its prerequisite broken at run time: skip outside CI, fail under CI. */
export function skipOrFail(skip: (note: string) => never, what: string, missing: string, env: NodeJS.ProcessEnv = process.env): never {
  if (env.CI) throw new Error(`${what} cannot run: ${missing}; under CI this is a failure, not a skip`);
  return skip(`${what} skipped: ${missing}`);
}

/**
 * For a test of something a platform does not have at all (file modes on Windows, another
 * process's start time outside Linux): it skips there even under CI, where nothing is missing,
 * saying why in one printed line, so a macOS/Windows CI job shows what it did not run.
 */
export function skipOn(
  platforms: readonly NodeJS.Platform[],
  what: string,
  why: string,
  platform: NodeJS.Platform = process.platform,
): boolean {
  if (!platforms.includes(platform)) return false;
  console.log(`${what} skipped on ${platform}: ${why}`);
  return true;
}

/** File-mode tests: 0600/0700 mean nothing on Windows, where the per-user ACLs of %APPDATA% and %LOCALAPPDATA% protect the files. */
export function skipFileModeTest(what: string, platform: NodeJS.Platform = process.platform): boolean {
  return skipOn(
    ['win32'],
    what,
    'file modes do not apply there; the per-user ACLs of %APPDATA% and %LOCALAPPDATA% protect the files',
    platform,
  );
}
