// The closing `N passed, N failed` line (test/summary-reporter.ts) against real vitest runs of the
// fixtures in test/fixtures/reporter: whenever vitest exits non-zero the line must not say 0 failed.
import { expect, test } from 'vitest';
import { runFixture } from './support/child-vitest.js';

const CASES = [
  {
    what: 'a file whose afterAll throws after every test passed',
    file: 'after-all-fails.fixture.ts',
    code: 1,
    closing: '2 passed, 1 failed',
  },
  {
    what: 'a suite whose afterAll throws after its test passed',
    file: 'suite-after-all-fails.fixture.ts',
    code: 1,
    closing: '2 passed, 1 failed',
  },
  { what: 'a file that does not load', file: 'does-not-load.fixture.ts', code: 1, closing: '0 passed, 1 failed' },
  { what: 'a clean file (skips on the line above)', file: 'passes.fixture.ts', code: 0, closing: '1 passed, 0 failed' },
];
for (const { what, file, code, closing } of CASES) {
  test.concurrent(`${what}: exit ${code}, closing line "${closing}"`, async () => {
    const run = await runFixture(file);
    expect(run.code, run.output).toBe(code);
    expect(run.closing, run.output).toBe(closing);
  });
}
