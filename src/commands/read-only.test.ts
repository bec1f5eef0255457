// Read-only mode over the whole command tree, in-process: the first example of every command runs twice
// against a local sandbox, as a user types it (runArgv), with the real HTTP clients: first with
// ATL_READ_ONLY=1, then normally, which tells which commands change something (the sandbox saw a
// request that may change). Every command that changed something must have been refused in its
// read-only run, exit 2, naming itself, and no read-only run may have sent a change. No list of write
// commands is kept by hand: a new command's examples put it under this test.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parseArgsStringToArgv from 'string-argv';
import allSpecs from 'virtual:atl-commands';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { clientForProduct } from '../auth/endpoints.js';
import type { Factory } from '../factory.js';
import { mayChange } from '../http/read-only.js';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { fakeFactory, runArgv } from '../testkit/fakes.testutil.js';
import type { CommandSpec, GroupSpec } from './spec.js';

/**
 * Examples this sweep does not run: they start a server (`sandbox`), run git (`clone`, `checkout`),
 * or wait for something to finish (`--watch`, `--follow`, `wait`), or send no change at all and touch
 * what later examples would read (`config` writes .atl.yaml, `doctor` asks the npm registry). Their requests go through the
 * same client; the e2e tests (test/e2e/api.test.ts) run a write of every product in read-only mode.
 */
const NOT_RUN = /^atl (sandbox|auth |config |doctor|completion )|\b(clone|checkout|wait)\b|--watch|--follow/;

/** The example as argv, with the sandbox's demo data in place of the names examples use; null when it is not one plain `atl` command. */
function argvOf(example: string): string[] | null {
  const text = example.replace(/\s+#.*$/, '').trim();
  if (!text.startsWith('atl ') || /[|<>;&`$]/.test(text) || NOT_RUN.test(text)) return null;
  const localised = text
    .replaceAll('ABC-123', 'DEMO-1')
    .replaceAll('ABC-124', 'DEMO-2')
    .replace(/\bABC\b/g, 'DEMO')
    .replace(/\bXYZ\b/g, 'OPS')
    .replaceAll('acme/website', 'demo-workspace/demo-app');
  return parseArgsStringToArgv(localised).slice(1);
}

const commands = (allSpecs as ReadonlyArray<CommandSpec<never> | GroupSpec>).filter((spec): spec is CommandSpec<never> => 'run' in spec);
/** Each command's first example that runs here: one per command keeps the sweep to about 15 s of CPU. */
const examples = commands.flatMap((spec) => {
  const example = spec.examples.find((text) => argvOf(text) !== null);
  return example === undefined ? [] : [{ command: `atl ${spec.path.join(' ')}`, example, argv: argvOf(example)! }];
});

let sandbox: Sandbox;
let cwd: string;
const home = process.cwd();
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo' });
  // Examples that write files (downloads, --output) write them here.
  cwd = await mkdtemp(join(tmpdir(), 'atl-read-only-'));
  process.chdir(cwd);
});
afterAll(async () => {
  process.chdir(home);
  await Promise.all([sandbox?.stop(), rm(cwd, { recursive: true, force: true })]);
});

/** A factory logged in to the sandbox's Cloud site and Bitbucket Cloud, whose clients are the real ones. */
function factoryFor(sandbox: Sandbox, env: Record<string, string> = {}): Factory {
  const { cloud, bitbucket } = sandbox.credentials;
  const f = fakeFactory({
    cwd,
    env: {
      ATL_SITE: sandbox.url,
      ATL_EMAIL: cloud.email,
      ATL_API_TOKEN: cloud.token,
      ATL_DEPLOYMENT: 'cloud',
      ATL_BITBUCKET_URL: sandbox.bitbucketUrl,
      ATL_BITBUCKET_TOKEN: bitbucket.token,
      ATL_BITBUCKET_EMAIL: bitbucket.email,
      ...env,
    },
  });
  f.httpClient = (product) => clientForProduct(f, product);
  return f;
}

/** The requests a sandbox got since `from` that may have changed something (paths as the clients' base URLs see them). */
const changesSince = (sandbox: Sandbox, from: number): string[] =>
  sandbox.requests
    .slice(from)
    .filter((r) => r.status < 400 || r.status >= 500)
    .filter((r) => mayChange(r.method, r.path.replace(/^\/(wiki|2\.0)(?=\/)/, '')))
    .map((r) => `${r.method} ${r.path}`);

/** Runs argv, giving up after a while (an example that waits on something is a test bug, not a hang). */
async function runFor(f: Factory, argv: readonly string[]): Promise<Awaited<ReturnType<typeof runArgv>> | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), 15_000);
  });
  try {
    return await Promise.race([runArgv(f, argv), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

test('every command that changes something is refused in a read-only run, naming itself, and nothing changes', async () => {
  const writers = new Set<string>();
  const notRefused: string[] = [];
  const changedWhileReadOnly: string[] = [];
  for (const { command, example, argv } of examples) {
    // Read-only first, on the same data the normal run then meets (earlier examples change it).
    const start = sandbox.requests.length;
    const result = await runFor(factoryFor(sandbox, { ATL_READ_ONLY: '1' }), argv);
    changedWhileReadOnly.push(...changesSince(sandbox, start).map((change) => `${example}: ${change}`));
    const before = sandbox.requests.length;
    await runFor(factoryFor(sandbox), argv);
    if (changesSince(sandbox, before).length === 0) continue;
    writers.add(command);
    const refused =
      result !== 'timeout' &&
      result.code === 2 &&
      (result.error?.message.startsWith(`${command} would change `) ?? false) &&
      (result.error?.message.endsWith('and this run is read-only (ATL_READ_ONLY=1)') ?? false);
    if (!refused) notRefused.push(`${example}: ${result === 'timeout' ? 'timeout' : `exit ${result.code} ${result.error?.message}`}`);
  }
  expect(notRefused).toEqual([]);
  // Nothing a read-only run sent could change anything.
  expect(changedWhileReadOnly).toEqual([]);
  // The sweep reaches the writes of every product (a broken localisation would quietly find none).
  const groups = new Set([...writers].map((command) => command.split(' ')[1]));
  expect([...groups].sort()).toEqual(['bitbucket', 'confluence', 'jira', 'jsm']);
  expect(writers.size, [...writers].join('\n')).toBeGreaterThanOrEqual(30);
}, 600_000);
