import { defineConfig } from 'vitest/config';
// @ts-expect-error -- plain ESM helper shared with the esbuild build, no type declarations
import { viteCommandsPlugin } from './scripts/command-manifest.mjs';

export default defineConfig({
  plugins: [viteCommandsPlugin],
  define: { __ATL_VERSION__: JSON.stringify(process.env.npm_package_version ?? '0.0.0-test') },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
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
  },
});
