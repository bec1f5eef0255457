import { chooseColumns, type NamedColumns } from '../../../cmdutil/columns.js';
import { type ListingFlags, type ListingNoun, listingFormat, listingLimit, printRows, truncationNotice } from '../../../cmdutil/listing.js';
import type { Factory } from '../../../factory.js';
import type { Paged } from '../../../http/paginate.js';

/**
 * Prints a Confluence listing as `listingFlags` asks (a table of the `--fields` columns or
 * `defaults`, CSV, or with --json the items as Confluence returns them, an array), then the same
 * notice as `jira search` when more matched than --limit let through: never silently truncated.
 * `list` is given the limit (undefined with --all).
 */
export async function printPagedListing<Row>(
  f: Factory,
  options: ListingFlags,
  list: (limit: number | undefined) => Paged<Row> | Promise<Paged<Row>>,
  columns: NamedColumns<Row>,
  defaults: readonly string[],
  noun: ListingNoun,
): Promise<void> {
  const { format, csv } = listingFormat(f, options);
  const chosen = format === 'json' ? [] : chooseColumns(columns, options.fields, defaults);
  const items = await list(listingLimit(options));
  const shown = await printRows(f.io, format, () => chosen, items, noun, csv);
  if (items.hasMore) f.io.stderr.write(`${truncationNotice(shown, noun)}\n`);
}

/** The items of a listing read whole (a page's attachments, its versions), for the printers that take an iterable. */
export async function* itemsOf<T>(items: Promise<readonly T[]>): AsyncGenerator<T> {
  yield* await items;
}
