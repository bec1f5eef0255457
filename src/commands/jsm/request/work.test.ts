import { expect, test } from 'vitest';
import { FakeHttp, fakeFactory, runArgv } from '../../../jira/fake.testutil.js';

const page = (values: unknown[]) => ({ size: values.length, start: 0, limit: 50, isLastPage: true, values });

test('comment --internal sends public:false; --dry-run says internal and sends nothing; a plain comment is customer-visible', async () => {
  const dry = fakeFactory();
  expect((await runArgv(dry, ['jsm', 'request', 'comment', 'HELP-1', 'A **note**', '--internal', '--dry-run'])).code).toBe(0);
  expect(dry.err.text).toBe('dry run: would add an internal comment to HELP-1:\n');
  expect(JSON.parse(dry.out.text)).toEqual({ body: 'A *note*', public: false });
  const http = new FakeHttp().on('POST', '/rest/servicedeskapi/request/HELP-1/comment', (request) => {
    expect(request.body).toEqual({ body: 'Hello', public: true });
    return { id: '9', body: 'Hello', public: true };
  });
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['jsm', 'request', 'comment', 'HELP-1', 'Hello'])).code).toBe(0);
  expect(f.out.text).toBe('Added a customer-visible comment to HELP-1\n');
});

test('comments --public leaves out anything not flagged public, even if the server sent it', async () => {
  const http = new FakeHttp().on('GET', '/rest/servicedeskapi/request/HELP-1/comment', (request) => {
    expect(request.query).toMatchObject({ public: true, internal: false });
    return page([
      { id: '1', body: 'Shown', public: true, author: { displayName: 'Demo' } },
      { id: '2', body: 'Unflagged', author: { displayName: 'Demo' } },
    ]);
  });
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['jsm', 'request', 'comments', 'HELP-1', '--public'])).code).toBe(0);
  expect(f.out.text).toBe('[public] Demo, \nShown\n\n');
  expect((await runArgv(fakeFactory(), ['jsm', 'request', 'comments', 'HELP-1', '--public', '--internal'])).code).toBe(2);
});

test('approve picks the one pending approval and prints the status the request moved to; none pending is exit 2', async () => {
  const http = new FakeHttp()
    .on('GET', '/rest/servicedeskapi/request/HELP-2/approval', () =>
      page([
        { id: '4', name: 'Old', finalDecision: 'approved' },
        { id: '5', name: 'Manager approval', finalDecision: 'pending', canAnswerApproval: true },
      ]),
    )
    .on('POST', '/rest/servicedeskapi/request/HELP-2/approval/5', (request) => {
      expect(request.body).toEqual({ decision: 'approve' });
      return { id: '5', finalDecision: 'approved' };
    })
    .on('GET', '/rest/servicedeskapi/request/HELP-2', () => ({ issueKey: 'HELP-2', currentStatus: { status: 'In Progress' } }));
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['jsm', 'request', 'approve', 'HELP-2'])).code).toBe(0);
  expect(f.out.text).toBe('Approved HELP-2 (Manager approval); status: In Progress\n');
  const none = fakeFactory({ http: new FakeHttp().on('GET', '/rest/servicedeskapi/request/HELP-1/approval', () => page([])) });
  const refused = await runArgv(none, ['jsm', 'request', 'decline', 'HELP-1']);
  expect(refused.code).toBe(2);
  expect(refused.error?.message).toBe('HELP-1 has no approval awaiting you');
});

test('transition to an unknown status is exit 2 listing the transitions', async () => {
  const http = new FakeHttp()
    .on('GET', '/rest/servicedeskapi/request/HELP-3/transition', () => page([{ id: '11', name: 'Start Progress' }]))
    .on('GET', '/rest/api/3/issue/HELP-3/transitions', () => ({ transitions: [{ id: '11', name: 'Start Progress' }] }));
  const result = await runArgv(fakeFactory({ http }), ['jsm', 'request', 'transition', 'HELP-3', 'Teleport']);
  expect(result.code).toBe(2);
  expect(result.error?.hint).toBe('its transitions: Start Progress');
});

test('transition to a step Service Management does not offer is made through Jira (an ADF comment on Cloud)', async () => {
  const http = new FakeHttp()
    .on('GET', '/rest/servicedeskapi/request/HELP-3/transition', () => page([{ id: '51', name: 'Done' }]))
    .on('GET', '/rest/api/3/issue/HELP-3/transitions', () => ({
      transitions: [
        { id: '11', name: 'Start Progress', to: { name: 'In Progress' } },
        { id: '51', name: 'Done', to: { name: 'Done' } },
      ],
    }))
    .on('POST', '/rest/api/3/issue/HELP-3/transitions', (request) => {
      expect(request.body).toEqual({
        transition: { id: '11' },
        update: {
          comment: [
            { add: { body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'On it' }] }] } } },
          ],
        },
      });
      return null;
    })
    .on('GET', '/rest/servicedeskapi/request/HELP-3', () => ({ issueKey: 'HELP-3', currentStatus: { status: 'In Progress' } }));
  const f = fakeFactory({ http });
  // By the target status name, which only Jira's transitions carry.
  expect((await runArgv(f, ['jsm', 'request', 'transition', 'HELP-3', 'in progress', '--comment', 'On it'])).code).toBe(0);
  expect(f.out.text).toBe('HELP-3: Start Progress; status: In Progress\n');
  expect(http.requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual(['/rest/api/3/issue/HELP-3/transitions']);
});

test('a customer transition goes through Service Management, with a wiki comment, and Jira is not asked (Data Center)', async () => {
  const http = new FakeHttp('https://jira.example.com')
    .on('GET', '/rest/servicedeskapi/request/HELP-1/transition', () => page([{ id: '51', name: 'Done' }]))
    .on('POST', '/rest/servicedeskapi/request/HELP-1/transition', (request) => {
      expect(request.body).toEqual({ id: '51', additionalComment: { body: '*Fixed*' } });
      return null;
    })
    .on('GET', '/rest/servicedeskapi/request/HELP-1', () => ({ issueKey: 'HELP-1', currentStatus: { status: 'Done' } }));
  const f = fakeFactory({ http, deployment: 'datacenter' });
  expect((await runArgv(f, ['jsm', 'request', 'transition', 'HELP-1', 'done', '--comment', '**Fixed**'])).code).toBe(0);
  expect(f.out.text).toBe('HELP-1: Done; status: Done\n');
  expect(http.requests.some((r) => r.path.startsWith('/rest/api/'))).toBe(false);
});

test('transition --dry-run through Jira on Data Center prints the wiki body; without TO both lists are shown, Jira refusing is none', async () => {
  const http = new FakeHttp('https://jira.example.com')
    .on('GET', '/rest/servicedeskapi/request/HELP-5/transition', () => page([]))
    .on('GET', '/rest/api/2/issue/HELP-5/transitions', () => ({ transitions: [{ id: '41', name: 'Back to In Progress' }] }));
  const f = fakeFactory({ http, deployment: 'datacenter' });
  expect(
    (await runArgv(f, ['jsm', 'request', 'transition', 'HELP-5', 'Back to In Progress', '--comment', 'A *b*', '--dry-run'])).code,
  ).toBe(0);
  expect(f.err.text).toBe('dry run: would move HELP-5 by "Back to In Progress" (through Jira):\n');
  expect(JSON.parse(f.out.text)).toEqual({ transition: { id: '41' }, update: { comment: [{ add: { body: 'A _b_' } }] } });
  expect(http.requests.filter((r) => r.method === 'POST')).toEqual([]);

  const listing = new FakeHttp()
    .on('GET', '/rest/servicedeskapi/request/HELP-1/transition', () => page([{ id: '51', name: 'Done' }]))
    .on('GET', '/rest/api/3/issue/HELP-1/transitions', () => ({
      transitions: [
        { id: '21', name: 'Stop Progress' },
        { id: '51', name: 'Done' },
      ],
    }));
  const both = fakeFactory({ http: listing });
  expect((await runArgv(both, ['jsm', 'request', 'transition', 'HELP-1'])).code).toBe(0);
  expect(both.out.text).toBe('51\tDone\tcustomer\n21\tStop Progress\tjira\n');
  const customer = fakeFactory({
    http: new FakeHttp().on('GET', '/rest/servicedeskapi/request/HELP-1/transition', () => page([{ id: '51', name: 'Done' }])),
  });
  expect((await runArgv(customer, ['jsm', 'request', 'transition', 'HELP-1'])).code).toBe(0);
  expect(customer.out.text).toBe('51\tDone\tcustomer\n');
});

test('attach --dry-run names the files and their visibility, and asks the site nothing', async () => {
  const f = fakeFactory();
  expect((await runArgv(f, ['jsm', 'request', 'attach', 'HELP-1', 'a.log', 'b.png', '--internal', '--dry-run'])).code).toBe(0);
  expect(f.err.text).toBe('dry run: would attach to HELP-1 (internal):\n');
  expect(JSON.parse(f.out.text)).toEqual(['a.log', 'b.png']);
});
