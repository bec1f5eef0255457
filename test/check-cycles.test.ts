// The import-cycle check `npm test` runs (scripts/check-cycles.mjs): it must see every kind of
// import, report nothing where there is no cycle, and keep src/ free of cycles.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkCycles, findCycles } from '../scripts/check-cycles.mjs';

const root = join(import.meta.dirname, '..');
const fixture = (name: string) => join(root, 'test', 'fixtures', 'cycles', name);
const shown = (name: string, ...files: string[]) => files.map((file) => `test/fixtures/cycles/${name}/${file}`);

describe('checkCycles', () => {
  test('a cycle made only of type-only imports counts', () => {
    expect(checkCycles(fixture('type-only'), root)).toEqual([
      { modules: shown('type-only', 'a.ts', 'b.ts'), path: shown('type-only', 'a.ts', 'b.ts', 'a.ts') },
    ]);
  });

  test('a dynamic import() closes a cycle as a static one does', () => {
    expect(checkCycles(fixture('dynamic'), root)).toEqual([
      { modules: shown('dynamic', 'a.ts', 'b.ts'), path: shown('dynamic', 'a.ts', 'b.ts', 'a.ts') },
    ]);
  });

  test("types written as import('./x.js').T count, and a cycle of three is reported whole", () => {
    expect(checkCycles(fixture('type-query'), root)).toEqual([
      { modules: shown('type-query', 'a.ts', 'b.ts', 'c.ts'), path: shown('type-query', 'a.ts', 'b.ts', 'c.ts', 'a.ts') },
    ]);
  });

  test('a diamond, a package, a folder index and import() in a comment or string are no cycle', () => {
    expect(checkCycles(fixture('clean'), root)).toEqual([]);
  });

  test('src/ has no import cycle', () => {
    expect(checkCycles(join(root, 'src'), root)).toEqual([]);
  });
});

describe('findCycles', () => {
  test('a module importing itself is a cycle; separate cycles are reported apart', () => {
    const graph = new Map([
      ['self', ['self']],
      ['a', ['b']],
      ['b', ['a', 'c']],
      ['c', []],
      ['x', ['y']],
      ['y', ['z']],
      ['z', ['x']],
    ]);
    expect(findCycles(graph)).toEqual([['self'], ['a', 'b'], ['x', 'y', 'z']]);
  });
});

describe('node scripts/check-cycles.mjs', () => {
  test('exits 1 and names the cycle; exits 0 without one', () => {
    const script = join(root, 'scripts', 'check-cycles.mjs');
    const failing = spawnSync(process.execPath, [script, fixture('type-only')], { cwd: root, encoding: 'utf8' });
    expect(failing.status).toBe(1);
    expect(failing.stderr).toContain(
      'error: import cycle among 2 modules: test/fixtures/cycles/type-only/a.ts -> test/fixtures/cycles/type-only/b.ts -> test/fixtures/cycles/type-only/a.ts',
    );
    const passing = spawnSync(process.execPath, [script, fixture('clean')], { cwd: root, encoding: 'utf8' });
    expect(passing.status).toBe(0);
    expect(passing.stdout).toBe('no import cycles under test/fixtures/cycles/clean\n');
  });
});
