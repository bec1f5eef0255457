import { expect, test } from 'vitest';
import { cloudProfile, FakeHttp, fakeFactory } from '../testkit/fakes.testutil.js';
import { confluenceContext } from './context.js';

test('a profile with a Confluence login of its own speaks that deployment, whatever its Jira login is', async () => {
  const profile = cloudProfile({
    confluence: {
      site: 'https://wiki.corp.example.com',
      email: null,
      authType: 'bearer',
      deployment: 'datacenter',
      storage: 'file',
      tokenExpiresAt: null,
    },
  });
  const f = fakeFactory({
    http: new FakeHttp('https://wiki.corp.example.com'),
    config: { defaultProfile: 'corp', profiles: { corp: profile } },
    file: { corp: 'jira-token', 'corp:confluence': 'wiki-token' },
  });
  const ctx = await confluenceContext(f);
  expect(ctx.deployment).toBe('datacenter');
  expect(ctx.browseBase).toBe('https://wiki.corp.example.com');
});

test('without one, the site login: Cloud, browsing the site even when requests go through the gateway', async () => {
  const f = fakeFactory({
    http: new FakeHttp('https://api.atlassian.com/ex/confluence/c1/wiki'),
    siteProfile: { site: 'https://acme.atlassian.net', scoped: true, cloudId: 'c1' },
  });
  const ctx = await confluenceContext(f);
  expect(ctx.deployment).toBe('cloud');
  expect(ctx.browseBase).toBe('https://acme.atlassian.net/wiki');
});
