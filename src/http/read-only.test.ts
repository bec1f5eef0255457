import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { atlErrorOf } from '../testkit/fakes.testutil.js';
import { createHttpClient } from './client.js';
import { mayChange, pathUnderBase, READ_ONLY_POSTS, shownPath } from './read-only.js';
import { sendJson, startTestServer, testClientOptions, type TestServer } from './test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => sendJson(res, 200, { ok: true }));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const run = (reason: string | null) => ({ reason: async () => reason, command: () => 'atl jira issue create', product: 'Jira' });

test('reads and the listed read-only POSTs may not change anything; every other method and POST may', () => {
  for (const method of ['GET', 'head', 'OPTIONS']) expect(mayChange(method, '/rest/api/3/issue')).toBe(false);
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(mayChange(method, '/rest/api/3/issue')).toBe(true);
  for (const path of [
    '/rest/api/3/search/jql',
    '/rest/api/3/search/approximate-count',
    '/rest/api/2/search',
    '/rest/api/3/jql/parse',
    '/rest/api/contentbody/convert/view',
  ]) {
    expect(mayChange('POST', path), path).toBe(false);
    // Only POST is let through: the same path with another method is a change.
    expect(mayChange('PUT', path), path).toBe(true);
  }
  // Near misses of listed paths.
  for (const path of ['/rest/api/3/search/jql/extra', '/rest/api/2/searchx', '/x/rest/api/2/search', '/rest/api/3/issue/bulk']) {
    expect(mayChange('POST', path), path).toBe(true);
  }
  expect(READ_ONLY_POSTS.every((entry) => entry.why !== '')).toBe(true);
});

test('paths are matched under the base URL (gateway, context path) and shown as the docs write them', () => {
  const gateway = new URL('https://api.atlassian.com/ex/jira/abc-123/rest/api/3/search/jql');
  expect(pathUnderBase(gateway, 'https://api.atlassian.com/ex/jira/abc-123')).toBe('/rest/api/3/search/jql');
  expect(shownPath(gateway)).toBe('/rest/api/3/search/jql');
  const dc = new URL('https://host.example.com/jira/rest/api/2/issue');
  expect(pathUnderBase(dc, 'https://host.example.com/jira/')).toBe('/rest/api/2/issue');
  expect(shownPath(dc)).toBe('/jira/rest/api/2/issue');
  expect(shownPath(new URL('https://api.atlassian.com/ex/confluence/abc/wiki/api/v2/pages'))).toBe('/wiki/api/v2/pages');
  // Another origin is never "under" the base.
  expect(pathUnderBase(new URL('https://other.example.com/jira/x'), 'https://host.example.com/jira')).toBe('/jira/x');
});

test('a read-only client refuses a change before sending it: exit 2, naming the command, product, request and reason', async () => {
  const client = createHttpClient({ ...testClientOptions(server.url), readOnlyRun: run('ATL_READ_ONLY=1') });
  const error = await atlErrorOf(client.post('/rest/api/3/issue', { fields: {} }));
  expect(error.exitCode).toBe(2);
  expect(error.message).toBe(
    'atl jira issue create would change Jira (POST /rest/api/3/issue), and this run is read-only (ATL_READ_ONLY=1)',
  );
  expect(error.hint).toBe('unset ATL_READ_ONLY to make changes');
  for (const attempt of [client.delete('/rest/api/3/issue/A-1'), client.put('/x'), client.request('/x', { method: 'PATCH' })]) {
    expect((await atlErrorOf(attempt)).exitCode).toBe(2);
  }
  expect(server.requests).toEqual([]);
  // Reads, and the read-only POSTs, go through.
  await client.get('/rest/api/3/myself');
  await client.post('/rest/api/3/search/jql', { jql: 'project = A' });
  expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /rest/api/3/myself', 'POST /rest/api/3/search/jql']);
});

test('a run that is not read-only sends changes; the reason is asked only for a change', async () => {
  let asked = 0;
  const client = createHttpClient({
    ...testClientOptions(server.url),
    readOnlyRun: { ...run(null), reason: async () => (asked++, null) },
  });
  await client.get('/rest/api/3/myself');
  expect(asked).toBe(0);
  await client.post('/rest/api/3/issue', {});
  expect(asked).toBe(1);
  expect(server.requests.map((r) => r.method)).toEqual(['GET', 'POST']);
});
