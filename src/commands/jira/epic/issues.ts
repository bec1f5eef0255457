import { AtlError } from '../../../errors.js';
import { jiraContext, navigatorUrl } from '../../../jira/context.js';
import { epicChildrenJql } from '../../../jira/epics.js';
import { checkIssueKey } from '../../../jira/issues.js';
import { buildJql } from '../../../jira/jql.js';
import { defineCommand } from '../../spec.js';
import { listingOptions, printSearch } from '../_shared/search.js';
import { openOnWeb, wantsWeb, webOption } from '../../../cmdutil/web.js';

export default defineCommand({
  path: ['jira', 'epic', 'issues'],
  summary: 'List the issues under an epic (same output as search)',
  description:
    'List the issues under an epic: on Cloud those whose parent is the epic, on Data Center those whose Epic Link is it. ' +
    'Sub-tasks are listed under their own parent (see `atl jira issue view`).',
  json: 'listing',
  arguments: '<epic>',
  examples: [
    'atl jira epic issues ABC-1',
    'atl jira epic issues ABC-1 --fields summary,status,assignee --csv',
    'atl jira epic issues ABC-1 --count',
    'atl jira epic issues ABC-1 --web',
  ],
  options: (command) =>
    listingOptions(command)
      .option('--order-by <field>', 'sort by this field (default: updated, newest first)')
      .option('--reverse', 'reverse the sort order')
      .addOption(webOption("open the epic's issues in the browser's issue navigator (the URL is printed too)")),
  async run(f, args, options) {
    const epic = checkIssueKey(args[0]!);
    const web = wantsWeb(f, options);
    const ctx = await jiraContext(f);
    const jql = buildJql(epicChildrenJql(ctx, epic), {}, { orderBy: options.orderBy, reverse: options.reverse });
    if (web) return openOnWeb(f, navigatorUrl(ctx, jql));
    try {
      await printSearch(f, ctx, jql, options);
    } catch (err) {
      // JQL answers an unknown issue key with a 400 ("An issue with key 'X' does not exist for field 'parent'").
      if (err instanceof AtlError && err.status === 400 && /does not exist for field/i.test(err.message)) {
        throw new AtlError('not_found', `epic ${epic} not found`, {
          status: 400,
          hint: 'list epics with `atl jira epic list -P KEY`',
          cause: err,
        });
      }
      throw err;
    }
  },
});
