import { describe, expect, test } from 'vitest';
import { jiraStoreOf } from '../../src/sandbox/jira/routes.js';
import { worklogsOf } from '../../src/sandbox/jira/worklog-store.js';
import { jiraE2e, seedIssues, unique, type Flavour } from './jira-support.js';

const e2e = await jiraE2e();

describe.each<Flavour>(['cloud', 'dc'])('worklogs (%s)', (flavour) => {
  test('add with a comment and --started, then list as a table with the total, CSV and JSON', async () => {
    const [key] = seedIssues(e2e, 1, unique('worklog'));
    const first = await e2e.atl(flavour, [
      'jira',
      'worklog',
      'add',
      key!,
      '1h30m',
      '--comment',
      'Code **review**',
      '--started',
      '2024-05-30',
    ]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^logged 1h 30m on ${key} \\(worklog \\d+\\)\\n$`));
    const second = await e2e.atl(flavour, ['jira', 'worklog', 'add', key!, '1d', '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ timeSpent: '1d', timeSpentSeconds: 8 * 3600 });

    const table = await e2e.atl(flavour, ['jira', 'worklog', 'list', key!]);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+STARTED\s+AUTHOR\s+TIME SPENT\s+COMMENT$/);
    expect(lines[1]).toMatch(/\s1h 30m\s+Code review$/);
    expect(lines[2]).toMatch(/\s1d\s*$/);
    expect(lines.at(-1)).toBe('total: 1d 1h 30m in 2 worklogs');

    const csv = await e2e.atl(flavour, ['jira', 'worklog', 'list', key!, '--csv', '--fields', 'timeSpent,timeSpentSeconds']);
    expect(csv.stdout).toBe('TIME SPENT,SECONDS\n1h 30m,5400\n1d,28800\n');
    const json = await e2e.atl(flavour, ['jira', 'worklog', 'list', key!, '--json']);
    const worklogs = JSON.parse(json.stdout) as Array<{ comment?: unknown; started: string }>;
    expect(worklogs).toHaveLength(2);
    // Cloud stores the comment as ADF, Data Center as wiki markup: each as the site speaks it.
    expect(worklogs[0]!.comment).toEqual(flavour === 'cloud' ? expect.objectContaining({ type: 'doc' }) : 'Code *review*');

    // The issue's time tracking adds the worklogs up.
    const view = await e2e.atl(flavour, ['jira', 'issue', 'view', key!, '--json']);
    expect(view.code, view.stderr).toBe(0);
    expect((JSON.parse(view.stdout) as { fields: Record<string, unknown> }).fields).toMatchObject({
      timespent: 5400 + 8 * 3600,
      timetracking: { timeSpent: '1d 1h 30m', timeSpentSeconds: 5400 + 8 * 3600 },
    });
  });

  test('a bad duration is exit 2 and a missing issue exit 4', async () => {
    const bad = await e2e.atl(flavour, ['jira', 'worklog', 'add', 'DEMO-1', 'a while']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a duration');
    const missing = await e2e.atl(flavour, ['jira', 'worklog', 'list', 'DEMO-99999']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('issue DEMO-99999 not found');
  });
});

test('Cloud pages a long list by startAt/maxResults/total; --limit stops early with the notice', async () => {
  const [key] = seedIssues(e2e, 1, unique('worklog-paging'));
  const store = jiraStoreOf(e2e.sandbox);
  const issue = store.issue(key!)!;
  const base = Date.UTC(2024, 0, 1);
  const me = [...store.users.values()][0]!.accountId;
  worklogsOf(store, issue).push(
    ...Array.from({ length: 230 }, (_, i) => ({
      id: String(900000 + i),
      issueId: issue.id,
      authorId: me,
      comment: null,
      started: base + i * 60_000,
      timeSpentSeconds: 60,
      created: base,
      updated: base,
    })),
  );
  const before = e2e.sandbox.requests.length;
  const all = await e2e.atl('cloud', ['jira', 'worklog', 'list', key!, '--all', '--json']);
  expect(all.code, all.stderr).toBe(0);
  expect((JSON.parse(all.stdout) as unknown[]).length).toBe(230);
  const pages = e2e.sandbox.requests.slice(before).filter((r) => r.path.endsWith('/worklog'));
  expect(pages.map((r) => new URLSearchParams(r.query).get('startAt'))).toEqual(['0', '100', '200']);
  const limited = await e2e.atl('cloud', ['jira', 'worklog', 'list', key!, '--limit', '5']);
  expect(limited.stdout.trimEnd().split('\n').at(-1)).toBe('total: 5m in 5 worklogs');
  expect(limited.stderr).toContain('showing 5 worklogs; more match');
});

test('a scoped token with write:jira-work logs time', async () => {
  const [key] = seedIssues(e2e, 1, unique('worklog-scoped'));
  const result = await e2e.atl('scoped-writer', ['jira', 'worklog', 'add', key!, '15m']);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toContain(`logged 15m on ${key}`);
});
