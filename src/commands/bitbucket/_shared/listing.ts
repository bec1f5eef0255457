import { chooseColumns, type NamedColumns } from '../../../cmdutil/columns.js';
import { type ListingFlags, type ListingNoun, listingFormat, printRows, truncationNotice } from '../../../cmdutil/listing.js';
import type { Factory } from '../../../factory.js';
import type { Paged } from '../../../http/paginate.js';

export interface ListingExtras<Row> {
  /** Loads what some columns show beyond the objects (build states), a page at a time; not for --json. */
  enrich?: ((page: readonly Row[]) => Promise<void>) | undefined;
}

/** The pages of a listing with `enrich` run on each before its rows are handed on. */
async function* enriched<Row>(paged: Paged<Row>, enrich: (page: readonly Row[]) => Promise<void>): AsyncGenerator<Row> {
  for await (const page of paged.pages()) {
    await enrich(page);
    yield* page;
  }
}

/**
 * Prints a Bitbucket listing as listingFlags asks: a table of the `--fields` columns (or
 * `defaults`), CSV, or with --json the objects as the API returned them, as one array streamed a
 * page at a time. When more exist than were printed, says so on stderr (never silently truncated).
 */
export async function printBitbucketListing<Row>(
  f: Factory,
  options: ListingFlags,
  paged: Paged<Row>,
  columns: NamedColumns<Row>,
  defaults: readonly string[],
  noun: ListingNoun,
  extras: ListingExtras<Row> = {},
): Promise<void> {
  const { format, csv } = listingFormat(f, options);
  const chosen = format === 'json' ? [] : chooseColumns(columns, options.fields, defaults);
  const rows = format !== 'json' && extras.enrich ? enriched(paged, extras.enrich) : paged;
  const shown = await printRows(f.io, format, () => chosen, rows, noun, csv);
  if (paged.hasMore) f.io.stderr.write(`${truncationNotice(shown, noun)}\n`);
}
