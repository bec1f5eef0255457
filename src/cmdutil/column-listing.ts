import { chooseColumns, type NamedColumns } from './columns.js';
import { type ListingFlags, type ListingNoun, listingFormat, printListing, printRows } from './listing.js';
import type { Factory } from '../factory.js';

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
