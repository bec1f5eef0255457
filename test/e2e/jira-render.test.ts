// What `issue view` and `search` show for what real sites store (issue 11, items 9, 13, 14, 15 and
// "issue view renders the Markdown on a terminal"), through the built CLI against the sandbox, on
// Cloud (ADF as the Cloud editor stores it) and Data Center (Server-era wiki markup).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { AdfDoc } from '../../src/sandbox/jira/richtext.js';
import { jiraStoreOf } from '../../src/sandbox/jira/routes.js';
import { SPRINT_FIELD, STORY_POINTS_FIELD, TEAM_FIELD } from '../../src/sandbox/jira/store.js';
import { jiraE2e, seedIssues, unique, type Flavour } from './jira-support.js';

const e2e = await jiraE2e();
const store = jiraStoreOf(e2e.sandbox);
const TTY_PRELOAD = resolve(import.meta.dirname, '../support/stdout-tty.cjs');
/** stdout claims to be a terminal (the preload), with colour allowed unless a test sets NO_COLOR again. */
const TERMINAL = { NODE_OPTIONS: `--require ${TTY_PRELOAD}`, NO_COLOR: undefined, TERM: 'xterm' };
const ESC = '\u001b';

const adfFixture = (name: string) =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, `../fixtures/adf/${name}.json`), 'utf8')) as AdfDoc;

/** An ADF description as the Cloud editor stores it: emoji and mention followed by a space node, panels, underline, JSON-LD cards, media. */
const CLOUD_DESCRIPTION: AdfDoc = {
  type: 'doc',
  version: 1,
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Steps' }] },
    ...adfFixture('02-inline-nodes').content,
    ...adfFixture('03-panels').content,
    ...adfFixture('01-text-marks').content,
    ...adfFixture('10-cards-extensions').content,
    ...adfFixture('08-media').content,
  ],
};

/** Wiki markup as a Server-era Data Center issue holds it. */
const DC_DESCRIPTION = [
  'h2. Steps',
  'Press *Save* -- then wait &amp; see.',
  '{warning}Back up first.{warning}',
  '{info:title=Heads up}',
  'Restart after upgrading.',
  '{info}',
].join('\n');

/** A DEMO issue with a rich description and custom fields (Story Points, Sprint, Team) set straight in the sandbox's store. */
function richIssue(flavour: Flavour): string {
  const [key] = seedIssues(e2e, 1, unique(`render-${flavour}`));
  const issue = store.requireIssue(key!);
  issue.description = flavour === 'dc' ? { format: 'wiki', text: DC_DESCRIPTION } : { format: 'adf', doc: CLOUD_DESCRIPTION };
  const sprint = store.sprints.find((s) => s.name === 'DEMO Sprint 3')!;
  const team = store.fields.find((f) => f.id === TEAM_FIELD)!.options![1]!;
  issue.custom[STORY_POINTS_FIELD] = 8;
  issue.custom[TEAM_FIELD] = team.id;
  issue.sprintIds = [sprint.id];
  store.version++;
  return key!;
}

describe.each<Flavour>(['cloud', 'dc'])('issue view (%s)', (flavour) => {
  const key = richIssue(flavour);
  const teamName = store.fields.find((f) => f.id === TEAM_FIELD)!.options![1]!.value;
  expect(SPRINT_FIELD).toBe('customfield_10020');

  test.concurrent('piped: Markdown, no character reference, panels named, nothing dropped; custom fields by name', async () => {
    const view = await e2e.atl(flavour, ['jira', 'issue', 'view', key]);
    expect(view.code, view.stderr).toBe(0);
    expect(view.stdout).not.toMatch(/&#x?[0-9a-f]+;|&amp;/i);
    expect(view.stdout).toContain('## Steps');
    expect(view.stdout).toMatch(/^Story Points {2}8$/m);
    expect(view.stdout).toMatch(/^Sprint {5}DEMO Sprint 3 \(active\)$/m);
    expect(view.stdout).toContain(`Team       ${teamName}\n`);
    if (flavour === 'cloud') {
      expect(view.stdout).toContain('Carlos Test😁\n');
      expect(view.stdout).toContain('> **Note:** Restart after **upgrading**.');
      expect(view.stdout).toContain('> **Warning:**');
      expect(view.stdout).toContain('<u>underlined</u>');
      expect(view.stdout).toContain('H2O');
      expect(view.stdout).toContain('See Design doc and <https://example.com/only-url>');
      expect(view.stdout).toContain('[attachment: screenshot.png]');
      expect(view.stdout).not.toContain('[attachment]\n\n[attachment');
    } else {
      expect(view.stdout).toContain('Press **Save** – then wait & see.');
      expect(view.stdout).toContain('> **Warning:** Back up first.');
      expect(view.stdout).toContain('> **Info:** **Heads up**');
    }
  });

  test.concurrent('--json stays the issue as Jira sends it (no names expanded)', async () => {
    const json = await e2e.atl(flavour, ['jira', 'issue', 'view', key, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const issue = JSON.parse(json.stdout) as { names?: unknown; fields: Record<string, unknown> };
    expect(issue.names).toBeUndefined();
    expect(issue.fields[STORY_POINTS_FIELD]).toBe(8);
  });

  test.concurrent('on a terminal: the Markdown drawn (bold, headings), the status in colour; no Markdown marks or escapes', async () => {
    const view = await e2e.atl(flavour, ['jira', 'issue', 'view', key], undefined, TERMINAL);
    expect(view.code, view.stderr).toBe(0);
    expect(view.stdout).toContain(`${ESC}[1m`);
    expect(view.stdout).toMatch(new RegExp(`Status {5}${ESC}\\[1m${ESC}\\[90mTo Do`));
    expect(view.stdout).not.toMatch(/\*\*|\\[*.[\]]|^## /m);
    expect(view.stdout).toContain(`${ESC}[1mSteps${ESC}[22m`);
    expect(view.stdout).toContain(
      flavour === 'cloud' ? `Restart after ${ESC}[1mupgrading${ESC}[22m.` : `Press ${ESC}[1mSave${ESC}[22m – then wait & see.`,
    );
  });

  test.concurrent('on a terminal with NO_COLOR or --no-color: the same layout, no escape sequence at all', async () => {
    for (const run of [
      await e2e.atl(flavour, ['jira', 'issue', 'view', key], undefined, { ...TERMINAL, NO_COLOR: '1' }),
      await e2e.atl(flavour, ['--no-color', 'jira', 'issue', 'view', key], undefined, TERMINAL),
    ]) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).not.toContain(ESC);
      expect(run.stdout).toContain('Steps\n─────\n');
      expect(run.stdout).not.toContain('**');
    }
  });
});

describe.each<Flavour>(['cloud', 'dc'])('--fields issuelinks (%s)', (flavour) => {
  const search = (...extra: string[]) =>
    e2e.atl(flavour, ['jira', 'search', '--jql', 'key = DEMO-1', '--fields', 'summary,issuelinks', ...extra]);

  test.concurrent('the table and the CSV show the linked keys; --json keeps the links exactly', async () => {
    const table = await search();
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('blocks DEMO-2, is blocked by DEMO-5, relates to DEMO-3');
    const csv = await search('--csv');
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toContain('"blocks DEMO-2, is blocked by DEMO-5, relates to DEMO-3"');
    const json = await search('--json');
    expect(json.code, json.stderr).toBe(0);
    const [issue] = JSON.parse(json.stdout) as Array<{ fields: { issuelinks: Array<{ id: string; outwardIssue?: { key: string } }> } }>;
    expect(issue!.fields.issuelinks.map((link) => link.id)).toEqual(['10100', '10101', '10102']);
    expect(issue!.fields.issuelinks[0]!.outwardIssue!.key).toBe('DEMO-2');
  });
});
