// End-to-end on a pseudo-terminal (test/support/pty.ts, as test/e2e/auth-init.test.ts does):
// `atl auth init` on a machine whose keyring does not work (ATL_KEYRING=off in every test home)
// checks that before its first question, offers only the encrypted file, and never fails after
// the questions for want of a keyring. Kept to one file of few tests: each
// drives a real terminal.
import { describe, expect, test } from 'vitest';
import { fileSecretStore } from '../../src/auth/secrets/index.js';
import type { TestHome } from '../support/atl.js';
import { sandboxHomes, storeDirs } from '../support/homes.js';
import { skipWithout } from '../support/prerequisite.js';
import { KEYS, atlOnPty, whyNoPty } from '../support/pty.js';

const skipPty = skipWithout('pseudo-terminal e2e tests', await whyNoPty());

const { sandbox, newHome } = await sandboxHomes();

const ENTER = KEYS.enter;

/** Runs atl on a terminal (test/support/pty.ts) and answers each prompt once it shows, in order. */
async function onPty(
  h: TestHome,
  args: readonly string[],
  answers: ReadonlyArray<[prompt: string, keys: string]>,
): Promise<{ code: number | null; screen: string }> {
  const pty = atlOnPty(h, args);
  for (const [prompt, keys] of answers) await pty.answer(prompt, keys);
  const { code, screen } = await pty.exit();
  return { code, screen };
}

describe.skipIf(skipPty)('atl auth init without a working keyring', () => {
  test.concurrent('asks no storage question, says why, and saves the token to the encrypted file', async () => {
    const h = await newHome();
    const { cloud } = sandbox.credentials;
    const { code, screen } = await onPty(
      h,
      ['--profile', 'work', 'auth', 'init'],
      [
        ['What do you log in to?', ENTER],
        ['Site (e.g. example.atlassian.net):', `${sandbox.url}${ENTER}`],
        ['Email:', `${cloud.email}${ENTER}`],
        ['API token:', `${cloud.token}${ENTER}`],
        ['Token expiry date YYYY-MM-DD (optional):', ENTER],
      ],
    );
    expect(code, screen).toBe(0);
    expect(screen).not.toContain('Where should the token be kept?');
    expect(screen).toContain('The OS keyring does not work here (ATL_KEYRING turns it off); the token goes to the encrypted file.');
    expect(screen).toContain('✓ Saved profile "work" (cloud/basic, token in the encrypted file)');
    expect(await fileSecretStore(storeDirs(h), h.env).get('work')).toBe(cloud.token);
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('--storage keyring fails before the first question, pointing at --storage file', async () => {
    const h = await newHome();
    const { code, screen } = await onPty(h, ['auth', 'init', '--storage', 'keyring'], []);
    expect(code, screen).toBe(2);
    expect(screen).toContain('--storage keyring: the OS keyring does not work here (ATL_KEYRING turns it off)');
    expect(screen).toContain('use --storage file');
    expect(screen).not.toContain('Profile name:');
  });
});
