// End-to-end: profile names are unique ignoring case, because Windows Credential
// Manager keeps `work` and `Work` in one entry. Runs the built binary with the file store
// (ATL_KEYRING=off, set by the test home); the file store itself is case-sensitive, so the rename
// test checks that the old entry is gone as well as that the new one holds the token.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { fileSecretStore } from '../../src/auth/secrets/index.js';
import { createTestHome, ok, type TestHome } from '../support/atl.js';
import { storeDirs } from '../support/homes.js';

const TOKEN = 'ATATT3xFfGF0-e2e-names-token-0001';
const OTHER_TOKEN = 'ATATT3xFfGF0-e2e-names-token-0002';
const BB_TOKEN = 'ATBB-e2e-names-bitbucket-token-0003';

async function withHome(work: (home: TestHome) => Promise<void>): Promise<void> {
  const home = await createTestHome();
  for (const token of [TOKEN, OTHER_TOKEN, BB_TOKEN]) home.addSecret(token, 'me@work.example');
  try {
    await work(home);
    await home.assertNoSecretsLeaked();
  } finally {
    await home.cleanup();
  }
}

const login = (profile: string) => [
  'auth',
  'login',
  '--profile',
  profile,
  '--site',
  'work.atlassian.net',
  '--email',
  'me@work.example',
  '--token-stdin',
  '--storage',
  'file',
  '--no-verify',
];

async function stored(home: TestHome, accounts: string[]): Promise<Record<string, string | null>> {
  const store = fileSecretStore(storeDirs(home), home.env);
  return Object.fromEntries(await Promise.all(accounts.map(async (a) => [a, await store.get(a)] as const)));
}

test.concurrent('auth login --profile Work next to work exits 2 naming work; nothing changes', () =>
  withHome(async (home) => {
    await ok(home, login('work'), TOKEN);
    const config = await readFile(join(home.configDir, 'config.yaml'));
    const result = await home.run(login('Work'), { input: OTHER_TOKEN });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^error: a profile named "work" already exists/m);
    expect(result.stderr).toMatch(/^hint: use --profile work, or pick another name/m);
    expect(await readFile(join(home.configDir, 'config.yaml'))).toEqual(config);
    expect(await stored(home, ['work', 'Work'])).toEqual({ work: TOKEN, Work: null });
  }));

test.concurrent('auth rename work Work moves both tokens to the new spelling and keeps them', () =>
  withHome(async (home) => {
    await ok(home, login('work'), TOKEN);
    await ok(
      home,
      [
        'auth',
        'login',
        '--profile',
        'work',
        '--bitbucket',
        '--email',
        'me@work.example',
        '--token-stdin',
        '--storage',
        'file',
        '--no-verify',
      ],
      BB_TOKEN,
    );
    await ok(home, ['auth', 'rename', 'work', 'Work']);
    const listed = JSON.parse(await ok(home, ['auth', 'list', '--json'])) as Array<{ name: string; default: boolean }>;
    expect(listed.map((p) => [p.name, p.default])).toEqual([['Work', true]]);
    expect(await stored(home, ['work', 'work:bitbucket', 'Work', 'Work:bitbucket'])).toEqual({
      work: null,
      'work:bitbucket': null,
      Work: TOKEN,
      'Work:bitbucket': BB_TOKEN,
    });
  }));
