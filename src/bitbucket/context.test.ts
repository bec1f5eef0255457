import { expect, test } from 'vitest';
import { FakeHttp } from '../testkit/fakes.testutil.js';
import { deploymentOfBase, makeContext, writeOptions } from './context.js';

test('the flavour comes from the client: Cloud at /2.0, Data Center at a site', () => {
  expect(deploymentOfBase('https://api.bitbucket.org/2.0')).toBe('cloud');
  expect(deploymentOfBase('http://127.0.0.1:4000/2.0/')).toBe('cloud');
  expect(deploymentOfBase('https://git.corp.example.com/bitbucket')).toBe('datacenter');
  const dc = makeContext(new FakeHttp('https://Git.Corp.example.com:8443/bitbucket'));
  expect(dc).toMatchObject({ deployment: 'datacenter', api: '/rest/api/1.0', siteHost: 'git.corp.example.com' });
  expect(makeContext(new FakeHttp('https://api.bitbucket.org/2.0'), { workspace: 'acme' })).toMatchObject({
    api: '',
    workspace: 'acme',
    siteHost: null,
  });
});

test('Data Center writes carry the XSRF opt-out and a JSON content type, even without a body; Cloud writes do not', () => {
  const dc = makeContext(new FakeHttp('https://git.corp.example.com'));
  expect(writeOptions(dc).headers).toEqual({ 'X-Atlassian-Token': 'no-check', 'Content-Type': 'application/json' });
  expect(writeOptions(makeContext(new FakeHttp('https://api.bitbucket.org/2.0')))).toEqual({});
});
