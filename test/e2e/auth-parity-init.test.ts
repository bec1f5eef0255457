// End-to-end on a pseudo-terminal (util-linux `script`, as test/e2e/auth-init.test.ts does):
// `atl auth init` on a machine whose keyring does not work (ATL_KEYRING=off in every test home)
// checks that before its first question, offers only the encrypted file, and never fails after
// the questions for want of a keyring (issue 9 item 10). Kept to one file of few tests: each
// drives a real terminal.
import { execFileSync, spawn } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { fileSecretStore } from '../../src/auth/secrets/index.js';
import { ATL_BIN, type TestHome } from '../support/atl.js';
import { sandboxHomes, storeDirs } from '../support/homes.js';
import { skipWithout } from '../support/prerequisite.js';

const noPty = (() => {
  try {
    execFileSync('script', ['-qfec', 'test -t 0 && test -t 1', '/dev/null'], { stdio: ['pipe', 'ignore', 'ignore'], env: { ...process.env, SHELL: '/bin/sh' }, timeout: 10_000 });
    return null;
  } catch {
    return 'util-linux `script` is missing or cannot open a pseudo-terminal here';
  }
})();
const skipPty = skipWithout('pseudo-terminal e2e tests', noPty);

const { sandbox, newHome } = await sandboxHomes();

const ENTER = '\r';
const plain = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
const shellQuote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/**
 * Runs atl on a terminal and answers each prompt once it shows. `answers` pairs a prompt with the
 * keys to type; the waits are bounded only to turn a hang into a readable failure.
 */
async function onPty(h: TestHome, args: readonly string[], answers: ReadonlyArray<[prompt: string, keys: string]>): Promise<{ code: number | null; screen: string }> {
  const command = `stty cols 160 rows 40; exec ${[process.execPath, ATL_BIN, ...args].map(shellQuote).join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...h.env, SHELL: '/bin/sh', TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let raw = '';
  let consumed = 0;
  let pending = [...answers];
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const onData = (d: string) => {
    raw += d;
    const next = pending[0];
    if (!next) return;
    const at = plain(raw).indexOf(next[0], consumed);
    if (at < 0) return;
    consumed = at + next[0].length;
    pending = pending.slice(1);
    child.stdin.write(next[1]);
  };
  child.stdout.setEncoding('utf8').on('data', onData);
  child.stderr.setEncoding('utf8').on('data', (d: string) => (raw += d));
  child.stdin.on('error', () => undefined);
  const code = await closed;
  clearTimeout(timer);
  const screen = plain(raw);
  h.outputs.push(screen, raw);
  expect(pending.map(([prompt]) => prompt), `prompts never shown; the terminal showed:\n${screen}`).toEqual([]);
  return { code, screen };
}

describe.skipIf(skipPty)('atl auth init without a working keyring', () => {
  test.concurrent('asks no storage question, says why, and saves the token to the encrypted file', async () => {
    const h = await newHome();
    const { cloud } = sandbox.credentials;
    const { code, screen } = await onPty(h, ['--profile', 'work', 'auth', 'init'], [
      ['What do you log in to?', ENTER],
      ['Site (e.g. example.atlassian.net):', `${sandbox.url}${ENTER}`],
      ['Email:', `${cloud.email}${ENTER}`],
      ['API token:', `${cloud.token}${ENTER}`],
      ['Token expiry date YYYY-MM-DD (optional):', ENTER],
    ]);
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
