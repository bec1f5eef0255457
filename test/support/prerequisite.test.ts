// skipWithout: a missing prerequisite is one printed line and a skip outside CI, a failure under CI.
import { expect, test, vi } from 'vitest';
import { runFixture } from './child-vitest.js';
import { skipFileModeTest, skipOn } from './prerequisite.js';

test.concurrent('outside CI: one line says why, the tests skip, and the run passes', async () => {
  const run = await runFixture('prerequisite-missing.fixture.ts');
  expect(run.code, run.output).toBe(0);
  expect(run.output.split('\n').filter((line) => line.includes('frobnicator tests'))).toEqual([
    'frobnicator tests skipped: frobnicate is not installed (fixture)',
  ]);
  expect(run.output).toMatch(/^1 skipped\n0 passed, 0 failed$/m);
});

test.concurrent('under CI: the run fails, naming what is missing', async () => {
  const run = await runFixture('prerequisite-missing.fixture.ts', { CI: '1' });
  expect(run.code, run.output).toBe(1);
  expect(run.output).toContain(
    'frobnicator tests cannot run: frobnicate is not installed (fixture); under CI this is a failure, not a skip',
  );
  expect(run.closing, run.output).toBe('1 passed, 1 failed');
});

// skipOn: a test of something a platform lacks (file modes on Windows) skips there even under CI, saying why.
test('skipOn skips only on the named platforms, with one printed line, CI or not', () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    expect(skipOn(['darwin', 'win32'], 'the /proc test', 'no /proc there', 'win32')).toBe(true);
    expect(skipFileModeTest('the mode test', 'win32')).toBe(true);
    expect(skipOn(['win32'], 'the /proc test', 'no /proc there', 'linux')).toBe(false);
    expect(skipFileModeTest('the mode test', 'darwin')).toBe(false);
    expect(log.mock.calls.map((call) => String(call[0]))).toEqual([
      'the /proc test skipped on win32: no /proc there',
      'the mode test skipped on win32: file modes do not apply there; the per-user ACLs of %APPDATA% and %LOCALAPPDATA% protect the files',
    ]);
  } finally {
    log.mockRestore();
  }
});
