import { AtlError, usageError } from '../../../errors.js';
import { jiraContext } from '../../../jira/context.js';
import { buildJql } from '../../../jira/jql.js';
import { defineCommand } from '../../spec.js';
import { listingOptions, printSearch } from '../_shared/search.js';

export default defineCommand({
  path: ['jira', 'sprint', 'issues'],
  summary: 'List the issues in a sprint (same output as search)',
  json: 'listing',
  arguments: '<sprint-id>',
  examples: [
    'atl jira sprint issues 3',
    'atl jira sprint issues 3 --all --json',
    'atl jira sprint issues 3 --fields summary,status,assignee --csv',
  ],
  options: (command) =>
    listingOptions(
      command
        .option('--order-by <field>', 'sort by this field (default: updated, newest first)')
        .option('--reverse', 'reverse the sort order'),
    ),
  async run(f, args, options) {
    const id = Number(args[0]);
    if (!Number.isInteger(id) || id < 1)
      throw usageError(`invalid sprint id ${JSON.stringify(args[0])}`, 'find it with `atl jira sprint list --board ID`');
    // The sprint's issues through search, so paging, fields and every output mode match `search`.
    const jql = buildJql(`sprint = ${id}`, {}, { orderBy: options.orderBy, reverse: options.reverse });
    const ctx = await jiraContext(f);
    try {
      await printSearch(f, ctx, jql, options);
    } catch (err) {
      // Jira answers an unknown sprint in JQL with a 400 ("The value '9' does not exist for the field 'sprint'").
      if (err instanceof AtlError && err.status === 400 && /does not exist for the field 'sprint'/i.test(err.message)) {
        throw new AtlError('not_found', `sprint ${id} not found`, {
          status: 400,
          hint: 'find sprint ids with `atl jira sprint list --board ID`',
          cause: err,
        });
      }
      throw err;
    }
  },
});
