// What a new user meets in the first minutes (issue 11 items 2, 6): wording and errors, on Cloud and
// Data Center against the sandbox.
import { describe, expect, test } from 'vitest';
import { jiraE2e, NOTICE, seedIssues, unique, type Flavour } from './jira-support.js';

const e2e = await jiraE2e();

describe.each<Flavour>(['cloud', 'dc'])('%s: wording', (flavour) => {
  test.concurrent('one issue shown of more: "showing 1 issue", not "1 issues"', async () => {
    const label = unique('one');
    seedIssues(e2e, 2, label);
    const cut = await e2e.atl(flavour, ['jira', 'search', '-l', label, '--limit', '1']);
    expect(cut.code).toBe(0);
    expect(cut.stderr).toBe(`showing 1 issue; ${NOTICE}\n`);
  });

  test.concurrent('bulk unassign says "would be unassigned", not "assigned to unassigned"', async () => {
    const label = unique('unassign');
    seedIssues(e2e, 1, label);
    const run = await e2e.atl(flavour, ['jira', 'issue', 'assign', 'none', '--jql', `labels = ${label}`, '--yes']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^1 issue would be unassigned:\n {2}DEMO-\d+\n/);
    expect(run.stderr).not.toContain('assigned to unassigned');
  });
});
