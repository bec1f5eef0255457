import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { AtlError } from '../errors.js';
import type { Factory } from '../factory.js';
import { pagesOf } from '../http/paginate.js';
import type { IOStreams } from '../iostreams.js';
import { csvCell, type CsvCellOptions } from '../output/csv.js';
import { printTable, type Column } from '../output/table.js';
import type { JiraIssue } from '../jira/types.js';

/** Writes and waits when the stream's buffer is full, so a 50,000-issue stream keeps memory flat. */
export async function writeFlowing(stream: Writable, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/**
 * After a listing failed part-way (a page that would not come even after retries): closes what was
 * printed so far so stdout still parses, and says on stderr how much there is. The error itself is
 * then printed by main as usual, with its own exit code (5 for network and server failures).
 */
async function endIncomplete(io: IOStreams, err: unknown, printed: number, noun: string, closing: string): Promise<never> {
  // Only a failure to fetch: when stdout itself failed (a closed pipe), writing more cannot help.
  if (err instanceof AtlError && printed > 0) {
    const items = `${printed} ${printed === 1 ? noun.replace(/s$/, '') : noun}`;
    // With --output the file is replaced only by complete output: it is left as it was.
    if (io.outputFile !== undefined) io.stderr.write(`fetched ${items} before the failure; the output is incomplete, so ${io.outputFile} is unchanged\n`);
    else {
      if (closing !== '') await writeFlowing(io.stdout, closing);
      io.stderr.write(`printed ${items} before the failure; the output is incomplete\n`);
    }
  }
  throw err;
}

/**
 * Prints one JSON array as the pages arrive, laid out exactly as printJson would lay out the whole
 * array, with one write per page. If fetching fails part-way the array is still closed (valid
 * JSON) and stderr says how many elements it holds. Returns how many elements were written.
 */
export async function printJsonStream(io: IOStreams, items: AsyncIterable<unknown>, noun = 'items'): Promise<number> {
  let count = 0;
  try {
    for await (const page of pagesOf(items)) {
      if (page.length === 0) continue;
      // The page serialised as one array already indents its elements as the whole array would be;
      // only its brackets go. One call per page instead of one per item plus a re-indenting pass.
      const elements = JSON.stringify(page, null, 2).slice(2, -2);
      await writeFlowing(io.stdout, `${count === 0 ? '[\n' : ',\n'}${elements}`);
      count += page.length;
    }
  } catch (err) {
    return endIncomplete(io, err, count, noun, '\n]\n');
  }
  await writeFlowing(io.stdout, count === 0 ? '[]\n' : '\n]\n');
  return count;
}

/**
 * Prints a listing (projects, boards, sprints): streamed as a JSON array with --json, else a table
 * once every row is in (the table sizes its columns from them), or `empty` on stderr when none came.
 */
export async function printListing<Row>(f: Factory, items: AsyncIterable<Row>, columns: ReadonlyArray<Column<Row>>, empty: string): Promise<void> {
  if (f.globals.json) {
    await printJsonStream(f.io, items);
    return;
  }
  const rows: Row[] = [];
  for await (const row of items) rows.push(row);
  if (rows.length === 0) f.io.stderr.write(`${empty}\n`);
  else printTable(f.io, columns, rows);
}

const timestamp = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/;

/** Text of an ADF node tree, for a table cell. */
function adfText(node: unknown): string {
  if (typeof node !== 'object' || node === null) return '';
  const n = node as { text?: unknown; content?: unknown };
  if (typeof n.text === 'string') return n.text;
  return Array.isArray(n.content) ? n.content.map(adfText).join(' ') : '';
}

/** One field value as cell text: names for objects, lists joined, timestamps shortened for tables. */
export function fieldText(value: unknown, style: 'table' | 'csv' = 'table'): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    const m = style === 'table' ? timestamp.exec(value) : null;
    return m ? `${m[1]} ${m[2]}` : value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((v) => fieldText(v, style)).filter((v) => v !== '').join(', ');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.type === 'doc') return adfText(o).replace(/\s+/g, ' ').trim();
    for (const k of ['displayName', 'name', 'value', 'key', 'id']) {
      if (typeof o[k] === 'string' || typeof o[k] === 'number') return String(o[k]);
    }
    return JSON.stringify(value);
  }
  return String(value);
}

const headerNames: Record<string, string> = { issuetype: 'TYPE' };

/** Columns for `fields`; `headers` names a field's column when its id is not the name to show (custom fields). */
export function issueColumns(fields: readonly string[], style: 'table' | 'csv', headers?: ReadonlyMap<string, string>): Array<Column<JiraIssue>> {
  return [
    { header: 'KEY', value: (i) => i.key },
    ...fields.map(
      (field): Column<JiraIssue> => ({
        header: headerNames[field] ?? (headers?.get(field) ?? field).toUpperCase(),
        value: (i) => fieldText(i.fields?.[field], style),
        flexible: field === 'summary',
      }),
    ),
  ];
}

export type IssueFormat = 'table' | 'json' | 'csv';

export interface CsvOptions extends CsvCellOptions {
  /** `--bom`: the CSV starts with a UTF-8 byte-order mark, without which Excel reads UTF-8 as the ANSI code page. */
  bom?: boolean;
}

/**
 * Prints issues as they arrive. JSON and CSV are written a page at a time (the JSON array is
 * opened, each issue written with the same two-space layout as printJson, then closed), so output
 * starts with the first page and memory does not grow with the result. The table has to see every row to
 * size its columns, so it collects them.
 */
export async function printIssues(
  io: IOStreams,
  format: IssueFormat,
  fields: readonly string[],
  issues: AsyncIterable<JiraIssue>,
  headers?: ReadonlyMap<string, string>,
  csv: CsvOptions = {},
): Promise<number> {
  let count = 0;
  if (format === 'json') return printJsonStream(io, issues, 'issues');
  if (format === 'csv') {
    const columns = issueColumns(fields, 'csv', headers);
    await writeFlowing(io.stdout, `${csv.bom ? '\uFEFF' : ''}${columns.map((c) => csvCell(c.header, csv)).join(',')}\n`);
    try {
      for await (const page of pagesOf(issues)) {
        let chunk = '';
        for (const issue of page) chunk += `${columns.map((c) => csvCell(c.value(issue), csv)).join(',')}\n`;
        count += page.length;
        await writeFlowing(io.stdout, chunk);
      }
    } catch (err) {
      return endIncomplete(io, err, count, 'issues', '');
    }
    return count;
  }
  const rows: JiraIssue[] = [];
  for await (const issue of issues) rows.push(issue);
  if (rows.length > 0) printTable(io, issueColumns(fields, 'table', headers), rows);
  else if (io.isStdoutTTY()) io.stderr.write('no issues match\n');
  return rows.length;
}

/** The contract's notice when more issues matched than were printed. */
export function truncationNotice(shown: number): string {
  return `showing ${shown} issues; more match — use --limit N or --all`;
}
