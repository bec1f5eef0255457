import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
// @ts-expect-error -- plain ESM helper shared with the esbuild build, no type declarations
import { viteCommandsPlugin } from './scripts/command-manifest.mjs';

/** Unit tests that vi.mock a module (node:fs/promises, the keyring, the prompts). */
const MOCKING_UNIT_TESTS = ['src/auth/fsutil.test.ts', 'src/auth/secrets/secrets.test.ts', 'src/prompter.test.ts'];

export default defineConfig({
  plugins: [viteCommandsPlugin],
  define: { __ATL_VERSION__: JSON.stringify(process.env.npm_package_version ?? '0.0.0-test') },
  // See test/support/jq-web.ts.
  resolve: { alias: { 'jq-web': fileURLToPath(new URL('./test/support/jq-web.ts', import.meta.url)) } },
  test: {
    pool: 'forks',
    // Vitest's default on two cores is one worker, i.e. one test file at a time; the e2e files spend
    // most of their time waiting on the atl processes they start, so three files at once keep both
    // cores busy and the suite within about five minutes.
    maxWorkers: 3,
    // Fit for a slow machine: e2e tests run the built CLI many times, and under load (two cores shared
    // with other work) a 30 s limit timed tests out; at a load average of 22 the slowest e2e test took
    // 99 s. One hung `atl` run is killed sooner, at ATL_RUN_TIMEOUT_MS (test/support/atl.ts), so its
    // output is shown.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // After each test, stubs of the fake HTTP client that no request reached fail it.
    setupFiles: ['./test/support/fake-routes.setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        // Unit tests share a worker's module cache (isolate: false): loading the modules afresh for
        // each of ~100 files cost two thirds of their CPU time. They keep no state between files: each
        // builds its own fakes, and runArgv restores process.exitCode.
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts'], exclude: MOCKING_UNIT_TESTS, isolate: false },
      },
      // These replace a module with vi.mock, which must not reach another file: each gets its own module cache.
      { extends: true, test: { name: 'unit-mocking', include: MOCKING_UNIT_TESTS } },
      // End-to-end files share a worker's module cache too: each starts its own sandbox and homes.
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], isolate: false } },
      // The test kit's own tests (what a module says once per process: the skip lines) and the spec contract tests: fresh modules per file.
      { extends: true, test: { name: 'support', include: ['test/support/**/*.test.ts', 'test/contract/**/*.test.ts', 'test/*.test.ts'] } },
    ],
  },
});
