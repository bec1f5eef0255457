import { describe, expect, test } from 'vitest';
import { Router, resolveMount } from './router.js';
import type { RouteHandler } from './types.js';

const ok: RouteHandler = () => ({ status: 200 });

describe('Router', () => {
  test('the most literal template wins whatever the registration order', () => {
    const router = new Router()
      .add('GET', '/rest/api/3/issue/{issueIdOrKey}', ok, { realm: 'jira' })
      .add('GET', '/rest/api/3/issue/picker', ok, { realm: 'jira' });
    const picker = router.match('jira', 'cloud', 'GET', '/rest/api/3/issue/picker');
    expect(picker.kind === 'found' && picker.route.template).toBe('/rest/api/3/issue/picker');
    const issue = router.match('jira', 'cloud', 'GET', '/rest/api/3/issue/DEMO%2D1');
    expect(issue).toMatchObject({ kind: 'found', params: { issueIdOrKey: 'DEMO-1' } });
  });

  test('realm and flavour keep routes apart; Cloud is the default flavour', () => {
    const router = new Router()
      .add('GET', '/rest/api/3/myself', ok, { realm: 'jira' })
      .add('GET', '/rest/api/2/myself', ok, { realm: 'jira', flavours: ['cloud', 'datacenter'] });
    expect(router.match('jira', 'datacenter', 'GET', '/rest/api/3/myself').kind).toBe('not-found');
    expect(router.match('jira', 'datacenter', 'GET', '/rest/api/2/myself').kind).toBe('found');
    expect(router.match('confluence', 'cloud', 'GET', '/rest/api/2/myself').kind).toBe('not-found');
  });

  test('other methods on a known path are a 405 with the allowed list; HEAD falls back to GET', () => {
    const router = new Router().add('GET', '/x/{id}', ok, { realm: 'jira' }).add('PUT', '/x/{id}', ok, { realm: 'jira' });
    expect(router.match('jira', 'cloud', 'POST', '/x/1')).toEqual({ kind: 'method-not-allowed', allowed: ['GET', 'PUT'] });
    expect(router.match('jira', 'cloud', 'HEAD', '/x/1').kind).toBe('found');
    expect(router.match('jira', 'cloud', 'GET', '/x/').kind).toBe('not-found');
    expect(router.match('jira', 'cloud', 'GET', '/x/1/extra').kind).toBe('not-found');
  });

  test('registering a route twice is an error', () => {
    const router = new Router().add('POST', '/rest/a', ok, { realm: 'jira' }).add('GET', '/rest/b', ok, { realm: 'jira' });
    expect(() => router.add('POST', '/rest/a', ok, { realm: 'jira' })).toThrow(/registered twice/);
  });
});

describe('resolveMount', () => {
  const cloudId = 'c0ffee00-0000-4000-8000-000000000000';
  test.each([
    ['/rest/api/3/myself', { mount: 'site', realm: 'jira', flavour: 'cloud', productPath: '/rest/api/3/myself', prefix: '' }],
    ['/wiki/api/v2/pages', { mount: 'site', realm: 'confluence', productPath: '/wiki/api/v2/pages' }],
    ['/_edge/tenant_info', { mount: 'site', realm: 'site' }],
    ['/dc/rest/api/2/myself', { mount: 'dc', realm: 'jira', flavour: 'datacenter', productPath: '/rest/api/2/myself', prefix: '/dc' }],
    ['/dc/rest/agile/1.0/board', { mount: 'dc', realm: 'jira', flavour: 'datacenter', productPath: '/rest/agile/1.0/board' }],
    ['/dc/rest/api/latest/myself', { mount: 'dc', realm: 'jira', productPath: '/rest/api/latest/myself' }],
    ['/dc/rest/servicedeskapi/request', { mount: 'dc', realm: 'jira', productPath: '/rest/servicedeskapi/request' }],
    ['/dc/rest/api/user/current', { mount: 'dc', realm: 'confluence', flavour: 'datacenter', productPath: '/rest/api/user/current' }],
    ['/dc/rest/api/content/search', { mount: 'dc', realm: 'confluence', productPath: '/rest/api/content/search', prefix: '/dc' }],
    ['/dc/rest/api/space', { mount: 'dc', realm: 'confluence', productPath: '/rest/api/space' }],
    ['/dc/rest/api/longtask/7', { mount: 'dc', realm: 'confluence', productPath: '/rest/api/longtask/7' }],
    ['/dc/download/attachments/1/a.png', { mount: 'dc', realm: 'confluence', productPath: '/download/attachments/1/a.png' }],
    [
      '/dc-bitbucket/rest/api/1.0/application-properties',
      {
        mount: 'dc-bitbucket',
        realm: 'bitbucket',
        flavour: 'datacenter',
        productPath: '/rest/api/1.0/application-properties',
        prefix: '/dc-bitbucket',
      },
    ],
    ['/2.0/user', { mount: 'bitbucket', realm: 'bitbucket', productPath: '/2.0/user' }],
    [
      `/ex/jira/${cloudId}/rest/api/3/myself`,
      { mount: 'gateway', realm: 'jira', productPath: '/rest/api/3/myself', prefix: `/ex/jira/${cloudId}` },
    ],
    [
      `/ex/confluence/${cloudId}/wiki/rest/api/user/current`,
      { mount: 'gateway', realm: 'confluence', productPath: '/wiki/rest/api/user/current' },
    ],
    [
      `/ex/confluence/${cloudId}/rest/api/user/current`,
      { mount: 'gateway', realm: 'confluence', productPath: '/wiki/rest/api/user/current' },
    ],
  ])('%s', (path, expected) => {
    expect(resolveMount(path, cloudId)).toMatchObject({ kind: 'ok', ...expected });
  });

  test('a path that only starts like a mount is not that mount', () => {
    expect(resolveMount('/dcx/rest/api/2/myself', cloudId)).toMatchObject({
      mount: 'site',
      realm: 'jira',
      productPath: '/dcx/rest/api/2/myself',
    });
    expect(resolveMount('/dc-bitbucketx/rest', cloudId)).toMatchObject({ mount: 'site', realm: 'jira' });
  });

  test('a gateway path with another cloudId is unknown; other /ex paths serve nothing', () => {
    expect(resolveMount('/ex/jira/other/rest/api/3/myself', cloudId)).toMatchObject({ kind: 'unknown-cloud', realm: 'jira' });
    expect(resolveMount(`/ex/bitbucket/${cloudId}/x`, cloudId)).toEqual({ kind: 'none' });
  });
});
