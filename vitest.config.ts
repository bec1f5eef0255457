import { defineConfig } from 'vitest/config';
// @ts-expect-error -- plain ESM helper shared with the esbuild build, no type declarations
import { viteCommandsPlugin } from './scripts/command-manifest.mjs';

export default defineConfig({
  plugins: [viteCommandsPlugin],
  define: { __ATL_VERSION__: JSON.stringify(process.env.npm_package_version ?? '0.0.0-test') },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
