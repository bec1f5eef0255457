import { chooseColumns, type NamedColumns } from './columns.js';
import {
  type ListingFlags,
  type ListingFormat,
  type ListingNoun,
  listingFormat,
  listingLimit,
  printListing,
  printRows,
  truncationNotice,
} from './listing.js';
import type { Factory } from '../factory.js';
import type { Column } from '../output/table.js';

/**
 * Prints a listing of rows that are not issues (boards, sprints) as columnFlags asks: a table of the
 * `--fields` columns (or `defaults`), CSV of them, or with --json the items as Jira returns them.
 * An empty table says `empty` on stderr, as before these flags.
 */
export async function printColumnListing<Row>(
  f: Factory,
  options: Pick<ListingFlags, 'fields' | 'csv' | 'csvRaw' | 'bom'>,
  items: AsyncIterable<Row>,
  columns: NamedColumns<Row>,
  defaults: readonly string[],
  noun: ListingNoun,
  empty: string,
): Promise<void> {
  const { format, csv } = listingFormat(f, options);
  const chosen = format === 'json' ? [] : chooseColumns(columns, options.fields, defaults);
  if (format === 'csv') await printRows(f.io, format, () => chosen, items, noun, csv);
  else await printListing(f, items, chosen, empty);
}

/** Columns by the names `--fields` takes, each made for a table or for CSV (where sizes and dates are exact). */
export type StyledColumns<Row> = Readonly<Record<string, (style: 'table' | 'csv') => Column<Row>>>;

/** Rows read up to a limit, and whether more were left (known once they have been read). */
export interface LimitedRows<Row> extends AsyncIterable<Row> {
  readonly hasMore: boolean;
}

/** A listing's rows that came whole (an issue's attachments), cut to `limit`. */
export function limitedRows<Row>(all: readonly Row[], limit: number | undefined): LimitedRows<Row> {
  const shown = all.slice(0, limit ?? all.length);
  return {
    hasMore: shown.length < all.length,
    async *[Symbol.asyncIterator]() {
      yield* shown;
    },
  };
}

export interface LimitedListing<Row> {
  columns: StyledColumns<Row>;
  /** The column names shown without `--fields`. */
  defaults: readonly string[];
  noun: ListingNoun;
  /** Other names `--fields` takes for a column (`name` for `filename`). */
  aliases?: Readonly<Record<string, string>>;
}

/**
 * Prints a listing that takes listingFlags' `--limit`/`--all` (worklogs, attachments): the flags are
 * checked before any request, then `read` gets the limit (undefined with --all) and the chosen
 * column names (none with --json, where the items are printed as Jira sent them), and its rows are
 * printed as a table, CSV or JSON, with the notice on stderr when more were left.
 */
export async function printLimitedListing<Row>(
  f: Factory,
  options: ListingFlags,
  listing: LimitedListing<Row>,
  read: (limit: number | undefined, chosen: readonly string[]) => LimitedRows<Row> | Promise<LimitedRows<Row>>,
): Promise<{ format: ListingFormat; shown: number }> {
  const { format, csv } = listingFormat(f, options);
  const names = Object.fromEntries(Object.keys(listing.columns).map((name) => [name, name]));
  const chosen = chooseColumns(names, options.fields, listing.defaults, listing.aliases);
  const limit = listingLimit(options);
  const rows = await read(limit, format === 'json' ? [] : chosen);
  const columns = (style: 'table' | 'csv') => chosen.map((name) => listing.columns[name]!(style));
  const shown = await printRows(f.io, format, columns, rows, listing.noun, csv);
  if (rows.hasMore) f.io.stderr.write(`${truncationNotice(shown, listing.noun)}\n`);
  return { format, shown };
}

/**
 * Prints a listing read page by page (listingFlags): a table of the `--fields` columns (or
 * `defaults`), CSV, or with --json the objects as the API returned them, as one array streamed a
 * page at a time; then, when more were left than --limit let through, the same notice as `jira
 * search` on stderr (never silently truncated). `read` gets the limit (undefined with --all) and the
 * format, so it can skip what only a table or CSV needs.
 */
export async function printPagedListing<Row>(
  f: Factory,
  options: ListingFlags,
  read: (limit: number | undefined, format: ListingFormat) => LimitedRows<Row> | Promise<LimitedRows<Row>>,
  columns: NamedColumns<Row>,
  defaults: readonly string[],
  noun: ListingNoun,
): Promise<void> {
  const { format, csv } = listingFormat(f, options);
  const chosen = format === 'json' ? [] : chooseColumns(columns, options.fields, defaults);
  const rows = await read(listingLimit(options), format);
  const shown = await printRows(f.io, format, () => chosen, rows, noun, csv);
  if (rows.hasMore) f.io.stderr.write(`${truncationNotice(shown, noun)}\n`);
}
