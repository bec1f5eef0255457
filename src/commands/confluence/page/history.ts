import type { NamedColumns } from '../../../cmdutil/columns.js';
import { printColumnListing } from '../../../cmdutil/column-listing.js';
import { columnFlags } from '../../../cmdutil/listing.js';
import { contentVersions, resolveContentId, versionAuthor, versionDate } from '../../../confluence/content.js';
import { confluenceContext } from '../../../confluence/context.js';
import type { ContentVersion } from '../../../confluence/types.js';
import { defineCommand } from '../../spec.js';
import { itemsOf } from '../_shared/listing.js';

const COLUMNS: NamedColumns<ContentVersion> = {
  version: { header: 'VERSION', value: (v) => String(v.number) },
  date: { header: 'DATE', value: versionDate },
  author: { header: 'AUTHOR', value: versionAuthor },
  minor: { header: 'MINOR', value: (v) => (v.minorEdit ? 'yes' : '') },
  message: { header: 'MESSAGE', value: (v) => v.message ?? '', flexible: true },
};

export default defineCommand({
  path: ['confluence', 'page', 'history'],
  summary: 'List the versions of a page, newest first',
  json: 'listing',
  arguments: '<page>',
  examples: ['atl confluence page history "DOCS:Getting Started"', 'atl confluence page history "DOCS:Installation" --json'],
  options: (command) => columnFlags(command, Object.keys(COLUMNS).join(',')),
  async run(f, args, options) {
    const ctx = await confluenceContext(f);
    const id = await resolveContentId(ctx, 'page', args[0]!);
    const noun = { one: 'version', many: 'versions' };
    await printColumnListing(
      f,
      options,
      itemsOf(contentVersions(ctx, 'page', id)),
      COLUMNS,
      ['version', 'date', 'author', 'message'],
      noun,
      'no versions',
    );
  },
});
