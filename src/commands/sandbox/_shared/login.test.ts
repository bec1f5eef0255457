import { describe, expect, test } from 'vitest';
import { atlErrorOf, cloudProfile, fakeFactory } from '../../../testkit/fakes.testutil.js';
import { isSandboxProfile, planSandboxLogin, saveSandboxProfile } from './login.js';

const sandboxProfile = cloudProfile({ site: 'http://127.0.0.1:8123', email: 'demo@example.com' });

describe('isSandboxProfile', () => {
  test('the sandbox Cloud site on loopback over http, as its demo user, Basic', () => {
    expect(isSandboxProfile(sandboxProfile)).toBe(true);
    expect(isSandboxProfile({ ...sandboxProfile, site: 'http://localhost:8080' })).toBe(true);
    expect(isSandboxProfile({ ...sandboxProfile, site: 'http://[::1]:8080' })).toBe(true);
  });

  test.each([
    ['a real site', { site: 'https://acme.atlassian.net' }],
    ['https on loopback', { site: 'https://127.0.0.1:8080' }],
    ['its Data Center mount', { site: 'http://127.0.0.1:8080/dc', deployment: 'datacenter' as const }],
    ['another user', { email: 'me@acme.com' }],
    ['a bearer token', { authType: 'bearer' as const }],
    ['a scoped token', { scoped: true }],
  ])('not %s', (_what, overrides) => {
    expect(isSandboxProfile({ ...sandboxProfile, ...overrides })).toBe(false);
  });
});

describe('planSandboxLogin', () => {
  test('no profile yet: a new token to save, the default port', async () => {
    const plan = await planSandboxLogin(fakeFactory(), false);
    expect(plan).toMatchObject({ port: undefined, saveToken: true, saveBitbucketToken: true, replaces: null });
    expect(plan.token).toMatch(/^ATATT3xFfGF0[\w-]{40}$/);
    expect(plan.bitbucketToken).toMatch(/^[\w+/]{44}$/);
  });

  test('its own profile: the stored token and the profile port, nothing to save', async () => {
    const f = fakeFactory({
      config: { profiles: { sandbox: sandboxProfile } },
      file: { sandbox: 'stored-token', 'sandbox:bitbucket': 'stored-bitbucket-token' },
    });
    expect(await planSandboxLogin(f, false)).toMatchObject({
      port: 8123,
      token: 'stored-token',
      bitbucketToken: 'stored-bitbucket-token',
      saveToken: false,
      saveBitbucketToken: false,
      replaces: null,
    });
  });

  test('its own profile whose token is gone: a new one, saved, on the same port', async () => {
    const f = fakeFactory({ config: { profiles: { sandbox: sandboxProfile } } });
    const plan = await planSandboxLogin(f, false);
    expect(plan).toMatchObject({ port: 8123, saveToken: true });
    await saveSandboxProfile(f, plan, 'http://127.0.0.1:8123');
    expect(await f.stores.file.get('sandbox')).toBe(plan.token);
  });

  test('another site under the name: refused (exit 2) unless forced; forced, the old token goes from its other store', async () => {
    const mine = cloudProfile({ storage: 'keyring' });
    const f = fakeFactory({ config: { profiles: { sandbox: mine }, defaultProfile: 'sandbox' }, keyring: { sandbox: 'my-real-token' } });
    const error = await atlErrorOf(planSandboxLogin(f, false));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      'profile "sandbox" is https://acme.atlassian.net as me@acme.com, not this sandbox; --login would replace it',
    );
    expect(await f.stores.keyring.get('sandbox')).toBe('my-real-token');

    const plan = await planSandboxLogin(f, true);
    expect(plan.replaces).toEqual(mine);
    const saved = await saveSandboxProfile(f, plan, 'http://127.0.0.1:8080');
    expect((await f.config.read()).profiles.sandbox).toEqual(saved);
    expect(await f.stores.file.get('sandbox')).toBe(plan.token);
    expect(await f.stores.keyring.get('sandbox')).toBeNull();
    expect(await f.stores.keyring.get('sandbox:bitbucket')).toBeNull();
  });

  test('a profile whose name differs only in case is refused', async () => {
    const f = fakeFactory({ config: { profiles: { Sandbox: sandboxProfile } } });
    expect((await atlErrorOf(planSandboxLogin(f, true))).hint).toContain('atl auth rename Sandbox NAME');
  });
});

describe('saveSandboxProfile', () => {
  test('never makes the profile the default one', async () => {
    const f = fakeFactory();
    await saveSandboxProfile(f, await planSandboxLogin(f, false), 'http://127.0.0.1:8080');
    const config = await f.config.read();
    expect(config.defaultProfile).toBeNull();
    expect(isSandboxProfile(config.profiles.sandbox!)).toBe(true);
  });

  test("holds a Bitbucket login to the sandbox's Bitbucket Data Center, its token saved beside the site's", async () => {
    const f = fakeFactory();
    const plan = await planSandboxLogin(f, false);
    const saved = await saveSandboxProfile(f, plan, 'http://127.0.0.1:8080');
    expect(saved.bitbucket).toEqual({
      email: null,
      authType: 'bearer',
      workspace: null,
      storage: 'file',
      site: 'http://127.0.0.1:8080/dc-bitbucket',
      deployment: 'datacenter',
    });
    expect(await f.stores.file.get('sandbox:bitbucket')).toBe(plan.bitbucketToken);
  });
});
