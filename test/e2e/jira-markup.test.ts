// A Markdown table through the built CLI and back: `issue create --description-file` converts it to
// ADF (Cloud) or wiki markup (Data Center), the sandbox stores that, and `issue view` shows every
// cell again. Dropping tables in either direction kept the unit round trip "stable"; this fails.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { jiraE2e, unique, type Flavour } from './jira-support.js';

const e2e = await jiraE2e();

const CELLS = [
  ['Browser', 'Result', 'Notes'],
  ['Firefox', 'passes', 'since 128'],
  ['Safari', 'fails', 'blank page'],
  ['Edge', 'passes', 'with **bold** text'],
];
const TABLE_MD = [`| ${CELLS[0]!.join(' | ')} |`, '| --- | --- | --- |', ...CELLS.slice(1).map((row) => `| ${row.join(' | ')} |`)].join(
  '\n',
);
const DESCRIPTION = `Before the table.\n\n${TABLE_MD}\n\nAfter the table.\n`;
/** The cells as plain words, bold markers left out (they come back as `**bold**` or `*bold*`). */
const CELL_TEXTS = CELLS.flat().map((cell) => cell.replace(/\*\*/g, ''));

/** Every text node of an ADF tree, in order. */
function adfTexts(node: { text?: string; content?: unknown[] }): string[] {
  return [
    ...(node.text === undefined ? [] : [node.text]),
    ...((node.content ?? []) as Array<{ text?: string; content?: unknown[] }>).flatMap(adfTexts),
  ];
}

describe.each<Flavour>(['cloud', 'dc'])('a Markdown table round trip (%s)', (flavour) => {
  test.concurrent('create --description-file with a table; view and view --json show every cell, in rows', async () => {
    const file = join(e2e.home.home, `table-${flavour}.md`);
    await writeFile(file, DESCRIPTION);
    const summary = unique('table');
    const created = await e2e.atl(flavour, [
      'jira',
      'issue',
      'create',
      '-P',
      'DEMO',
      '-t',
      'Task',
      '--summary',
      summary,
      '--description-file',
      file,
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const { key } = JSON.parse(created.stdout) as { key: string };

    // What the site stores: a real table, not the Markdown source as text.
    const json = await e2e.atl(flavour, ['jira', 'issue', 'view', key, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const description = (JSON.parse(json.stdout) as { fields: { description: unknown } }).fields.description;
    if (flavour === 'cloud') {
      const doc = description as { type: string; content: Array<{ type: string; content?: unknown[] }> };
      expect(doc.content.map((node) => node.type)).toEqual(['paragraph', 'table', 'paragraph']);
      const table = doc.content[1]!;
      const rows = (table.content ?? []) as Array<{ type: string; content: Array<{ type: string }> }>;
      expect(rows.map((row) => row.content.map((cell) => cell.type))).toEqual([
        ['tableHeader', 'tableHeader', 'tableHeader'],
        ...CELLS.slice(1).map(() => ['tableCell', 'tableCell', 'tableCell']),
      ]);
      expect(adfTexts(table).join('')).toBe(CELL_TEXTS.join(''));
    } else {
      const wiki = description as string;
      expect(wiki).toContain(`||${CELLS[0]!.join('||')}||`);
      expect(wiki).toContain('|Firefox|passes|since 128|');
      expect(wiki).toContain('|Edge|passes|with *bold* text|');
      expect(wiki).not.toContain('| --- |');
    }

    // What a person sees: the table back as Markdown, every cell in its row.
    const view = await e2e.atl(flavour, ['jira', 'issue', 'view', key]);
    expect(view.code, view.stderr).toBe(0);
    const rowLines = view.stdout.split('\n').filter((line) => /^\s*\|.*\|\s*$/.test(line));
    expect(rowLines).toHaveLength(CELLS.length + 1);
    const cellsShown = rowLines
      .filter((line) => !/^\s*\|[\s:|-]+\|\s*$/.test(line))
      .map((line) =>
        line
          .trim()
          .slice(1, -1)
          .split('|')
          .map((cell) => cell.trim().replace(/\*/g, '')),
      );
    expect(cellsShown).toEqual(CELLS.map((row) => row.map((cell) => cell.replace(/\*\*/g, ''))));
    expect(view.stdout).toMatch(/Before the table\.[\s\S]*\| Browser[\s\S]*After the table\./);
    await e2e.home.assertNoSecretsLeaked();
  });
});
