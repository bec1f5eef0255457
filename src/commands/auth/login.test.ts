import type { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { fakeFactory } from '../../testkit/fakes.testutil.js';
import { runArgv } from '../../testkit/fakes.testutil.js';
import { TOKEN_IN_ARGV_WARNING } from './login.js';
import { performLogin } from './_shared/login-flow.js';
import { loginInputFrom } from './_shared/login-options.js';

const base = ['auth', 'login', '--site', 'https://work.atlassian.net', '--email', 'me@work.example', '--storage', 'file', '--no-verify'];

describe('auth login --token', () => {
  test('warns that argv is visible and points to --token-stdin, and still logs in', async () => {
    const f = fakeFactory();
    const { code } = await runArgv(f, [...base, '--token', 'argv-token']);
    expect(code).toBe(0);
    expect(f.err.text).toContain(`${TOKEN_IN_ARGV_WARNING}\n`);
    expect(TOKEN_IN_ARGV_WARNING).toMatch(/visible to other processes.*shell history.*--token-stdin.*prompt/);
    expect(f.err.text).not.toContain('argv-token');
    expect(await f.stores.file.get('default')).toBe('argv-token');
  });

  test('--token-stdin does not warn', async () => {
    const f = fakeFactory();
    // fakeFactory's stdin is a PassThrough: what is written to it is read as stdin.
    (f.io.stdin as PassThrough).end('stdin-token\n');
    expect(await runArgv(f, [...base, '--token-stdin'])).toEqual({ code: 0 });
    expect(f.err.text).not.toContain('warning');
    expect(await f.stores.file.get('default')).toBe('stdin-token');
  });
});

describe('auth login --username (atlcli, Data Center)', () => {
  test("macOS: the token comes from atlcli's Keychain entry and is stored; the username logs in for Basic", async () => {
    const f = fakeFactory();
    const input = await loginInputFrom(
      f,
      { site: 'https://jira.corp.example', deployment: 'datacenter', username: 'jdoe', verify: false },
      {
        platform: 'darwin',
        runSecurity: async (args) => ({ code: args.includes('jdoe') ? 0 : 44, stdout: 'pat-from-keychain\n' }),
      },
    );
    expect(input).toMatchObject({ token: 'pat-from-keychain', email: 'jdoe' });
    expect(await performLogin(f, { ...input, storage: 'file' })).toBe(0);
    expect(await f.stores.file.get('default')).toBe('pat-from-keychain');
  });

  test('elsewhere: exit 2, and with a token given no lookup is needed', async () => {
    const err = await loginInputFrom(fakeFactory(), { username: 'jdoe', verify: false }, { platform: 'linux' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ exitCode: 2 });
    const f = fakeFactory();
    const input = await loginInputFrom(f, { username: 'jdoe', bearer: true, tokenStdin: true, verify: false }, { platform: 'linux' });
    expect(input).toMatchObject({ tokenStdin: true, token: undefined, email: undefined });
  });
});

describe("auth login --expires is checked against the factory's clock", () => {
  test('a date within 365 days of that clock is stored; one before it is exit 2', async () => {
    const f = fakeFactory({ now: new Date(2031, 0, 1, 9) });
    expect((await runArgv(f, [...base, '--token', 'tok', '--expires', '2031-06-01'])).code).toBe(0);
    expect(f.config.config.profiles.default).toMatchObject({ tokenExpiresAt: '2031-06-01' });
    const later = fakeFactory({ now: new Date(2031, 6, 1, 9) });
    expect((await runArgv(later, [...base, '--token', 'tok', '--expires', '2031-06-01'])).error).toMatchObject({
      exitCode: 2,
      message: '--expires 2031-06-01 is in the past',
    });
  });
});
