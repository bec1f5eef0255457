// End-to-end: the interactive side of `atl auth`, driven through a real pseudo-terminal
// (test/support/pty.ts, on Linux, macOS and Windows alike); the test answers the prompts as a
// person would, waiting for each prompt to appear before typing. Covered: `auth init` ending in the
// same saved profile as `auth login`, `auth login` asking for a missing token with hidden input,
// and `auth delete` asking for confirmation.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { fileSecretStore } from '../../src/auth/secrets/index.js';
import { ok, type TestHome } from '../support/atl.js';
import { sandboxHomes, storeDirs } from '../support/homes.js';
import { skipWithout } from '../support/prerequisite.js';
import { KEYS, atlOnPty, whyNoPty } from '../support/pty.js';

const skipPty = skipWithout('pseudo-terminal e2e tests', await whyNoPty());

const { sandbox, newHome } = await sandboxHomes();

/** What a profile looks like from outside: its config.yaml, `auth list --json`, the offline status. */
async function savedState(h: TestHome, profile: string): Promise<{ config: string; list: unknown; status: unknown }> {
  return {
    config: await readFile(join(h.configDir, 'config.yaml'), 'utf8'),
    list: JSON.parse(await ok(h, ['auth', 'list', '--json'])),
    status: JSON.parse(await ok(h, ['--profile', profile, 'auth', 'status', '--offline', '--json'])),
  };
}

const storedToken = (h: TestHome, account: string) => fileSecretStore(storeDirs(h), h.env).get(account);

describe.skipIf(skipPty)('atl auth init on a terminal', () => {
  test.concurrent('Cloud: every prompt answered; the same saved profile as `auth login`; the token never shown', async () => {
    const cloud = sandbox.credentials.cloud;
    const h = await newHome();
    const pty = atlOnPty(h, ['auth', 'init']);
    await pty.answer('Profile name:', `work${KEYS.enter}`);
    await pty.answer('What do you log in to?', KEYS.enter); // Atlassian Cloud with an API token
    await pty.answer('Site (e.g. example.atlassian.net):', `${sandbox.url}${KEYS.enter}`);
    await pty.answer('Email:', `${cloud.email}${KEYS.enter}`);
    await pty.answer('API token:', `${cloud.token}${KEYS.enter}`);
    // No storage question: these homes have no keyring (ATL_KEYRING=off), so only the encrypted file is offered.
    await pty.answer('Token expiry date YYYY-MM-DD (optional):', KEYS.enter);
    const { code, screen } = await pty.exit();
    expect(code, screen).toBe(0);
    expect(screen).toContain(`✓ Logged in to ${sandbox.url} as ${cloud.displayName}`);
    expect(screen).toContain('✓ Saved profile "work" (cloud/basic, token in the encrypted file), now the default profile');
    // Hidden input: the token was masked on the terminal.
    expect(screen).toMatch(/API token: \*{20,}/);
    expect(screen).not.toContain(cloud.token);
    expect(await storedToken(h, 'work')).toBe(cloud.token);

    const viaLogin = await newHome();
    await ok(
      viaLogin,
      ['--profile', 'work', 'auth', 'login', '--site', sandbox.url, '--email', cloud.email, '--token-stdin', '--storage', 'file'],
      cloud.token,
    );
    expect(await savedState(h, 'work')).toEqual(await savedState(viaLogin, 'work'));
    await h.assertNoSecretsLeaked();
    await viaLogin.assertNoSecretsLeaked();
  });

  test.concurrent('Data Center with --profile (no name prompt) and an expiry date: the same profile as `auth login --bearer`', async () => {
    const dc = sandbox.credentials.datacenter;
    const h = await newHome();
    const pty = atlOnPty(h, ['--profile', 'corp', 'auth', 'init']);
    // The third choice: Jira/Confluence Data Center with a personal access token.
    await pty.answer('What do you log in to?', `${KEYS.down}${KEYS.down}${KEYS.enter}`);
    await pty.answer('Base URL (e.g. https://jira.example.com):', `${sandbox.dcUrl}${KEYS.enter}`);
    await pty.answer('Personal access token:', `${dc.token}${KEYS.enter}`);
    await pty.answer('Token expiry date YYYY-MM-DD (optional):', `2099-12-31${KEYS.enter}`);
    const { code, screen } = await pty.exit();
    expect(code, screen).toBe(0);
    expect(screen).not.toContain('Profile name:');
    expect(screen).toContain('✓ Saved profile "corp" (datacenter/bearer, token in the encrypted file)');
    expect(screen).not.toContain(dc.token);

    const viaLogin = await newHome();
    await ok(
      viaLogin,
      [
        '--profile',
        'corp',
        'auth',
        'login',
        '--site',
        sandbox.dcUrl,
        '--bearer',
        '--token-stdin',
        '--storage',
        'file',
        '--expires',
        '2099-12-31',
      ],
      dc.token,
    );
    const state = await savedState(h, 'corp');
    expect(state.status).toMatchObject({ deployment: 'datacenter', authType: 'bearer', tokenExpiresAt: '2099-12-31', tokenSource: 'file' });
    expect(state).toEqual(await savedState(viaLogin, 'corp'));
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('a refused token: exit 3 and nothing saved', async () => {
    const h = await newHome();
    const wrong = 'ATATT3x-e2e-wrong-init-token-0001';
    h.addSecret(wrong);
    const pty = atlOnPty(h, ['--profile', 'work', 'auth', 'init']);
    await pty.answer('What do you log in to?', KEYS.enter);
    await pty.answer('Site (e.g. example.atlassian.net):', `${sandbox.url}${KEYS.enter}`);
    await pty.answer('Email:', `${sandbox.credentials.cloud.email}${KEYS.enter}`);
    await pty.answer('API token:', `${wrong}${KEYS.enter}`);
    await pty.answer('Token expiry date YYYY-MM-DD (optional):', KEYS.enter);
    const { code, screen } = await pty.exit();
    expect(code, screen).toBe(3);
    expect(screen).toMatch(/^error: /m);
    expect((await h.run(['auth', 'list', '--json'])).stdout).toBe('[]\n');
    expect(await storedToken(h, 'work')).toBeNull();
    await h.assertNoSecretsLeaked();
  });
});

describe.skipIf(skipPty)('prompts of auth login and auth delete on a terminal', () => {
  test.concurrent('auth login asks for a missing token with hidden input, and for a missing site and email', async () => {
    const cloud = sandbox.credentials.cloud;
    const h = await newHome();
    const pty = atlOnPty(h, ['--profile', 'work', 'auth', 'login', '--site', sandbox.url, '--email', cloud.email, '--storage', 'file']);
    await pty.answer('API token:', `${cloud.token}${KEYS.enter}`);
    const first = await pty.exit();
    expect(first.code, first.screen).toBe(0);
    expect(first.screen).toMatch(/API token: \*{20,}/);
    expect(first.screen).not.toContain(cloud.token);
    expect(first.screen).not.toMatch(/Site URL|Email:/);
    expect(await storedToken(h, 'work')).toBe(cloud.token);

    const all = atlOnPty(h, ['--profile', 'second', 'auth', 'login', '--storage', 'file']);
    await all.answer('Site URL (e.g. example.atlassian.net):', `${sandbox.url}${KEYS.enter}`);
    await all.answer('Email:', `${cloud.email}${KEYS.enter}`);
    await all.answer('API token:', `${cloud.token}${KEYS.enter}`);
    const second = await all.exit();
    expect(second.code, second.screen).toBe(0);
    expect(second.screen).toContain(`as ${cloud.displayName}`);
    expect(second.screen).not.toContain(cloud.token);
    expect(await storedToken(h, 'second')).toBe(cloud.token);

    // --no-input on a terminal still never prompts.
    const noInput = atlOnPty(h, ['--no-input', '--profile', 'third', 'auth', 'login', '--site', sandbox.url, '--email', cloud.email]);
    const third = await noInput.exit();
    expect(third.code, third.screen).toBe(2);
    expect(third.screen).toContain('missing required flags: --token (or --token-stdin)');
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('auth delete asks first: "no" keeps the profile and its token, "yes" removes both', async () => {
    const token = 'ATATT3x-e2e-delete-prompt-token-0001';
    const h = await newHome();
    h.addSecret(token, 'me@work.example');
    await ok(
      h,
      [
        '--profile',
        'doomed',
        'auth',
        'login',
        '--site',
        'doomed.atlassian.net',
        '--email',
        'me@work.example',
        '--token-stdin',
        '--storage',
        'file',
        '--no-verify',
      ],
      token,
    );
    const config = await readFile(join(h.configDir, 'config.yaml'));

    const refuse = atlOnPty(h, ['auth', 'delete', 'doomed']);
    await refuse.answer('Delete profile "doomed" (https://doomed.atlassian.net) and its stored tokens?', `n${KEYS.enter}`);
    const kept = await refuse.exit();
    expect(kept.code, kept.screen).toBe(1);
    expect(kept.screen).toContain('cancelled: profile "doomed" was not deleted');
    expect(await readFile(join(h.configDir, 'config.yaml'))).toEqual(config);
    expect(await storedToken(h, 'doomed')).toBe(token);

    const accept = atlOnPty(h, ['auth', 'delete', 'doomed']);
    await accept.answer('Delete profile "doomed"', `y${KEYS.enter}`);
    const gone = await accept.exit();
    expect(gone.code, gone.screen).toBe(0);
    expect(gone.screen).toContain('Deleted profile "doomed" and its stored tokens.');
    expect((await h.run(['auth', 'list', '--json'])).stdout).toBe('[]\n');
    expect(await storedToken(h, 'doomed')).toBeNull();
    await h.assertNoSecretsLeaked();
  });
});
