// `--debug` stack traces name the TypeScript sources (issue 11 item 8): the build ships a source map
// beside every bundled file, and the entry turns Node's source-map support on only for --debug.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ATL_BIN, runAtl } from '../support/atl.js';

const root = join(dirname(ATL_BIN), '..');
const env = { PATH: process.env.PATH ?? '', HOME: '/nonexistent', ATL_CONFIG_DIR: '/nonexistent/c', NO_COLOR: '1' };
/** A stack frame in a bundled chunk, where the minified code is. */
const chunkFrame = /\(file:\/\/\S*\/dist\/chunks\/[\w-]+\.js:\d+:\d+\)/;

describe('--debug stack traces', () => {
  test('with --debug (or ATL_DEBUG=1) the frames are in src/*.ts, lines of the TypeScript', async () => {
    for (const run of [
      runAtl(['jira', 'issue', 'view', 'DEMO-1', '--debug'], { env }),
      runAtl(['jira', 'issue', 'view', 'DEMO-1'], { env: { ...env, ATL_DEBUG: '1' } }),
    ]) {
      const { code, stderr } = await run;
      expect(code).toBe(3);
      expect(stderr).toMatch(/^AtlError: not logged in$/m);
      expect(stderr).toMatch(/^ {4}at \S+ \(\S*\/src\/auth\/resolve\.ts:\d+:\d+\)$/m);
      expect(stderr).not.toMatch(chunkFrame);
    }
  });

  test('every bundled file has its map, with the sources inside (src/ is not in the package)', () => {
    const files = [
      'atl.js',
      ...readdirSync(join(root, 'dist', 'chunks'))
        .filter((name) => name.endsWith('.js'))
        .map((name) => `chunks/${name}`),
    ];
    for (const file of files) {
      const path = join(root, 'dist', file);
      expect(readFileSync(path, 'utf8'), file).toMatch(/\/\/# sourceMappingURL=[\w.-]+\.js\.map\s*$/);
      expect(existsSync(`${path}.map`), `${file}.map`).toBe(true);
      const map = JSON.parse(readFileSync(`${path}.map`, 'utf8')) as { sources: string[]; sourcesContent?: string[] };
      expect(map.sourcesContent?.length, file).toBe(map.sources.length);
    }
  });

  test('the package ships the maps', () => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }),
    ) as [{ files: Array<{ path: string }> }];
    const paths = packed.files.map((file) => file.path);
    expect(paths).toContain('dist/atl.js.map');
    expect(paths).toContain('dist/chunks/app.js.map');
    expect(paths).toContain('LICENSE');
  });
});
