import type { NamedColumns } from '../../../cmdutil/columns.js';
import { printColumnListing } from '../../../cmdutil/column-listing.js';
import { columnFlags } from '../../../cmdutil/listing.js';
import { attachmentComment, attachmentMediaType, attachmentSize, listAttachments } from '../../../confluence/attachments.js';
import { resolveContentId, versionDate } from '../../../confluence/content.js';
import { confluenceContext } from '../../../confluence/context.js';
import type { ConfluenceAttachment } from '../../../confluence/types.js';
import { defineCommand } from '../../spec.js';
import { itemsOf } from '../_shared/listing.js';
import { humanSize } from '../../jira/attachment/list.js';

const COLUMNS: NamedColumns<ConfluenceAttachment> = {
  id: { header: 'ID', value: (a) => a.id },
  name: { header: 'NAME', value: (a) => a.title, flexible: true },
  size: { header: 'SIZE', value: (a) => humanSize(attachmentSize(a)) },
  type: { header: 'TYPE', value: attachmentMediaType },
  version: { header: 'VERSION', value: (a) => String(a.version?.number ?? '') },
  date: { header: 'DATE', value: (a) => versionDate(a.version) },
  comment: { header: 'COMMENT', value: attachmentComment, flexible: true },
};

export default defineCommand({
  path: ['confluence', 'attachment', 'list'],
  summary: 'List the attachments of a page',
  json: 'listing',
  arguments: '<page>',
  examples: ['atl confluence attachment list "DOCS:FAQ"', 'atl confluence attachment list "DOCS:Links and Images" --json'],
  options: (command) => columnFlags(command, Object.keys(COLUMNS).join(',')),
  async run(f, args, options) {
    const ctx = await confluenceContext(f);
    const id = await resolveContentId(ctx, 'page', args[0]!);
    const noun = { one: 'attachment', many: 'attachments' };
    await printColumnListing(
      f,
      options,
      itemsOf(listAttachments(ctx, 'page', id)),
      COLUMNS,
      ['id', 'name', 'size', 'version', 'date'],
      noun,
      `page ${id} has no attachments`,
    );
  },
});
