// Install and distribution (issue 15): the npm package installs with `npm install -g ./atl-*.tgz`
// and works from any directory with nothing but itself (the bundle needs no runtime dependency; the
// OS keyring module is optional), and `npm run build:sea` gives a standalone executable that runs
// without Node, keeping tokens in the encrypted file because it can load no native module.
//
// Both are slow (npm pack and install; the SEA bundles, copies and patches a ~100 MB node binary),
// so they are the two tests of this file, run concurrently with each other and with other files.
// The SEA test runs under CI, or with ATL_TEST_SEA=1; elsewhere it skips, saying so.
// Spawns: 3 atl + 2 npm (package), 3 atl + 1 node build (SEA).
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { type AtlResult, createTestHome, type TestHome } from '../support/atl.js';
import { skipOn, skipWithout } from '../support/prerequisite.js';
import { startTestSandbox } from '../support/sandbox.js';
import { noteSpawn } from '../support/spawn-log.js';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const sandbox = await startTestSandbox({ seed: 'demo' });
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  await sandbox.stop();
  await Promise.all(cleanups.map((cleanup) => cleanup()));
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function newHome(): Promise<TestHome> {
  const home = await createTestHome();
  cleanups.push(() => home.cleanup());
  for (const secret of sandbox.secrets) home.addSecret(secret);
  return home;
}

/** npm's own variables from a parent `npm test` (a global prefix, say) must not steer the child npm. */
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries({ ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' }).filter(
      ([name]) => !/^npm_(config_(global|prefix|location|dry_run)|package_|lifecycle_)/i.test(name),
    ),
  );
}

/** Runs an installed atl (not dist/atl.js) in `cwd`, with the home's environment. */
function runInstalled(
  executable: string,
  home: TestHome,
  args: readonly string[],
  cwd: string,
  input = '',
  env: Record<string, string | undefined> = {},
) {
  noteSpawn(`atl ${args.slice(0, 3).join(' ')}`);
  const merged = Object.fromEntries(Object.entries({ ...home.env, ...env }).filter(([, value]) => value !== undefined));
  return new Promise<AtlResult>((done, fail) => {
    const child = spawn(executable, args, { cwd, env: merged, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => {
      home.outputs.push(stdout, stderr);
      done({ code: code ?? 1, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

/** `atl --version`, a login to the sandbox's Cloud site (token on stdin) and a search, from `cwd`. */
async function versionLoginSearch(executable: string, home: TestHome, cwd: string, env: Record<string, string | undefined> = {}) {
  const version = await runInstalled(executable, home, ['--version'], cwd, '', env);
  expect(version.code, version.stderr).toBe(0);
  expect(version.stdout).toMatch(/^atl \d+\.\d+\.\d+/);
  const { email, token } = sandbox.credentials.cloud;
  const login = await runInstalled(
    executable,
    home,
    ['auth', 'login', '--site', sandbox.url, '--email', email, '--token-stdin'],
    cwd,
    `${token}\n`,
    env,
  );
  expect(login.code, login.stderr).toBe(0);
  const search = await runInstalled(executable, home, ['jira', 'search', '--project', 'DEMO', '--limit', '2', '--json'], cwd, '', env);
  expect(search.code, search.stderr).toBe(0);
  expect((JSON.parse(search.stdout) as Array<{ key: string }>).map((issue) => issue.key)).toHaveLength(2);
  await home.assertNoSecretsLeaked();
  return { login };
}

test.concurrent('npm pack; npm install -g of the tarball into a prefix, offline; atl works from another directory', async () => {
  const work = await tempDir('atl-pack-');
  // dist/ is built already (npm test builds first), so the pack skips `prepare`.
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, env: npmEnv() });
  const [{ filename, files }] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const paths = files.map((file) => file.path);
  expect(paths).toContain('dist/atl.js');
  expect(paths.filter((path) => !path.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
  const prefix = join(work, 'prefix');
  // --offline: the package must need nothing from a registry (the optional keyring is skipped when not cached).
  await run('npm', ['install', '--global', '--offline', '--prefix', prefix, join(work, filename)], { cwd: work, env: npmEnv() });
  const installed = join(prefix, 'lib', 'node_modules', 'atl');
  const dependencies = await readdir(join(installed, 'node_modules')).catch(() => []);
  expect(dependencies.filter((name) => name !== '@napi-rs')).toEqual([]);
  const elsewhere = await tempDir('atl-cwd-');
  await versionLoginSearch(join(prefix, 'bin', 'atl'), await newHome(), elsewhere);
});

const seaSkipped =
  skipOn(['win32', 'darwin'], 'the standalone executable test', 'it is built and run on Linux only') ||
  skipWithout(
    'the standalone executable test',
    process.env.ATL_TEST_SEA === '1' || process.env.CI
      ? null
      : 'slow (bundles and patches a copy of node); CI runs it, or set ATL_TEST_SEA=1',
  );

test.skipIf(seaSkipped).concurrent(
  'npm run build:sea: a standalone executable that runs without Node; the keyring falls back to the encrypted file, saying why',
  async () => {
    const out = await tempDir('atl-sea-');
    noteSpawn('node scripts/build-sea.mjs');
    await run(process.execPath, [join(ROOT, 'scripts', 'build-sea.mjs'), '--out', out], { cwd: ROOT });
    const home = await newHome();
    // No node on PATH: the executable is the runtime. The keyring is not turned off: its module cannot load.
    const { login } = await versionLoginSearch(join(out, 'atl'), home, out, { PATH: '/nonexistent', ATL_KEYRING: undefined });
    expect(login.stderr).toContain(
      'notice: the OS keyring module cannot be loaded by this atl (a standalone executable loads no native module; ' +
        `an npm install may lack the optional @napi-rs/keyring); tokens are stored encrypted in ${join(home.configDir, 'credentials.enc')}\n`,
    );
  },
  300_000,
);
