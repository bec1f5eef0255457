import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AtlError } from '../errors.js';
import { isLoopbackHost, startSandbox, type Sandbox } from './index.js';

const basic = (user: string, secret: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}` });
const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });

describe('sandbox server', () => {
  let sandbox: Sandbox;
  let cloud: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startSandbox({
      extraModules: [
        {
          name: 'test-writes',
          register(router) {
            // Not an Atlassian path, so no product module will ever claim it.
            router.add(
              'POST',
              '/rest/atl-test/1.0/echo',
              (r) => ({ status: 201, body: { self: `${r.baseUrl}/rest/atl-test/1.0/echo`, got: r.body } }),
              { realm: 'jira' },
            );
          },
        },
      ],
    });
    cloud = basic(sandbox.credentials.cloud.email, sandbox.credentials.cloud.token);
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  const get = (path: string, headers: Record<string, string> = {}, init: RequestInit = {}) =>
    fetch(`${sandbox.url}${path}`, { headers, ...init });

  test('URLs of every mount come from the bound port', () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.dcUrl).toBe(`${sandbox.url}/dc`);
    expect(sandbox.gatewayUrl).toBe(sandbox.url);
    expect(sandbox.bitbucketUrl).toBe(`${sandbox.url}/2.0`);
    expect(sandbox.bitbucketDcUrl).toBe(`${sandbox.url}/dc-bitbucket`);
    expect(sandbox.cloudId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test.concurrent("401s carry each product's body shape and WWW-Authenticate", async () => {
    const jira = await get('/rest/api/3/myself', basic('demo@example.com', 'wrong'));
    expect(jira.status).toBe(401);
    expect(jira.headers.get('www-authenticate')).toMatch(/^OAuth realm=/);
    expect(await jira.json()).toEqual({ errorMessages: [expect.any(String)], errors: {} });

    const wiki = await get('/wiki/rest/api/user/current');
    expect(wiki.status).toBe(401);
    expect(await wiki.json()).toMatchObject({ statusCode: 401, message: expect.any(String) });

    const bb = await get('/2.0/user', bearer('nope'));
    expect(bb.status).toBe(401);
    expect(bb.headers.get('www-authenticate')).toBe('Basic realm="Bitbucket.org HTTP"');
    expect(await bb.json()).toEqual({ type: 'error', error: { message: expect.any(String) } });

    const dc = await get('/dc/rest/api/2/myself', basic('demo', sandbox.credentials.datacenter.token));
    expect(dc.status).toBe(401);
    expect(dc.headers.get('www-authenticate')).toContain(encodeURIComponent(`${sandbox.url}/dc`));
  });

  test.concurrent('Confluence Data Center answers under /dc beside Jira, with the same personal access token', async () => {
    const pat = bearer(sandbox.credentials.datacenter.token);
    const wiki = await get('/dc/rest/api/user/current', pat);
    expect(wiki.status).toBe(200);
    expect(await wiki.json()).toMatchObject({
      type: 'known',
      username: 'demo',
      displayName: 'Demo User',
      _links: { base: `${sandbox.url}/dc`, context: '/dc' },
    });
    expect((await get('/dc/rest/api/2/myself', pat)).status).toBe(200);
    const anonymous = await get('/dc/rest/api/user/current');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ statusCode: 401 });
  });

  test.concurrent('Bitbucket Data Center: X-AUSERNAME/X-AUSERID name who authenticated, PAT (Bearer or Basic) or access token', async () => {
    const c = sandbox.credentials;
    const properties = '/dc-bitbucket/rest/api/1.0/application-properties';
    const anonymous = await get(properties);
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toMatchObject({ displayName: 'Bitbucket', version: expect.any(String) });
    expect(anonymous.headers.get('x-ausername')).toBeNull();

    for (const auth of [bearer(c.bitbucketDatacenter.token), basic(c.bitbucketDatacenter.username, c.bitbucketDatacenter.token)]) {
      const mine = await get(properties, auth);
      expect(mine.status).toBe(200);
      expect(mine.headers.get('x-ausername')).toBe('demo');
      expect(mine.headers.get('x-auserid')).toBe(String(c.bitbucketDatacenter.userId));
    }
    const bot = await get(properties, bearer(c.bitbucketDatacenterAccessToken.token));
    expect(bot.headers.get('x-ausername')).toBe(c.bitbucketDatacenterAccessToken.username);

    const user = await get('/dc-bitbucket/rest/api/1.0/users/demo', bearer(c.bitbucketDatacenter.token));
    expect(await user.json()).toMatchObject({ name: 'demo', slug: 'demo', id: c.bitbucketDatacenter.userId, type: 'NORMAL', active: true });
    const missing = await get('/dc-bitbucket/rest/api/1.0/users/nobody', bearer(c.bitbucketDatacenter.token));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ errors: [{ context: null, message: expect.any(String), exceptionName: expect.any(String) }] });

    // An access token is Bearer only; a wrong token is a 401 in Data Center's error shape.
    const asBasic = await get(properties, basic(c.bitbucketDatacenterAccessToken.username, c.bitbucketDatacenterAccessToken.token));
    expect(asBasic.status).toBe(401);
    expect(asBasic.headers.get('www-authenticate')).toBe('Basic realm="Atlassian Bitbucket"');
    expect(await asBasic.json()).toEqual({ errors: [{ context: null, message: expect.any(String), exceptionName: null }] });
    // The Bitbucket DC token is not a Jira/Confluence DC token, nor the other way round.
    expect((await get('/dc/rest/api/2/myself', bearer(c.bitbucketDatacenter.token))).status).toBe(401);
    expect((await get(properties, bearer(c.datacenter.token))).status).toBe(401);
  });

  test.concurrent("a scoped token without the scope gets the gateway's scope error; a user token may write", async () => {
    const svc = bearer(sandbox.credentials.serviceAccount.token);
    const denied = await get(
      `/ex/jira/${sandbox.cloudId}/rest/atl-test/1.0/echo`,
      { ...svc, 'Content-Type': 'application/json' },
      { method: 'POST', body: '{}' },
    );
    expect(denied.status).toBe(401);
    expect(await denied.json()).toEqual({ code: 401, message: 'Unauthorized; scope does not match' });
    expect(denied.headers.get('www-authenticate')).toContain('insufficient_scope');

    const created = await get(
      '/rest/atl-test/1.0/echo',
      { ...cloud, 'Content-Type': 'application/json' },
      { method: 'POST', body: '{"fields":{"summary":"x"}}' },
    );
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ self: `${sandbox.url}/rest/atl-test/1.0/echo`, got: { fields: { summary: 'x' } } });
  });

  test.concurrent('gateway: self links use the gateway prefix; a wrong cloudId is 404; anonymous is refused', async () => {
    const svc = basic(sandbox.credentials.serviceAccount.email, sandbox.credentials.serviceAccount.token);
    const me = await get(`/ex/jira/${sandbox.cloudId}/rest/api/3/myself`, svc);
    expect(await me.json()).toMatchObject({
      accountType: 'app',
      self: expect.stringContaining(`/ex/jira/${sandbox.cloudId}/rest/api/3/user`),
    });
    const wrong = await get('/ex/jira/not-this-site/rest/api/3/myself', svc);
    expect(wrong.status).toBe(404);
    // The gateway's own error shape, not Jira's: it has no site to hand the request to. atl tells
    // this apart from a missing issue by asking the site for its cloud ID (src/auth/cloud-id.ts).
    expect(await wrong.json()).toEqual({ code: 404, message: 'Not Found' });
    const org = await get(`/ex/confluence/${randomUUID()}/wiki/rest/api/user/current`);
    expect([org.status, await org.json()]).toEqual([404, { code: 404, message: 'Not Found' }]);
    expect((await get(`/ex/jira/${sandbox.cloudId}/rest/api/2/serverInfo`)).status).toBe(401);
  });

  test.concurrent('serverInfo and tenant_info are anonymous; deploymentType follows the mount', async () => {
    expect(await (await get('/rest/api/2/serverInfo')).json()).toMatchObject({ deploymentType: 'Cloud', baseUrl: sandbox.url });
    expect(await (await get('/dc/rest/api/2/serverInfo')).json()).toMatchObject({ deploymentType: 'DataCenter', baseUrl: sandbox.dcUrl });
    expect(await (await get('/_edge/tenant_info')).json()).toEqual({ cloudId: sandbox.cloudId });
    // A bad credential is refused even where none is needed, as Jira does.
    expect((await get('/rest/api/2/serverInfo', basic('demo@example.com', 'bad'))).status).toBe(401);
  });

  test.concurrent('unknown paths are 404 and wrong methods 405 in the product shape; bad JSON is 400', async () => {
    const missing = await get('/rest/atl-test/1.0/nothing-here', cloud);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ errorMessages: ['Not Found'] });
    const wrongMethod = await get('/rest/api/3/myself', cloud, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    const badJson = await get(
      '/rest/atl-test/1.0/echo',
      { ...cloud, 'Content-Type': 'application/json' },
      { method: 'POST', body: '{"fields":' },
    );
    expect(badJson.status).toBe(400);
    const head = await get('/rest/api/3/myself', cloud, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  describe('faults', () => {
    test('429 with Retry-After in the Jira shape, for the next N requests only', async () => {
      sandbox.faults.add({ path: '/rest/api/3/myself', method: 'GET', type: 'status', status: 429, retryAfter: 3, times: 2 });
      for (let i = 0; i < 2; i++) {
        const limited = await get('/rest/api/3/myself', cloud);
        expect(limited.status).toBe(429);
        expect(limited.headers.get('retry-after')).toBe('3');
        expect(await limited.json()).toEqual({ errorMessages: ['Rate limit exceeded.'], errors: {} });
      }
      expect((await get('/rest/api/3/myself', cloud)).status).toBe(200);
      expect(sandbox.requests.filter((r) => r.path === '/rest/api/3/myself' && r.fault === 'status')).toHaveLength(2);
    });

    test('skew: answered as usual, with a Date header that many seconds off (for atl doctor)', async () => {
      sandbox.faults.add({ path: '/rest/api/3/myself', type: 'skew', seconds: -3600 });
      const skewed = await get('/rest/api/3/myself', cloud);
      expect(skewed.status).toBe(200);
      const offset = (Date.parse(skewed.headers.get('date')!) - Date.now()) / 1000;
      expect(Math.round(offset / 60)).toBe(-60);
      const plain = await get('/rest/api/3/myself', cloud);
      expect(Math.abs(Date.parse(plain.headers.get('date')!) - Date.now())).toBeLessThan(60_000);
    });

    test('503 on Bitbucket uses the Bitbucket shape', async () => {
      sandbox.faults.add({ path: /^\/2\.0\/workspaces$/, type: 'status', status: 503 });
      const unavailable = await get('/2.0/workspaces');
      expect(unavailable.status).toBe(503);
      expect(await unavailable.json()).toEqual({ type: 'error', error: { message: 'Service Unavailable' } });
    });

    test('malformed JSON, a cut connection, a cross-origin redirect, and a delay', async () => {
      sandbox.faults.add({ path: '/rest/api/3/serverInfo', type: 'malformed' });
      const malformed = await get('/rest/api/3/serverInfo');
      expect(malformed.status).toBe(200);
      await expect(malformed.json()).rejects.toThrow(SyntaxError);

      sandbox.faults.add({ path: '/rest/api/3/serverInfo', type: 'cut' });
      const cut = await get('/rest/api/3/serverInfo');
      await expect(cut.text()).rejects.toThrow();

      sandbox.faults.add({ path: '/rest/api/3/myself', type: 'redirect', location: 'http://other.invalid/rest/api/3/myself' });
      const redirect = await get('/rest/api/3/myself', cloud, { redirect: 'manual' });
      expect(redirect.status).toBe(302);
      expect(redirect.headers.get('location')).toBe('http://other.invalid/rest/api/3/myself');

      sandbox.faults.add({ path: '/rest/api/3/serverInfo', type: 'delay', ms: 20 });
      const slow = await get('/rest/api/3/serverInfo');
      expect(slow.status).toBe(200);
      expect(sandbox.requests.at(-1)).toMatchObject({ path: '/rest/api/3/serverInfo', fault: 'delay', status: 200 });
    });

    test('the HTTP control API adds, lists and clears faults', async () => {
      const added = await get(
        '/__sandbox/faults',
        { 'Content-Type': 'application/json' },
        {
          method: 'POST',
          body: JSON.stringify({ pathPattern: '^/wiki/', type: 'status', status: 500, times: 3 }),
        },
      );
      expect(added.status).toBe(201);
      expect(await added.json()).toEqual([{ id: expect.any(Number), remaining: 3 }]);
      expect(await (await get('/__sandbox/faults')).json()).toMatchObject([
        { type: 'status', status: 500, remaining: 3, path: '/^\\/wiki\\//' },
      ]);
      expect((await get('/wiki/rest/api/user/current', cloud)).status).toBe(500);
      expect((await get('/__sandbox/faults', {}, { method: 'DELETE' })).status).toBe(204);
      expect((await get('/wiki/rest/api/user/current', cloud)).status).toBe(200);

      const bad = await get('/__sandbox/faults', {}, { method: 'POST', body: '{"path":"/x","type":"status","status":1}' });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ error: 'status must be 200-599' });
    });

    test('the HTTP control API lists the request log, methods and paths without secrets', async () => {
      await get('/wiki/rest/api/user/current', cloud);
      const log = await get('/__sandbox/requests');
      expect(log.status).toBe(200);
      const entries = (await log.json()) as Array<{ method: string; path: string }>;
      expect(entries.at(-2)).toMatchObject({ method: 'GET', path: '/wiki/rest/api/user/current', status: 200 });
      expect(entries.at(-1)).toMatchObject({ method: 'GET', path: '/__sandbox/requests', mount: 'control' });
      expect((await get('/__sandbox/requests', {}, { method: 'POST' })).status).toBe(405);
    });
  });

  test('the request log names the credential kind and identity, never a secret', async () => {
    await get('/rest/api/3/myself?token=supersecret&expand=groups', cloud);
    await get('/2.0/workspaces', bearer(sandbox.credentials.bitbucketAccessToken.token));
    await get('/rest/api/3/myself', bearer(sandbox.credentials.cloud.token));
    const [user, access, rejected] = sandbox.requests.slice(-3);
    expect(user).toMatchObject({
      method: 'GET',
      path: '/rest/api/3/myself',
      mount: 'site',
      credential: 'cloud-api-token',
      identity: 'demo@example.com',
      status: 200,
    });
    expect(user!.query).toBe('token=%5Bredacted%5D&expand=groups');
    expect(access).toMatchObject({ mount: 'bitbucket', credential: 'bitbucket-access-token', identity: 'demo-workspace' });
    expect(rejected).toMatchObject({ credential: 'rejected', status: 401 });
    const log = JSON.stringify(sandbox.requests);
    for (const secret of [...sandbox.secrets, 'supersecret']) expect(log).not.toContain(secret);
  });
});

describe('startSandbox options', () => {
  test('refuses non-loopback hosts and busy ports with usage errors', async () => {
    await expect(startSandbox({ host: '0.0.0.0' })).rejects.toMatchObject({ code: 'usage', exitCode: 2 });
    const first = await startSandbox();
    try {
      const busy = startSandbox({ port: first.port });
      await expect(busy).rejects.toBeInstanceOf(AtlError);
      await expect(busy).rejects.toThrow(/already in use/);
    } finally {
      await first.stop();
    }
  });

  test('stop() closes the server and can be called twice', async () => {
    const sandbox = await startSandbox({ seed: 'empty' });
    expect((await fetch(`${sandbox.url}/_edge/tenant_info`)).status).toBe(200);
    await Promise.all([sandbox.stop(), sandbox.stop()]);
    await expect(fetch(`${sandbox.url}/_edge/tenant_info`)).rejects.toThrow();
  });

  test.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['192.168.1.2', false],
    ['example.com', false],
    ['::', false],
  ])('isLoopbackHost(%s) is %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
