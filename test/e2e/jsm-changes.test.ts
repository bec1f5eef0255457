// atl jsm changes against the sandbox (Cloud, Data Center, gateway): approvals move the request's
// status, internal notes stay internal, transitions, participants and attachments. Spawns: 4 + 3 + 2 + 2 = 11.
import { writeFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { jiraStoreOf } from '../../src/sandbox/jira/routes.js';
import { jsmStoreOf } from '../../src/sandbox/jsm/routes.js';
import { jiraE2e } from './jira-support.js';

const e2e = await jiraE2e();

test.each([
  ['cloud', 'approve', 'Approved', 'In Progress'],
  ['dc', 'decline', 'Declined', 'Done'],
] as const)('on %s a new hardware request awaits approval; %s moves it on', async (flavour, decision, done, status) => {
  const created = await e2e.atl(flavour, [
    'jsm',
    'request',
    'create',
    '--desk',
    'HELP',
    '--type',
    'Request new hardware',
    '--summary',
    `Docking station (${flavour})`,
    '--field',
    'Hardware=Laptop',
    '--json',
  ]);
  expect(created.code, created.stderr).toBe(0);
  const { issueKey, currentStatus } = JSON.parse(created.stdout) as { issueKey: string; currentStatus: { status: string } };
  expect(currentStatus.status).toBe('In Review');
  const decided = await e2e.atl(flavour, ['jsm', 'request', decision, issueKey]);
  expect(decided.code, decided.stderr).toBe(0);
  expect(decided.stdout).toBe(`${done} ${issueKey} (Manager approval); status: ${status}\n`);
  expect(jiraStoreOf(e2e.sandbox).statusOf(jiraStoreOf(e2e.sandbox).requireIssue(issueKey)).name).toBe(status);
});

test('an internal note added through the gateway is never listed as public', async () => {
  const added = await e2e.atl('scoped-writer', ['jsm', 'request', 'comment', 'HELP-3', 'Secret **workaround**', '--internal']);
  expect(added.code, added.stderr).toBe(0);
  expect(added.stdout).toBe('Added an internal comment to HELP-3\n');
  const publicOnes = await e2e.atl('cloud', ['jsm', 'request', 'comments', 'HELP-3', '--public']);
  expect(publicOnes.code).toBe(0);
  expect(publicOnes.stdout + publicOnes.stderr).not.toContain('workaround');
  const internal = await e2e.atl('dc', ['jsm', 'request', 'comments', 'HELP-3', '--internal']);
  expect(internal.stdout).toMatch(/^\[internal\] svc-writer, .*\nSecret \*\*workaround\*\*\n/);
});

test('transition with a comment, and participants added by email', async () => {
  const moved = await e2e.atl('cloud', ['jsm', 'request', 'transition', 'HELP-4', 'Reopen', '--comment', 'Jammed again']);
  expect(moved.code, moved.stderr).toBe(0);
  expect(moved.stdout).toBe('HELP-4: Reopen; status: To Do\n');
  const added = await e2e.atl('dc', ['jsm', 'request', 'participants', 'HELP-3', '--add', 'carla@example.com']);
  expect(added.code, added.stderr).toBe(0);
  expect(added.stdout).toBe('Carla Customer\tcarla@example.com\n');
  const help3 = jiraStoreOf(e2e.sandbox).requireIssue('HELP-3');
  expect(jsmStoreOf(e2e.sandbox).request(help3)?.participantIds).toEqual(['63b2c4d5e6f7a80092d4e5f6']);
});

test.each(['cloud', 'dc'] as const)('request attach uploads temporary files and attaches them to the Jira issue (%s)', async (flavour) => {
  const file = `${e2e.home.home}/jsm-${flavour}.txt`;
  writeFileSync(file, `log from ${flavour}\n`);
  const result = await e2e.atl(flavour, ['jsm', 'request', 'attach', 'HELP-1', file]);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toBe(`Attached jsm-${flavour}.txt to HELP-1\n`);
  const issue = await e2e.issue(flavour, 'HELP-1');
  expect(((issue?.fields.attachment ?? []) as Array<{ filename: string }>).map((a) => a.filename)).toContain(`jsm-${flavour}.txt`);
});
