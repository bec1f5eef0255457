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
