// `npm run build:sea [-- --out DIR]`: a standalone executable, with no Node.js or npm needed to run it,
// built with Node's single executable application support (https://nodejs.org/api/single-executable-applications.html):
// the whole CLI bundled into one CommonJS script (a SEA runs one script and can load no other file,
// so nothing is split into chunks), turned into a blob by `node --experimental-sea-config`, and
// injected by postject into a copy of the node binary running this script. The result is sea/atl
// (sea/atl.exe on Windows), about the size of node itself.
//
// It can load no native addon: the OS keyring module is left out, and atl keeps tokens in the
// encrypted file instead, saying so (src/auth/secrets/index.ts). Tested on Linux by
// test/e2e/install.test.ts. macOS needs the signature removed and re-added around the injection
// (done here with `codesign`); Windows builds are unsigned.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { inject } from 'postject';
import { esbuildCommandsPlugin } from './command-manifest.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'sea') } } });
const out = resolve(values.out);
const work = join(out, 'build');
const executable = join(out, process.platform === 'win32' ? 'atl.exe' : 'atl');
// The sentinel every Node binary with SEA support carries (the docs' value; postject flips it).
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const script = join(work, 'atl.cjs');
await build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  outfile: script,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // The keyring is a native addon, which a SEA cannot load: its import fails and atl uses the file.
  external: ['@napi-rs/keyring'],
  plugins: [esbuildCommandsPlugin],
  // No precomputed help (main.ts then renders it live, as for a narrow terminal).
  define: { __ATL_VERSION__: JSON.stringify(pkg.version), __ATL_HELP__: JSON.stringify(JSON.stringify({ width: 0, texts: {} })) },
  minify: true,
  logLevel: 'warning',
});

const blob = join(work, 'atl.blob');
const config = join(work, 'sea-config.json');
writeFileSync(config, JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true }));
execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'inherit' });

rmSync(executable, { force: true });
copyFileSync(process.execPath, executable);
chmodSync(executable, 0o755);
if (process.platform === 'darwin') execFileSync('codesign', ['--remove-signature', executable], { stdio: 'inherit' });
await inject(executable, 'NODE_SEA_BLOB', readFileSync(blob), {
  sentinelFuse: FUSE,
  ...(process.platform === 'darwin' ? { machoSegmentName: 'NODE_SEA' } : {}),
});
if (process.platform === 'darwin') execFileSync('codesign', ['--sign', '-', executable], { stdio: 'inherit' });
rmSync(work, { recursive: true, force: true });
process.stdout.write(`${executable}\n`);
