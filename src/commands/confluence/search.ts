import type { NamedColumns } from '../../cmdutil/columns.js';
import { collect } from '../../cmdutil/input.js';
import { listingFlags } from '../../cmdutil/listing.js';
import { Option } from '../../cmdutil/option.js';
import { buildCql, CQL_TYPES } from '../../confluence/cql.js';
import { confluenceContext } from '../../confluence/context.js';
import { contentOfResult, modifiedOfResult, type SearchItem, searchContent } from '../../confluence/search.js';
import { defineCommand } from '../spec.js';
import { printPagedListing } from '../../cmdutil/column-listing.js';

const COLUMNS: NamedColumns<SearchItem> = {
  type: { header: 'TYPE', value: (r) => contentOfResult(r)?.type ?? (typeof r.entityType === 'string' ? r.entityType : '') },
  id: { header: 'ID', value: (r) => contentOfResult(r)?.id ?? '' },
  space: { header: 'SPACE', value: (r) => contentOfResult(r)?.space?.key ?? '' },
  title: { header: 'TITLE', value: (r) => contentOfResult(r)?.title ?? r.title ?? '', flexible: true },
  modified: { header: 'MODIFIED', value: modifiedOfResult },
  url: { header: 'URL', value: (r) => (typeof r.url === 'string' ? r.url : (contentOfResult(r)?._links?.webui ?? '')) },
};

const noun = { one: 'result', many: 'results' };

export default defineCommand({
  path: ['confluence', 'search'],
  summary: 'Search pages, blog posts and attachments with CQL or shortcut flags',
  description:
    'Search with CQL, with shortcut flags that build it, or both (the flags are ANDed with the CQL), newest change first. Prints a table by ' +
    'default, the results as Confluence returns them with --json, or CSV with --csv.\n\n' +
    'At most 50 results are printed unless --limit or --all says otherwise; when more match, a notice on stderr says so.',
  json: 'listing',
  arguments: '[cql]',
  examples: [
    'atl confluence search --space DOCS --text release',
    'atl confluence search "space = DOCS AND label = howto" --all --json',
    'atl confluence search --space DOCS --type page --modified -7d',
    'atl confluence search --title Getting --fields id,title,space --csv',
  ],
  options: (command) =>
    listingFlags(command, noun, Object.keys(COLUMNS).join(','))
      .option('--space <key>', 'in this space')
      .option('--title <text>', 'title contains (title ~ "…")')
      .option('--text <words>', 'text search (text ~ "…")')
      .option('--label <label>', 'with this label (repeatable: all must be present)', collect)
      .addOption(new Option('--type <type>', 'only this kind of content').choices(CQL_TYPES))
      .option('--modified <when>', 'modified since: -7d, today, week, month, or a date'),
  async run(f, args, options) {
    const cql = buildCql(args[0], {
      space: options.space,
      title: options.title,
      text: options.text,
      label: options.label,
      type: options.type,
      modified: options.modified,
    });
    if (f.globals.debug) f.io.stderr.write(`cql: ${cql}\n`);
    const ctx = await confluenceContext(f);
    await printPagedListing(
      f,
      options,
      (limit) => searchContent(ctx, cql, limit),
      COLUMNS,
      ['type', 'id', 'space', 'title', 'modified'],
      noun,
    );
  },
});
