import { describe, expect, test } from 'vitest';
import { basicIs, cloudProfile, fakeFactory, fakeMaker } from '../../../testkit/fakes.testutil.js';
import { localDate } from '../../../auth/expiry.js';
import { environmentToken, performLogin, type LoginInput } from './login-flow.js';

const SITE = 'https://acme.atlassian.net';
const me = { accountId: 'a1', displayName: 'Me', emailAddress: 'me@acme.com' };
const base: LoginInput = { profileName: 'work', site: 'acme.atlassian.net/wiki/', email: 'me@acme.com', token: 'good', verify: true };

/** The local date `days` from today, as --expires takes it. */
const inDays = (days: number): string => {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return localDate(d);
};

function server() {
  return fakeMaker({
    [`${SITE}/rest/api/3/myself`]: (call) => (basicIs(call, 'me@acme.com', 'good') ? me : 401),
    [`${SITE}/_edge/tenant_info`]: () => ({ cloudId: 'cid' }),
    'https://api.atlassian.com/ex/jira/cid/rest/api/3/myself': (call) => (basicIs(call, 'svc@acme.com', 'scoped') ? me : 401),
    'https://api.bitbucket.org/2.0/user': (call) => (basicIs(call, 'me@acme.com', 'bb') ? { account_id: 'a1', display_name: 'Me' } : 401),
    'https://api.bitbucket.org/2.0/user/workspaces': (call) =>
      call.auth?.type === 'bearer' && call.auth.token === 'acc'
        ? { values: [{ type: 'workspace_access', workspace: { type: 'workspace_base', slug: 'acme' } }] }
        : 401,
  });
}

describe('performLogin', () => {
  test('verifies, stores the secret and the profile, and makes the first profile the default', async () => {
    const f = fakeFactory();
    const make = server();
    expect(await performLogin(f, base, { make })).toBe(0);
    expect(f.stores.file.secrets.get('work')).toBe('good');
    expect(f.config.config).toEqual({ defaultProfile: 'work', profiles: { work: cloudProfile({ site: SITE }) } });
    expect(f.out.text).toContain('Logged in to https://acme.atlassian.net as Me');
    expect(f.out.text).not.toContain('good');
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
    await performLogin(f, { ...base, dryRun: true, expires: inDays(200) }, { make });
    expect(JSON.parse(f.out.text)).toMatchObject({
      dryRun: true,
      profile: 'work',
      site: SITE,
      authType: 'basic',
      deployment: 'cloud',
      cloudId: null,
      storage: 'file',
      tokenExpiresAt: inDays(200),
    });
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
    expect(JSON.parse(f.out.text)).toMatchObject({ dryRun: true, site: SITE });
    const bb = fakeFactory({ globals: { json: true } });
    expect(
      await performLogin(bb, { profileName: 'work', bitbucket: true, bearer: true, dryRun: true, verify: true }, { make: server() }),
    ).toBe(0);
    expect(JSON.parse(bb.out.text)).toMatchObject({ dryRun: true, bitbucket: { authType: 'bearer', storage: 'file' } });
    // A real login without a token is still exit 2 naming the flag.
    await expect(performLogin(fakeFactory(), withoutToken, { make: server() })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('--token'),
    });
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
    await expect(performLogin(f, { ...base, tokenStdin: true }, { make: server(), readStdin: async () => 'x' })).rejects.toMatchObject({
      exitCode: 2,
    });
  });

  test('--bitbucket keeps the site login and adds a Bitbucket one under <profile>:bitbucket', async () => {
    const f = fakeFactory({ config: { defaultProfile: 'work', profiles: { work: cloudProfile() } }, file: { work: 'good' } });
    await performLogin(
      f,
      { profileName: 'work', bitbucket: true, email: 'me@acme.com', token: 'bb', workspace: 'acme', verify: true },
      { make: server() },
    );
    expect(f.config.config.profiles.work).toMatchObject({
      site: SITE,
      bitbucket: { email: 'me@acme.com', authType: 'basic', workspace: 'acme', storage: 'file' },
    });
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
    for (const input of [
      { ...base, profileName: 'Work' },
      { ...base, profileName: 'WORK', bitbucket: true, token: 'bb' },
    ]) {
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

describe('login from the environment', () => {
  const env = { ATL_SITE: 'acme.atlassian.net', ATL_EMAIL: 'me@acme.com', ATL_API_TOKEN: 'good' };
  const bare: LoginInput = { profileName: 'default', verify: true };

  test('ATL_SITE, ATL_EMAIL and ATL_API_TOKEN stand in for absent flags; the token verifies but is not stored', async () => {
    const f = fakeFactory({ env });
    expect(await performLogin(f, bare, { make: server() })).toBe(0);
    expect(f.config.config.profiles.default).toEqual(cloudProfile({ storage: 'file' }));
    expect(f.stores.file.secrets.size + f.stores.keyring.secrets.size).toBe(0);
    expect(f.out.text).toContain('token not stored, read from ATL_API_TOKEN');
    expect(f.err.text).toContain(
      'notice: the token in ATL_API_TOKEN verified the login and was not stored; later runs read it from ATL_TOKEN_DEFAULT, or ATL_API_TOKEN',
    );
    expect(f.err.text).not.toContain('good');
  });

  test('flags win over the variables, and a token flag is stored as always', async () => {
    const f = fakeFactory({
      env: { ...env, ATL_SITE: 'https://other.atlassian.net', ATL_EMAIL: 'other@acme.com', ATL_API_TOKEN: 'wrong' },
    });
    await performLogin(f, { ...bare, site: SITE, email: 'me@acme.com', token: 'good' }, { make: server() });
    expect(f.config.config.profiles.default).toMatchObject({ site: SITE, email: 'me@acme.com' });
    expect(f.stores.file.secrets.get('default')).toBe('good');
  });

  test('ATL_TOKEN_<PROFILE> wins over ATL_API_TOKEN, which wins over its alias ATL_TOKEN', () => {
    expect(environmentToken({ ATL_TOKEN: 'c', ATL_API_TOKEN: 'b', ATL_TOKEN_MY_CI: 'a' }, 'my-ci')).toEqual({
      name: 'ATL_TOKEN_MY_CI',
      value: 'a',
    });
    expect(environmentToken({ ATL_TOKEN: 'c', ATL_API_TOKEN: 'b' }, 'ci')).toEqual({ name: 'ATL_API_TOKEN', value: 'b' });
    expect(environmentToken({ ATL_TOKEN: 'c', ATL_API_TOKEN: '' }, 'ci')).toEqual({ name: 'ATL_TOKEN', value: 'c' });
    expect(environmentToken({}, 'ci')).toBeNull();
  });

  test('a CI profile from ATL_TOKEN_CI replaces a token stored before, which must not outlive the variable', async () => {
    const f = fakeFactory({
      env: { ATL_TOKEN_CI: 'good' },
      file: { ci: 'old-token' },
      config: { defaultProfile: 'ci', profiles: { ci: cloudProfile({ site: 'https://old.atlassian.net' }) } },
    });
    await performLogin(
      f,
      { ...bare, profileName: 'ci', profileNamed: true, site: SITE, email: 'me@acme.com', makeDefault: true },
      { make: server() },
    );
    expect(f.stores.file.secrets.has('ci')).toBe(false);
    expect(f.config.config.profiles.ci).toMatchObject({ site: SITE, storage: 'file' });
    expect(f.err.text).toContain('later runs read it from ATL_TOKEN_CI;');
  });

  test('a refused environment token saves nothing', async () => {
    const f = fakeFactory({ env: { ...env, ATL_API_TOKEN: 'bad' } });
    await expect(performLogin(f, bare, { make: server() })).rejects.toMatchObject({ exitCode: 3 });
    expect(f.config.updates).toBe(0);
  });
});

describe('one profile per site and email', () => {
  const config = { defaultProfile: 'default', profiles: { default: cloudProfile({ site: 'https://old.atlassian.net' }) } };
  const unnamed: LoginInput = { ...base, profileName: 'default' };

  test('without a terminal, an unnamed login to another site is exit 2 naming --profile and --force, and changes nothing', async () => {
    const f = fakeFactory({ config, file: { default: 'old-token' } });
    await expect(performLogin(f, unnamed, { make: server() })).rejects.toMatchObject({
      exitCode: 2,
      message:
        'profile "default" is https://old.atlassian.net as me@acme.com; this login (https://acme.atlassian.net as me@acme.com) would replace it',
      hint: expect.stringMatching(/--profile NAME.*--force/),
    });
    expect(f.config.updates).toBe(0);
    expect(f.stores.file.secrets.get('default')).toBe('old-token');
  });

  test('another email on the same site counts too; the same site and email (any case) does not', async () => {
    await expect(
      performLogin(fakeFactory({ config: { ...config, profiles: { default: cloudProfile({ email: 'you@acme.com' }) } } }), unnamed, {
        make: server(),
      }),
    ).rejects.toMatchObject({ exitCode: 2 });
    const same = fakeFactory({ config: { ...config, profiles: { default: cloudProfile({ email: 'ME@acme.com' }) } } });
    expect(await performLogin(same, unnamed, { make: server() })).toBe(0);
  });

  test('--force, --profile, or yes at the prompt replace it; no at the prompt keeps it', async () => {
    for (const input of [
      { ...unnamed, force: true },
      { ...unnamed, profileNamed: true },
    ]) {
      const f = fakeFactory({ config });
      expect(await performLogin(f, input, { make: server() })).toBe(0);
      expect(f.config.config.profiles.default!.site).toBe(SITE);
    }
    const yes = fakeFactory({ config, canPrompt: true, answers: [true] });
    expect(await performLogin(yes, unnamed, { make: server() })).toBe(0);
    expect(yes.prompts).toEqual([
      'Profile "default" is https://old.atlassian.net as me@acme.com. Replace it with https://acme.atlassian.net as me@acme.com?',
    ]);
    const no = fakeFactory({ config, canPrompt: true, answers: [false] });
    await expect(performLogin(no, unnamed, { make: server() })).rejects.toMatchObject({
      exitCode: 2,
      message: 'kept profile "default"; nothing saved',
    });
    expect(no.config.updates).toBe(0);
  });

  test('--dry-run says it would replace the profile', async () => {
    const f = fakeFactory({ config });
    await performLogin(f, { ...unnamed, dryRun: true }, { make: server() });
    expect(f.out.text).toContain(
      'Would replace profile "default", now https://old.atlassian.net as me@acme.com (pass --profile NAME to keep it)',
    );
    const json = fakeFactory({ config, json: true });
    await performLogin(json, { ...unnamed, dryRun: true }, { make: server() });
    expect(JSON.parse(json.out.text)).toMatchObject({ replaces: { site: 'https://old.atlassian.net', email: 'me@acme.com' } });
  });
});

describe('--profile X --default with nothing to change', () => {
  const config = { defaultProfile: 'a', profiles: { a: cloudProfile(), x: cloudProfile({ site: 'https://x.atlassian.net' }) } };
  const only: LoginInput = { profileName: 'x', profileNamed: true, makeDefault: true, verify: true };

  test('makes X the default without a token, a request or a prompt', async () => {
    const f = fakeFactory({ config });
    const make = server();
    expect(await performLogin(f, only, { make })).toBe(0);
    expect(f.config.config.defaultProfile).toBe('x');
    expect(f.config.config.profiles.x).toEqual(config.profiles.x);
    expect(make.calls).toHaveLength(0);
    expect(f.out.text).toBe('✓ Profile "x" is now the default profile\n');
  });

  test('flags that repeat the saved values still count as nothing changed; --dry-run changes nothing', async () => {
    const f = fakeFactory({ config });
    await performLogin(
      f,
      { ...only, site: 'x.atlassian.net/', email: 'ME@acme.com', deployment: 'cloud', storage: 'file' },
      { make: server() },
    );
    expect(f.config.config.defaultProfile).toBe('x');
    const dry = fakeFactory({ config });
    await performLogin(dry, { ...only, dryRun: true }, { make: server() });
    expect(dry.config.updates).toBe(0);
    expect(dry.out.text).toContain('Would make profile "x" the default profile');
  });

  test('a changed value, or a profile that does not exist, is a regular login that needs a token', async () => {
    for (const input of [
      { ...only, email: 'other@acme.com' },
      { ...only, profileName: 'new' },
    ]) {
      await expect(performLogin(fakeFactory({ config }), input, { make: server() })).rejects.toMatchObject({
        exitCode: 2,
        message: expect.stringContaining('--token'),
      });
    }
  });
});

describe('--expires and where tokens come from', () => {
  test('a past date, or more than 365 days ahead on Cloud, is exit 2 before any request', async () => {
    for (const expires of [inDays(-1), inDays(366)]) {
      const make = server();
      await expect(performLogin(fakeFactory(), { ...base, expires }, { make })).rejects.toMatchObject({
        exitCode: 2,
        message: expect.stringContaining(`--expires ${expires}`),
      });
      expect(make.calls.filter((c) => c.auth !== null)).toHaveLength(0);
    }
    expect(await performLogin(fakeFactory(), { ...base, expires: inDays(365) }, { make: server() })).toBe(0);
  });

  test('a scoped login without --expires warns; with it, it does not', async () => {
    const scoped = { ...base, email: 'svc@acme.com', token: 'scoped', scoped: true };
    const f = fakeFactory();
    await performLogin(f, scoped, { make: server() });
    expect(f.err.text).toContain('warning: no --expires given for a scoped token');
    const g = fakeFactory();
    await performLogin(g, { ...scoped, expires: inDays(90) }, { make: server() });
    expect(g.err.text).not.toContain('warning');
  });

  test('the token prompt names the page to create one on', async () => {
    const f = fakeFactory({ canPrompt: true, answers: ['good'] });
    await performLogin(f, { ...base, token: undefined }, { make: server() });
    expect(f.prompts).toEqual(['API token:']);
    expect(f.err.text).toContain('Create a token at https://id.atlassian.com/manage-profile/security/api-tokens\n');
  });

  test('a refused login names the token page', async () => {
    await expect(performLogin(fakeFactory(), { ...base, token: 'bad' }, { make: server() })).rejects.toMatchObject({
      exitCode: 3,
      hint: expect.stringContaining('create a token at https://id.atlassian.com/manage-profile/security/api-tokens'),
    });
  });
});

describe('performLogin --confluence', () => {
  const WIKI = 'https://wiki.corp.example.com';
  const wikiServer = () =>
    fakeMaker({
      [`${SITE}/rest/api/3/myself`]: (call) => (basicIs(call, 'me@acme.com', 'good') ? me : 401),
      [`${WIKI}/rest/api/user/current`]: (call) =>
        call.auth?.type === 'bearer' && call.auth.token === 'wiki-pat' ? { type: 'known', username: 'me', displayName: 'Me' } : 401,
    });
  const wiki: LoginInput = { profileName: 'work', confluence: true, site: WIKI, bearer: true, token: 'wiki-pat', verify: true };

  test("stores a Data Center login beside the profile's own, secret <profile>:confluence; a Jira re-login keeps it", async () => {
    const f = fakeFactory();
    const make = wikiServer();
    await performLogin(f, base, { make });
    expect(await performLogin(f, wiki, { make })).toBe(0);
    expect(f.stores.file.secrets.get('work:confluence')).toBe('wiki-pat');
    expect(f.stores.file.secrets.get('work')).toBe('good');
    const confluence = { site: WIKI, email: null, authType: 'bearer', deployment: 'datacenter', storage: 'file', tokenExpiresAt: null };
    expect(f.config.config.profiles.work?.confluence).toEqual(confluence);
    expect(f.out.text).toContain(`✓ Logged in to Confluence at ${WIKI} as Me`);
    expect(f.out.text).toContain('✓ Saved the Confluence login on profile "work" (datacenter/bearer, token in the encrypted file)');
    await performLogin(f, base, { make });
    expect(f.config.config.profiles.work?.confluence).toEqual(confluence);
  });

  test('a refused token saves nothing; no profile, --scoped and --bitbucket with it are usage errors', async () => {
    const f = fakeFactory();
    const make = wikiServer();
    await expect(performLogin(f, wiki, { make })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('has no site login'),
    });
    await performLogin(f, base, { make });
    await expect(performLogin(f, { ...wiki, token: 'bad' }, { make })).rejects.toMatchObject({ exitCode: 3 });
    expect(f.stores.file.secrets.has('work:confluence')).toBe(false);
    expect(f.config.config.profiles.work?.confluence).toBeUndefined();
    await expect(performLogin(f, { ...wiki, scoped: true }, { make })).rejects.toMatchObject({ exitCode: 2 });
    await expect(performLogin(f, { ...wiki, bitbucket: true }, { make })).rejects.toMatchObject({ exitCode: 2 });
  });

  test('deployment: a Bearer token off Atlassian Cloud is Data Center; Basic asks the site for tenant_info', async () => {
    const f = fakeFactory();
    const make = fakeMaker({
      [`${SITE}/rest/api/3/myself`]: () => me,
      'https://other.example.com/_edge/tenant_info': () => ({ cloudId: 'c-2' }),
    });
    await performLogin(f, base, { make });
    await performLogin(f, { ...wiki, dryRun: true }, { make });
    expect(f.out.text).toMatch(/Deployment: datacenter\n/);
    await performLogin(f, { ...wiki, site: 'https://other.example.com', bearer: false, email: 'me@acme.com', dryRun: true }, { make });
    expect(f.out.text).toMatch(/Deployment: cloud\n/);
    expect(f.stores.file.secrets.has('work:confluence')).toBe(false);
  });
});

describe('performLogin --bitbucket --site (Data Center)', () => {
  test('keeps the site with deployment datacenter; bitbucket.org is Cloud; --deployment cloud with another site is a usage error', async () => {
    const f = fakeFactory();
    const make = fakeMaker({});
    await performLogin(
      f,
      { profileName: 'git', bitbucket: true, site: 'git.corp.example.com/', bearer: true, dryRun: true, verify: true },
      { make },
    );
    expect(f.out.text).toContain('Site:       https://git.corp.example.com (Data Center)');
    const json = fakeFactory({ json: true });
    await performLogin(
      json,
      { profileName: 'git', bitbucket: true, site: 'https://bitbucket.org', bearer: true, dryRun: true, verify: true },
      { make },
    );
    expect(JSON.parse(json.out.text).bitbucket).not.toHaveProperty('site');
    await expect(
      performLogin(
        f,
        { profileName: 'git', bitbucket: true, site: 'https://git.corp.example.com', deployment: 'cloud', verify: true },
        { make },
      ),
    ).rejects.toMatchObject({ exitCode: 2 });
    await expect(
      performLogin(
        f,
        { profileName: 'git', bitbucket: true, site: 'http://git.corp.example.com', bearer: true, token: 't', verify: true },
        { make },
      ),
    ).rejects.toMatchObject({ exitCode: 2 });
    expect(make.calls).toEqual([]);
  });
});
