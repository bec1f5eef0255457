import { chooseColumns, type NamedColumns } from '../../../cmdutil/columns.js';
import { type ListingFlags, type ListingNoun, listingFormat, printRows, truncationNotice } from '../../../cmdutil/listing.js';
import type { Factory } from '../../../factory.js';
import type { Paged } from '../../../http/paginate.js';

/**
 * Prints a Bitbucket listing as listingFlags asks: a table of the `--fields` columns (or
 * `defaults`), CSV, or with --json the objects as the API returned them, as one array streamed a
 * page at a time. When more exist than were printed, says so on stderr (never silently truncated).
 */
export async function printBitbucketListing<Row>(
  f: Factory,
  options: ListingFlags,
  items: () => Paged<Row>,
  columns: NamedColumns<Row>,
  defaults: readonly string[],
  noun: ListingNoun,
): Promise<void> {
  const { format, csv } = listingFormat(f, options);
  const chosen = format === 'json' ? [] : chooseColumns(columns, options.fields, defaults);
  const paged = items();
  const shown = await printRows(f.io, format, () => chosen, paged, noun, csv);
  if (paged.hasMore) f.io.stderr.write(`${truncationNotice(shown, noun)}\n`);
  else if (shown === 0 && format === 'table' && !f.io.isStdoutTTY()) f.io.stderr.write(`no ${noun.many}\n`);
}
