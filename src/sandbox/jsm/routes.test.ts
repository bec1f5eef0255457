import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../../test/support/sandbox.js';
import { jiraCaller, type Json } from '../jira/call.testutil.js';
import { jiraStoreOf } from '../jira/routes.js';
import { jsmStoreOf } from './routes.js';
import { FACILITIES_REQUESTS, HARDWARE_FIELD, URGENCY_FIELD } from './seed.js';

// The contract validator checks every exchange below against jira-service-management.json.
let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ seed: 'demo' });
});
afterAll(async () => {
  await sandbox?.stop();
});
const call = jiraCaller(() => sandbox);
const sd = '/rest/servicedeskapi';

test('two desks; request types with required, optional, select and user fields', async () => {
  const desks = await call('cloud', 'GET', `${sd}/servicedesk`);
  expect(desks.body.values.map((d: Json) => d.projectKey)).toEqual(['HELP', 'FAC']);
  const types = await call('dc', 'GET', `${sd}/servicedesk/HELP/requesttype`);
  const itHelp = types.body.values.find((t: Json) => t.name === 'Get IT help');
  const fields = await call('cloud', 'GET', `${sd}/servicedesk/projectKey:HELP/requesttype/${itHelp.id}/field`);
  expect(fields.status).toBe(200);
  const byId = Object.fromEntries(fields.body.requestTypeFields.map((f: Json) => [f.fieldId, f]));
  expect(byId.summary.required).toBe(true);
  expect(byId.description.required).toBe(false);
  expect(byId[URGENCY_FIELD].validValues.map((v: Json) => v.label)).toEqual(['Low', 'Medium', 'High']);
  expect(byId.customfield_10301.jiraSchema.type).toBe('user');
});

test('a request is a Jira issue; a required field missing is a 400 with nothing written', async () => {
  const jira = jiraStoreOf(sandbox);
  const before = jira.issues.size;
  const types = await call('cloud', 'GET', `${sd}/servicedesk/HELP/requesttype`);
  const hardware = types.body.values.find((t: Json) => t.name === 'Request new hardware');
  const missing = await call('cloud', 'POST', `${sd}/request`, {
    serviceDeskId: '1',
    requestTypeId: hardware.id,
    requestFieldValues: { summary: 'A laptop' },
  });
  expect(missing.status).toBe(400);
  expect(missing.body.errorMessage).toContain('Hardware');
  expect(jira.issues.size).toBe(before);
  const created = await call('cloud', 'POST', `${sd}/request`, {
    serviceDeskId: '1',
    requestTypeId: hardware.id,
    requestFieldValues: { summary: 'A laptop', [HARDWARE_FIELD]: { id: '10410' } },
  });
  expect(created.status).toBe(201);
  expect(created.body.currentStatus.status).toBe('In Review');
  const issue = await call('cloud', 'GET', `/rest/api/3/issue/${created.body.issueKey}`);
  expect(issue.body.fields.summary).toBe('A laptop');
  // The requester approves (the demo user is the approver): the request moves on.
  const approvals = await call('cloud', 'GET', `${sd}/request/${created.body.issueKey}/approval`);
  const pending = approvals.body.values[0];
  expect(pending).toMatchObject({ finalDecision: 'pending', canAnswerApproval: true });
  const decided = await call('cloud', 'POST', `${sd}/request/${created.body.issueKey}/approval/${pending.id}`, { decision: 'approve' });
  expect(decided.body.finalDecision).toBe('approved');
  expect((await call('cloud', 'GET', `${sd}/request/${created.body.issueKey}`)).body.currentStatus.status).toBe('In Progress');
  expect(
    (await call('cloud', 'POST', `${sd}/request/${created.body.issueKey}/approval/${pending.id}`, { decision: 'approve' })).status,
  ).toBe(409);
});

test('comments carry their public flag; internal notes can be left out', async () => {
  const all = await call('cloud', 'GET', `${sd}/request/HELP-1/comment`);
  expect(all.body.values.map((c: Json) => c.public)).toEqual([true, false]);
  const publicOnly = await call('dc', 'GET', `${sd}/request/HELP-1/comment?internal=false`);
  expect(publicOnly.body.values).toHaveLength(1);
  expect(publicOnly.body.values[0].public).toBe(true);
});

test('SLAs run on the clock: HELP-1 breached, HELP-3 within its goal, HELP-4 completed', async () => {
  const breached = await call('cloud', 'GET', `${sd}/request/HELP-1/sla`);
  const resolution = breached.body.values.find((s: Json) => s.name === 'Time to resolution');
  expect(resolution.ongoingCycle.breached).toBe(true);
  expect(resolution.ongoingCycle.remainingTime.millis).toBeLessThan(0);
  const fresh = await call('cloud', 'GET', `${sd}/request/HELP-3/sla`);
  expect(fresh.body.values[0].ongoingCycle.breached).toBe(false);
  const closed = await call('cloud', 'GET', `${sd}/request/HELP-4/sla`);
  expect(closed.body.values[0].ongoingCycle).toBeUndefined();
  expect(closed.body.values[0].completedCycles[0].breached).toBe(false);
});

test('paging caps limit silently; queues count by JQL; the experimental customer list needs its header', async () => {
  expect(jsmStoreOf(sandbox).requestIssues('2')).toHaveLength(FACILITIES_REQUESTS);
  const page = await call('cloud', 'GET', `${sd}/request?requestOwnership=ALL_REQUESTS&serviceDeskId=2&limit=500`);
  expect(page.body).toMatchObject({ size: 50, limit: 50, isLastPage: false });
  const queues = await call('cloud', 'GET', `${sd}/servicedesk/FAC/queue?includeCount=true`);
  expect(queues.body.values[0].issueCount).toBe(FACILITIES_REQUESTS);
  expect((await call('cloud', 'GET', `${sd}/servicedesk/HELP/customer`)).status).toBe(412);
});

test('pending approvals of the demo user; organizations and the knowledge base', async () => {
  const pending = await call('dc', 'GET', `${sd}/request?requestOwnership=APPROVER&approvalStatus=MY_PENDING_APPROVAL`);
  expect(pending.body.values.map((r: Json) => r.issueKey)).toContain('HELP-2');
  const orgs = await call('cloud', 'GET', `${sd}/organization`);
  expect(orgs.body.values.map((o: Json) => o.name)).toEqual(['Acme Corp']);
  const kb = await call('cloud', 'GET', `${sd}/knowledgebase/article?query=vpn&highlight=false`);
  expect(kb.body.values.map((a: Json) => a.title)).toEqual(['Connecting to the VPN']);
});

test('POST /request/validate (Cloud only) runs the create checks, every field error at once, and creates nothing', async () => {
  const jira = jiraStoreOf(sandbox);
  const before = jira.issues.size;
  const types = await call('cloud', 'GET', `${sd}/servicedesk/HELP/requesttype`);
  const itHelp = types.body.values.find((t: Json) => t.name === 'Get IT help');
  const body = (summary: string, fields: Json = {}) => ({
    serviceDeskId: '1',
    requestTypeId: itHelp.id,
    requestFieldValues: { summary, ...fields },
  });
  const valid = await call('cloud', 'POST', `${sd}/request/validate`, body('VPN', { [URGENCY_FIELD]: { id: '10400' } }));
  expect(valid).toEqual({ status: 200, body: { valid: true, errorMessages: [], fieldErrors: [], formErrors: [] } });
  const invalid = await call('cloud', 'POST', `${sd}/request/validate`, body('x'.repeat(256)));
  expect(invalid.status).toBe(400);
  expect(invalid.body.valid).toBe(false);
  expect(invalid.body.fieldErrors).toEqual([
    { field: URGENCY_FIELD, message: "Field 'Urgency' is required." },
    { field: 'summary', message: 'Summary must be less than 255 characters.' },
  ]);
  expect((await call('cloud', 'POST', `${sd}/request`, body('x'.repeat(256), { [URGENCY_FIELD]: { id: '10400' } }))).status).toBe(400);
  expect(jira.issues.size).toBe(before);
  // Data Center has none: the path is then /request/{issueIdOrKey}, which takes only GET.
  expect((await call('dc', 'POST', `${sd}/request/validate`, body('VPN'))).status).toBe(405);
});

test('a portal-only customer raising on behalf of someone is a 403; customer transitions are resolve and reopen only', async () => {
  const store = jsmStoreOf(sandbox);
  const demo = (await call('cloud', 'GET', '/rest/api/3/myself')).body.accountId as string;
  const types = await call('cloud', 'GET', `${sd}/servicedesk/HELP/requesttype`);
  const itHelp = types.body.values.find((t: Json) => t.name === 'Get IT help');
  store.customerOnly.add(demo);
  try {
    const fields = await call('cloud', 'GET', `${sd}/servicedesk/HELP/requesttype/${itHelp.id}/field`);
    expect(fields.body).toMatchObject({ canRaiseOnBehalfOf: false, canAddRequestParticipants: false });
    const refused = await call('cloud', 'POST', `${sd}/request`, {
      serviceDeskId: '1',
      requestTypeId: itHelp.id,
      requestFieldValues: { summary: 'For Carla', [URGENCY_FIELD]: { id: '10400' } },
      raiseOnBehalfOf: '63b2c4d5e6f7a80092d4e5f6',
    });
    expect(refused).toEqual({ status: 403, body: { errorMessage: 'You do not have permission to raise requests on behalf of others.' } });
  } finally {
    store.customerOnly.delete(demo);
  }
  // HELP-3 is open: the portal offers only resolving it; Jira has the agents' steps too.
  const customer = await call('dc', 'GET', `${sd}/request/HELP-3/transition`);
  expect(customer.body.values).toEqual([{ id: '51', name: 'Done' }]);
  const jira = await call('dc', 'GET', '/rest/api/2/issue/HELP-3/transitions');
  expect(jira.body.transitions.map((t: Json) => t.name)).toEqual(['Start Progress', 'Done']);
  expect((await call('dc', 'POST', `${sd}/request/HELP-3/transition`, { id: '11' })).status).toBe(400);
});
