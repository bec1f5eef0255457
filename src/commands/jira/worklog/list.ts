import { printLimitedListing, type StyledColumns } from '../../../cmdutil/column-listing.js';
import { listingFlags } from '../../../cmdutil/listing.js';
import { jiraContext } from '../../../jira/context.js';
import { checkIssueKey, onIssue } from '../../../jira/issues.js';
import { plainJiraText } from '../../../jira/text.js';
import { formatDuration, type JiraWorklog, listWorklogs } from '../../../jira/worklogs.js';
import { defineCommand } from '../../spec.js';
import { fieldText } from '../_shared/issue-output.js';

const noun = { one: 'worklog', many: 'worklogs' };

/**
 * The columns `--fields` can name, by the worklog's JSON keys; `comments` holds each comment as one
 * line of plain text for the table and CSV (JSON keeps them as the site sent them).
 */
const columnsWith = (comments: WeakMap<JiraWorklog, string>): StyledColumns<JiraWorklog> => ({
  id: () => ({ header: 'ID', value: (w) => w.id }),
  author: (style) => ({ header: 'AUTHOR', value: (w) => fieldText(w.author, style) }),
  started: (style) => ({ header: 'STARTED', value: (w) => fieldText(w.started, style) }),
  timeSpent: () => ({ header: 'TIME SPENT', value: (w) => w.timeSpent ?? '' }),
  timeSpentSeconds: () => ({ header: 'SECONDS', value: (w) => (w.timeSpentSeconds === undefined ? '' : String(w.timeSpentSeconds)) }),
  comment: () => ({ header: 'COMMENT', value: (w) => comments.get(w) ?? '', flexible: true }),
  created: (style) => ({ header: 'CREATED', value: (w) => fieldText(w.created, style) }),
  updated: (style) => ({ header: 'UPDATED', value: (w) => fieldText(w.updated, style) }),
  updateAuthor: (style) => ({ header: 'UPDATED BY', value: (w) => fieldText(w.updateAuthor, style) }),
});
const DEFAULT_FIELDS = ['id', 'started', 'author', 'timeSpent', 'comment'];

export default defineCommand({
  path: ['jira', 'worklog', 'list'],
  summary: 'List the worklogs of an issue, oldest first',
  description: 'At most 50 worklogs are printed unless --limit or --all says otherwise. The table ends with the total time they add up to.',
  json: 'listing',
  arguments: '<key>',
  examples: [
    'atl jira worklog list ABC-123',
    'atl jira worklog list ABC-123 --all --csv',
    'atl jira worklog list ABC-123 --fields started,timeSpentSeconds --json',
  ],
  options: (command) => listingFlags(command, noun, 'author,timeSpent,comment'),
  async run(f, args, options) {
    const key = checkIssueKey(args[0]!);
    const comments = new WeakMap<JiraWorklog, string>();
    let seconds = 0;
    const listing = { columns: columnsWith(comments), defaults: DEFAULT_FIELDS, noun };
    const { format, shown } = await onIssue(key, () =>
      printLimitedListing(f, options, listing, async (limit, chosen) => {
        const worklogs = listWorklogs(await jiraContext(f), key, limit);
        const showsComment = chosen.includes('comment');
        return {
          get hasMore() {
            return worklogs.hasMore;
          },
          async *[Symbol.asyncIterator]() {
            for await (const worklog of worklogs) {
              seconds += worklog.timeSpentSeconds ?? 0;
              if (showsComment) comments.set(worklog, await plainJiraText(worklog.comment));
              yield worklog;
            }
          },
        };
      }),
    );
    if (format === 'table' && shown > 0)
      f.io.stdout.write(`total: ${formatDuration(seconds)} in ${shown} ${shown === 1 ? noun.one : noun.many}\n`);
  },
});
