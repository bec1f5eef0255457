import { describe, expect, test } from 'vitest';
import { answerWithHeaders, bitbucketScopeRefusal, fakeMaker, gatewayScopeRefusal } from '../testkit/fakes.testutil.js';
import { verifyBitbucketLogin, verifyConfluenceLogin, verifySiteLogin, type SiteLogin } from './verify.js';

const cloud: SiteLogin = {
  site: 'https://a.atlassian.net',
  deployment: 'cloud',
  authType: 'basic',
  email: 'me@a.com',
  token: 't',
  scoped: false,
  cloudId: null,
};

test('falls back to Confluence user/current when the site has no Jira', async () => {
  const make = fakeMaker({
    'https://a.atlassian.net/wiki/rest/api/user/current': () => ({ accountId: 'x', displayName: 'X', email: 'me@a.com' }),
  });
  expect(await verifySiteLogin(cloud, make, {})).toEqual({
    product: 'confluence',
    user: { accountId: 'x', displayName: 'X', email: 'me@a.com' },
  });
});

test('Data Center myself maps key/name to the accountId', async () => {
  const make = fakeMaker({ 'https://jira.corp/rest/api/2/myself': () => ({ key: 'JIRAUSER1', name: 'me', displayName: 'Me' }) });
  const dc: SiteLogin = { ...cloud, site: 'https://jira.corp', deployment: 'datacenter', authType: 'bearer', email: null };
  expect((await verifySiteLogin(dc, make, {})).user).toEqual({ accountId: 'JIRAUSER1', displayName: 'Me', email: null });
});

test.each([
  ['a Cloud token sent as Bearer', { authType: 'bearer' as const }, 'drop --bearer'],
  ['a DC PAT sent without --bearer', { site: 'https://jira.corp', deployment: 'datacenter' as const }, 'add --bearer'],
  ['a wrong email', {}, 'check --email'],
  ['a scoped token refused by the gateway', { scoped: true, cloudId: 'c' }, 'scopes'],
])('401 for %s: exit 3 with the fitting hint', async (_name, change, hint) => {
  const login = { ...cloud, ...change };
  const make = fakeMaker({
    [`${login.site}/rest/api/3/myself`]: () => 401,
    [`${login.site}/rest/api/2/myself`]: () => 401,
    'https://api.atlassian.com/ex/jira/c/rest/api/3/myself': () => 401,
  });
  await expect(verifySiteLogin(login, make, {})).rejects.toMatchObject({ exitCode: 3, status: 401, hint: expect.stringContaining(hint) });
});

test('a refused (401) login names where to create a token: the account page on Cloud, both PAT pages on Data Center', async () => {
  const cloudMake = fakeMaker({
    'https://a.atlassian.net/rest/api/3/myself': () => 401,
    'https://a.atlassian.net/_edge/tenant_info': () => 404,
  });
  await expect(verifySiteLogin(cloud, cloudMake, {})).rejects.toMatchObject({
    hint: expect.stringMatching(/; create a token at https:\/\/id\.atlassian\.com\/manage-profile\/security\/api-tokens$/),
  });
  const dc: SiteLogin = { ...cloud, site: 'https://jira.corp', deployment: 'datacenter', authType: 'bearer', email: null };
  await expect(verifySiteLogin(dc, fakeMaker({ 'https://jira.corp/rest/api/2/myself': () => 401 }), {})).rejects.toMatchObject({
    hint: expect.stringContaining(
      'create a token at https://jira.corp/secure/ViewProfile.jspa?selectedTab=com.atlassian.pats.pats-plugin:jira-user-personal-access-tokens (Jira) or https://jira.corp/plugins/personalaccesstokens/usertokens.action (Confluence)',
    ),
  });
  const bitbucket = fakeMaker({ 'https://api.bitbucket.org/2.0/user': () => 401 });
  await expect(verifyBitbucketLogin({ email: 'me@a.com', authType: 'basic' }, 't', bitbucket, {})).rejects.toMatchObject({
    hint: expect.stringContaining('create a token at https://id.atlassian.com/'),
  });
});

test('a refused token of a site that is not Atlassian Cloud is never shown to api.atlassian.com', async () => {
  const login: SiteLogin = { ...cloud, site: 'https://jira.corp.example.com', deployment: 'cloud' };
  const make = fakeMaker({
    'https://jira.corp.example.com/rest/api/3/myself': () => 401,
    'https://jira.corp.example.com/_edge/tenant_info': () => ({ cloudId: 'c' }),
    'https://api.atlassian.com/ex/jira/c/rest/api/3/myself': () => ({ accountId: 'x' }),
  });
  await expect(verifySiteLogin(login, make, {})).rejects.toMatchObject({ exitCode: 3, hint: expect.stringContaining('check --email') });
  expect(make.calls.map((c) => c.baseUrl)).not.toContain('https://api.atlassian.com/ex/jira/c');
});

test('with ATL_GATEWAY_URL set (a proxy, the sandbox) the gateway probe goes there', async () => {
  const login: SiteLogin = { ...cloud, site: 'http://127.0.0.1:9', deployment: 'cloud' };
  const make = fakeMaker({
    'http://127.0.0.1:9/rest/api/3/myself': () => 401,
    'http://127.0.0.1:9/_edge/tenant_info': () => ({ cloudId: 'c' }),
    'http://127.0.0.1:9/ex/jira/c/rest/api/3/myself': () => ({ accountId: 'x' }),
  });
  await expect(verifySiteLogin(login, make, { ATL_GATEWAY_URL: 'http://127.0.0.1:9' })).rejects.toMatchObject({
    hint: expect.stringContaining('--scoped'),
  });
});

describe('scoped logins through the gateway', () => {
  const scoped: SiteLogin = { ...cloud, scoped: true, cloudId: 'c', email: 'svc@serviceaccount.atlassian.com' };
  const jiraMyself = 'https://api.atlassian.com/ex/jira/c/rest/api/3/myself';
  const confluenceCurrent = 'https://api.atlassian.com/ex/confluence/c/wiki/rest/api/user/current';
  const refuse = (path: string) => () => {
    throw gatewayScopeRefusal(path);
  };

  test('a Confluence-only service account (Jira refuses for scope) is verified by Confluence', async () => {
    const make = fakeMaker({
      [jiraMyself]: refuse('/ex/jira/c/rest/api/3/myself'),
      [confluenceCurrent]: () => ({ accountId: 'svc', displayName: 'svc-confluence' }),
    });
    expect(await verifySiteLogin(scoped, make, {})).toEqual({
      product: 'confluence',
      user: { accountId: 'svc', displayName: 'svc-confluence', email: null },
    });
  });

  test.each([
    ['Confluence refuses it too', refuse('/ex/confluence/c/wiki/rest/api/user/current')],
    ['the site has no Confluence', () => 404],
  ])('without read:jira-user and %s: exit 3, the hint names read:jira-user', async (_name, confluence) => {
    const make = fakeMaker({ [jiraMyself]: refuse('/ex/jira/c/rest/api/3/myself'), [confluenceCurrent]: confluence });
    await expect(verifySiteLogin(scoped, make, {})).rejects.toMatchObject({
      exitCode: 3,
      status: 401,
      hint: expect.stringMatching(/^the token lacks read:jira-user \(or the granular .*\), which Jira's \/rest\/api\/3\/myself needs/),
    });
  });

  test('an unscoped login refused by Jira does not try Confluence', async () => {
    const make = fakeMaker({ 'https://a.atlassian.net/rest/api/3/myself': () => 401 });
    await expect(verifySiteLogin(cloud, make, {})).rejects.toMatchObject({ exitCode: 3, hint: expect.stringContaining('check --email') });
    expect(make.calls.map((c) => c.path)).not.toContain('/rest/api/user/current');
  });
});

describe('Bitbucket logins', () => {
  const api = 'https://api.bitbucket.org/2.0';
  const workspaces = () => ({ values: [{ type: 'workspace_access', workspace: { type: 'workspace_base', slug: 'team' } }] });

  test('an API token without read:user:bitbucket works through /user/workspaces and says which scope it lacks', async () => {
    const make = fakeMaker({
      [`${api}/user`]: () => {
        throw bitbucketScopeRefusal('/user');
      },
      [`${api}/user/workspaces`]: workspaces,
    });
    const user = await verifyBitbucketLogin({ email: 'me@a.com', authType: 'basic' }, 't', make, {});
    expect(user).toEqual({ accountId: null, displayName: null, email: null, missingScopes: ['read:user:bitbucket'] });
    expect(make.calls.map((c) => c.path)).toEqual(['/user', '/user/workspaces']);
  });

  test('an access token (no user) is checked with /user/workspaces, not the deprecated /workspaces', async () => {
    const make = fakeMaker({ [`${api}/user`]: () => 401, [`${api}/user/workspaces`]: workspaces });
    expect(await verifyBitbucketLogin({ email: null, authType: 'bearer' }, 't', make, {})).toEqual({
      accountId: null,
      displayName: 'access token (workspace team)',
      email: null,
    });
  });

  test('an API token refused outright is still a refusal (exit 3)', async () => {
    const make = fakeMaker({ [`${api}/user`]: () => 401, [`${api}/user/workspaces`]: workspaces });
    await expect(verifyBitbucketLogin({ email: 'me@a.com', authType: 'basic' }, 't', make, {})).rejects.toMatchObject({
      exitCode: 3,
      status: 401,
    });
  });

  test('an app password (ATBB…) refused is said to be one, with what to do instead', async () => {
    const make = fakeMaker({ [`${api}/user`]: () => 401, [`${api}/user/workspaces`]: workspaces });
    const refused = verifyBitbucketLogin({ email: 'demo-user', authType: 'basic' }, 'ATBBxyz', make, {});
    await expect(refused).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringContaining('an app password, which Bitbucket no longer accepts'),
      hint: expect.stringMatching(/create an API token with scopes .*atl auth login --bitbucket --email/),
    });
  });
});

test('a scoped token without read:jira-user used without --scoped is still recognised as scoped', async () => {
  const login: SiteLogin = { ...cloud, site: 'http://127.0.0.1:9', deployment: 'cloud' };
  const make = fakeMaker({
    'http://127.0.0.1:9/rest/api/3/myself': () => 401,
    'http://127.0.0.1:9/_edge/tenant_info': () => ({ cloudId: 'c' }),
    'http://127.0.0.1:9/ex/jira/c/rest/api/3/myself': () => {
      throw gatewayScopeRefusal('/ex/jira/c/rest/api/3/myself');
    },
  });
  await expect(verifySiteLogin(login, make, { ATL_GATEWAY_URL: 'http://127.0.0.1:9' })).rejects.toMatchObject({
    hint: expect.stringContaining('--scoped'),
  });
});

describe('Bitbucket Data Center logins', () => {
  const site = 'https://git.corp.example.com';
  const properties = `${site}/rest/api/1.0/application-properties`;
  const login = { email: null, authType: 'bearer' as const, site };

  test('X-AUSERNAME says whose the token is; /users/{slug} adds the name and email, and is optional', async () => {
    const make = fakeMaker({
      [properties]: () => answerWithHeaders({ version: '9.4.3' }, { 'X-AUSERNAME': 'jdoe', 'X-AUSERID': '101' }),
      [`${site}/rest/api/1.0/users/jdoe`]: () => ({ name: 'jdoe', displayName: 'Jane Doe', emailAddress: 'jane@corp.example.com' }),
    });
    expect(await verifyBitbucketLogin(login, 'pat', make, {})).toEqual({
      accountId: '101',
      displayName: 'Jane Doe',
      email: 'jane@corp.example.com',
    });
    expect(make.calls.map((c) => [c.baseUrl, c.auth])).toEqual([
      [site, { type: 'bearer', token: 'pat' }],
      [site, { type: 'bearer', token: 'pat' }],
    ]);
    // A bot user the token cannot look up (404) is named by its user name.
    const bot = fakeMaker({
      [properties]: () => answerWithHeaders({}, { 'X-AUSERNAME': 'bot-x' }),
      [`${site}/rest/api/1.0/users/bot-x`]: () => 404,
    });
    expect(await verifyBitbucketLogin(login, 'pat', bot, {})).toEqual({ accountId: 'bot-x', displayName: 'bot-x', email: null });
  });

  test('an answer without X-AUSERNAME was anonymous: refused, with the Data Center hints and token page', async () => {
    const make = fakeMaker({ [properties]: () => ({ version: '9.4.3' }) });
    await expect(verifyBitbucketLogin({ ...login, authType: 'basic', email: 'jdoe' }, 'pat', make, {})).rejects.toMatchObject({
      exitCode: 3,
      message: `Bitbucket at ${site} refused the credentials (HTTP 401)`,
      hint: expect.stringMatching(/check --username .*HTTP access tokens need --bearer.*plugins\/servlet\/access-tokens\/manage/),
    });
    expect(make.calls.map((c) => c.path)).toEqual(['/rest/api/1.0/application-properties']);
  });
});

describe('Confluence logins of their own', () => {
  const dc = { site: 'https://wiki.corp/confluence', deployment: 'datacenter' as const, authType: 'bearer' as const, email: null };

  test("Data Center's user/current at the site; Cloud's under /wiki", async () => {
    const make = fakeMaker({
      'https://wiki.corp/confluence/rest/api/user/current': () => ({ type: 'known', username: 'jdoe', userKey: 'k1', displayName: 'Jane' }),
      'https://w.atlassian.net/wiki/rest/api/user/current': () => ({ accountId: 'a1', displayName: 'Jane', email: 'j@w.com' }),
    });
    expect(await verifyConfluenceLogin(dc, 'pat', make, {})).toEqual({ accountId: 'k1', displayName: 'Jane', email: null });
    const cloud = { site: 'https://w.atlassian.net', deployment: 'cloud' as const, authType: 'basic' as const, email: 'j@w.com' };
    expect(await verifyConfluenceLogin(cloud, 'tok', make, {})).toMatchObject({ accountId: 'a1' });
  });

  test('refused: exit 3 with the fix for the usual mistake and the PAT page; 404: no Confluence there', async () => {
    const refused = fakeMaker({ 'https://wiki.corp/confluence/rest/api/user/current': () => 401 });
    await expect(verifyConfluenceLogin({ ...dc, authType: 'basic', email: 'jdoe' }, 'pat', refused, {})).rejects.toMatchObject({
      exitCode: 3,
      hint: expect.stringMatching(/add --bearer.*https:\/\/wiki\.corp\/confluence\/plugins\/personalaccesstokens\/usertokens\.action/),
    });
    await expect(verifyConfluenceLogin(dc, 'pat', fakeMaker({}), {})).rejects.toMatchObject({
      exitCode: 4,
      message: 'no Confluence answered at https://wiki.corp/confluence (HTTP 404)',
      hint: expect.stringContaining('context path'),
    });
  });
});
