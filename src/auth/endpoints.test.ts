import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cloudProfile, confluenceLogin, fakeFactory, fakeMaker } from '../testkit/fakes.testutil.js';
import { AtlError } from '../errors.js';
import {
  announceUrlOverride,
  baseUrlFor,
  bitbucketUrl,
  clientForProduct,
  gatewayUrl,
  httpAuth,
  urlOverrides,
  withExpiryHint,
} from './endpoints.js';

describe('baseUrlFor', () => {
  const env = {};
  test('Cloud: Jira at the site, Confluence under /wiki', () => {
    expect(baseUrlFor('jira', cloudProfile(), env)).toBe('https://acme.atlassian.net');
    expect(baseUrlFor('confluence', cloudProfile(), env)).toBe('https://acme.atlassian.net/wiki');
  });
  test('Data Center: both at the site (context path kept)', () => {
    const dc = cloudProfile({ site: 'https://corp.example.com/jira', deployment: 'datacenter' });
    expect(baseUrlFor('jira', dc, env)).toBe('https://corp.example.com/jira');
    expect(baseUrlFor('confluence', dc, env)).toBe('https://corp.example.com/jira');
  });
  test('scoped: through the gateway, ATL_GATEWAY_URL overrides it', () => {
    const scoped = cloudProfile({ scoped: true, cloudId: 'c-1' });
    expect(baseUrlFor('jira', scoped, env)).toBe('https://api.atlassian.com/ex/jira/c-1');
    expect(baseUrlFor('confluence', scoped, env)).toBe('https://api.atlassian.com/ex/confluence/c-1/wiki');
    expect(baseUrlFor('jira', scoped, { ATL_GATEWAY_URL: 'http://127.0.0.1:9/' })).toBe('http://127.0.0.1:9/ex/jira/c-1');
    expect(() => baseUrlFor('jira', cloudProfile({ scoped: true }), env)).toThrow(/cloudId/);
  });
});

test('httpAuth: Basic needs the email; Bearer does not', () => {
  expect(httpAuth('basic', 'a@b.c', 't')).toEqual({ type: 'basic', username: 'a@b.c', password: 't' });
  expect(httpAuth('bearer', null, 't')).toEqual({ type: 'bearer', token: 't' });
  expect(() => httpAuth('basic', null, 't')).toThrow(AtlError);
});

describe('clientForProduct', () => {
  test('authenticates with the resolved credentials', async () => {
    const f = fakeFactory({ config: { defaultProfile: 'w', profiles: { w: cloudProfile() } }, file: { w: 'tok' } });
    const make = fakeMaker({ 'https://acme.atlassian.net/wiki/rest/api/space': (call) => call.auth });
    const client = await clientForProduct(f, 'confluence', make);
    expect(client.baseUrl).toBe('https://acme.atlassian.net/wiki');
    // The profile's email and its stored token, as Basic auth: what the request really carries.
    expect(await client.get('/rest/api/space')).toEqual({ type: 'basic', username: 'me@acme.com', password: 'tok' });
    expect(make.calls.map((call) => call.auth)).toEqual([{ type: 'basic', username: 'me@acme.com', password: 'tok' }]);
  });

  test('Bitbucket uses ATL_BITBUCKET_URL and the Bitbucket token', async () => {
    const make = fakeMaker({ 'http://127.0.0.1:9/2.0/user': (call) => call.auth });
    const f = fakeFactory({ env: { ATL_BITBUCKET_URL: 'http://127.0.0.1:9/2.0', ATL_BITBUCKET_TOKEN: 'acc' } });
    const client = await clientForProduct(f, 'bitbucket', make);
    expect(await client.get('/user')).toEqual({ type: 'bearer', token: 'acc' });
  });

  test('a 401 for a Bitbucket app password (ATBB…) says so and how to replace it; another token keeps the token page', async () => {
    const make = fakeMaker({ 'http://127.0.0.1:9/2.0/user': () => 401 });
    const env = { ATL_BITBUCKET_URL: 'http://127.0.0.1:9/2.0', ATL_BITBUCKET_EMAIL: 'demo-user' };
    const app = await clientForProduct(fakeFactory({ env: { ...env, ATL_BITBUCKET_TOKEN: 'ATBBsecret' } }), 'bitbucket', make);
    const refusal = (call: Promise<unknown>) =>
      call.then(
        () => expect.fail('expected a 401'),
        (err: unknown) => err as AtlError,
      );
    const refused = await refusal(app.get('/user'));
    expect(refused).toMatchObject({ exitCode: 3, message: expect.stringContaining('(an app password: Bitbucket no longer accepts them)') });
    expect(refused.hint).toContain('create an API token with scopes');
    expect(refused.hint).toContain('`atl auth login --bitbucket --email YOUR_ATLASSIAN_EMAIL --token-stdin`');
    const token = await clientForProduct(fakeFactory({ env: { ...env, ATL_BITBUCKET_TOKEN: 'ATATTsecret' } }), 'bitbucket', make);
    const other = await refusal(token.get('/user'));
    expect(other.hint).not.toContain('app password');
    expect(other.hint).toContain('https://id.atlassian.com/manage-profile/security/api-tokens');
  });

  test('ATL_BITBUCKET_URL off bitbucket.org is a Data Center site, not an override: any host, no notice, the DC token page on a 401', async () => {
    const make = fakeMaker({ 'https://git.corp.example.com/rest/api/1.0/application-properties': () => 401 });
    const f = fakeFactory({ env: { ATL_BITBUCKET_URL: 'https://git.corp.example.com', ATL_BITBUCKET_TOKEN: 'pat' } });
    const client = await clientForProduct(f, 'bitbucket', make);
    expect(client.baseUrl).toBe('https://git.corp.example.com');
    await expect(client.get('/rest/api/1.0/application-properties')).rejects.toMatchObject({
      hint: expect.stringContaining('https://git.corp.example.com/plugins/servlet/access-tokens/manage'),
    });
    expect(make.calls.map((call) => call.auth)).toEqual([{ type: 'bearer', token: 'pat' }]);
    expect(f.err.text).toBe('');
  });

  test('every 401 names the token page: the account page on Cloud, the product PAT page on Data Center', async () => {
    const dc = cloudProfile({ site: 'https://corp.example.com', deployment: 'datacenter', authType: 'bearer', email: null });
    const make = fakeMaker({
      'https://corp.example.com/rest/api/2/myself': () => 401,
      'https://corp.example.com/rest/api/user/current': () => 401,
      'https://acme.atlassian.net/rest/api/3/myself': () => 401,
    });
    const onDc = fakeFactory({ config: { defaultProfile: 'dc', profiles: { dc } }, file: { dc: 'pat' } });
    await expect((await clientForProduct(onDc, 'jira', make)).get('/rest/api/2/myself')).rejects.toMatchObject({
      exitCode: 3,
      hint: expect.stringContaining(
        'create a token at https://corp.example.com/secure/ViewProfile.jspa?selectedTab=com.atlassian.pats.pats-plugin:jira-user-personal-access-tokens',
      ),
    });
    await expect((await clientForProduct(onDc, 'confluence', make)).get('/rest/api/user/current')).rejects.toMatchObject({
      hint: expect.stringContaining('create a token at https://corp.example.com/plugins/personalaccesstokens/usertokens.action'),
    });
    const onCloud = fakeFactory({ config: { defaultProfile: 'w', profiles: { w: cloudProfile() } }, file: { w: 'tok' } });
    await expect((await clientForProduct(onCloud, 'jira', make)).get('/rest/api/3/myself')).rejects.toMatchObject({
      hint: expect.stringContaining('create a token at https://id.atlassian.com/manage-profile/security/api-tokens'),
    });
  });

  test('JSM is served by the Jira site: the same base URL, directly and through the gateway', async () => {
    for (const profile of [cloudProfile(), cloudProfile({ scoped: true, cloudId: 'c-1' })]) {
      const f = fakeFactory({ config: { defaultProfile: 'w', profiles: { w: profile } }, file: { w: 'tok' } });
      const jsm = await clientForProduct(f, 'jsm', fakeMaker({}));
      expect(jsm.baseUrl).toBe(profile.scoped ? 'https://api.atlassian.com/ex/jira/c-1' : 'https://acme.atlassian.net');
      expect(jsm.baseUrl).toBe((await clientForProduct(f, 'jira', fakeMaker({}))).baseUrl);
    }
  });

  test("a 401 is blamed on the token's expiry by the factory's clock, not the machine's", async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'atl-endpoints-clock-'));
    try {
      const profile = cloudProfile({ tokenExpiresAt: '2031-03-01' });
      const make = fakeMaker({ 'https://acme.atlassian.net/rest/api/3/myself': () => 401 });
      const at = (now: Date) =>
        fakeFactory({ config: { defaultProfile: 'w', profiles: { w: profile } }, file: { w: 'tok' }, stateDir, now });
      const after = await clientForProduct(at(new Date(2031, 2, 5, 12)), 'jira', make);
      await expect(after.get('/rest/api/3/myself')).rejects.toMatchObject({
        exitCode: 3,
        message: expect.stringContaining('probably expired on 2031-03-01'),
      });
      const before = await clientForProduct(at(new Date(2031, 1, 1, 12)), 'jira', make);
      await expect(before.get('/rest/api/3/myself')).rejects.toMatchObject({
        exitCode: 3,
        message: expect.not.stringContaining('expired'),
      });
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  });

  test('a profile without a token is exit 3 naming login', async () => {
    const f = fakeFactory({ config: { defaultProfile: 'w', profiles: { w: cloudProfile() } } });
    await expect(clientForProduct(f, 'jira', fakeMaker({}))).rejects.toMatchObject({
      exitCode: 3,
      hint: expect.stringContaining('atl auth login'),
    });
  });
});

test('withExpiryHint explains a 401 after the expiry date, and leaves other errors alone', async () => {
  const make = fakeMaker({ 'https://x/a': () => 401, 'https://x/b': () => 500 });
  const client = withExpiryHint(await make({ baseUrl: 'https://x', auth: null }), '2000-01-01', 'work');
  await expect(client.get('/a')).rejects.toMatchObject({ exitCode: 3, message: expect.stringContaining('probably expired on 2000-01-01') });
  await expect(client.get('/b')).rejects.toMatchObject({ status: 500 });
  const fresh = await make({ baseUrl: 'https://x', auth: null });
  expect(withExpiryHint(fresh, '2999-01-01', 'work')).toBe(fresh);
});

describe('ATL_GATEWAY_URL and ATL_BITBUCKET_URL', () => {
  test('loopback hosts are accepted; others are exit 2 naming the variable and ATL_ALLOW_URL_OVERRIDE', () => {
    for (const host of ['127.0.0.1:9', '127.8.9.10', 'localhost:1', '[::1]:2']) {
      expect(gatewayUrl({ ATL_GATEWAY_URL: `http://${host}/` })).toBe(`http://${host}`);
    }
    // Cloud's API (ending in /2.0) moved elsewhere; without /2.0 the variable names a Data Center site instead (below).
    for (const url of ['https://example.invalid/2.0', 'http://10.0.0.1:8080/2.0', 'https://127.0.0.1.evil.com/2.0']) {
      let thrown: unknown;
      try {
        bitbucketUrl({ ATL_BITBUCKET_URL: url });
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(AtlError);
      expect(thrown).toMatchObject({
        exitCode: 2,
        message: expect.stringContaining('ATL_BITBUCKET_URL'),
        hint: expect.stringContaining('ATL_ALLOW_URL_OVERRIDE=1'),
      });
    }
    expect(() => gatewayUrl({ ATL_GATEWAY_URL: 'not a url' })).toThrow(/ATL_GATEWAY_URL is not a URL/);
  });

  test('ATL_ALLOW_URL_OVERRIDE=1 accepts any host; unset means the real endpoints', () => {
    expect(bitbucketUrl({ ATL_BITBUCKET_URL: 'https://bb.example.com/2.0', ATL_ALLOW_URL_OVERRIDE: '1' })).toBe(
      'https://bb.example.com/2.0',
    );
    expect(gatewayUrl({})).toBe('https://api.atlassian.com');
    expect(bitbucketUrl({ ATL_BITBUCKET_URL: '' })).toBe('https://api.bitbucket.org/2.0');
    expect(urlOverrides({ ATL_GATEWAY_URL: 'http://127.0.0.1:5' })).toEqual([{ variable: 'ATL_GATEWAY_URL', url: 'http://127.0.0.1:5' }]);
  });

  test('a scoped profile refuses a gateway override that is not loopback before any request', async () => {
    const f = fakeFactory({
      config: { defaultProfile: 'w', profiles: { w: cloudProfile({ scoped: true, cloudId: 'c-1' }) } },
      file: { w: 'tok' },
      env: { ATL_GATEWAY_URL: 'https://gw.example.com' },
    });
    const make = fakeMaker({});
    await expect(clientForProduct(f, 'jira', make)).rejects.toMatchObject({ exitCode: 2 });
    expect(make.calls).toEqual([]);
  });

  test('a client to an overridden URL says so once per run, never for other URLs', () => {
    const f = fakeFactory({ env: { ATL_GATEWAY_URL: 'http://127.0.0.1:1234', ATL_BITBUCKET_URL: 'http://127.0.0.1:1234/2.0' } });
    announceUrlOverride(f, 'http://127.0.0.1:1234');
    announceUrlOverride(f, 'http://127.0.0.1:1234/dc');
    expect(f.err.text).toBe('');
    announceUrlOverride(f, 'http://127.0.0.1:1234/ex/jira/c-1');
    announceUrlOverride(f, 'http://127.0.0.1:1234/ex/confluence/c-1/wiki');
    announceUrlOverride(f, 'http://127.0.0.1:1234/2.0');
    expect(f.err.text).toBe(
      'notice: ATL_GATEWAY_URL overrides the Atlassian gateway: http://127.0.0.1:1234\n' +
        'notice: ATL_BITBUCKET_URL overrides the Bitbucket API: http://127.0.0.1:1234/2.0\n',
    );
  });
});

describe('scoped without a cloud ID', () => {
  const env = { ATL_SITE: 'https://acme.atlassian.net', ATL_EMAIL: 'svc@acme.com', ATL_API_TOKEN: 'scoped-token', ATL_SCOPED: '1' };

  test("Jira and Confluence go through the gateway with the site's cloud ID, asked once and without the token", async () => {
    const f = fakeFactory({ env });
    const make = fakeMaker({
      'https://acme.atlassian.net/_edge/tenant_info': () => ({ cloudId: 'cid-9' }),
      'https://api.atlassian.com/ex/jira/cid-9/rest/api/3/myself': () => ({ accountId: 'svc' }),
      'https://api.atlassian.com/ex/confluence/cid-9/wiki/rest/api/user/current': () => ({ accountId: 'svc' }),
    });
    await (await clientForProduct(f, 'jira', make)).get('/rest/api/3/myself');
    await (await clientForProduct(f, 'confluence', make)).get('/rest/api/user/current');
    expect(make.calls.map((c) => [`${c.baseUrl}${c.path}`, c.auth?.type ?? null])).toEqual([
      ['https://acme.atlassian.net/_edge/tenant_info', null],
      ['https://api.atlassian.com/ex/jira/cid-9/rest/api/3/myself', 'basic'],
      ['https://api.atlassian.com/ex/confluence/cid-9/wiki/rest/api/user/current', 'basic'],
    ]);
  });

  test('a gateway override atl may not use is refused before the site is asked', async () => {
    const make = fakeMaker({});
    await expect(
      clientForProduct(fakeFactory({ env: { ...env, ATL_GATEWAY_URL: 'https://gw.example.com' } }), 'jira', make),
    ).rejects.toMatchObject({ exitCode: 2 });
    expect(make.calls).toEqual([]);
  });
});

test("no Bitbucket token: the hint names the profile's own variable ATL_BITBUCKET_TOKEN_<P>", async () => {
  const f = fakeFactory({
    config: {
      defaultProfile: 'my-work',
      profiles: { 'my-work': cloudProfile({ bitbucket: { email: 'me@acme.com', authType: 'basic', workspace: null, storage: 'file' } }) },
    },
  });
  await expect(clientForProduct(f, 'bitbucket', fakeMaker({}))).rejects.toMatchObject({
    exitCode: 3,
    hint: expect.stringContaining('ATL_BITBUCKET_TOKEN_MY_WORK or ATL_BITBUCKET_TOKEN'),
  });
});

describe('clientForProduct with the product logins of a profile', () => {
  const wiki = confluenceLogin({ site: 'https://wiki.corp.example.com/confluence' });
  const corp = cloudProfile({ confluence: wiki });
  const config = { defaultProfile: 'corp', profiles: { corp } };
  const file = { corp: 'jira-token', 'corp:confluence': 'wiki-pat' };

  test("Confluence goes to its own login's site with its own token; Jira keeps the profile's", async () => {
    const f = fakeFactory({ config, file });
    const make = fakeMaker({
      'https://wiki.corp.example.com/confluence/rest/api/space': (call) => call.auth,
      'https://acme.atlassian.net/rest/api/3/myself': (call) => call.auth,
    });
    const confluence = await clientForProduct(f, 'confluence', make);
    expect(confluence.baseUrl).toBe('https://wiki.corp.example.com/confluence');
    expect(await confluence.get('/rest/api/space')).toEqual({ type: 'bearer', token: 'wiki-pat' });
    expect(await (await clientForProduct(f, 'jira', make)).get('/rest/api/3/myself')).toEqual({
      type: 'basic',
      username: 'me@acme.com',
      password: 'jira-token',
    });
  });

  test("a Confluence 401 names Confluence Data Center's token page; no token is exit 3 naming --confluence and the variables", async () => {
    const make = fakeMaker({ 'https://wiki.corp.example.com/confluence/rest/api/space': () => 401 });
    const client = await clientForProduct(fakeFactory({ config, file }), 'confluence', make);
    await expect(client.get('/rest/api/space')).rejects.toMatchObject({
      hint: expect.stringContaining(
        'create a token at https://wiki.corp.example.com/confluence/plugins/personalaccesstokens/usertokens.action',
      ),
    });
    const noToken = fakeFactory({ config, file: { corp: 'jira-token' } });
    await expect(clientForProduct(noToken, 'confluence', make)).rejects.toMatchObject({
      exitCode: 3,
      message: 'no Confluence token for profile "corp"',
      hint: expect.stringMatching(/atl auth login --profile corp --confluence.*ATL_CONFLUENCE_TOKEN_CORP or ATL_CONFLUENCE_TOKEN/),
    });
  });

  test('ATL_CONFLUENCE_URL moves Confluence only with a token from the environment; a stored one stays with its site', async () => {
    const make = fakeMaker({});
    const moved = fakeFactory({ config, file, env: { ATL_CONFLUENCE_URL: 'https://other.example.com', ATL_CONFLUENCE_TOKEN: 'env-pat' } });
    const client = await clientForProduct(moved, 'confluence', make);
    expect(client.baseUrl).toBe('https://other.example.com');
    const refused = fakeFactory({ config, file, env: { ATL_CONFLUENCE_URL: 'https://other.example.com' } });
    await expect(clientForProduct(refused, 'confluence', make)).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringContaining('atl sends a stored token only to its own site'),
    });
    // Without a Confluence login, the site token is held to the same rule; Cloud Confluence is <site>/wiki.
    const plain = { defaultProfile: 'w', profiles: { w: cloudProfile() } };
    const noLogin = fakeFactory({ config: plain, file: { w: 'tok' }, env: { ATL_CONFLUENCE_URL: 'https://other.atlassian.net' } });
    await expect(clientForProduct(noLogin, 'confluence', make)).rejects.toMatchObject({ exitCode: 3 });
    const sameSite = fakeFactory({ config: plain, file: { w: 'tok' }, env: { ATL_CONFLUENCE_URL: 'https://acme.atlassian.net/' } });
    expect((await clientForProduct(sameSite, 'confluence', make)).baseUrl).toBe('https://acme.atlassian.net/wiki');
    // --profile names the profile exactly: the variable is ignored, as ATL_SITE is.
    const named = fakeFactory({ config, file, profile: 'corp', env: { ATL_CONFLUENCE_URL: 'https://other.example.com' } });
    expect((await clientForProduct(named, 'confluence', make)).baseUrl).toBe('https://wiki.corp.example.com/confluence');
  });

  test('Bitbucket Data Center: the base is its site (product code adds /rest/api/1.0); a 401 names its token page', async () => {
    const bitbucket = {
      email: null,
      authType: 'bearer' as const,
      workspace: 'PROJ',
      storage: 'file' as const,
      site: 'https://git.corp.example.com',
      deployment: 'datacenter' as const,
    };
    const f = fakeFactory({
      config: { defaultProfile: 'corp', profiles: { corp: cloudProfile({ bitbucket }) } },
      file: { 'corp:bitbucket': 'bb-pat' },
      env: { ATL_BITBUCKET_URL: 'http://127.0.0.1:9/2.0' },
    });
    const make = fakeMaker({
      'https://git.corp.example.com/rest/api/1.0/projects': (call) => call.auth,
      'https://git.corp.example.com/rest/api/1.0/repos': () => 401,
    });
    const client = await clientForProduct(f, 'bitbucket', make);
    expect(client.baseUrl).toBe('https://git.corp.example.com');
    expect(await client.get('/rest/api/1.0/projects')).toEqual({ type: 'bearer', token: 'bb-pat' });
    await expect(client.get('/rest/api/1.0/repos')).rejects.toMatchObject({
      hint: expect.stringContaining('create a token at https://git.corp.example.com/plugins/servlet/access-tokens/manage'),
    });
  });
});
