import { describe, expect, test } from 'vitest';
import { cloudProfile, fakeFactory, fakeMaker } from './fakes.testutil.js';
import { AtlError } from '../errors.js';
import { baseUrlFor, clientForProduct, httpAuth, withExpiryHint } from './endpoints.js';

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
    const make = fakeMaker({ 'http://bb.test/2.0/user': (call) => call.auth });
    const f = fakeFactory({ env: { ATL_BITBUCKET_URL: 'http://bb.test/2.0', ATL_BITBUCKET_TOKEN: 'acc' } });
    const client = await clientForProduct(f, 'bitbucket', make);
    expect(await client.get('/user')).toEqual({ type: 'bearer', token: 'acc' });
  });

  test('a profile without a token is exit 3 naming login', async () => {
    const f = fakeFactory({ config: { defaultProfile: 'w', profiles: { w: cloudProfile() } } });
    await expect(clientForProduct(f, 'jira', fakeMaker({}))).rejects.toMatchObject({ exitCode: 3, hint: expect.stringContaining('atl auth login') });
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
