import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { license: string };

describe('LICENSE', () => {
  test('is the MIT licence that package.json names, copyright the atl authors', () => {
    const text = readFileSync(join(root, 'LICENSE'), 'utf8');
    expect(pkg.license).toBe('MIT');
    expect(text.split('\n')[0]).toBe('MIT License');
    expect(text).toContain('Copyright (c) 2026 the atl authors');
    expect(text).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });
});

describe('a fresh clone', () => {
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

  test('npm start runs the sandbox with --login, from the dist/ that npm install builds (prepare)', () => {
    expect(scripts.start).toBe('node dist/atl.js sandbox --login');
    expect(scripts.prepare).toBe('node scripts/build.mjs');
  });

  test('the README opens with npm install, npm start, npm test', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(firstBlock).toBe('npm install\nnpm start\nnpm test\n');
    expect(readme.indexOf('```sh')).toBeLessThan(readme.indexOf('\n## '));
  });
});
