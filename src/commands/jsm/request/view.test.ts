import { expect, test } from 'vitest';
import { FakeHttp, fakeFactory, runArgv } from '../../../jira/fake.testutil.js';

const page = (values: unknown[]) => ({ size: values.length, start: 0, limit: 50, isLastPage: true, values });

test('request view: status, type, reporter, participants, fields, SLAs, approvals; a comment is public only when flagged so', async () => {
  const http = new FakeHttp()
    .on('GET', '/rest/servicedeskapi/request/HELP-1', (request) => {
      expect(request.query.expand).toBe('requestType,serviceDesk,participant,status');
      return {
        issueId: '1',
        issueKey: 'HELP-1',
        requestTypeId: '3',
        serviceDeskId: '1',
        requestType: { id: '3', name: 'Get IT help' },
        reporter: { displayName: 'Carla Customer' },
        participants: { values: [{ displayName: 'Pat Portal' }] },
        currentStatus: { status: 'In Progress' },
        requestFieldValues: [
          { fieldId: 'summary', label: 'Summary', value: 'Laptop will not start' },
          { fieldId: 'description', label: 'Description', value: 'It *beeps*' },
          { fieldId: 'customfield_10300', label: 'Urgency', value: { id: '10402', value: 'High' } },
          { fieldId: 'customfield_10399', label: 'Odd', value: { shape: 1 } },
        ],
        _links: { agent: 'https://example.atlassian.net/browse/HELP-1' },
      };
    })
    .on('GET', '/rest/servicedeskapi/request/HELP-1/comment', () =>
      page([
        { id: '1', body: 'Bring it in', public: true, author: { displayName: 'Demo' }, created: { iso8601: '2026-11-23T10:00:00+0000' } },
        { id: '2', body: 'Motherboard', public: false, author: { displayName: 'Demo' }, created: { iso8601: '2026-11-23T11:00:00+0000' } },
        { id: '3', body: 'No flag', author: { displayName: 'Demo' } },
      ]),
    )
    .on('GET', '/rest/servicedeskapi/request/HELP-1/sla', () =>
      page([{ id: '1', name: 'Time to resolution', ongoingCycle: { breached: true, remainingTime: { millis: -7 * 86_400_000 } } }]),
    )
    .on('GET', '/rest/servicedeskapi/request/HELP-1/approval', () =>
      page([{ id: '5', name: 'Manager approval', finalDecision: 'pending', approvers: [{ approver: { displayName: 'Demo' } }] }]),
    );
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['jsm', 'request', 'view', 'HELP-1'])).code).toBe(0);
  expect(f.out.text).toBe(
    'HELP-1  Laptop will not start\n\n' +
      'Status        In Progress\nType          Get IT help\nReporter      Carla Customer\nParticipants  Pat Portal\n' +
      'URL           https://example.atlassian.net/browse/HELP-1\n' +
      '\nFields:\n  Urgency: High\n  Odd: {"shape":1}\n' +
      '\nDescription:\n  It **beeps**\n' +
      '\nSLAs:\n  Time to resolution: breached by 7d 0h\n' +
      '\nApprovals:\n  5  Manager approval: pending — Demo (pending)\n' +
      '\nComments (3):\n  [public] Demo, 2026-11-23 10:00\n    Bring it in\n  [internal] Demo, 2026-11-23 11:00\n    Motherboard\n' +
      '  [internal] Demo, \n    No flag\n',
  );
});

test('request list: one ownership view at a time; --count only for a desk', async () => {
  const both = await runArgv(fakeFactory(), ['jsm', 'request', 'list', '--mine', '--participant']);
  expect(both.code).toBe(2);
  const counted = await runArgv(fakeFactory(), ['jsm', 'request', 'list', '--mine', '--count']);
  expect(counted.code).toBe(2);
});

test('request list --status: open unless asked; closed and all ask Service Management for those', async () => {
  const cases = [
    [[], 'OPEN_REQUESTS'],
    [['--status', 'closed'], 'CLOSED_REQUESTS'],
    [['--status', 'all'], 'ALL_REQUESTS'],
  ] as const;
  for (const [flags, requestStatus] of cases) {
    const http = new FakeHttp().on('GET', '/rest/servicedeskapi/request', (request) => {
      expect(request.query).toMatchObject({ requestOwnership: 'OWNED_REQUESTS', requestStatus });
      return page([{ issueKey: 'HELP-4', requestTypeId: '3', currentStatus: { status: 'Done' }, summary: 'Printer jam' }]);
    });
    const f = fakeFactory({ http });
    expect((await runArgv(f, ['jsm', 'request', 'list', '--mine', ...flags])).code).toBe(0);
    expect(f.out.text).toBe('KEY\tSTATUS\tTYPE\tCREATED\tSUMMARY\nHELP-4\tDone\t3\t\tPrinter jam\n');
  }
  expect((await runArgv(fakeFactory(), ['jsm', 'request', 'list', '--mine', '--status', 'resolved'])).code).toBe(2);
});
