import { expect, test } from 'vitest';
import { FakeHttp, fakeFactory, runArgv } from '../../../jira/fake.testutil.js';

const page = (values: unknown[]) => ({ size: values.length, start: 0, limit: 50, isLastPage: true, values });
const queues = () =>
  new FakeHttp().on('GET', '/rest/servicedeskapi/servicedesk/HELP/queue', (request) => {
    expect(request.query.includeCount).toBeUndefined();
    return page([{ id: '7', name: 'All open', jql: 'project = HELP AND statusCategory != Done ORDER BY key ASC' }]);
  });

test('queue issues names the queues when QUEUE matches none', async () => {
  const result = await runArgv(fakeFactory({ http: queues() }), ['jsm', 'queue', 'issues', '--desk', 'HELP', 'Urgent']);
  expect(result.code).toBe(2);
  expect(result.error?.hint).toBe('its queues: All open');
});

test('queue list leaves counts out unless --counts (counting is slow)', async () => {
  const f = fakeFactory({ http: queues() });
  expect((await runArgv(f, ['jsm', 'queue', 'list', '--desk', 'HELP'])).code).toBe(0);
  expect(f.out.text).toBe('ID\tNAME\tJQL\n7\tAll open\tproject = HELP AND statusCategory != Done ORDER BY key ASC\n');
});

test('kb search on a desk without matches says the desk may have no knowledge base', async () => {
  const http = new FakeHttp().on('GET', '/rest/servicedeskapi/servicedesk/FAC/knowledgebase/article', (request) => {
    expect(request.query).toMatchObject({ query: 'vpn', highlight: false });
    return page([]);
  });
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['jsm', 'kb', 'search', 'vpn', '--desk', 'FAC'])).code).toBe(0);
  expect(f.err.text).toBe('no articles match (does FAC have a linked knowledge base?)\n');
});
