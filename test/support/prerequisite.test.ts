// skipWithout: a missing prerequisite is one printed line and a skip outside CI, a failure under CI.
import { expect, test } from 'vitest';
import { runFixture } from './child-vitest.js';

test.concurrent('outside CI: one line says why, the tests skip, and the run passes', async () => {
  const run = await runFixture('prerequisite-missing.fixture.ts');
  expect(run.code, run.output).toBe(0);
  expect(run.output.split('\n').filter((line) => line.includes('frobnicator tests'))).toEqual(['frobnicator tests skipped: frobnicate is not installed (fixture)']);
  expect(run.output).toMatch(/^1 skipped\n0 passed, 0 failed$/m);
});

test.concurrent('under CI: the run fails, naming what is missing', async () => {
  const run = await runFixture('prerequisite-missing.fixture.ts', { CI: '1' });
  expect(run.code, run.output).toBe(1);
  expect(run.output).toContain('frobnicator tests cannot run: frobnicate is not installed (fixture); under CI this is a failure, not a skip');
  expect(run.closing, run.output).toBe('1 passed, 1 failed');
});
