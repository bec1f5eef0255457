import { keyAndRest, requireKey } from '../../_shared/branch-key.js';
import { chooseColumns, type NamedColumns } from '../../../../cmdutil/columns.js';
import { printJsonStream } from '../../../../cmdutil/json.js';
import { columnFlags, listingFormat, printRows } from '../../../../cmdutil/listing.js';
import { writeFlowing } from '../../../../cmdutil/stream.js';
import { jiraContext } from '../../../../jira/context.js';
import { isInternalNote } from '../../../../jira/comments.js';
import { checkIssueKey, listComments } from '../../../../jira/issues.js';
import { fromJiraText } from '../../../../jira/text.js';
import type { JiraComment } from '../../../../jira/types.js';
import { sanitizeText } from '../../../../output/terminal.js';
import { terminalStyleFor } from '../../../../output/terminal-style.js';
import { defineCommand } from '../../../spec.js';
import { fieldText } from '../../_shared/issue-output.js';

/** A comment with its body already as Markdown (table and CSV cells are worked out synchronously). */
interface CommentRow {
  comment: JiraComment;
  markdown: string;
}

/** Who sees the comment beyond everyone: `internal` for a Service Management internal note, and a role or group. */
const visibilityText = (c: JiraComment): string => {
  const v = c.visibility as { type?: string; value?: string } | undefined;
  const restricted = v?.type && v.value ? `${v.type}:${v.value}` : '';
  return [isInternalNote(c) ? 'internal' : '', restricted].filter(Boolean).join(', ');
};

const COLUMNS: NamedColumns<CommentRow> = {
  id: { header: 'ID', value: (r) => r.comment.id },
  author: { header: 'AUTHOR', value: (r) => fieldText(r.comment.author) },
  created: { header: 'CREATED', value: (r) => fieldText(r.comment.created) },
  updated: { header: 'UPDATED', value: (r) => fieldText(r.comment.updated) },
  visibility: { header: 'VISIBILITY', value: (r) => visibilityText(r.comment) },
  body: { header: 'BODY', value: (r) => r.markdown, flexible: true },
};
const DEFAULT_COLUMNS = ['id', 'author', 'created', 'body'];

async function* withMarkdown(comments: AsyncIterable<JiraComment>): AsyncGenerator<CommentRow> {
  for await (const comment of comments) yield { comment, markdown: await fromJiraText(comment.body) };
}

export default defineCommand({
  path: ['jira', 'issue', 'comment', 'list'],
  summary: 'List the comments on an issue, oldest first',
  json: 'listing',
  description:
    'List every comment on an issue (default: the issue key in the current git branch name), oldest first: each with its author, date and id, and the body as Markdown ' +
    '(drawn on a terminal, as `atl jira issue view` draws it). ' +
    `--fields (${Object.keys(COLUMNS).join(', ')}) prints a table of those columns instead, --csv CSV (default columns ` +
    `${DEFAULT_COLUMNS.join(',')}), --json the comments as Jira returns them.`,
  arguments: '[key]',
  examples: [
    'atl jira issue comment list ABC-123',
    'atl jira issue comment list ABC-123 --json',
    'atl jira issue comment list ABC-123 --fields id,author,visibility',
    'atl jira issue comment list ABC-123 --csv > comments.csv',
  ],
  options: (command) => columnFlags(command, 'id,author,created,body'),
  async run(f, args, options) {
    const [given] = await keyAndRest(f, args, 1);
    const key = checkIssueKey(requireKey(given, 'jira issue comment list'));
    const { format, csv } = listingFormat(f, options);
    const columns = format === 'json' ? [] : chooseColumns(COLUMNS, options.fields, DEFAULT_COLUMNS);
    const ctx = await jiraContext(f);
    const comments = listComments(ctx, key);
    if (format === 'json') {
      await printJsonStream(f.io, comments);
      return;
    }
    if (format === 'csv' || options.fields !== undefined) {
      const noun = { one: 'comment', many: 'comments' };
      await printRows(f.io, format, () => columns, withMarkdown(comments), noun, csv);
      return;
    }
    // On a terminal the bodies are drawn as `issue view` draws them (src/markup/terminal.ts), whose
    // text is made safe where it enters so that its own styles act; piped, they stay Markdown source.
    const style = terminalStyleFor(f.io);
    let n = 0;
    for await (const comment of comments) {
      const v = comment.visibility as { type?: string; value?: string } | undefined;
      const only = v?.type && v.value ? `, ${v.type}:${v.value} only` : '';
      const head = `${n++ === 0 ? '' : '\n'}— ${fieldText(comment.author) || 'someone'}, ${fieldText(comment.created)} (id ${comment.id}${isInternalNote(comment) ? ', internal' : ''}${only})\n`;
      const body = await fromJiraText(comment.body, style);
      await writeFlowing(f.io.stdout, style?.color ? `${sanitizeText(head)}${body}\n` : sanitizeText(`${head}${body}\n`));
    }
    if (n === 0) f.io.stderr.write(`no comments on ${key}\n`);
  },
});
