import { expect, test } from 'vitest';
import { fakeMaker } from './fakes.testutil.js';
import { verifySiteLogin, type SiteLogin } from './verify.js';

const cloud: SiteLogin = { site: 'https://a.atlassian.net', deployment: 'cloud', authType: 'basic', email: 'me@a.com', token: 't', scoped: false, cloudId: null };

test('falls back to Confluence user/current when the site has no Jira', async () => {
  const make = fakeMaker({ 'https://a.atlassian.net/wiki/rest/api/user/current': () => ({ accountId: 'x', displayName: 'X', email: 'me@a.com' }) });
  expect(await verifySiteLogin(cloud, make, {})).toEqual({ product: 'confluence', user: { accountId: 'x', displayName: 'X', email: 'me@a.com' } });
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
  await expect(verifySiteLogin(login, make, { ATL_GATEWAY_URL: 'http://127.0.0.1:9' })).rejects.toMatchObject({ hint: expect.stringContaining('--scoped') });
});
