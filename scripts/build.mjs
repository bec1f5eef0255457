// Bundles the CLI into dist/atl.js. Code that only some commands need is reached through
// dynamic import() and lands in its own chunk (splitting), so `atl --version` parses little.
import { build } from 'esbuild';
import { esbuildCommandsPlugin } from './command-manifest.mjs';
import { readFileSync, rmSync, chmodSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// Build beside dist and swap it in, so a test running the old build never sees a half-written one.
const outdir = `dist.tmp-${process.pid}`;

await build({
  entryPoints: { atl: 'src/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  // Native addons cannot be bundled; they are resolved from node_modules at run time.
  external: ['@napi-rs/keyring'],
  plugins: [esbuildCommandsPlugin],
  define: { __ATL_VERSION__: JSON.stringify(pkg.version) },
  // Some bundled dependencies are CommonJS and call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __atlCreateRequire } from 'node:module'; const require = __atlCreateRequire(import.meta.url);",
  },
  sourcemap: 'linked',
  minify: true,
  keepNames: false,
  logLevel: 'warning',
});
// The entry needs a shebang to run as the package's bin.
const entry = new URL(`../${outdir}/atl.js`, import.meta.url);
const code = readFileSync(entry, 'utf8');
const { writeFileSync } = await import('node:fs');
writeFileSync(entry, `#!/usr/bin/env node\n${code}`);
chmodSync(entry, 0o755);
const dist = new URL('../dist', import.meta.url);
const old = new URL(`../dist.old-${process.pid}`, import.meta.url);
const { renameSync, existsSync } = await import('node:fs');
if (existsSync(dist)) renameSync(dist, old);
renameSync(new URL(`../${outdir}`, import.meta.url), dist);
rmSync(old, { recursive: true, force: true });
