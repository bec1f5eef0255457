import { describe, expect, test } from 'vitest';
import { generateCredentials } from './auth.js';
import { startSandbox, type ProductModule } from './index.js';
import { productModules } from './registry.js';
import { Router } from './router.js';
import { closestAlternative, SANDBOX_OWN_PREFIX, satisfies, scopeRequirement, scopeRequirementOf } from './scopes.js';

const basic = (user: string, secret: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}` });

describe('scopeRequirement (from the generated spec table)', () => {
  test('matches a path to its spec template, the most literal one winning', () => {
    expect(scopeRequirement('jira', 'GET', '/rest/api/3/issue/picker')?.operation).toBe('GET /rest/api/3/issue/picker');
    expect(scopeRequirement('jira', 'GET', '/rest/api/3/issue/DEMO-1')?.operation).toBe('GET /rest/api/3/issue/{issueIdOrKey}');
    expect(scopeRequirement('jira', 'GET', '/rest/api/3/issue/')).toBeNull();
    expect(scopeRequirement('jira', 'GET', '/rest/api/3/no-such-thing')).toBeNull();
  });

  test('classic and granular alternatives as the specs list them', () => {
    expect(scopeRequirement('jira', 'GET', '/rest/api/3/myself')?.alternatives).toEqual([
      ['read:jira-user'],
      ['read:application-role:jira', 'read:group:jira', 'read:user:jira', 'read:avatar:jira'],
    ]);
    // Jira Software's spec has only `security` requirements: one granular set.
    expect(scopeRequirement('jira', 'GET', '/rest/agile/1.0/board/7/sprint')?.alternatives).toEqual([['read:sprint:jira-software']]);
    expect(scopeRequirement('jira', 'GET', '/rest/agile/1.0/board')?.alternatives).toEqual([
      ['read:board-scope:jira-software', 'read:project:jira'],
    ]);
    // Confluence v2 paths carry their /wiki/api/v2 prefix; Bitbucket's carry /2.0.
    expect(scopeRequirement('confluence', 'GET', '/wiki/api/v2/pages')?.alternatives).toEqual([['read:page:confluence']]);
    expect(scopeRequirement('confluence', 'GET', '/wiki/rest/api/user/current')?.alternatives).toEqual([
      ['read:confluence-user'],
      ['read:content-details:confluence'],
    ]);
    expect(scopeRequirement('bitbucket', 'GET', '/2.0/user')?.alternatives).toEqual([['read:user:bitbucket']]);
    expect(scopeRequirement('bitbucket', 'GET', '/2.0/user/workspaces')?.alternatives).toEqual([['read:workspace:bitbucket']]);
  });

  test('Jira Cloud v2 paths take the scopes of the same v3 operation; HEAD those of GET', () => {
    expect(scopeRequirement('jira', 'GET', '/rest/api/2/myself')).toEqual(scopeRequirement('jira', 'GET', '/rest/api/3/myself'));
    expect(scopeRequirement('jira', 'HEAD', '/rest/api/3/myself')?.operation).toBe('GET /rest/api/3/myself');
  });

  test('a token needs ALL scopes of ANY one alternative', () => {
    const alternatives = [['read:jira-work'], ['read:issue-details:jira', 'read:field:jira']];
    expect(satisfies(['read:jira-work'], alternatives)).toBe(true);
    expect(satisfies(['read:issue-details:jira', 'read:field:jira'], alternatives)).toBe(true);
    expect(satisfies(['read:issue-details:jira'], alternatives)).toBe(false);
    expect(satisfies([], [[]])).toBe(true);
    expect(closestAlternative(['read:issue-details:jira'], alternatives)).toEqual(['read:jira-work']);
    expect(
      closestAlternative(
        ['read:issue-details:jira', 'x'],
        [
          ['a', 'b'],
          ['read:issue-details:jira', 'c'],
        ],
      ),
    ).toEqual(['read:issue-details:jira', 'c']);
  });

  test('every route the sandbox serves to scoped tokens (gateway, Bitbucket) has scopes in the specs', () => {
    const router = new Router();
    for (const module of productModules) module.register(router, { seed: 'empty', cloudId: 'c', credentials: generateCredentials() });
    const served = router.routes.filter(
      (r) => r.flavours.includes('cloud') && r.realm !== 'site' && !r.template.startsWith(SANDBOX_OWN_PREFIX),
    );
    expect(served.length).toBeGreaterThan(30);
    const concrete = (template: string) => template.replace(/\{[^}]+\}/g, '1');
    const missing = served
      .filter((r) => scopeRequirementOf(r.realm, r.method, concrete(r.template)) === null)
      .map((r) => `${r.method} ${r.template} (${r.realm})`);
    expect(missing, 'served to scoped tokens but no scope entry in src/sandbox/scopes.generated.json').toEqual([]);
  });
});

describe('the sandbox checks scopes from the specs, not from the routes', () => {
  const module: ProductModule = {
    name: 'scope-probe',
    register(router) {
      const ok = () => ({ status: 200, body: {} });
      // Routes carry no scopes: what a scoped token needs comes from the specs alone.
      router.add('GET', '/rest/api/3/dashboard', ok, { realm: 'jira' });
      router.add('GET', '/rest/api/3/announcementBanner', ok, { realm: 'jira' });
      router.add('GET', '/rest/api/3/in-no-spec', ok, { realm: 'jira' });
    },
  };

  test('svc-demo may read a dashboard (read:jira-work), not the banner (manage:jira-configuration); an operation in no spec is refused and a violation', async () => {
    const sandbox = await startSandbox({ extraModules: [module], validator: { check: () => [] } });
    try {
      const svc = basic(sandbox.credentials.serviceAccount.email, sandbox.credentials.serviceAccount.token);
      const gateway = `${sandbox.url}/ex/jira/${sandbox.cloudId}`;
      expect((await fetch(`${gateway}/rest/api/3/dashboard`, { headers: svc })).status).toBe(200);
      const banner = await fetch(`${gateway}/rest/api/3/announcementBanner`, { headers: svc });
      expect(banner.status).toBe(401);
      expect(await banner.json()).toEqual({ code: 401, message: 'Unauthorized; scope does not match' });
      expect((await fetch(`${gateway}/rest/api/3/in-no-spec`, { headers: svc })).status).toBe(401);
      expect(sandbox.violations).toEqual([
        `GET /ex/jira/${sandbox.cloudId}/rest/api/3/in-no-spec: no scopes for this operation in Atlassian's specs (src/sandbox/scopes.generated.json)`,
      ]);
    } finally {
      await sandbox.stop();
    }
  });

  test('Bitbucket answers a missing scope with 403 naming the required and granted scopes', async () => {
    const sandbox = await startSandbox();
    try {
      const c = sandbox.credentials;
      const noUser = basic(c.bitbucketNoUser.email, c.bitbucketNoUser.token);
      const refused = await fetch(`${sandbox.bitbucketUrl}/user`, { headers: noUser });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({
        type: 'error',
        error: {
          message: 'Your credentials lack one or more required privilege scopes.',
          detail: { required: ['read:user:bitbucket'], granted: [...c.bitbucketNoUser.scopes] },
        },
      });
      const workspaces = await fetch(`${sandbox.bitbucketUrl}/user/workspaces`, { headers: noUser });
      expect(workspaces.status).toBe(200);
      expect(await workspaces.json()).toMatchObject({
        values: [{ type: 'workspace_access', workspace: { slug: c.bitbucketAccessToken.workspace } }],
      });
      expect((await fetch(`${sandbox.bitbucketUrl}/user`, { headers: basic(c.bitbucket.email, c.bitbucket.token) })).status).toBe(200);
    } finally {
      await sandbox.stop();
    }
  });
});
