/**
 * Test helper: bundles a small TypeScript driver (which imports our sources) into one .mjs file
 * that a plain `node` child process can run. Multi-process behaviour (locks, atomic writes, kill -9)
 * can only be tested with real processes, and Node 20 cannot run TypeScript directly.
 */
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);

/** Returns the path of a runnable .mjs built from `source`, resolved relative to `resolveDir`. */
export async function bundleChild(source: string, resolveDir: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'atl-child-'));
  const outfile = join(dir, 'child.mjs');
  const keyringPath = require.resolve('@napi-rs/keyring');
  await build({
    stdin: { contents: source, resolveDir, loader: 'ts', sourcefile: 'child.ts' },
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    plugins: [
      {
        // The native keyring addon cannot be bundled: point the child at the installed one.
        name: 'keyring-external',
        setup(b) {
          b.onResolve({ filter: /^@napi-rs\/keyring$/ }, () => ({ path: keyringPath, external: true }));
        },
      },
    ],
  });
  return outfile;
}
