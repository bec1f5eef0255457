// atl jsm where Service Management meets Jira, against the sandbox: transitions Service Management
// does not offer are made through Jira's API, Cloud's dry run has the site validate the request,
// `atl jira issue view` marks internal notes, participants removed, raising on behalf refused for a
// portal-only customer, and request list --status. Spawns: 3 + 3 + 3 + 2 + 1 + 2 = 14.
import { expect, test } from 'vitest';
import { jiraStoreOf } from '../../src/sandbox/jira/routes.js';
import { jsmStoreOf } from '../../src/sandbox/jsm/routes.js';
import { CUSTOMER } from '../../src/sandbox/jsm/seed.js';
import { jiraE2e } from './jira-support.js';

const e2e = await jiraE2e();
const jira = () => jiraStoreOf(e2e.sandbox);
const CREATE = ['jsm', 'request', 'create', '--desk', 'HELP', '--type', 'Get IT help'];
const statusOf = (key: string) => jira().statusOf(jira().requireIssue(key)).name;
/** `METHOD path` of each answered request (below 400) since `from`, the DC mount prefix kept. */
const callsSince = (from: number) =>
  e2e.sandbox.requests
    .slice(from)
    .filter((r) => r.status < 400)
    .map((r) => `${r.method} ${r.path}`);

test('transition: a customer transition through Service Management, an agent step through Jira (Cloud v3, Data Center v2)', async () => {
  let from = e2e.sandbox.requests.length;
  const started = await e2e.atl('cloud', ['jsm', 'request', 'transition', 'HELP-3', 'Start Progress', '--comment', 'On it']);
  expect(started.code, started.stderr).toBe(0);
  expect(started.stdout).toBe('HELP-3: Start Progress; status: In Progress\n');
  expect(callsSince(from)).toContain('POST /rest/api/3/issue/HELP-3/transitions');
  expect(jira().requireIssue('HELP-3').comments.length).toBe(1);

  from = e2e.sandbox.requests.length;
  const back = await e2e.atl('dc', ['jsm', 'request', 'transition', 'HELP-5', 'in progress']);
  expect(back.code, back.stderr).toBe(0);
  expect(back.stdout).toBe('HELP-5: Back to In Progress; status: In Progress\n');
  expect(callsSince(from)).toContain('POST /dc/rest/api/2/issue/HELP-5/transitions');

  from = e2e.sandbox.requests.length;
  const done = await e2e.atl('dc', ['jsm', 'request', 'transition', 'HELP-1', 'Done']);
  expect(done.code, done.stderr).toBe(0);
  expect(statusOf('HELP-1')).toBe('Done');
  const calls = callsSince(from);
  expect(calls).toContain('POST /dc/rest/servicedeskapi/request/HELP-1/transition');
  expect(calls.filter((c) => c.includes('/rest/api/'))).toEqual([]);
});

test('request create --dry-run: Cloud (and the gateway) has the site validate it and creates nothing; Data Center checks locally', async () => {
  const requests = () => jsmStoreOf(e2e.sandbox).allRequests().length;
  const before = requests();
  const args = (summary: string) => [...CREATE, '--summary', summary, '--field', 'Urgency=Low', '--dry-run'];
  let from = e2e.sandbox.requests.length;
  const valid = await e2e.atl('scoped-writer', args('Printer on floor 2'));
  expect(valid.code, valid.stderr).toBe(0);
  expect(valid.stderr).toContain(
    '\ndry run: the site validated it (POST /request/validate); would POST /rest/servicedeskapi/request with:\n',
  );
  expect(callsSince(from).filter((c) => c.startsWith('POST'))).toEqual([
    `POST /ex/jira/${e2e.sandbox.cloudId}/rest/servicedeskapi/request/validate`,
  ]);

  const long = 'x'.repeat(300);
  const refused = await e2e.atl('cloud', args(long));
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('error: the site refused the request: Summary: Summary must be less than 255 characters.\n');
  expect(refused.stderr).toContain('hint: nothing was created (dry run)');

  from = e2e.sandbox.requests.length;
  const dc = await e2e.atl('dc', args(long));
  expect(dc.code, dc.stderr).toBe(0);
  expect(dc.stderr).toBe('dry run: would POST /rest/servicedeskapi/request with:\n');
  expect(callsSince(from).filter((c) => c.startsWith('POST'))).toEqual([]);
  expect(requests()).toBe(before);
});

test('jira issue view and comment list mark internal notes "internal" (Cloud: jsdPublic; Data Center: sd.public.comment)', async () => {
  for (const flavour of ['cloud', 'dc'] as const) {
    const view = await e2e.atl(flavour, ['jira', 'issue', 'view', 'HELP-1']);
    expect(view.code, view.stderr).toBe(0);
    expect(view.stdout).toMatch(/\n— Demo User, [^\n]*\d\nPlease bring it to the IT desk on floor 2\.\n/);
    expect(view.stdout).toMatch(/\n— Demo User, [^\n]* \(internal\)\nMotherboard, probably\./);
  }
  const list = await e2e.atl('dc', ['jira', 'issue', 'comment', 'list', 'HELP-1']);
  expect(list.code, list.stderr).toBe(0);
  expect(list.stdout).toMatch(/\(id \d+\)\nPlease bring it/);
  expect(list.stdout).toMatch(/\(id \d+, internal\)\nMotherboard/);
});

test('request participants --remove, by email, on Cloud and Data Center', async () => {
  const meta = (key: string) => jsmStoreOf(e2e.sandbox).request(jira().requireIssue(key))!;
  const cloud = await e2e.atl('cloud', ['jsm', 'request', 'participants', 'HELP-1', '--remove', 'pat@example.com']);
  expect(cloud.code, cloud.stderr).toBe(0);
  expect(cloud.stdout).toBe('');
  expect(cloud.stderr).toBe('HELP-1 has no participants\n');
  expect(meta('HELP-1').participantIds).toEqual([]);

  meta('HELP-2').participantIds.push(CUSTOMER.accountId, '64c3d5e6f7a8b900a3e5f6a7');
  const dc = await e2e.atl('dc', ['jsm', 'request', 'participants', 'HELP-2', '--remove', 'carla@example.com']);
  expect(dc.code, dc.stderr).toBe(0);
  expect(dc.stdout).toBe('Pat Portal\tpat@example.com\n');
  expect(meta('HELP-2').participantIds).toEqual(['64c3d5e6f7a8b900a3e5f6a7']);
});

test('a portal-only customer cannot raise a request on behalf of someone: exit 2 before anything is sent', async () => {
  const store = jsmStoreOf(e2e.sandbox);
  const demo = jira().resolveUser(e2e.sandbox.credentials.cloud.email)!.accountId;
  store.customerOnly.add(demo);
  try {
    const from = e2e.sandbox.requests.length;
    const refused = await e2e.atl('cloud', [
      ...CREATE,
      '--summary',
      'For Carla',
      '--field',
      'Urgency=Low',
      '--on-behalf-of',
      'carla@example.com',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'error: you cannot raise requests on behalf of others on this desk\nhint: only agents can; leave out --on-behalf-of to raise it yourself\n',
    );
    expect(callsSince(from).filter((c) => !c.startsWith('GET'))).toEqual([]);
  } finally {
    store.customerOnly.delete(demo);
  }
});

test('request list --desk --status closed lists only done requests; --status all every one of the desk', async () => {
  const helpKeys = jsmStoreOf(e2e.sandbox)
    .requestIssues(jsmStoreOf(e2e.sandbox).desk('HELP')!.id)
    .map((issue) => issue.key);
  const closed = await e2e.atl('cloud', ['jsm', 'request', 'list', '--desk', 'HELP', '--status', 'closed', '--json']);
  expect(closed.code, closed.stderr).toBe(0);
  const closedKeys = (JSON.parse(closed.stdout) as Array<{ key: string }>).map((i) => i.key);
  expect(closedKeys).toContain('HELP-4');
  expect(closedKeys).toEqual(helpKeys.filter((key) => statusOf(key) === 'Done'));
  const all = await e2e.atl('dc', ['jsm', 'request', 'list', '--desk', 'HELP', '--status', 'all', '--json']);
  expect(all.code, all.stderr).toBe(0);
  expect((JSON.parse(all.stdout) as Array<{ key: string }>).map((i) => i.key)).toEqual(helpKeys);
});
