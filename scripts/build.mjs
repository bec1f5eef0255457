// Bundles the CLI into dist/atl.js (a small CommonJS entry) and dist/chunks (ES modules, from
// app.ts). Code that only some commands need is reached through dynamic import() and lands in its
// own chunk (splitting), so a command parses little more than it runs.
// Start-up is measured by `npm run bench` (bench/startup.bench.mjs).
import { build } from 'esbuild';
import { esbuildCommandsPlugin } from './command-manifest.mjs';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// Build beside dist and swap it in, so a test running the old build never sees a half-written one.
const outdir = join(root, `dist.tmp-${process.pid}`);
const dist = join(root, 'dist');

// Some bundled dependencies are CommonJS and call require() for Node built-ins. esbuild routes
// those calls through its runtime helper chunk, which every entry imports, so: only chunks that
// still name `require` keep this line once built (see below), and the real require is made on
// first call (`atl --version` never calls it).
const requireBanner =
  "import { createRequire as __atlCreateRequire } from 'node:module'; let __atlRequire; const require = (id) => (__atlRequire ??= __atlCreateRequire(import.meta.url))(id);";

/**
 * commander requires node:child_process at load time, only to spawn stand-alone executable
 * subcommands, which atl does not use; loading it (and net, dgram behind it) costs every run
 * several ms. Here commander loads it on first use instead. The build fails if commander changes
 * how it uses the module, rather than silently losing the saving or breaking.
 */
const lazyChildProcessInCommander = {
  name: 'lazy-child-process-in-commander',
  setup(build) {
    const eager = "const childProcess = require('node:child_process');";
    const lazy =
      "let childProcessModule; const childProcess = { spawn: (...args) => (childProcessModule ??= require('node:child_process')).spawn(...args) };";
    build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const uses = source.match(/childProcess\.\w+/g) ?? [];
      if (!source.includes(eager) || uses.some((use) => use !== 'childProcess.spawn')) {
        return {
          errors: [
            {
              text: `${args.path}: commander's use of node:child_process changed; update lazyChildProcessInCommander in scripts/build.mjs`,
            },
          ],
        };
      }
      return { contents: source.replace(eager, lazy), loader: 'js' };
    });
  },
};

/**
 * jq-web (--jq, src/cmdutil/jq.ts) finds jq.wasm beside its own file through __dirname, which
 * neither exists in an ES module chunk nor points at node_modules once bundled. Here the .wasm is
 * inlined into jq's chunk instead (loaded only with --jq), so dist/ needs no file copied beside it
 * and a single-file build keeps working. The build fails if jq-web's code changes under the patch.
 */
const inlineJqWasm = {
  name: 'inline-jq-wasm',
  setup(build) {
    const patches = [
      ["scriptDirectory = __dirname + '/';", "scriptDirectory = '';"],
      ["var wasmBinary = Module['wasmBinary'];", "var wasmBinary = require('./jq.wasm');"],
      // jq's own stderr on success (`debug`, `stderr`) as jq prints it, not as a browser console line.
      ["console.warn('%cstderr%c: %c%s', 'background:red;color:black', '', 'color:red', stderr);", "process.stderr.write(stderr + '\\n');"],
    ];
    build.onLoad({ filter: /[\\/]jq-web[\\/]jq\.js$/ }, (args) => {
      let source = readFileSync(args.path, 'utf8');
      for (const [from, to] of patches) {
        if (source.split(from).length !== 2)
          return { errors: [{ text: `${args.path}: jq-web's code changed (${from}); update inlineJqWasm in scripts/build.mjs` }] };
        source = source.replace(from, to);
      }
      return { contents: source, loader: 'js' };
    });
    build.onLoad({ filter: /[\\/]jq-web[\\/]jq\.wasm$/ }, (args) => ({ contents: readFileSync(args.path), loader: 'binary' }));
  },
};

const define = { __ATL_VERSION__: JSON.stringify(pkg.version), __ATL_HELP__: JSON.stringify(JSON.stringify({ width: 0, texts: {} })) };

/**
 * The help of the root and of every group, rendered by commander with the whole command tree (the
 * same code as the CLI, bundled on its own and run here), for the entry to print without loading
 * commander or any command: see src/main.ts. test/e2e/cli.test.ts checks the built texts against
 * the live help, so they cannot go stale.
 */
async function renderHelpTexts() {
  const rendered = await build({
    absWorkingDir: root,
    stdin: {
      contents: `import specs from 'virtual:atl-commands';\nimport { renderGroupHelp } from './cli.ts';\nexport default renderGroupHelp({ version: ${define.__ATL_VERSION__}, env: {} } as never, specs);\n`,
      resolveDir: join(root, 'src'),
      sourcefile: 'render-help.ts',
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['@napi-rs/keyring'],
    plugins: [esbuildCommandsPlugin, inlineJqWasm],
    define,
    banner: { js: requireBanner },
    logLevel: 'warning',
    write: false,
  });
  const script = join(root, `render-help-${process.pid}.mjs`);
  writeFileSync(script, rendered.outputFiles[0].text);
  try {
    return (await import(pathToFileURL(script).href)).default;
  } finally {
    rmSync(script, { force: true });
  }
}

// Everything but the entry: app.ts and the chunks it loads, ES modules in dist/chunks.
const result = await build({
  absWorkingDir: root,
  entryPoints: { 'chunks/app': 'src/app.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  // Native addons cannot be bundled; they are resolved from node_modules at run time.
  external: ['@napi-rs/keyring'],
  plugins: [esbuildCommandsPlugin, lazyChildProcessInCommander, inlineJqWasm],
  define,
  banner: { js: requireBanner },
  sourcemap: 'linked',
  minify: true,
  keepNames: false,
  logLevel: 'warning',
  write: false,
  metafile: true,
});
if (process.env.ATL_BUILD_META) writeFileSync(process.env.ATL_BUILD_META, JSON.stringify(result.metafile));

/**
 * The entry, dist/atl.js, is CommonJS (dist/package.json says so; dist/chunks/package.json keeps
 * the chunks ES modules): Node starts its ES module loader only when the entry imports app.js,
 * so `--version` and the precomputed help never pay for it (about 6% of a bare `node -e 0`).
 */
const appChunk = {
  name: 'app-chunk',
  setup(build) {
    build.onResolve({ filter: /^\.\/app\.js$/ }, () => ({ path: './chunks/app.js', external: true }));
  },
};
const entry = await build({
  absWorkingDir: root,
  entryPoints: { atl: 'src/main.ts' },
  outdir,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  plugins: [appChunk],
  define: { ...define, __ATL_HELP__: JSON.stringify(JSON.stringify(await renderHelpTexts())) },
  sourcemap: 'linked',
  minify: true,
  logLevel: 'warning',
  write: false,
});
result.outputFiles.push(...entry.outputFiles);

const entryPath = join(outdir, 'atl.js');
const sourceMapComment = /\/\/# sourceMappingURL=\S*\s*$/;
const isEmptyChunk = (file) =>
  file.path.endsWith('.js') && file.text.replace(requireBanner, '').replace(sourceMapComment, '').trim() === '';
// esbuild gives modules with no code (types only) a chunk of their own, empty, that other chunks
// import for nothing: one more file for every run to load. Those imports are blanked with spaces
// (so the source maps' columns still hold) and the empty chunks are not written.
const emptyChunks = new Set(result.outputFiles.filter(isEmptyChunk).map((file) => resolve(file.path)));
const emptyImport = new RegExp(
  `import"\\./(?:chunks/)?(${[...emptyChunks].map((path) => basename(path).replace(/[.]/g, '\\.')).join('|') || '(?!)'})";`,
  'g',
);
for (const file of result.outputFiles) {
  if (emptyChunks.has(resolve(file.path)) || emptyChunks.has(resolve(file.path.replace(/\.map$/, '')))) continue;
  let code = file.text;
  if (file.path.endsWith('.js')) {
    code = code.replace(emptyImport, (statement) => ' '.repeat(statement.length));
    const stillNamed = [...emptyChunks].find((path) => code.includes(basename(path)));
    if (stillNamed)
      throw new Error(
        `${file.path} refers to the empty chunk ${basename(stillNamed)} other than by a bare import; update the empty-chunk step in scripts/build.mjs`,
      );
    // The banner line is blanked, not removed, so the source maps' line numbers still hold.
    if (code.startsWith(`${requireBanner}\n`) && !/\brequire\b/.test(code.slice(requireBanner.length))) {
      code = code.slice(requireBanner.length);
    }
    // The entry needs a shebang to run as the package's bin (on the blank line when there is one).
    if (resolve(file.path) === entryPath) code = `#!/usr/bin/env node${code.startsWith('\n') ? '' : '\n'}${code}`;
  }
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, code);
}
chmodSync(entryPath, 0o755);
writeFileSync(join(outdir, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
writeFileSync(join(outdir, 'chunks', 'package.json'), `${JSON.stringify({ type: 'module' })}\n`);

/**
 * renameSync, retried for a few seconds while another process (antivirus, the search indexer, an
 * editor) briefly holds a file under the directory: Windows fails the rename with
 * EPERM/EACCES/EBUSY until it lets go.
 */
function renameRetrying(from, to, delaysMs = [10, 20, 40, 80, 160, 320, 640, 1000, 1200]) {
  for (let attempt = 0; ; attempt++) {
    try {
      renameSync(from, to);
      return;
    } catch (err) {
      if (!['EPERM', 'EACCES', 'EBUSY'].includes(err?.code) || attempt >= delaysMs.length) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delaysMs[attempt]);
    }
  }
}

const old = join(root, `dist.old-${process.pid}`);
if (existsSync(dist)) renameRetrying(dist, old);
renameRetrying(outdir, dist);
rmSync(old, { recursive: true, force: true });
