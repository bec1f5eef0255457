import { describe, expect, test } from 'vitest';
import { basicIs, cloudProfile, fakeFactory, fakeMaker } from '../../../auth/fakes.testutil.js';
import { performLogin, type LoginInput } from './login-flow.js';

const SITE = 'https://acme.atlassian.net';
const me = { accountId: 'a1', displayName: 'Me', emailAddress: 'me@acme.com' };
const base: LoginInput = { profileName: 'work', site: 'acme.atlassian.net/wiki/', email: 'me@acme.com', token: 'good', verify: true };

function server() {
  return fakeMaker({
    [`${SITE}/rest/api/3/myself`]: (call) => (basicIs(call, 'me@acme.com', 'good') ? me : 401),
    [`${SITE}/_edge/tenant_info`]: () => ({ cloudId: 'cid' }),
    'https://api.atlassian.com/ex/jira/cid/rest/api/3/myself': (call) => (basicIs(call, 'svc@acme.com', 'scoped') ? me : 401),
    'https://api.bitbucket.org/2.0/user': (call) => (basicIs(call, 'me@acme.com', 'bb') ? { account_id: 'a1', display_name: 'Me' } : 401),
    'https://api.bitbucket.org/2.0/user/workspaces': (call) =>
      call.auth?.type === 'bearer' && call.auth.token === 'acc' ? { values: [{ type: 'workspace_access', workspace: { type: 'workspace_base', slug: 'acme' } }] } : 401,
  });
}

describe('performLogin', () => {
  test('verifies, stores the secret and the profile, and makes the first profile the default', async () => {
    const f = fakeFactory();
    const make = server();
    expect(await performLogin(f, base, { make })).toBe(0);
    expect(f.stores.file.secrets.get('work')).toBe('good');
    expect(f.config.config).toEqual({ defaultProfile: 'work', profiles: { work: cloudProfile({ site: SITE }) } });
    expect(f.stdoutText()).toContain('Logged in to https://acme.atlassian.net as Me');
    expect(f.stdoutText()).not.toContain('good');
    // A second profile does not take the default unless asked to.
    await performLogin(f, { ...base, profileName: 'two' }, { make });
    expect(f.config.config.defaultProfile).toBe('work');
    await performLogin(f, { ...base, profileName: 'three', makeDefault: true }, { make });
    expect(f.config.config.defaultProfile).toBe('three');
  });

  test('refused credentials save nothing (exit 3); a scoped token gets the --scoped hint', async () => {
    const f = fakeFactory();
    await expect(performLogin(f, { ...base, email: 'svc@acme.com', token: 'scoped' }, { make: server() })).rejects.toMatchObject({
      exitCode: 3,
      hint: expect.stringContaining('--scoped'),
    });
    expect(f.stores.file.secrets.size).toBe(0);
    expect(f.config.updates).toBe(0);
  });

  test('--scoped discovers the cloudId and verifies through the gateway', async () => {
    const f = fakeFactory();
    const make = server();
    await performLogin(f, { ...base, email: 'svc@acme.com', token: 'scoped', scoped: true }, { make });
    expect(f.config.config.profiles.work).toMatchObject({ scoped: true, cloudId: 'cid' });
    expect(make.calls.map((c) => c.baseUrl + c.path)).toContain('https://api.atlassian.com/ex/jira/cid/rest/api/3/myself');
  });

  test('a plain-http site that is not loopback is refused (exit 2) before any request', async () => {
    const f = fakeFactory();
    const make = server();
    await expect(performLogin(f, { ...base, site: 'http://jira.example.com' }, { make })).rejects.toMatchObject({
      exitCode: 2,
      hint: expect.stringContaining('https://jira.example.com'),
    });
    expect(make.calls).toHaveLength(0);
    expect(f.config.updates).toBe(0);
  });

  test('--dry-run prints the normalised profile and saves nothing', async () => {
    const f = fakeFactory({ globals: { json: true } });
    const make = server();
    await performLogin(f, { ...base, dryRun: true, expires: '2030-01-31' }, { make });
    expect(JSON.parse(f.stdoutText())).toMatchObject({ dryRun: true, profile: 'work', site: SITE, authType: 'basic', deployment: 'cloud', cloudId: null, storage: 'file', tokenExpiresAt: '2030-01-31' });
    expect(f.config.updates).toBe(0);
    expect(f.stores.file.secrets.size).toBe(0);
    expect(make.calls).toHaveLength(0);
  });

  test('the default secret store is opened only once the credentials are accepted (its notice must not precede a refusal)', async () => {
    const f = fakeFactory();
    const opened: Array<string | undefined> = [];
    const open = f.secretStore;
    f.secretStore = (kind) => (opened.push(kind), open(kind));
    await expect(performLogin(f, { ...base, token: 'bad' }, { make: server() })).rejects.toMatchObject({ exitCode: 3 });
    expect(opened).toEqual([]);
    await performLogin(f, base, { make: server() });
    expect(opened).toEqual([undefined]);
    // An explicit --storage is opened first, so an unusable keyring fails before any request.
    opened.length = 0;
    const make = server();
    f.secretStore = async (kind) => {
      opened.push(kind);
      throw new Error('no keyring here');
    };
    await expect(performLogin(f, { ...base, storage: 'keyring' }, { make })).rejects.toThrow('no keyring here');
    expect(make.calls).toHaveLength(0);
  });

  test('--dry-run asks for no token, even without a terminal', async () => {
    const f = fakeFactory({ globals: { json: true } });
    const { token: _unused, ...withoutToken } = base;
    expect(await performLogin(f, { ...withoutToken, dryRun: true }, { make: server() })).toBe(0);
    expect(JSON.parse(f.stdoutText())).toMatchObject({ dryRun: true, site: SITE });
    const bb = fakeFactory({ globals: { json: true } });
    expect(await performLogin(bb, { profileName: 'work', bitbucket: true, bearer: true, dryRun: true, verify: true }, { make: server() })).toBe(0);
    expect(JSON.parse(bb.stdoutText())).toMatchObject({ dryRun: true, bitbucket: { authType: 'bearer', storage: 'file' } });
    // A real login without a token is still exit 2 naming the flag.
    await expect(performLogin(fakeFactory(), withoutToken, { make: server() })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('--token') });
  });

  test('--no-verify saves without a request', async () => {
    const f = fakeFactory();
    const make = server();
    await performLogin(f, { ...base, token: 'anything', verify: false }, { make });
    expect(make.calls).toHaveLength(0);
    expect(f.stores.file.secrets.get('work')).toBe('anything');
  });

  test('missing values without a terminal: exit 2 naming every missing flag', async () => {
    const f = fakeFactory();
    await expect(performLogin(f, { profileName: 'work', verify: true }, { make: server() })).rejects.toMatchObject({
      exitCode: 2,
      message: 'missing required flags: --site, --email, --token (or --token-stdin)',
    });
  });

  test('missing values at a terminal are asked for, the token hidden', async () => {
    const asked: string[] = [];
    const f = fakeFactory({
      canPrompt: true,
      prompter: {
        input: async (m) => (asked.push(`input:${m}`), 'me@acme.com'),
        password: async (m) => (asked.push(`password:${m}`), 'good'),
        confirm: async () => true,
        select: async () => {
          throw new Error('unexpected');
        },
      },
    });
    await performLogin(f, { profileName: 'work', site: SITE, verify: true }, { make: server() });
    expect(asked).toEqual(['input:Email:', 'password:API token:']);
    expect(f.stores.file.secrets.get('work')).toBe('good');
  });

  test('--token-stdin reads the token; --token with --token-stdin is exit 2', async () => {
    const f = fakeFactory();
    await performLogin(f, { ...base, token: undefined, tokenStdin: true }, { make: server(), readStdin: async () => 'good\n' });
    expect(f.stores.file.secrets.get('work')).toBe('good');
    await expect(performLogin(f, { ...base, tokenStdin: true }, { make: server(), readStdin: async () => 'x' })).rejects.toMatchObject({ exitCode: 2 });
  });

  test('--bitbucket keeps the site login and adds a Bitbucket one under <profile>:bitbucket', async () => {
    const f = fakeFactory({ config: { defaultProfile: 'work', profiles: { work: cloudProfile() } }, file: { work: 'good' } });
    await performLogin(f, { profileName: 'work', bitbucket: true, email: 'me@acme.com', token: 'bb', workspace: 'acme', verify: true }, { make: server() });
    expect(f.config.config.profiles.work).toMatchObject({ site: SITE, bitbucket: { email: 'me@acme.com', authType: 'basic', workspace: 'acme', storage: 'file' } });
    expect(f.stores.file.secrets.get('work:bitbucket')).toBe('bb');
    expect(f.stores.file.secrets.get('work')).toBe('good');
  });

  test('a Bitbucket access token (--bearer) is verified through /2.0/user/workspaces (the spec deprecates /2.0/workspaces)', async () => {
    const f = fakeFactory();
    const make = server();
    await performLogin(f, { profileName: 'bb', bitbucket: true, bearer: true, token: 'acc', verify: true }, { make });
    expect(make.calls.map((c) => c.path)).toEqual(['/user', '/user/workspaces']);
    expect(f.config.config.profiles.bb?.bitbucket).toMatchObject({ authType: 'bearer', email: null });
  });

  test('invalid profile names, storage and expiry are usage errors', async () => {
    const f = fakeFactory();
    await expect(performLogin(f, { ...base, profileName: 'a:b' }, { make: server() })).rejects.toMatchObject({ exitCode: 2 });
    await expect(performLogin(f, { ...base, storage: 'disk' }, { make: server() })).rejects.toMatchObject({ exitCode: 2 });
    await expect(performLogin(f, { ...base, expires: '2030-02-30' }, { make: server() })).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe('profile names are unique ignoring case (Windows Credential Manager shares one entry)', () => {
  test('`Work` next to `work` is refused with exit 2 naming `work`; neither token nor config changes', async () => {
    const f = fakeFactory({ caseInsensitiveStores: true });
    const make = server();
    await performLogin(f, base, { make });
    for (const input of [{ ...base, profileName: 'Work' }, { ...base, profileName: 'WORK', bitbucket: true, token: 'bb' }]) {
      await expect(performLogin(f, { ...input, token: 'other' }, { make })).rejects.toMatchObject({
        exitCode: 2,
        message: expect.stringContaining('"work"'),
        hint: expect.stringContaining('--profile work'),
      });
    }
    expect(await f.stores.file.get('work')).toBe('good');
    expect(Object.keys(f.config.config.profiles)).toEqual(['work']);
    expect(f.config.updates).toBe(1);
  });

  test('logging in again to the same profile, spelt the same, still works', async () => {
    const f = fakeFactory({ caseInsensitiveStores: true });
    await performLogin(f, { ...base, profileName: 'Work' }, { make: server() });
    await performLogin(f, { ...base, profileName: 'Work' }, { make: server() });
    expect(Object.keys(f.config.config.profiles)).toEqual(['Work']);
    expect(await f.stores.file.get('Work')).toBe('good');
  });
});
