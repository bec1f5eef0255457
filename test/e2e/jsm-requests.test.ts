// atl jsm against the sandbox's Service Management on Cloud, Data Center and the gateway (scoped
// tokens): desks, request types and raising requests. Every exchange is checked against
// jira-service-management.json. Spawns: 3 + 3 + 3 + 3 = 12.
import { writeFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { jsmStoreOf } from '../../src/sandbox/jsm/routes.js';
import { type Flavour, jiraE2e } from './jira-support.js';

const e2e = await jiraE2e();
const flavours: Flavour[] = ['cloud', 'dc', 'scoped-writer'];

test.each(flavours)('desk list --json and request-type view on %s', async (flavour) => {
  const desks = await e2e.atl(flavour, ['jsm', 'desk', 'list', '--json']);
  expect(desks.code, desks.stderr).toBe(0);
  expect(JSON.parse(desks.stdout).map((d: { projectKey: string }) => d.projectKey)).toEqual(['HELP', 'FAC']);
  const type = await e2e.atl(flavour, ['servicedesk', 'request-type', 'view', '--desk', 'HELP', 'Get IT help']);
  expect(type.code, type.stderr).toBe(0);
  expect(type.stdout).toContain('Urgency\tcustomfield_10300\tyes\tselect\tLow, Medium, High');
  expect(type.stdout).toContain('Affected user\tcustomfield_10301\tno\tuserpicker\t');
});

test.each(flavours)('a create missing a required field fails before any write; a full one is a Jira issue (%s)', async (flavour) => {
  const requests = () => jsmStoreOf(e2e.sandbox).allRequests().length;
  const before = requests();
  const refused = await e2e.atl(flavour, [
    'jsm',
    'request',
    'create',
    '--desk',
    'HELP',
    '--type',
    'Get IT help',
    '--summary',
    'No urgency',
  ]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('missing required field: Urgency (one of: Low, Medium, High)');
  expect(requests()).toBe(before);
  const attachment = `${e2e.home.home}/projector-${flavour}.txt`;
  writeFileSync(attachment, 'photo\n');
  const created = await e2e.atl(flavour, [
    'jsm',
    'request',
    'create',
    '--desk',
    'HELP',
    '--type',
    'Get IT help',
    '--summary',
    `Projector broken ${flavour}`,
    '--description',
    'The **projector** in room 4',
    '--field',
    'Urgency=High',
    '--field',
    'Affected user=carla@example.com',
    '--participant',
    'carla@example.com',
    '--attach',
    attachment,
    '--json',
  ]);
  expect(created.code, created.stderr).toBe(0);
  const request = JSON.parse(created.stdout) as { issueKey: string; requestFieldValues: Array<{ fieldId: string; value: unknown }> };
  expect(request.requestFieldValues).toContainEqual(
    expect.objectContaining({ fieldId: 'customfield_10300', value: expect.objectContaining({ value: 'High' }) }),
  );
  const issue = await e2e.issue(flavour, request.issueKey);
  expect(issue?.fields.summary).toBe(`Projector broken ${flavour}`);
  expect(((issue?.fields.attachment ?? []) as Array<{ filename: string }>).map((a) => a.filename)).toEqual([`projector-${flavour}.txt`]);
  expect(requests()).toBe(before + 1);
});
