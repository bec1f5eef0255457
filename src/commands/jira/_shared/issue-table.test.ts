import { describe, expect, test } from 'vitest';
import { DEFAULT_SEARCH_FIELDS } from '../../../jira/search.js';
import type { JiraIssue } from '../../../jira/types.js';
import { fakeIo } from '../../../output/fake-terminal.testutil.js';
import { displayWidth, printTable } from '../../../output/table.js';
import { issueColumns } from './issue-output.js';

const SUMMARY = 'Checkout fails with a timeout when the cart holds more than fifty items';

const issues: JiraIssue[] = [
  {
    id: '1',
    key: 'DEMO-101',
    fields: {
      issuetype: { name: 'Bug' },
      status: { name: 'In Progress' },
      priority: { name: 'Highest' },
      assignee: { displayName: 'Alexandra Ivanova' },
      updated: '2026-11-30T14:05:09.000+0000',
      summary: SUMMARY,
    },
  },
  {
    id: '2',
    key: 'DEMO-7',
    fields: {
      issuetype: { name: 'Story' },
      status: { name: 'To Do' },
      priority: { name: 'Medium' },
      assignee: null,
      updated: '2026-12-01T09:00:00.000+0000',
      summary: 'Short',
    },
  },
];

function table(width: number): { header: string; lines: string[] } {
  const out = fakeIo({ tty: true, width });
  printTable(out.io, issueColumns(DEFAULT_SEARCH_FIELDS, 'table'), issues);
  const lines = out.text().trimEnd().split('\n');
  return { header: lines[0]!, lines };
}

/** The SUMMARY cell of the first issue: from its column to the end of the line. */
const summaryCell = (t: { header: string; lines: string[] }) => t.lines[1]!.slice(t.header.indexOf('SUMMARY'));

describe('the issue table at common terminal widths: the summary keeps its room', () => {
  test.each([60, 80, 120, 200])('%i columns: no line wider, the summary at least a third of the width', (width) => {
    const t = table(width);
    for (const line of t.lines) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
    expect(displayWidth(summaryCell(t))).toBeGreaterThanOrEqual(Math.min(SUMMARY.length, Math.floor(width / 3)));
  });

  test('200 columns: every column, full timestamps', () => {
    const t = table(200);
    expect(t.header.split(/ {2,}/)).toEqual(['KEY', 'TYPE', 'STATUS', 'PRIORITY', 'ASSIGNEE', 'UPDATED', 'SUMMARY']);
    expect(t.lines[1]).toContain('2026-11-30 14:05');
    expect(summaryCell(t)).toBe(SUMMARY);
  });

  test('120 columns: dates without their time, every column kept, the whole summary', () => {
    const t = table(120);
    expect(t.header.split(/ {2,}/)).toEqual(['KEY', 'TYPE', 'STATUS', 'PRIORITY', 'ASSIGNEE', 'UPDATED', 'SUMMARY']);
    expect(t.lines[1]).toContain('2026-11-30  Checkout');
    expect(t.lines[1]).not.toContain('14:05');
  });

  test('80 columns: PRIORITY goes first, then TYPE, before the summary is squeezed', () => {
    expect(table(80).header.split(/ {2,}/)).toEqual(['KEY', 'STATUS', 'ASSIGNEE', 'UPDATED', 'SUMMARY']);
  });

  test('60 columns: the assignee goes too; key, status and date stay', () => {
    expect(table(60).header.split(/ {2,}/)).toEqual(['KEY', 'STATUS', 'UPDATED', 'SUMMARY']);
  });
});
