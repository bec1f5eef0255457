import type { Command } from 'commander';
import { usageError } from '../../../errors.js';
import type { Factory } from '../../../factory.js';
import type { JiraContext } from '../../../jira/context.js';
import { resolveListedFields } from '../../../jira/fields.js';
import { countIssues, DEFAULT_SEARCH_FIELDS, searchIssues } from '../../../jira/search.js';
import { parseLimit } from '../../../cmdutil/input.js';
import { printIssues, truncationNotice, type IssueFormat } from '../../../cmdutil/listing.js';

export interface ListingOptions {
  limit?: string;
  all?: boolean;
  fields?: string;
  csv?: boolean;
  csvRaw?: boolean;
  bom?: boolean;
  count?: boolean;
}

/** Flags shared by every command that prints a list of issues (`search`, `sprint issues`). */
export function listingOptions(command: Command): void {
  command
    .option('--limit <n>', 'print at most N issues', '50')
    .option('--all', 'print every matching issue (no limit)')
    .option('--fields <list>', 'comma-separated fields to request and show (e.g. summary,status,labels)')
    .option('--csv', 'print CSV with a header row; cells a spreadsheet would run as a formula get a leading \'')
    .option('--csv-raw', 'print CSV with every cell exactly as the server sent it (no formula neutralisation)')
    .option('--bom', 'with --csv: start with a UTF-8 byte-order mark, so Excel reads the file as UTF-8')
    .option('--count', 'print only the number of matching issues (~N on Cloud, where Jira estimates it)');
}

const fieldAliases: Record<string, string> = { type: 'issuetype' };

export function parseFields(text: string | undefined): string[] {
  if (text === undefined) return [...DEFAULT_SEARCH_FIELDS];
  const fields = text
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '' && f.toLowerCase() !== 'key')
    .map((f) => fieldAliases[f.toLowerCase()] ?? f);
  if (fields.length === 0) throw usageError('--fields needs at least one field besides key');
  return fields;
}

/** Runs a search and prints it in the chosen format, with the truncation notice when it applies. */
export async function printSearch(f: Factory, ctx: JiraContext, jql: string, options: ListingOptions): Promise<void> {
  const csv = options.csv === true || options.csvRaw === true;
  if (csv && f.globals.json) throw usageError('choose one of --json and --csv');
  if (options.bom && !csv) throw usageError('--bom needs --csv', 'the byte-order mark is for CSV opened in Excel: add --csv or --csv-raw');
  if (options.bom && options.count) throw usageError('--bom needs the CSV listing; --count prints a number', 'leave out --bom or --count');
  if (f.globals.debug) f.io.stderr.write(`jql: ${jql}\n`);
  if (options.count) {
    const { count, approximate } = await countIssues(ctx, jql);
    // Cloud only estimates (approximate-count); `~` says so, and JSON carries the flag.
    if (f.globals.json) f.io.stdout.write(`${JSON.stringify({ count, approximate })}\n`);
    else f.io.stdout.write(`${approximate ? '~' : ''}${count}\n`);
    return;
  }
  const limit = options.all ? undefined : parseLimit(options.limit ?? '50');
  const listed = await resolveListedFields(ctx, parseFields(options.fields));
  const fields = listed.map((field) => field.id);
  const headers = new Map(listed.map((field) => [field.id, field.header]));
  const format: IssueFormat = f.globals.json ? 'json' : csv ? 'csv' : 'table';
  const issues = searchIssues(ctx, { jql, fields, limit });
  // On a terminal CSV is for reading, so control characters are shown as escapes; piped, it is exact.
  const shown = await printIssues(f.io, format, fields, issues, headers, {
    raw: options.csvRaw === true,
    terminal: f.io.isStdoutTTY(),
    bom: options.bom === true,
  });
  if (issues.hasMore) f.io.stderr.write(`${truncationNotice(shown)}\n`);
}
