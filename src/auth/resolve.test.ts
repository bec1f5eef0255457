import { describe, expect, test } from 'vitest';
import { cloudProfile, confluenceLogin, fakeFactory } from '../testkit/fakes.testutil.js';
import { AtlError } from '../errors.js';
import {
  NoDefaultProfileError,
  profileBitbucketTokenEnvName,
  profileTokenEnvName,
  resolveBitbucket,
  resolveConfluence,
  resolveCredentials,
} from './resolve.js';
import { KeyringUnavailableError } from './secrets/keyring.js';
import type { ConfigFile } from './types.js';

const config: ConfigFile = {
  defaultProfile: 'work',
  profiles: {
    work: cloudProfile(),
    'my-dc.2': cloudProfile({ site: 'https://jira.corp', email: null, authType: 'bearer', deployment: 'datacenter', storage: 'keyring' }),
    bb: cloudProfile({ bitbucket: { email: 'me@acme.com', authType: 'basic', workspace: 'acme', storage: 'keyring' } }),
  },
};
const stored = { file: { work: 'file-work', bb: 'file-bb' }, keyring: { 'my-dc.2': 'kr-dc', 'bb:bitbucket': 'kr-bb' } };
const allEnv = { ATL_SITE: 'env.atlassian.net', ATL_EMAIL: 'env@x.com', ATL_API_TOKEN: 'env-token' };

async function rejection(promise: Promise<unknown>): Promise<AtlError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AtlError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

test('ATL_TOKEN_<P> and ATL_BITBUCKET_TOKEN_<P> name mangling', () => {
  expect(profileTokenEnvName('work')).toBe('ATL_TOKEN_WORK');
  expect(profileTokenEnvName('my-dc.2')).toBe('ATL_TOKEN_MY_DC_2');
  expect(profileBitbucketTokenEnvName('work')).toBe('ATL_BITBUCKET_TOKEN_WORK');
  expect(profileBitbucketTokenEnvName('my-dc.2')).toBe('ATL_BITBUCKET_TOKEN_MY_DC_2');
});

describe('row 1: --profile', () => {
  test('uses the profile and the store, ignores ATL_SITE/EMAIL/API_TOKEN and says so', async () => {
    const f = fakeFactory({ config, ...stored, env: allEnv, globals: { profile: 'my-dc.2' } });
    const c = await resolveCredentials(f);
    expect(c).toMatchObject({
      profileName: 'my-dc.2',
      profileSource: 'flag',
      siteSource: 'profile',
      token: 'kr-dc',
      tokenSource: 'keyring',
    });
    expect(c.profile.site).toBe('https://jira.corp');
    expect(c.ignoredEnv).toEqual(['ATL_SITE', 'ATL_EMAIL', 'ATL_API_TOKEN']);
  });

  test('ATL_TOKEN_<P> beats the store', async () => {
    const f = fakeFactory({ config, ...stored, env: { ATL_TOKEN_MY_DC_2: 'env-dc' }, globals: { profile: 'my-dc.2' } });
    expect(await resolveCredentials(f)).toMatchObject({ token: 'env-dc', tokenSource: 'env-profile' });
  });

  test('an unknown profile is exit 4 listing the known ones', async () => {
    const err = await rejection(resolveCredentials(fakeFactory({ config, globals: { profile: 'nope' } })));
    expect(err.exitCode).toBe(4);
    expect(err.hint).toContain('bb, my-dc.2, work');
  });

  test('an explicit name (auth token <name>) acts as --profile', async () => {
    const f = fakeFactory({ config, ...stored, env: allEnv });
    expect(await resolveCredentials(f, { profile: 'work' })).toMatchObject({ profileSource: 'flag', token: 'file-work' });
  });
});

describe('row 2: ATL_PROFILE or the default profile', () => {
  test('default profile with ATL_SITE/ATL_EMAIL overrides and ATL_API_TOKEN', async () => {
    const f = fakeFactory({ config, ...stored, env: allEnv });
    const c = await resolveCredentials(f);
    expect(c).toMatchObject({
      profileName: 'work',
      profileSource: 'default',
      siteSource: 'env',
      token: 'env-token',
      tokenSource: 'env',
      ignoredEnv: [],
    });
    expect(c.profile).toMatchObject({ site: 'https://env.atlassian.net', email: 'env@x.com' });
  });

  test('ATL_TOKEN_<P> beats ATL_API_TOKEN', async () => {
    const f = fakeFactory({ config, ...stored, env: { ...allEnv, ATL_TOKEN_WORK: 'p-token' } });
    expect(await resolveCredentials(f)).toMatchObject({ token: 'p-token', tokenSource: 'env-profile' });
  });

  test('ATL_PROFILE picks the profile; the store gives the token', async () => {
    const f = fakeFactory({ config, ...stored, env: { ATL_PROFILE: 'my-dc.2' } });
    expect(await resolveCredentials(f)).toMatchObject({
      profileName: 'my-dc.2',
      profileSource: 'env',
      token: 'kr-dc',
      tokenSource: 'keyring',
      siteSource: 'profile',
    });
  });

  test('--profile beats ATL_PROFILE (which is reported as ignored)', async () => {
    const f = fakeFactory({ config, ...stored, env: { ATL_PROFILE: 'my-dc.2' }, globals: { profile: 'work' } });
    expect(await resolveCredentials(f)).toMatchObject({ profileName: 'work', profileSource: 'flag', ignoredEnv: ['ATL_PROFILE'] });
  });

  test('unknown ATL_PROFILE is exit 4', async () => {
    expect((await rejection(resolveCredentials(fakeFactory({ config, env: { ATL_PROFILE: 'ghost' } })))).exitCode).toBe(4);
  });

  test("ATL_SITE pointing elsewhere with a stored token is exit 3 naming the stored token's site; no token is returned", async () => {
    for (const storedIn of ['file', 'keyring'] as const) {
      const f = fakeFactory({
        config: { ...config, defaultProfile: storedIn === 'file' ? 'work' : 'my-dc.2' },
        ...stored,
        env: { ATL_SITE: 'https://evil.example.com' },
      });
      const err = await rejection(resolveCredentials(f));
      expect(err.exitCode).toBe(3);
      expect(err.code).toBe('auth');
      expect(err.message).toContain(`belongs to ${storedIn === 'file' ? 'https://acme.atlassian.net' : 'https://jira.corp'}`);
      expect(err.message).toContain('https://evil.example.com');
      expect(err.hint).toMatch(/unset ATL_SITE.*ATL_API_TOKEN.*atl auth login/);
    }
  });

  test("ATL_SITE naming the profile's own site (in another spelling) keeps the stored token", async () => {
    const f = fakeFactory({ config, ...stored, env: { ATL_SITE: 'ACME.atlassian.net/wiki/' } });
    expect(await resolveCredentials(f)).toMatchObject({
      siteSource: 'env',
      token: 'file-work',
      tokenSource: 'file',
      profile: { site: 'https://acme.atlassian.net' },
    });
  });

  test('ATL_SITE elsewhere is honoured with a token from the environment (ATL_TOKEN_<P> too)', async () => {
    const f = fakeFactory({ config, ...stored, env: { ATL_SITE: 'https://other.example.com', ATL_TOKEN_WORK: 'p-token' } });
    expect(await resolveCredentials(f)).toMatchObject({
      token: 'p-token',
      tokenSource: 'env-profile',
      profile: { site: 'https://other.example.com' },
    });
  });

  test('no token anywhere: tokenSource none', async () => {
    const f = fakeFactory({ config });
    expect(await resolveCredentials(f)).toMatchObject({ token: null, tokenSource: 'none' });
  });
});

describe('row 3: environment only', () => {
  test('ATL_SITE + ATL_EMAIL + ATL_API_TOKEN without profiles is an ephemeral profile, nothing written', async () => {
    const f = fakeFactory({ env: allEnv });
    const c = await resolveCredentials(f);
    expect(c).toMatchObject({ profileName: null, profileSource: 'env-only', siteSource: 'env', tokenSource: 'env', token: 'env-token' });
    expect(c.profile).toMatchObject({ site: 'https://env.atlassian.net', email: 'env@x.com', authType: 'basic', deployment: 'cloud' });
    expect(f.config.updates).toBe(0);
  });

  test('ATL_AUTH_TYPE=bearer needs no email; a non-Cloud host is then Data Center', async () => {
    const f = fakeFactory({ env: { ATL_SITE: 'https://jira.corp', ATL_API_TOKEN: 'pat', ATL_AUTH_TYPE: 'bearer' } });
    expect((await resolveCredentials(f)).profile).toMatchObject({ authType: 'bearer', deployment: 'datacenter', email: null });
  });

  test('Basic without ATL_EMAIL is not logged in (exit 3)', async () => {
    const err = await rejection(resolveCredentials(fakeFactory({ env: { ATL_SITE: 'a.atlassian.net', ATL_API_TOKEN: 't' } })));
    expect(err.exitCode).toBe(3);
    expect(err.hint).toContain('ATL_EMAIL');
  });
});

test('row 5: nothing at all is exit 3, not logged in, naming login and the variables', async () => {
  const err = await rejection(resolveCredentials(fakeFactory({ env: { ATL_SITE: 'a.atlassian.net' } })));
  expect(err.exitCode).toBe(3);
  expect(err.message).toBe('not logged in');
  expect(err.hint).toContain('atl auth login');
  expect(err.hint).toContain('ATL_API_TOKEN');
});

describe('row 4: Bitbucket', () => {
  test('ATL_BITBUCKET_TOKEN beats BITBUCKET_TOKEN beats the store', async () => {
    const base = { config, ...stored, globals: { profile: 'bb' } };
    expect(await resolveBitbucket(fakeFactory(base))).toMatchObject({
      token: 'kr-bb',
      tokenSource: 'keyring',
      login: { email: 'me@acme.com', authType: 'basic' },
    });
    expect(await resolveBitbucket(fakeFactory({ ...base, env: { BITBUCKET_TOKEN: 'b2' } }))).toMatchObject({
      token: 'b2',
      tokenSource: 'env',
      envName: 'BITBUCKET_TOKEN',
    });
    expect(await resolveBitbucket(fakeFactory({ ...base, env: { BITBUCKET_TOKEN: 'b2', ATL_BITBUCKET_TOKEN: 'b1' } }))).toMatchObject({
      token: 'b1',
      envName: 'ATL_BITBUCKET_TOKEN',
    });
  });

  test('an env token without any profile is a Bearer access token', async () => {
    expect(await resolveBitbucket(fakeFactory({ env: { BITBUCKET_TOKEN: 'acc' } }))).toMatchObject({
      profileName: null,
      token: 'acc',
      login: { authType: 'bearer' },
    });
  });

  test('no login anywhere: exit 3', async () => {
    expect((await rejection(resolveBitbucket(fakeFactory({})))).exitCode).toBe(3);
  });

  test('ATL_BITBUCKET_URL off bitbucket.org + an env token, no profile: a Data Center login at that site (Bearer; Basic with ATL_BITBUCKET_EMAIL)', async () => {
    const env = { ATL_BITBUCKET_URL: 'https://git.corp.example.com/', ATL_BITBUCKET_TOKEN: 'pat' };
    expect(await resolveBitbucket(fakeFactory({ env }))).toMatchObject({
      profileName: null,
      token: 'pat',
      login: { site: 'https://git.corp.example.com', deployment: 'datacenter', authType: 'bearer', email: null },
    });
    expect(await resolveBitbucket(fakeFactory({ env: { ...env, ATL_BITBUCKET_EMAIL: 'jdoe' } }))).toMatchObject({
      login: { site: 'https://git.corp.example.com', deployment: 'datacenter', authType: 'basic', email: 'jdoe' },
    });
    // Cloud's API (bitbucket.org, or a URL ending in /2.0 as the sandbox's) stays Cloud: no site.
    for (const cloud of ['https://api.bitbucket.org/2.0', 'http://127.0.0.1:9/2.0']) {
      const resolved = await resolveBitbucket(fakeFactory({ env: { ...env, ATL_BITBUCKET_URL: cloud } }));
      expect(resolved.login.site).toBeUndefined();
    }
  });

  test('ATL_BITBUCKET_URL naming a Data Center site: an env token goes there; a stored token of another server never does (exit 3)', async () => {
    const base = { config, ...stored, globals: { profile: 'bb' } };
    const env = { ATL_BITBUCKET_URL: 'https://git.corp.example.com' };
    expect(await resolveBitbucket(fakeFactory({ ...base, env: { ...env, ATL_BITBUCKET_TOKEN: 'pat' } }))).toMatchObject({
      token: 'pat',
      login: { site: 'https://git.corp.example.com', deployment: 'datacenter', authType: 'bearer' },
    });
    const refused = await rejection(resolveBitbucket(fakeFactory({ ...base, env })));
    expect(refused.exitCode).toBe(3);
    expect(refused.message).toBe(
      'ATL_BITBUCKET_URL is https://git.corp.example.com, but the stored Bitbucket token of profile "bb" belongs to Bitbucket Cloud; atl sends a stored token only to its own server',
    );
  });
});

describe('a keyring that cannot be asked is not "no token"', () => {
  /** The fake factory, with a keyring whose every read fails as a locked keychain does. */
  const lockedKeyring = (options: Parameters<typeof fakeFactory>[0]) => {
    const f = fakeFactory(options);
    const locked = new KeyringUnavailableError('could not read "x" from the macOS Keychain (locked)', 'run `security unlock-keychain`');
    f.stores.keyring.get = () => Promise.reject(locked);
    return { f, locked };
  };

  test('a keyring-stored token: resolving fails with the keyring error, not a null token', async () => {
    const { f, locked } = lockedKeyring({ config, ...stored, globals: { profile: 'my-dc.2' } });
    expect(await rejection(resolveCredentials(f))).toBe(locked);
  });

  test('a keyring-stored Bitbucket token: the same', async () => {
    const { f, locked } = lockedKeyring({ config, ...stored, globals: { profile: 'bb' } });
    expect(await rejection(resolveBitbucket(f))).toBe(locked);
  });

  test('a keyring that answered without an entry is still "no token" (tokenSource none)', async () => {
    const f = fakeFactory({ config, globals: { profile: 'my-dc.2' } });
    expect(await resolveCredentials(f)).toMatchObject({ token: null, tokenSource: 'none' });
  });

  test('a token in the environment or the file never asks the keyring', async () => {
    expect(
      await resolveCredentials(lockedKeyring({ config, ...stored, env: { ATL_TOKEN_MY_DC_2: 'p' }, globals: { profile: 'my-dc.2' } }).f),
    ).toMatchObject({ token: 'p' });
    expect(await resolveCredentials(lockedKeyring({ config, ...stored }).f)).toMatchObject({ token: 'file-work', tokenSource: 'file' });
  });
});

describe('ATL_BITBUCKET_TOKEN_<P>', () => {
  test('beats ATL_BITBUCKET_TOKEN and BITBUCKET_TOKEN, reported as env-profile with its name', async () => {
    const env = { BITBUCKET_TOKEN: 'b2', ATL_BITBUCKET_TOKEN: 'b1', ATL_BITBUCKET_TOKEN_BB: 'b0' };
    const resolved = await resolveBitbucket(fakeFactory({ config, ...stored, env, globals: { profile: 'bb' } }));
    expect(resolved).toMatchObject({
      token: 'b0',
      tokenSource: 'env-profile',
      envName: 'ATL_BITBUCKET_TOKEN_BB',
      login: { email: 'me@acme.com', authType: 'basic' },
    });
  });

  test("the mangled name of the selected profile (ATL_PROFILE or the default too); another profile's variable is not used", async () => {
    const env = { ATL_BITBUCKET_TOKEN_MY_DC_2: 'dc-bb', ATL_BITBUCKET_TOKEN_BB: 'bb-bb' };
    expect(await resolveBitbucket(fakeFactory({ config, ...stored, env: { ...env, ATL_PROFILE: 'my-dc.2' } }))).toMatchObject({
      token: 'dc-bb',
      envName: 'ATL_BITBUCKET_TOKEN_MY_DC_2',
    });
    // The default profile is `work`: neither variable is its own, so nothing is found.
    expect(await resolveBitbucket(fakeFactory({ config, ...stored, env }))).toMatchObject({
      profileName: 'work',
      token: null,
      tokenSource: 'none',
    });
  });
});

describe('ATL_TOKEN, another name for ATL_API_TOKEN', () => {
  test('row 2: ATL_TOKEN is the token, and status can say it came from ATL_TOKEN', async () => {
    const c = await resolveCredentials(fakeFactory({ config, ...stored, env: { ATL_TOKEN: 'alias-token' } }));
    expect(c).toMatchObject({ profileName: 'work', token: 'alias-token', tokenSource: 'env', tokenEnv: 'ATL_TOKEN', ignoredEnv: [] });
  });

  test('both set: ATL_API_TOKEN wins and ATL_TOKEN is reported as ignored, in rows 2 and 3', async () => {
    const both = { ATL_API_TOKEN: 'api-token', ATL_TOKEN: 'alias-token' };
    expect(await resolveCredentials(fakeFactory({ config, ...stored, env: both }))).toMatchObject({
      token: 'api-token',
      tokenEnv: 'ATL_API_TOKEN',
      ignoredEnv: ['ATL_TOKEN'],
    });
    const ci = await resolveCredentials(fakeFactory({ env: { ...both, ATL_SITE: 'a.atlassian.net', ATL_EMAIL: 'ci@x.com' } }));
    expect(ci).toMatchObject({ profileSource: 'env-only', token: 'api-token', tokenEnv: 'ATL_API_TOKEN', ignoredEnv: ['ATL_TOKEN'] });
  });

  test('ATL_TOKEN_<P> still beats it; --profile ignores it like ATL_API_TOKEN', async () => {
    expect(
      await resolveCredentials(fakeFactory({ config, ...stored, env: { ATL_TOKEN: 'alias', ATL_TOKEN_WORK: 'p-token' } })),
    ).toMatchObject({ token: 'p-token', tokenSource: 'env-profile', tokenEnv: 'ATL_TOKEN_WORK' });
    const flag = await resolveCredentials(fakeFactory({ config, ...stored, env: { ATL_TOKEN: 'alias' }, globals: { profile: 'work' } }));
    expect(flag).toMatchObject({ token: 'file-work', tokenSource: 'file', tokenEnv: null, ignoredEnv: ['ATL_TOKEN'] });
  });

  test('row 3: ATL_SITE + ATL_EMAIL + ATL_TOKEN make the ephemeral profile', async () => {
    const c = await resolveCredentials(
      fakeFactory({ env: { ATL_SITE: 'a.atlassian.net', ATL_EMAIL: 'ci@x.com', ATL_TOKEN: 'alias-token' } }),
    );
    expect(c).toMatchObject({
      profileSource: 'env-only',
      token: 'alias-token',
      tokenEnv: 'ATL_TOKEN',
      profile: { site: 'https://a.atlassian.net', email: 'ci@x.com' },
    });
  });
});

describe('no default profile', () => {
  const noDefault: ConfigFile = { ...config, defaultProfile: null };

  test('profiles but none chosen: exit 3 naming them and `atl auth switch NAME`, not "not logged in"', async () => {
    for (const resolve of [resolveCredentials, resolveBitbucket]) {
      const err = await rejection(resolve(fakeFactory({ config: noDefault, ...stored })));
      expect(err).toBeInstanceOf(NoDefaultProfileError);
      expect(err.exitCode).toBe(3);
      expect(err.message).toBe('there is no default profile; the profiles are: bb, my-dc.2, work');
      expect(err.hint).toContain('atl auth switch NAME');
      expect((err as NoDefaultProfileError).profiles).toEqual(['bb', 'my-dc.2', 'work']);
    }
  });

  test('a default naming a profile that is gone counts as none', async () => {
    const err = await rejection(resolveCredentials(fakeFactory({ config: { ...config, defaultProfile: 'gone' } })));
    expect(err.message).toContain('there is no default profile');
  });

  test('--profile, ATL_PROFILE, and a complete set of ATL_* variables still work', async () => {
    expect(await resolveCredentials(fakeFactory({ config: noDefault, ...stored, globals: { profile: 'work' } }))).toMatchObject({
      profileName: 'work',
    });
    expect(await resolveCredentials(fakeFactory({ config: noDefault, ...stored, env: { ATL_PROFILE: 'work' } }))).toMatchObject({
      profileName: 'work',
    });
    expect(await resolveCredentials(fakeFactory({ config: noDefault, env: allEnv }))).toMatchObject({ profileSource: 'env-only' });
    expect(await resolveBitbucket(fakeFactory({ config: noDefault, env: { BITBUCKET_TOKEN: 'acc' } }))).toMatchObject({
      profileName: null,
      token: 'acc',
    });
  });

  test('no profiles at all keeps "not logged in" with `atl auth login`', async () => {
    const err = await rejection(resolveCredentials(fakeFactory({})));
    expect(err).not.toBeInstanceOf(NoDefaultProfileError);
    expect(err.message).toBe('not logged in');
    expect(err.hint).toContain('atl auth login');
  });
});

test('ATL_SCOPED=1 without ATL_CLOUD_ID is scoped, its cloud ID left to find', async () => {
  const c = await resolveCredentials(fakeFactory({ env: { ...allEnv, ATL_SCOPED: '1' } }));
  expect(c.profile).toMatchObject({ scoped: true, cloudId: null });
  const withId = await resolveCredentials(fakeFactory({ env: { ...allEnv, ATL_SCOPED: '1', ATL_CLOUD_ID: 'cid' } }));
  expect(withId.profile).toMatchObject({ scoped: true, cloudId: 'cid' });
});

describe('one precedence and one wording for profile errors', () => {
  test('profilePrecedence: --profile, else ATL_PROFILE, else the default; existence is not its business', async () => {
    const { profilePrecedence } = await import('./resolve.js');
    expect(profilePrecedence(fakeFactory({ config, env: { ATL_PROFILE: 'bb' }, globals: { profile: 'ghost' } }), config)).toEqual({
      name: 'ghost',
      source: 'flag',
    });
    expect(profilePrecedence(fakeFactory({ config, env: { ATL_PROFILE: 'bb' } }), config)).toEqual({ name: 'bb', source: 'env' });
    expect(profilePrecedence(fakeFactory({ config, env: { ATL_PROFILE: '' } }), config)).toEqual({ name: 'work', source: 'default' });
    expect(profilePrecedence(fakeFactory({ config: { ...config, defaultProfile: null } }), { ...config, defaultProfile: null })).toBeNull();
  });

  test('an unknown profile is the same exit-4 error from resolution and from the auth commands', async () => {
    const { unknownProfileError } = await import('./resolve.js');
    const { requireProfile } = await import('../commands/auth/_manage/profiles.js');
    const fromResolve = await rejection(resolveCredentials(fakeFactory({ config, globals: { profile: 'ghost' } })));
    let fromCommand: unknown;
    try {
      requireProfile(config, 'ghost');
    } catch (err) {
      fromCommand = err;
    }
    const expected = unknownProfileError('ghost', config);
    for (const err of [fromResolve, fromCommand]) {
      expect(err).toBeInstanceOf(AtlError);
      expect([(err as AtlError).message, (err as AtlError).hint, (err as AtlError).exitCode]).toEqual([expected.message, expected.hint, 4]);
    }
    expect(expected.message).toBe('profile "ghost" not found');
  });
});

describe('resolveConfluence', () => {
  const wiki = confluenceLogin();

  test("the profile's Confluence login and its stored token; ATL_CONFLUENCE_TOKEN_<P> before ATL_CONFLUENCE_TOKEN", async () => {
    const config = { defaultProfile: 'my-corp', profiles: { 'my-corp': cloudProfile({ confluence: wiki }) } };
    const stored = await resolveConfluence(fakeFactory({ config, file: { 'my-corp:confluence': 'wiki-pat' } }));
    expect(stored).toMatchObject({ from: 'confluence', stored: true, token: 'wiki-pat', tokenSource: 'file', login: wiki });
    const env = { ATL_CONFLUENCE_TOKEN: 'generic', ATL_CONFLUENCE_TOKEN_MY_CORP: 'own' };
    expect(await resolveConfluence(fakeFactory({ config, env }))).toMatchObject({
      token: 'own',
      tokenSource: 'env-profile',
      tokenEnv: 'ATL_CONFLUENCE_TOKEN_MY_CORP',
    });
  });

  test('no Confluence login: the site login, as before; an environment token alone makes one up', async () => {
    const config = { defaultProfile: 'w', profiles: { w: cloudProfile() } };
    expect(await resolveConfluence(fakeFactory({ config, file: { w: 'tok' } }))).toMatchObject({
      from: 'site',
      token: 'tok',
      login: { site: 'https://acme.atlassian.net', deployment: 'cloud', authType: 'basic' },
    });
    const bearer = await resolveConfluence(
      fakeFactory({ config, env: { ATL_CONFLUENCE_URL: 'https://wiki.corp.example.com', ATL_CONFLUENCE_TOKEN: 'pat' } }),
    );
    expect(bearer).toMatchObject({
      from: 'confluence',
      stored: false,
      siteSource: 'env',
      login: { authType: 'bearer', deployment: 'datacenter' },
    });
    const basic = await resolveConfluence(
      fakeFactory({ config, env: { ATL_CONFLUENCE_TOKEN: 'tok2', ATL_CONFLUENCE_EMAIL: 'me@acme.com' } }),
    );
    expect(basic.login).toMatchObject({ site: 'https://acme.atlassian.net', authType: 'basic', email: 'me@acme.com', deployment: 'cloud' });
  });

  test('ATL_CONFLUENCE_TOKEN with no site anywhere is exit 3 naming ATL_CONFLUENCE_URL', async () => {
    await expect(
      resolveConfluence(fakeFactory({ config: { defaultProfile: null, profiles: {} }, env: { ATL_CONFLUENCE_TOKEN: 't' } })),
    ).rejects.toMatchObject({
      exitCode: 3,
      hint: expect.stringContaining('ATL_CONFLUENCE_URL'),
    });
  });
});
