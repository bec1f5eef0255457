// A keyring that cannot be asked (a locked macOS keychain, a Keychain
// dialog nobody answers, no Credential Manager, no Secret Service) is reported as "keyring
// unavailable" with what to do, never as "no token"; "no token" stays for a keyring that answered
// without an entry. The native keyring is replaced by a fake (test/support/fake-keyring.cjs).
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { TestHome } from '../support/atl.js';
import { sandboxHomes } from '../support/homes.js';

const FAKE_KEYRING = resolve(import.meta.dirname, '../support/fake-keyring.cjs');
const TOKEN = 'ATATT3x-e2e-keyring-failure-token-0001';
const { sandbox, newHome } = await sandboxHomes();

type Mode = 'locked' | 'hangs' | 'read-fails' | 'empty';
const withKeyring = (mode: Mode, extra: Record<string, string> = {}) => ({
  env: { NODE_OPTIONS: `--require ${FAKE_KEYRING}`, ATL_TEST_KEYRING: mode, ...extra },
});

/** A home with the keyring on (no ATL_KEYRING=off) and profile "work", its token in the file or (said by config.yaml) the keyring. */
async function homeWithWork(storage: 'file' | 'keyring'): Promise<TestHome> {
  const h = await newHome({ secrets: [TOKEN], email: 'me@work.example' });
  const login = await h.run(
    [
      '--profile',
      'work',
      'auth',
      'login',
      '--site',
      sandbox.url,
      '--email',
      'me@work.example',
      '--token-stdin',
      '--storage',
      'file',
      '--no-verify',
    ],
    { input: TOKEN },
  );
  expect(login.code, login.stderr).toBe(0);
  delete h.env.ATL_KEYRING;
  if (storage === 'keyring') {
    // What `auth login --storage keyring` writes; the fake keyring keeps nothing between runs.
    const config = join(h.configDir, 'config.yaml');
    await writeFile(config, (await readFile(config, 'utf8')).replace('storage: file', 'storage: keyring'));
  }
  return h;
}

const UNAVAILABLE =
  /^error: keyring unavailable: could not read "work" from the Secret Service \(D-Bus\) \((.*)\)\nhint: start a Secret Service .*`atl auth login --storage file`.*ATL_TOKEN_<PROFILE>/;

describe('a keyring-stored token the keyring cannot give', () => {
  test.concurrent('a locked keyring: auth token is exit 2, "keyring unavailable" with what to do, not "no token"', async () => {
    const h = await homeWithWork('keyring');
    const r = await h.run(['auth', 'token'], withKeyring('locked'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(UNAVAILABLE);
    expect(r.stderr).toContain('the keychain is locked (injected)');
    expect(r.stderr).not.toContain('no token');
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('a keyring that never answers: a jira command gives up after 3 s with "keyring unavailable"', async () => {
    const h = await homeWithWork('keyring');
    const r = await h.run(['jira', 'issue', 'view', 'DEMO-1'], withKeyring('hangs'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(UNAVAILABLE);
    expect(r.stderr).toContain('(it did not answer within 3 s)');
  });

  test.concurrent('auth status and auth test report it the same way, --json included', async () => {
    const h = await homeWithWork('keyring');
    const status = await h.run(['auth', 'status', '--json'], withKeyring('locked'));
    expect(status.code).toBe(2);
    expect(status.stdout).toBe('');
    const error = JSON.parse(status.stderr.trim().split('\n').at(-1)!) as unknown;
    expect(error).toMatchObject({
      error: {
        code: 'usage',
        message: expect.stringMatching(/^keyring unavailable: could not read "work"/),
        hint: expect.stringContaining('--storage file'),
      },
    });
    const check = await h.run(['auth', 'test'], withKeyring('locked'));
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(UNAVAILABLE);
  });

  test.concurrent('a keyring that answers without the entry is still "no token" (exit 3)', async () => {
    const h = await homeWithWork('keyring');
    const r = await h.run(['auth', 'token'], withKeyring('empty'));
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: no token for profile "work"\n/);
    expect(r.stderr).not.toContain('keyring unavailable');
  });

  test.concurrent('ATL_TOKEN_WORK is used without asking the keyring', async () => {
    const h = await homeWithWork('keyring');
    const r = await h.run(['auth', 'token'], withKeyring('locked', { ATL_TOKEN_WORK: TOKEN }));
    expect(r).toEqual({ code: 0, stdout: `${TOKEN}\n`, stderr: '' });
    h.outputs.splice(h.outputs.indexOf(r.stdout), 1); // the one output allowed to hold it
    await h.assertNoSecretsLeaked();
  });
});

describe('auth status --json of a file-stored profile tells an unavailable keyring from an empty one', () => {
  test.concurrent('locked: hasKeyringToken null with keyringError; empty: false with keyringError null; exit 0 either way', async () => {
    const h = await homeWithWork('file');
    const locked = await h.run(['auth', 'status', '--json', '--offline'], withKeyring('locked'));
    expect(locked.code, locked.stderr).toBe(0);
    expect(JSON.parse(locked.stdout)).toMatchObject({
      tokenSource: 'file',
      hasFileToken: true,
      hasKeyringToken: null,
      keyringError: expect.stringMatching(/^keyring unavailable: could not read "work" from the Secret Service \(D-Bus\)/),
    });
    const text = await h.run(['auth', 'status', '--offline'], withKeyring('locked'));
    expect(text.stdout).toMatch(/^Keyring: +keyring unavailable: could not read "work"/m);
    const empty = await h.run(['auth', 'status', '--json', '--offline'], withKeyring('empty'));
    expect(JSON.parse(empty.stdout)).toMatchObject({ tokenSource: 'file', hasFileToken: true, hasKeyringToken: false, keyringError: null });
    await h.assertNoSecretsLeaked();
  });
});

test.concurrent('choosing the default store: a keyring whose read fails gives the file with the notice, and the probe entry is deleted', async () => {
  const h = await newHome({ secrets: [TOKEN], email: 'me@work.example' });
  delete h.env.ATL_KEYRING;
  const log = join(h.home, 'keyring-calls.log');
  const r = await h.run(
    ['--profile', 'work', 'auth', 'login', '--site', sandbox.url, '--email', 'me@work.example', '--token-stdin', '--no-verify'],
    { input: TOKEN, ...withKeyring('read-fails', { ATL_TEST_KEYRING_LOG: log }) },
  );
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toContain(`notice: no OS keyring available; tokens are stored encrypted in ${join(h.configDir, 'credentials.enc')}\n`);
  const calls = (await readFile(log, 'utf8')).trim().split('\n');
  const account = /^set (atl-probe-\d+-[a-z0-9]+)$/.exec(calls[0]!)?.[1];
  expect(calls).toEqual([`set ${account}`, `get ${account}`, `delete ${account}`]);
  await h.assertNoSecretsLeaked();
});
