import { limitedRows, printLimitedListing, type StyledColumns } from '../../../cmdutil/column-listing.js';
import { listingFlags } from '../../../cmdutil/listing.js';
import { type JiraAttachment, listAttachments } from '../../../jira/attachments.js';
import { jiraContext } from '../../../jira/context.js';
import { checkIssueKey } from '../../../jira/issues.js';
import { defineCommand } from '../../spec.js';
import { fieldText } from '../_shared/issue-output.js';

const noun = { one: 'attachment', many: 'attachments' };

/** Sizes as people read them: bytes, KB, MB, GB (1024-based, one decimal below 10). */
export function humanSize(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** The columns `--fields` can name, by the attachment's JSON keys. */
const COLUMNS: StyledColumns<JiraAttachment> = {
  id: () => ({ header: 'ID', value: (a) => a.id }),
  filename: () => ({ header: 'NAME', value: (a) => a.filename, flexible: true }),
  size: (style) => ({ header: 'SIZE', value: (a) => (style === 'csv' ? String(a.size ?? '') : humanSize(a.size)) }),
  mimeType: () => ({ header: 'TYPE', value: (a) => a.mimeType ?? '' }),
  author: (style) => ({ header: 'AUTHOR', value: (a) => fieldText(a.author, style) }),
  created: (style) => ({ header: 'CREATED', value: (a) => fieldText(a.created, style) }),
  content: () => ({ header: 'URL', value: (a) => a.content ?? '' }),
};
const DEFAULT_FIELDS = ['id', 'filename', 'size', 'author', 'created'];

export default defineCommand({
  path: ['jira', 'attachment', 'list'],
  summary: 'List the attachments of an issue: name, size, author, created, id',
  json: 'listing',
  arguments: '<key>',
  examples: [
    'atl jira attachment list ABC-123',
    'atl jira attachment list ABC-123 --csv --fields id,filename,size,mimeType',
    'atl jira attachment list ABC-123 --json',
  ],
  options: (command) => listingFlags(command, noun, 'filename,size,author'),
  async run(f, args, options) {
    const key = checkIssueKey(args[0]!);
    const listing = { columns: COLUMNS, defaults: DEFAULT_FIELDS, noun, aliases: { name: 'filename' } };
    await printLimitedListing(f, options, listing, async (limit) => limitedRows(await listAttachments(await jiraContext(f), key), limit));
  },
});
