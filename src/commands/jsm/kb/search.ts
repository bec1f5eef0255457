import { printColumnListing } from '../../../cmdutil/column-listing.js';
import type { NamedColumns } from '../../../cmdutil/columns.js';
import { columnFlags } from '../../../cmdutil/listing.js';
import { searchArticles } from '../../../jsm/admin.js';
import { jsmContext } from '../../../jsm/context.js';
import type { Article } from '../../../jsm/types.js';
import { defineCommand } from '../../spec.js';

const COLUMNS: NamedColumns<Article> = {
  title: { header: 'TITLE', value: (a) => a.title ?? '' },
  space: { header: 'SPACE', value: (a) => a.source?.spaceKey ?? '' },
  excerpt: { header: 'EXCERPT', value: (a) => a.excerpt ?? '', flexible: true },
  url: { header: 'URL', value: (a) => a.content?.iframeSrc ?? '' },
};

export default defineCommand({
  path: ['jsm', 'kb', 'search'],
  summary: 'Search knowledge-base articles (all, or those of a desk)',
  json: 'listing',
  arguments: '<text>',
  examples: ['atl jsm kb search vpn --desk HELP', 'atl jsm kb search "reset password" --json'],
  options: (command) =>
    columnFlags(command, Object.keys(COLUMNS).join(',')).option('--desk <desk>', 'only the articles of this service desk'),
  async run(f, args, options) {
    const ctx = await jsmContext(f);
    const empty = options.desk ? `no articles match (does ${options.desk} have a linked knowledge base?)` : 'no articles match';
    await printColumnListing(
      f,
      options,
      searchArticles(ctx, args[0]!, options.desk),
      COLUMNS,
      ['title', 'space', 'excerpt'],
      { one: 'article', many: 'articles' },
      empty,
    );
  },
});
