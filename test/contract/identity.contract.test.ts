// Contract test: every identity endpoint the sandbox serves, through every mount, answers in the
// shapes of Atlassian's official OpenAPI specs (../shared/specs).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { createOpenApiValidator, type OpenApiValidator } from '../support/openapi.js';
import { contractSpecs } from './specs.js';

const { specsDir, available } = contractSpecs();

type Auth = { basic: [string, string] } | { bearer: string } | null;

function authHeader(auth: Auth): Record<string, string> {
  if (auth === null) return {};
  if ('bearer' in auth) return { Authorization: `Bearer ${auth.bearer}` };
  return { Authorization: `Basic ${Buffer.from(`${auth.basic[0]}:${auth.basic[1]}`).toString('base64')}` };
}

describe.skipIf(!available)('identity endpoints match the official specs', () => {
  let sandbox: Sandbox;
  let validator: OpenApiValidator;

  beforeAll(async () => {
    validator = createOpenApiValidator(specsDir);
    sandbox = await startSandbox({ validator });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  async function call(path: string, auth: Auth, method = 'GET'): Promise<{ status: number; body: unknown; headers: Headers }> {
    const response = await fetch(`${sandbox.url}${path}`, { method, headers: { Accept: 'application/json', ...authHeader(auth) } });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined, headers: response.headers };
  }

  test('every identity endpoint answers 200 in its spec shape, on every mount', async () => {
    const c = sandbox.credentials;
    const cloud: Auth = { basic: [c.cloud.email, c.cloud.token] };
    const pat: Auth = { bearer: c.datacenter.token };
    const svcBasic: Auth = { basic: [c.serviceAccount.email, c.serviceAccount.token] };
    const svcBearer: Auth = { bearer: c.serviceAccount.token };
    const bitbucket: Auth = { basic: [c.bitbucket.email, c.bitbucket.token] };
    const access: Auth = { bearer: c.bitbucketAccessToken.token };
    const jiraGateway = `/ex/jira/${sandbox.cloudId}`;
    const confluenceGateway = `/ex/confluence/${sandbox.cloudId}`;

    const calls: Array<[string, Auth]> = [
      ['/rest/api/3/myself', cloud],
      ['/rest/api/3/myself?expand=groups,applicationRoles', cloud],
      ['/rest/api/2/myself', cloud],
      ['/rest/api/3/serverInfo', null],
      ['/rest/api/2/serverInfo', null],
      ['/rest/api/2/serverInfo', cloud],
      ['/_edge/tenant_info', null],
      ['/wiki/rest/api/user/current', cloud],
      ['/dc/rest/api/2/myself', pat],
      ['/dc/rest/api/2/serverInfo', null],
      ['/dc/rest/api/2/serverInfo', pat],
      [`${jiraGateway}/rest/api/3/myself`, svcBasic],
      [`${jiraGateway}/rest/api/3/myself`, svcBearer],
      [`${jiraGateway}/rest/api/2/myself`, svcBasic],
      [`${jiraGateway}/rest/api/3/serverInfo`, svcBearer],
      [`${confluenceGateway}/wiki/rest/api/user/current`, svcBasic],
      [`${confluenceGateway}/rest/api/user/current`, svcBearer],
      ['/2.0/user', bitbucket],
      ['/2.0/user/workspaces', bitbucket],
      ['/2.0/user/workspaces', { basic: [c.bitbucketNoUser.email, c.bitbucketNoUser.token] }],
      ['/2.0/user/workspaces', access],
      [`${confluenceGateway}/wiki/rest/api/user/current`, { bearer: c.serviceAccountConfluence.token }],
      [`${jiraGateway}/rest/api/3/myself`, { basic: [c.serviceAccountWriter.email, c.serviceAccountWriter.token] }],
      ['/2.0/workspaces', bitbucket],
      ['/2.0/workspaces', access],
      [`/2.0/workspaces/${c.bitbucketAccessToken.workspace}`, bitbucket],
      ['/dc/rest/api/user/current', pat],
      ['/dc-bitbucket/rest/api/1.0/application-properties', null],
      ['/dc-bitbucket/rest/api/1.0/application-properties', { bearer: c.bitbucketDatacenter.token }],
      ['/dc-bitbucket/rest/api/1.0/application-properties', { basic: [c.bitbucketDatacenter.username, c.bitbucketDatacenter.token] }],
      ['/dc-bitbucket/rest/api/1.0/application-properties', { bearer: c.bitbucketDatacenterAccessToken.token }],
      [`/dc-bitbucket/rest/api/1.0/users/${c.bitbucketDatacenter.username}`, { bearer: c.bitbucketDatacenter.token }],
    ];
    for (const [path, auth] of calls) {
      const { status } = await call(path, auth);
      expect(status, `${path} should answer 200`).toBe(200);
    }
    expect(sandbox.violations).toEqual([]);
  });

  test('error cases answer in the product shapes without violating the specs', async () => {
    const c = sandbox.credentials;
    const errors: Array<[string, Auth, number]> = [
      ['/rest/api/3/myself', { basic: [c.cloud.email, 'wrong-token'] }, 401],
      ['/rest/api/3/myself', { bearer: c.cloud.token }, 401],
      ['/rest/api/3/myself', { basic: [c.serviceAccount.email, c.serviceAccount.token] }, 401],
      ['/rest/api/3/myself', null, 401],
      ['/dc/rest/api/2/myself', { basic: [c.datacenter.username, c.datacenter.token] }, 401],
      [`/ex/jira/${sandbox.cloudId}/rest/api/3/myself`, { basic: [c.cloud.email, c.cloud.token] }, 401],
      ['/ex/jira/00000000-0000-0000-0000-000000000000/rest/api/3/myself', { bearer: c.serviceAccount.token }, 404],
      ['/2.0/user', { bearer: c.bitbucketAccessToken.token }, 401],
      // Scoped tokens without the scope the operation needs (per the specs).
      ['/2.0/user', { basic: [c.bitbucketNoUser.email, c.bitbucketNoUser.token] }, 403],
      ['/2.0/workspaces', { basic: [c.bitbucketNoUser.email, c.bitbucketNoUser.token] }, 403],
      [`/ex/jira/${sandbox.cloudId}/rest/api/3/myself`, { bearer: c.serviceAccountConfluence.token }, 401],
      [`/ex/jira/${sandbox.cloudId}/rest/api/3/myself`, { bearer: c.serviceAccountNoUser.token }, 401],
      ['/2.0/workspaces/someone-else', { basic: [c.bitbucket.email, c.bitbucket.token] }, 404],
      ['/dc/rest/api/user/current', null, 401],
      ['/dc/rest/api/user/current', { basic: [c.datacenter.username, c.datacenter.token] }, 401],
      [
        '/dc-bitbucket/rest/api/1.0/users/demo',
        { basic: [c.bitbucketDatacenterAccessToken.username, c.bitbucketDatacenterAccessToken.token] },
        401,
      ],
    ];
    for (const [path, auth, expected] of errors) {
      const { status } = await call(path, auth);
      expect(status, path).toBe(expected);
    }
    expect(sandbox.violations).toEqual([]);
  });

  test('paths in no spec are reported as unspecified, each with its reason', () => {
    const reasons = new Map(validator.unspecified.map((u) => [u.path.replace(/\?.*/, ''), u.reason]));
    expect(reasons.get('/_edge/tenant_info')).toMatch(/no published spec/);
    expect(reasons.get('/rest/api/2/myself')).toMatch(/v3/);
    expect(reasons.get('/dc-bitbucket/rest/api/1.0/application-properties')).toMatch(/Bitbucket Data Center publishes no OpenAPI spec/);
  });

  test('the validator catches a wrong response shape', () => {
    const wrong = validator.checkResponse('GET', '/rest/api/3/myself', 200, { accountId: 42, accountType: 'robot', nickname: 'x' });
    expect(wrong.join('\n')).toMatch(/accountId must be string/);
    expect(wrong.join('\n')).toMatch(/accountType must be equal to one of the allowed values/);
    expect(wrong.join('\n')).toMatch(/must NOT have additional properties \(nickname\)/);

    const dc = validator.checkResponse('GET', '/dc/rest/api/2/myself', 200, { active: 'yes' });
    expect(dc.join('\n')).toMatch(/active must be boolean/);

    const bitbucket = validator.checkResponse('GET', '/2.0/workspaces', 200, { values: [{ slug: 'x' }] });
    expect(bitbucket.join('\n')).toMatch(/must have required property 'type'/);

    expect(validator.checkResponse('GET', '/rest/api/3/myself', 200, { accountId: 'abc', accountType: 'atlassian' })).toEqual([]);
  });

  test('the validator catches a wrong request body and an unknown path', () => {
    const body = validator.checkRequestBody('POST', '/rest/api/3/issue', { fields: 'not an object' });
    expect(body.join('\n')).toMatch(/request body does not match .*\/fields must be object/);
    expect(validator.checkResponse('GET', '/rest/api/3/no-such-endpoint', 200, {})).toEqual([
      'unspecified: jira-platform-v3.json has no path matching /rest/api/3/no-such-endpoint',
    ]);
    expect(validator.checkResponse('GET', '/nowhere', 200, {})[0]).toMatch(/^unspecified: no spec covers \/nowhere/);
  });

  test('the sandbox hands every exchange to the validator and collects what it finds', async () => {
    const broken = await startSandbox({
      validator,
      extraModules: [
        {
          name: 'broken',
          register(router) {
            // A specified path no product module serves, answering in a wrong shape.
            router.add('GET', '/rest/api/3/announcementBanner', () => ({ status: 200, body: { isEnabled: 'yes' } }), { realm: 'jira' });
          },
        },
      ],
    });
    try {
      const auth = authHeader({ basic: [broken.credentials.cloud.email, broken.credentials.cloud.token] });
      expect((await fetch(`${broken.url}/rest/api/3/announcementBanner`, { headers: auth })).status).toBe(200);
      expect((await fetch(`${broken.url}/rest/api/3/not-in-the-spec`, { headers: auth })).status).toBe(404);
      expect(broken.violations).toHaveLength(2);
      expect(broken.violations[0]).toMatch(
        /^GET \/rest\/api\/3\/announcementBanner → 200: response body does not match .*\/isEnabled must be boolean/,
      );
      expect(broken.violations[1]).toMatch(/^GET \/rest\/api\/3\/not-in-the-spec → 404: unspecified/);
    } finally {
      await broken.stop();
    }
  });

  test('gateway paths are checked against the product spec they proxy', () => {
    const wrong = validator.checkResponse('GET', `/ex/confluence/${sandbox.cloudId}/wiki/rest/api/user/current`, 200, { accountId: 'x' });
    expect(wrong.join('\n')).toMatch(/confluence-v1\.json .*must have required property 'type'/);
  });
});
