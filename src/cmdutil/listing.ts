import type { OptionValues } from '@commander-js/extra-typings';
import type { FlagCommand, NoFlags, OptionsOf } from '../commands/spec.js';
import { usageError } from '../errors.js';
import type { Factory } from '../factory.js';
import { pagesOf } from '../http/paginate.js';
import type { IOStreams } from '../iostreams.js';
import { csvCell, type CsvCellOptions } from '../output/csv.js';
import { printTable, type Column } from '../output/table.js';
import { conflictError } from './flags.js';
import { parseLimit } from './input.js';
import { printJsonStream } from './json.js';
import { endIncomplete, writeFlowing } from './stream.js';

/** What a listing lists, as its flags' help and its messages name it. */
export interface ListingNoun {
  one: string;
  many: string;
}

/** Declares `--limit/--all/--fields/--csv/--csv-raw/--bom`; `fieldsExample` is a list that product's `--fields` takes. */
export function listingFlags<Options extends OptionValues>(command: FlagCommand<Options>, noun: ListingNoun, fieldsExample: string) {
  return columnFlags(
    command.option('--limit <n>', `print at most N ${noun.many}`, '50').option('--all', `print every matching ${noun.one} (no limit)`),
    fieldsExample,
  );
}

/** Declares `--fields/--csv/--csv-raw/--bom`, for a listing read whole (no `--limit`): listingFlags without the limit. */
export function columnFlags<Options extends OptionValues>(command: FlagCommand<Options>, fieldsExample: string) {
  return command
    .option('--fields <list>', `comma-separated fields to request and show (e.g. ${fieldsExample})`)
    .option('--csv', "print CSV with a header row; cells a spreadsheet would run as a formula get a leading '")
    .option('--csv-raw', 'print CSV with every cell exactly as the server sent it (no formula neutralisation)')
    .option('--bom', 'with --csv: start with a UTF-8 byte-order mark, so Excel reads the file as UTF-8');
}

/** The flags every listing that can run long takes (`--json` is global), as listingFlags declares them. */
export type ListingFlags = OptionsOf<ReturnType<typeof listingFlags<NoFlags>>>;

/** How many to print: undefined with --all. */
export function listingLimit(options: ListingFlags): number | undefined {
  return options.all ? undefined : parseLimit(options.limit);
}

export type ListingFormat = 'table' | 'json' | 'csv';

export interface CsvOptions extends CsvCellOptions {
  /** `--bom`: the CSV starts with a UTF-8 byte-order mark, without which Excel reads UTF-8 as the ANSI code page. */
  bom?: boolean;
}

/** The format the flags ask for; refuses --json with --csv, and --bom without CSV. */
export function listingFormat(
  f: Factory,
  options: Pick<ListingFlags, 'csv' | 'csvRaw' | 'bom'>,
): { format: ListingFormat; csv: CsvOptions } {
  const csv = options.csv === true || options.csvRaw === true;
  if (csv && f.globals.json) throw conflictError('--json', options.csv === true ? '--csv' : '--csv-raw');
  if (options.bom && !csv) throw usageError('--bom needs --csv', 'the byte-order mark is for CSV opened in Excel: add --csv or --csv-raw');
  const format: ListingFormat = f.globals.json ? 'json' : csv ? 'csv' : 'table';
  // On a terminal CSV is for reading, so control characters are shown as escapes; piped, it is exact.
  return { format, csv: { raw: options.csvRaw === true, terminal: f.io.isStdoutTTY(), bom: options.bom === true } };
}

/**
 * Prints a listing (projects, boards, sprints): streamed as a JSON array with --json, else a table
 * once every row is in (the table sizes its columns from them), or `empty` on stderr when none came.
 */
export async function printListing<Row>(
  f: Factory,
  items: AsyncIterable<Row>,
  columns: ReadonlyArray<Column<Row>>,
  empty: string,
): Promise<void> {
  if (f.globals.json) {
    await printJsonStream(f.io, items);
    return;
  }
  const rows: Row[] = [];
  for await (const row of items) rows.push(row);
  if (rows.length === 0) f.io.stderr.write(`${empty}\n`);
  else printTable(f.io, columns, rows);
}

/**
 * Prints rows as they arrive, in the chosen format. JSON and CSV are written a page at a time (the
 * JSON array by the exporter, see json.ts), so output starts with the first page and memory does not
 * grow with the result. The table has to see every row to size its columns, so it collects them.
 * `columns` gives the columns for a table or for CSV (cells may be shown differently). Returns how
 * many rows were printed.
 */
export async function printRows<Row>(
  io: IOStreams,
  format: ListingFormat,
  columns: (style: 'table' | 'csv') => ReadonlyArray<Column<Row>>,
  items: AsyncIterable<Row>,
  noun: ListingNoun,
  csv: CsvOptions = {},
): Promise<number> {
  let count = 0;
  if (format === 'json') return printJsonStream(io, items, noun.many);
  if (format === 'csv') {
    const csvColumns = columns('csv');
    await writeFlowing(io.stdout, `${csv.bom ? '\uFEFF' : ''}${csvColumns.map((c) => csvCell(c.header, csv)).join(',')}\n`);
    try {
      for await (const page of pagesOf(items)) {
        let chunk = '';
        for (const row of page) chunk += `${csvColumns.map((c) => csvCell(c.value(row), csv)).join(',')}\n`;
        count += page.length;
        await writeFlowing(io.stdout, chunk);
      }
    } catch (err) {
      return endIncomplete(io, err, count, noun.many, '');
    }
    return count;
  }
  const rows: Row[] = [];
  for await (const row of items) rows.push(row);
  if (rows.length > 0) printTable(io, columns('table'), rows);
  else if (io.isStdoutTTY()) io.stderr.write(`no ${noun.many} match\n`);
  return rows.length;
}

/** The notice on stderr when more matched than were printed. */
export function truncationNotice(shown: number, noun: ListingNoun): string {
  return `showing ${shown} ${noun.many}; more match — use --limit N or --all`;
}
