import { type LimitedRows, printPagedListing } from '../../../cmdutil/column-listing.js';
import type { NamedColumns } from '../../../cmdutil/columns.js';
import type { ListingFlags, ListingNoun } from '../../../cmdutil/listing.js';
import type { Factory } from '../../../factory.js';
import type { Paged } from '../../../http/paginate.js';

export interface ListingExtras<Row> {
  /** Loads what some columns show beyond the objects (build states), a page at a time; not for --json. */
  enrich?: ((page: readonly Row[]) => Promise<void>) | undefined;
}

/** The rows of `paged` with `enrich` run on each page before its rows are handed on. */
function enriched<Row>(paged: Paged<Row>, enrich: (page: readonly Row[]) => Promise<void>): LimitedRows<Row> {
  return {
    get hasMore() {
      return paged.hasMore;
    },
    async *[Symbol.asyncIterator]() {
      for await (const page of paged.pages()) {
        await enrich(page);
        yield* page;
      }
    },
  };
}

/**
 * Prints a Bitbucket listing as listingFlags asks (printPagedListing), `paged` already limited; a
 * table or CSV first loads what `enrich` adds to each page.
 */
export function printBitbucketListing<Row>(
  f: Factory,
  options: ListingFlags,
  paged: Paged<Row>,
  columns: NamedColumns<Row>,
  defaults: readonly string[],
  noun: ListingNoun,
  extras: ListingExtras<Row> = {},
): Promise<void> {
  const { enrich } = extras;
  return printPagedListing(
    f,
    options,
    (_limit, format) => (format !== 'json' && enrich ? enriched(paged, enrich) : paged),
    columns,
    defaults,
    noun,
  );
}
