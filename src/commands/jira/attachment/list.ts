import { chosenColumns } from '../../../cmdutil/columns.js';
import { listingFlags, listingFormat, listingLimit, printRows, truncationNotice } from '../../../cmdutil/listing.js';
import { type JiraAttachment, listAttachments } from '../../../jira/attachments.js';
import { jiraContext } from '../../../jira/context.js';
import { checkIssueKey } from '../../../jira/issues.js';
import type { Column } from '../../../output/table.js';
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
const COLUMNS: Record<string, (style: 'table' | 'csv') => Column<JiraAttachment>> = {
  id: () => ({ header: 'ID', value: (a) => a.id }),
  filename: () => ({ header: 'NAME', value: (a) => a.filename, flexible: true }),
  size: (style) => ({ header: 'SIZE', value: (a) => (style === 'csv' ? String(a.size ?? '') : humanSize(a.size)) }),
  mimeType: () => ({ header: 'TYPE', value: (a) => a.mimeType ?? '' }),
  author: (style) => ({ header: 'AUTHOR', value: (a) => fieldText(a.author, style) }),
  created: (style) => ({ header: 'CREATED', value: (a) => fieldText(a.created, style) }),
  content: () => ({ header: 'URL', value: (a) => a.content ?? '' }),
};
const DEFAULT_FIELDS = ['id', 'filename', 'size', 'author', 'created'];

async function* itemsOf<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

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
    const { format, csv } = listingFormat(f, options);
    const fields = chosenColumns(options.fields, Object.keys(COLUMNS), DEFAULT_FIELDS, 'attachment', { name: 'filename' });
    const limit = listingLimit(options);
    const all = await listAttachments(await jiraContext(f), key);
    const shown = all.slice(0, limit ?? all.length);
    await printRows(f.io, format, (style) => fields.map((field) => COLUMNS[field]!(style)), itemsOf(shown), noun, csv);
    if (shown.length < all.length) f.io.stderr.write(`${truncationNotice(shown.length, noun)}\n`);
  },
});
