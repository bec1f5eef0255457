import { expect, test } from 'vitest';
import type { HttpClient, RequestOptions } from '../http/types.js';
import { makeJsmContext } from './context.js';

test('every Service Management call opts in to experimental operations (412 without it), keeping its own headers', async () => {
  const seen: Array<RequestOptions | undefined> = [];
  const record = async (_path: string, options?: RequestOptions) => {
    seen.push(options);
    return undefined as never;
  };
  const client: HttpClient = {
    baseUrl: 'https://example.atlassian.net',
    request: record as HttpClient['request'],
    get: record as HttpClient['get'],
    post: (path, _body, options) => record(path, options),
    put: (path, _body, options) => record(path, options),
    delete: record as HttpClient['delete'],
  };
  const ctx = makeJsmContext(client, 'cloud');
  await ctx.http.get('/rest/servicedeskapi/servicedesk', { query: { start: 0 } });
  await ctx.http.post('/rest/servicedeskapi/request', {}, { headers: { 'X-Atlassian-Token': 'no-check' } });
  expect(seen).toEqual([
    { query: { start: 0 }, headers: { 'X-ExperimentalApi': 'opt-in' } },
    { headers: { 'X-ExperimentalApi': 'opt-in', 'X-Atlassian-Token': 'no-check' } },
  ]);
  // The Jira context on the same client sends no such header: Jira's own API does not need it.
  expect(ctx.jira.http).toBe(client);
});
