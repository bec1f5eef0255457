/**
 * The demo service desks, deterministic on every start:
 * - HELP "IT Help": request types with required, optional, select and user fields; one type
 *   ("Request new hardware") needs the demo user's approval; queues; two SLA goals, one of them
 *   breached on HELP-1; public and internal comments; customers, a customer-only user and an
 *   organization; knowledge-base articles.
 * - FAC "Facilities": 640 requests (made in memory), for paging.
 * Every request is a Jira issue in the desk's project, in the sandbox Jira's store.
 */
import type { SeedIdentities } from '../jira/seed.js';
import type { Issue } from '../jira/store.js';
import type { JsmStore, RequestType, RequestTypeField } from './store.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Field ids of the request-type fields that are custom fields. */
export const URGENCY_FIELD = 'customfield_10300';
export const AFFECTED_USER_FIELD = 'customfield_10301';
export const HARDWARE_FIELD = 'customfield_10302';
export const BUILDING_FIELD = 'customfield_10303';

export const CUSTOMER = { accountId: '63b2c4d5e6f7a80092d4e5f6', displayName: 'Carla Customer', name: 'carla', email: 'carla@example.com' };
/** A portal-only customer: no agent may raise a request on their behalf as them, and they are never an agent. */
export const PORTAL_ONLY = { accountId: '64c3d5e6f7a8b900a3e5f6a7', displayName: 'Pat Portal', name: 'pat', email: 'pat@example.com' };

/** How many requests the Facilities desk has. */
export const FACILITIES_REQUESTS = 640;

const summaryField: RequestTypeField = {
  fieldId: 'summary',
  name: 'Summary',
  description: 'A short title',
  required: true,
  jiraSchema: { type: 'string', system: 'summary' },
  validValues: [],
};
const descriptionField: RequestTypeField = {
  fieldId: 'description',
  name: 'Description',
  description: 'What happened, in detail',
  required: false,
  jiraSchema: { type: 'string', system: 'description' },
  validValues: [],
};

function select(fieldId: string, name: string, required: boolean, labels: string[], firstId: number): RequestTypeField {
  return {
    fieldId,
    name,
    description: '',
    required,
    jiraSchema: {
      type: 'option',
      custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select',
      customId: Number(fieldId.slice('customfield_'.length)),
    },
    validValues: labels.map((label, i) => ({ value: String(firstId + i), label })),
  };
}

export interface JsmSeed {
  help: { deskId: string; itHelp: RequestType; hardware: RequestType };
  facilities: { deskId: string; problem: RequestType };
}

export function seedJsm(store: JsmStore, identities: SeedIdentities): JsmSeed {
  const jira = store.jira;
  const now = jira.now();
  const demoId = identities.cloud.accountId;
  for (const person of [CUSTOMER, PORTAL_ONLY]) {
    if (!jira.user(person.accountId))
      jira.addUser({ accountId: person.accountId, displayName: person.displayName, emailAddress: person.email, name: person.name });
  }
  store.customerOnly.add(PORTAL_ONLY.accountId);

  const helpProject = jira.addProject({ key: 'HELP', name: 'IT Help', description: 'The IT service desk', leadAccountId: demoId });
  const help = store.addDesk(helpProject);
  const facProject = jira.addProject({ key: 'FAC', name: 'Facilities', description: 'Buildings and offices', leadAccountId: demoId });
  const fac = store.addDesk(facProject);

  const itHelp = store.addRequestType({
    deskId: help.id,
    name: 'Get IT help',
    description: 'Something is broken or you need advice',
    issueTypeId: '10002',
    fields: [
      summaryField,
      descriptionField,
      select(URGENCY_FIELD, 'Urgency', true, ['Low', 'Medium', 'High'], 10400),
      {
        fieldId: AFFECTED_USER_FIELD,
        name: 'Affected user',
        description: 'Who cannot work',
        required: false,
        jiraSchema: { type: 'user', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:userpicker', customId: 10301 },
        validValues: [],
      },
    ],
  });
  const hardware = store.addRequestType({
    deskId: help.id,
    name: 'Request new hardware',
    description: 'Laptops, monitors and keyboards; your manager approves',
    issueTypeId: '10002',
    fields: [summaryField, select(HARDWARE_FIELD, 'Hardware', true, ['Laptop', 'Monitor', 'Keyboard'], 10410), descriptionField],
    approverIds: [demoId],
  });
  const problem = store.addRequestType({
    deskId: fac.id,
    name: 'Report a problem',
    description: 'Heating, lights, doors',
    issueTypeId: '10003',
    fields: [summaryField, descriptionField, select(BUILDING_FIELD, 'Building', false, ['North', 'South'], 10420)],
  });

  store.addQueue({
    deskId: help.id,
    name: 'All open',
    jql: 'project = HELP AND statusCategory != Done ORDER BY key ASC',
    fields: ['issuekey', 'summary', 'status'],
  });
  store.addQueue({
    deskId: help.id,
    name: 'Waiting for approval',
    jql: 'project = HELP AND status = "In Review" ORDER BY key ASC',
    fields: ['issuekey', 'summary', 'status'],
  });
  store.addQueue({
    deskId: help.id,
    name: 'Resolved',
    jql: 'project = HELP AND statusCategory = Done ORDER BY key ASC',
    fields: ['issuekey'],
  });
  store.addQueue({
    deskId: fac.id,
    name: 'All open',
    jql: 'project = FAC AND statusCategory != Done ORDER BY key ASC',
    fields: ['issuekey'],
  });
  store.addSlaGoal({ deskId: help.id, name: 'Time to resolution', goalMillis: 3 * DAY });
  store.addSlaGoal({ deskId: help.id, name: 'Time to close', goalMillis: 14 * DAY });
  store.addSlaGoal({ deskId: fac.id, name: 'Time to resolution', goalMillis: 5 * DAY });

  for (const id of [CUSTOMER.accountId, PORTAL_ONLY.accountId]) store.customers.get(help.id)?.add(id);
  store.customers.get(fac.id)?.add(CUSTOMER.accountId);
  const acme = store.addOrganization('Acme Corp');
  acme.userIds.add(CUSTOMER.accountId);
  acme.deskIds.add(help.id);

  store.articles.push(
    {
      deskId: help.id,
      title: 'How to reset your password',
      excerpt: 'Open the portal and choose Reset password.',
      pageId: '9001',
      spaceKey: 'ITKB',
    },
    {
      deskId: help.id,
      title: 'Connecting to the VPN',
      excerpt: 'Install the VPN client, then sign in with your password.',
      pageId: '9002',
      spaceKey: 'ITKB',
    },
  );

  const raise = (
    type: RequestType,
    input: {
      summary: string;
      description?: string;
      reporterId: string;
      created: number;
      values?: Record<string, unknown>;
      statusId?: string;
    },
  ): Issue => {
    const desk = store.desks.find((d) => d.id === type.deskId)!;
    const issue = jira.createIssue(
      {
        projectId: desk.projectId,
        issueTypeId: type.issueTypeId,
        summary: input.summary,
        description: input.description === undefined ? null : { format: 'wiki', text: input.description },
        reporterId: input.reporterId,
        created: input.created,
        ...(input.statusId ? { statusId: input.statusId } : {}),
      },
      input.reporterId,
    );
    store.addRequest(issue, type, input.values ?? {});
    return issue;
  };

  // HELP-1: open for ten days, its resolution SLA breached; a public reply and an internal note.
  const laptop = raise(itHelp, {
    summary: 'Laptop will not start',
    description: 'It beeps three times and stays dark.',
    reporterId: CUSTOMER.accountId,
    created: now - 10 * DAY,
    values: { [URGENCY_FIELD]: '10402' },
    statusId: '3',
  });
  store.addComment(laptop, 'Please bring it to the IT desk on floor 2.', demoId, true, now - 9 * DAY);
  store.addComment(laptop, 'Motherboard, probably. Order a replacement before she comes.', demoId, false, now - 9 * DAY + HOUR);
  store.request(laptop)?.participantIds.push(PORTAL_ONLY.accountId);
  // HELP-2: a hardware request waiting for the demo user's approval.
  raise(hardware, {
    summary: 'Need a second monitor',
    reporterId: CUSTOMER.accountId,
    created: now - 2 * HOUR,
    values: { [HARDWARE_FIELD]: '10411' },
    statusId: '10001',
  });
  // HELP-3: raised by the demo user an hour ago, within its SLAs.
  raise(itHelp, {
    summary: 'VPN drops every hour',
    reporterId: demoId,
    created: now - HOUR,
    values: { [URGENCY_FIELD]: '10401' },
  });
  // HELP-4: resolved within its goal.
  const printer = raise(itHelp, {
    summary: 'Printer jam on floor 3',
    reporterId: CUSTOMER.accountId,
    created: now - 3 * DAY,
    values: { [URGENCY_FIELD]: '10400' },
    statusId: '3',
  });
  const done = jira.availableTransitions(printer).find((t) => t.setsResolution);
  if (done) jira.transition(printer, done.id);
  printer.resolutionDate = now - 2 * DAY;

  // HELP-5: another request awaiting the demo user's approval (so approving and declining each have one).
  raise(hardware, {
    summary: 'New keyboard',
    reporterId: CUSTOMER.accountId,
    created: now - 3 * HOUR,
    values: { [HARDWARE_FIELD]: '10412' },
    statusId: '10001',
  });

  for (let n = 1; n <= FACILITIES_REQUESTS; n++) {
    raise(problem, {
      summary: `Facilities request ${n}`,
      reporterId: n % 2 === 0 ? CUSTOMER.accountId : demoId,
      created: now - (FACILITIES_REQUESTS - n + 1) * HOUR,
      values: n % 3 === 0 ? { [BUILDING_FIELD]: '10420' } : {},
    });
  }
  return { help: { deskId: help.id, itHelp, hardware }, facilities: { deskId: fac.id, problem } };
}
