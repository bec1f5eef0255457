import { describe, expect, test } from 'vitest';
import { AtlError } from '../errors.js';
import { createHttpClient } from '../http/client.js';
import { startTestServer, startTlsTestServer, testClientOptions } from '../http/test-server.js';
import { fakeMaker } from '../testkit/fakes.testutil.js';
import { detectDeployment, discoverCloudId, isCloudHost, isLoopbackHost, normalizeSite } from './site.js';

describe('normalizeSite', () => {
  test.each([
    ['example.atlassian.net', 'https://example.atlassian.net'],
    ['https://example.atlassian.net/', 'https://example.atlassian.net'],
    ['https://example.atlassian.net///', 'https://example.atlassian.net'],
    ['https://example.atlassian.net/wiki', 'https://example.atlassian.net'],
    ['https://example.atlassian.net/wiki/', 'https://example.atlassian.net'],
    ['https://example.atlassian.net/jira', 'https://example.atlassian.net'],
    ['Example.Atlassian.NET', 'https://example.atlassian.net'],
    ['https://legacy.jira.com/wiki', 'https://legacy.jira.com'],
    ['https://corp.example.com/jira', 'https://corp.example.com/jira'],
    ['https://corp.example.com/jira/', 'https://corp.example.com/jira'],
    ['corp.example.com:8443/confluence', 'https://corp.example.com:8443/confluence'],
    ['http://127.0.0.1:8080/dc/', 'http://127.0.0.1:8080/dc'],
    ['https://example.atlassian.net/?x=1#top', 'https://example.atlassian.net'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeSite(input)).toBe(expected);
  });

  test.each(['', 'not a url', 'ftp://example.com', 'https://', 'localhosty', 'https://user:pw@example.atlassian.net'])(
    'rejects %j with exit 2',
    (input) => {
      let caught: unknown;
      try {
        normalizeSite(input);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(AtlError);
      expect((caught as AtlError).exitCode).toBe(2);
    },
  );
});

test('isCloudHost and isLoopbackHost', () => {
  expect(isCloudHost('https://a.atlassian.net')).toBe(true);
  expect(isCloudHost('https://a.jira.com')).toBe(true);
  expect(isCloudHost('https://atlassian.net.evil.com')).toBe(false);
  expect(isCloudHost('https://jira.corp.com')).toBe(false);
  expect(isLoopbackHost('http://127.0.0.1:1234')).toBe(true);
  expect(isLoopbackHost('http://localhost')).toBe(true);
  expect(isLoopbackHost('https://a.atlassian.net')).toBe(false);
});

describe('detectDeployment', () => {
  test('Cloud hosts are known without a request', async () => {
    const make = fakeMaker({});
    expect(await detectDeployment('https://a.atlassian.net', () => make({ baseUrl: 'https://a.atlassian.net', auth: null }))).toBe('cloud');
    expect(make.calls).toHaveLength(0);
  });

  test('other hosts ask serverInfo', async () => {
    const make = fakeMaker({
      'https://jira.corp/rest/api/2/serverInfo': () => ({ deploymentType: 'DataCenter' }),
      'http://127.0.0.1:9/rest/api/2/serverInfo': () => ({ deploymentType: 'Cloud' }),
    });
    expect(await detectDeployment('https://jira.corp', () => make({ baseUrl: 'https://jira.corp', auth: null }))).toBe('datacenter');
    expect(await detectDeployment('http://127.0.0.1:9', () => make({ baseUrl: 'http://127.0.0.1:9', auth: null }))).toBe('cloud');
    expect(make.calls.map((c) => c.auth)).toEqual([null, null]);
  });

  test('no answer is a usage error asking for --deployment', async () => {
    const make = fakeMaker({});
    await expect(detectDeployment('https://jira.corp', () => make({ baseUrl: 'https://jira.corp', auth: null }))).rejects.toMatchObject({
      exitCode: 2,
      hint: expect.stringContaining('--deployment'),
    });
  });
});

test('a refused TLS certificate during detection is reported as such (exit 5, NODE_EXTRA_CA_CERTS), not as "Cloud or Data Center"', async () => {
  const tls = await startTlsTestServer();
  try {
    const anonymous = async () => createHttpClient(testClientOptions(tls.url, { auth: null }));
    const detecting = detectDeployment(tls.url, anonymous);
    await expect(detecting).rejects.toMatchObject({
      code: 'network',
      exitCode: 5,
      message: expect.stringMatching(/TLS certificate problem/),
      hint: expect.stringContaining('NODE_EXTRA_CA_CERTS'),
    });
    await expect(discoverCloudId(tls.url, anonymous)).rejects.toMatchObject({
      code: 'network',
      hint: expect.stringContaining('NODE_EXTRA_CA_CERTS'),
    });
    expect(tls.connections()).toBe(2);
  } finally {
    await tls.close();
  }
});

test('a host not reached during detection is reported as such (exit 5), before any "Cloud or Data Center"', async () => {
  const plain = await startTestServer();
  const closed = await startTestServer();
  await closed.close();
  try {
    // A plain-http server reached as https (`--site 127.0.0.1:PORT` reads as https): a TLS error, with the http:// hint.
    const https = plain.url.replace(/^http:/, 'https:');
    const host = new URL(https).host;
    await expect(detectDeployment(https, async () => createHttpClient(testClientOptions(https, { auth: null })))).rejects.toMatchObject({
      code: 'network',
      exitCode: 5,
      message: `could not reach ${host}: TLS error: the server did not answer in TLS (wrong version number), so it does not speak https`,
      hint: `if ${host} is a local server on plain http, give the site as http://${host}`,
    });
    await expect(discoverCloudId(https, async () => createHttpClient(testClientOptions(https, { auth: null })))).rejects.toMatchObject({
      hint: expect.stringContaining(`http://${host}`),
    });
    await expect(
      detectDeployment(closed.url, async () => createHttpClient(testClientOptions(closed.url, { auth: null }))),
    ).rejects.toMatchObject({
      code: 'network',
      exitCode: 5,
      message: `could not reach ${new URL(closed.url).host}: connection refused`,
    });
  } finally {
    await plain.close();
  }
});

test('discoverCloudId reads tenant_info, else asks for --cloud-id', async () => {
  const make = fakeMaker({ 'https://a.atlassian.net/_edge/tenant_info': () => ({ cloudId: 'abc-123' }) });
  expect(await discoverCloudId('https://a.atlassian.net', () => make({ baseUrl: 'https://a.atlassian.net', auth: null }))).toBe('abc-123');
  await expect(
    discoverCloudId('https://b.atlassian.net', () => make({ baseUrl: 'https://b.atlassian.net', auth: null })),
  ).rejects.toMatchObject({ hint: expect.stringContaining('--cloud-id') });
});
