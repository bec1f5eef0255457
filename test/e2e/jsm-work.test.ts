// atl jsm listing and viewing requests against the sandbox (Cloud, Data Center, gateway): the 640
// requests of FAC listed exactly with --all, internal notes never shown as public, SLAs.
// Spawns: 3 (list --all) + 1 (limit notice) + 3 (view) + 1 (approval list) + 1 (sla) = 9.
import { expect, test } from 'vitest';
import { FACILITIES_REQUESTS } from '../../src/sandbox/jsm/seed.js';
import { type Flavour, jiraE2e, NOTICE } from './jira-support.js';

const e2e = await jiraE2e();
const flavours: Flavour[] = ['cloud', 'dc', 'scoped'];

test.each(flavours)('request list --desk FAC --all gets exactly every request, once, in key order (%s)', async (flavour) => {
  const result = await e2e.atl(flavour, ['jsm', 'request', 'list', '--desk', 'FAC', '--all', '--json']);
  expect(result.code, result.stderr).toBe(0);
  const keys = (JSON.parse(result.stdout) as Array<{ key: string }>).map((i) => i.key);
  expect(keys).toEqual(Array.from({ length: FACILITIES_REQUESTS }, (_, i) => `FAC-${i + 1}`));
});

test('request list is never silently truncated: the default 50 says more match', async () => {
  const result = await e2e.atl('cloud', ['jsm', 'request', 'list', '--desk', 'FAC']);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout.trimEnd().split('\n')).toHaveLength(51);
  expect(result.stderr).toContain(NOTICE);
});

test.each(flavours)('request view marks internal notes internal and shows the breached SLA (%s)', async (flavour) => {
  const result = await e2e.atl(flavour, ['jsm', 'request', 'view', 'HELP-1']);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/\[public\] Demo User, .*\n {4}Please bring it to the IT desk on floor 2\./);
  expect(result.stdout).toMatch(/\[internal\] Demo User, .*\n {4}Motherboard, probably\./);
  expect(result.stdout).not.toMatch(/\[public\][^\n]*\n {4}Motherboard/);
  expect(result.stdout).toMatch(/Time to resolution: breached by \d+d \d+h \(goal 3d 0h\)/);
  expect(result.stdout).toContain('Participants  Pat Portal');
});

test('request list --approval pending lists what awaits the demo user', async () => {
  const result = await e2e.atl('dc', ['jsm', 'request', 'list', '--approval', 'pending', '--json']);
  expect(result.code, result.stderr).toBe(0);
  expect((JSON.parse(result.stdout) as Array<{ issueKey: string }>).map((r) => r.issueKey)).toContain('HELP-2');
});

test('sla prints each SLA with time left or breached', async () => {
  const result = await e2e.atl('cloud', ['jsm', 'sla', 'HELP-3']);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toMatch(
    /^SLA\tSTATE\nTime to resolution\t\d+d \d+h left \(goal 3d 0h\)\nTime to close\t\d+d \d+h left \(goal 14d 0h\)\n$/,
  );
});
