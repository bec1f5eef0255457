// atl jsm queues, customers, organizations and the knowledge base against the sandbox.
// Spawns: 2 (queues) + 2 (customers) + 2 (organizations) + 1 (kb) = 7.
import { expect, test } from 'vitest';
import { jsmStoreOf } from '../../src/sandbox/jsm/routes.js';
import { FACILITIES_REQUESTS } from '../../src/sandbox/jsm/seed.js';
import { jiraE2e } from './jira-support.js';

const e2e = await jiraE2e();

test('queue list --counts counts by JQL; queue issues --all runs the queue JQL exactly as jira search', async () => {
  const queues = await e2e.atl('cloud', ['jsm', 'queue', 'list', '--desk', 'FAC', '--counts', '--json']);
  expect(queues.code, queues.stderr).toBe(0);
  expect(JSON.parse(queues.stdout)).toEqual([expect.objectContaining({ name: 'All open', issueCount: FACILITIES_REQUESTS })]);
  const issues = await e2e.atl('dc', ['jsm', 'queue', 'issues', '--desk', 'FAC', 'all open', '--all', '--csv', '--fields', 'summary']);
  expect(issues.code, issues.stderr).toBe(0);
  const lines = issues.stdout.trimEnd().split('\n');
  expect(lines[0]).toBe('KEY,SUMMARY');
  expect(lines).toHaveLength(FACILITIES_REQUESTS + 1);
});

test('customer list needs the experimental opt-in (sent) and customer add makes one, through the gateway', async () => {
  const added = await e2e.atl('scoped-writer', ['jsm', 'customer', 'add', '--desk', 'FAC', 'pat@example.com']);
  expect(added.code, added.stderr).toBe(0);
  expect(added.stdout).toBe('Added 1 customer to FAC\n');
  const listed = await e2e.atl('scoped-writer', ['jsm', 'customer', 'list', '--desk', 'FAC', '--fields', 'name,email']);
  expect(listed.code, listed.stderr).toBe(0);
  expect(listed.stdout).toBe('NAME\tEMAIL\nCarla Customer\tcarla@example.com\nPat Portal\tpat@example.com\n');
});

test('organization add (to a desk) and add-user on Data Center, by user name', async () => {
  const created = await e2e.atl('dc', ['jsm', 'organization', 'add', 'Globex', '--desk', 'HELP', '--json']);
  expect(created.code, created.stderr).toBe(0);
  const { id } = JSON.parse(created.stdout) as { id: string };
  const added = await e2e.atl('dc', ['jsm', 'organization', 'add-user', id, 'pat@example.com']);
  expect(added.code, added.stderr).toBe(0);
  const organization = jsmStoreOf(e2e.sandbox).organization(id);
  expect([...(organization?.userIds ?? [])]).toEqual(['64c3d5e6f7a8b900a3e5f6a7']);
  expect([...(organization?.deskIds ?? [])]).toEqual(['1']);
});

test('kb search finds the desk articles', async () => {
  const result = await e2e.atl('cloud', ['jsm', 'kb', 'search', 'vpn', '--desk', 'HELP']);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toBe(
    'TITLE\tSPACE\tEXCERPT\nConnecting to the VPN\tITKB\tInstall the VPN client, then sign in with your password.\n',
  );
});
