// End-to-end: the hardening of issue 7 around credentials and config — tokens bound to their
// sites, URL overrides, ownership and modes of the config dir (like ssh's StrictModes), where the
// file store's key lives, and start-up work done only when a config file exists.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { sandboxHomes } from '../support/homes.js';

const { sandbox, newHome } = await sandboxHomes();
const RECORD_MODULES = resolve(import.meta.dirname, '../support/record-modules.mjs');
const DIST_CHUNKS = resolve(import.meta.dirname, '../../dist/chunks');

/** The built chunks that hold the yaml library (found by a message only it has). */
async function yamlChunks(): Promise<string[]> {
  const found: string[] = [];
  for (const name of (await readdir(DIST_CHUNKS)).filter((n) => n.endsWith('.js'))) {
    if ((await readFile(join(DIST_CHUNKS, name), 'utf8')).includes('Excessive alias count')) found.push(name);
  }
  return found;
}

describe('the YAML parser is loaded only when there is a config file', () => {
  test('a run with only ATL_* variables loads no yaml chunk; with a config.yaml it does', async () => {
    const chunks = await yamlChunks();
    expect(chunks.length).toBeGreaterThan(0);
    const h = await newHome();
    const { cloud } = sandbox.credentials;
    const log = join(h.home, 'modules.log');
    const env = { NODE_OPTIONS: `--import ${RECORD_MODULES}`, ATL_TEST_MODULE_LOG: log };
    const loadedChunks = async () => (await readFile(log, 'utf8')).split('\n').filter((url) => chunks.some((chunk) => url.endsWith(`/${chunk}`)));

    const ci = await h.run(['jira', 'me', '--json'], { env: { ...env, ATL_SITE: sandbox.url, ATL_EMAIL: cloud.email, ATL_API_TOKEN: cloud.token } });
    expect(ci.code, ci.stderr).toBe(0);
    expect(JSON.parse(ci.stdout)).toMatchObject({ emailAddress: cloud.email });
    expect(await loadedChunks()).toEqual([]);

    // The same recorder sees the chunk when a config file has to be parsed: the check above can fail.
    const login = await h.run(['auth', 'login', '--site', sandbox.url, '--email', cloud.email, '--token-stdin'], { input: cloud.token });
    expect(login.code, login.stderr).toBe(0);
    await rm(log);
    const stored = await h.run(['jira', 'me', '--json'], { env });
    expect(stored.code, stored.stderr).toBe(0);
    expect((await loadedChunks()).length).toBeGreaterThan(0);
    await h.assertNoSecretsLeaked();
  });
});
