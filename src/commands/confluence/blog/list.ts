import type { NamedColumns } from '../../../cmdutil/columns.js';
import { listingFlags } from '../../../cmdutil/listing.js';
import { spaceBlogPosts, versionDate } from '../../../confluence/content.js';
import { confluenceContext } from '../../../confluence/context.js';
import { checkSpaceKey } from '../../../confluence/spaces.js';
import type { ConfluencePage } from '../../../confluence/types.js';
import { defineCommand } from '../../spec.js';
import { printPagedListing } from '../../../cmdutil/column-listing.js';

const COLUMNS: NamedColumns<ConfluencePage> = {
  id: { header: 'ID', value: (p) => p.id },
  title: { header: 'TITLE', value: (p) => p.title, flexible: true },
  date: { header: 'DATE', value: (p) => p.createdAt ?? versionDate(p.version) },
  version: { header: 'VERSION', value: (p) => String(p.version?.number ?? '') },
  status: { header: 'STATUS', value: (p) => p.status ?? '' },
};

const noun = { one: 'blog post', many: 'blog posts' };

export default defineCommand({
  path: ['confluence', 'blog', 'list'],
  summary: 'List the blog posts of a space',
  description:
    'List the blog posts of a space. At most 50 are printed unless --limit or --all says otherwise; when more exist, a notice on stderr ' +
    'says so. --json prints them as Confluence returns them.',
  json: 'listing',
  examples: ['atl confluence blog list --space DOCS', 'atl confluence blog list --space DOCS --all --json'],
  options: (command) => listingFlags(command.requiredOption('--space <key>', 'the space'), noun, Object.keys(COLUMNS).join(',')),
  async run(f, _args, options) {
    const ctx = await confluenceContext(f);
    const spaceKey = checkSpaceKey(options.space);
    await printPagedListing(f, options, (limit) => spaceBlogPosts(ctx, spaceKey, limit), COLUMNS, ['id', 'title', 'date'], noun);
  },
});
