import type { Reporter, TestModule, TestRunEndReason, TestSuite } from 'vitest/node';

/** Tests in a suite or module (at any depth) that failed. */
function failedTests(parent: TestModule | TestSuite): number {
  let count = 0;
  for (const test of parent.children.allTests()) if (test.result().state === 'failed') count += 1;
  return count;
}

/**
 * Failures in one test file: each failed test, plus each suite that failed with no failed test of
 * its own (an afterAll or beforeAll that threw), plus one for the file itself when it failed with
 * nothing else to show for it (it did not load, or its own afterAll threw after every test passed).
 */
export function failuresIn(module: TestModule): number {
  let count = failedTests(module);
  for (const suite of module.children.allSuites()) {
    if (suite.state() === 'failed' && failedTests(suite) === 0) count += 1;
  }
  if (count === 0 && (module.state() === 'failed' || module.errors().length > 0)) count = 1;
  return count;
}

/**
 * Prints the closing line CI reads: `N passed, N failed` (skips on the line before it). Failures at
 * file level count, so the line can never say 0 failed when vitest exits 1: a broken import, a
 * throwing afterAll, an unhandled error, or a run that failed for any other reason.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>, reason?: TestRunEndReason): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state !== 'failed') skipped += 1;
      }
      failed += failuresIn(module);
    }
    failed += unhandledErrors.length;
    if (reason === 'failed' && failed === 0) failed = 1;
    // The closing line is exactly `N passed, N failed` (what CI greps); skips go on the line above.
    if (skipped) process.stdout.write(`\n${skipped} skipped`);
    process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  }
}
