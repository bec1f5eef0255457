import { readdirSync } from 'node:fs';
import { join, matchesGlob, sep } from 'node:path';
import { expect, test } from 'vitest';
import config from '../vitest.config.js';

const root = join(import.meta.dirname, '..');

function testFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path.split(sep).join('/')] : [];
  });
}

test('every test file belongs to exactly one vitest project (a file no project includes would never run)', () => {
  const projects = (config.test?.projects ?? []) as Array<{ test: { name: string; include: string[]; exclude?: string[] } }>;
  const files = [...testFiles('src'), ...testFiles('test')];
  expect(files.length).toBeGreaterThan(150);
  const owners = files.map((file) => ({
    file,
    in: projects
      .filter((p) => p.test.include.some((g) => matchesGlob(file, g)) && !(p.test.exclude ?? []).some((g) => matchesGlob(file, g)))
      .map((p) => p.test.name),
  }));
  expect(owners.filter((o) => o.in.length !== 1)).toEqual([]);
});
