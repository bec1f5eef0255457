import { usageError } from '../../../errors.js';
import { jiraContext } from '../../../jira/context.js';
import { epicsJql } from '../../../jira/epics.js';
import { buildJql } from '../../../jira/jql.js';
import { defineCommand } from '../../spec.js';
import { listingOptions, printSearch } from '../_shared/search.js';

export default defineCommand({
  path: ['jira', 'epic', 'list'],
  summary: 'List the epics of a project (same output as search)',
  json: 'listing',
  examples: [
    'atl jira epic list -P ABC',
    'atl jira epic list -P ABC --fields summary,status --csv',
    'atl jira epic list -P ABC --all --json',
  ],
  options: (command) =>
    listingOptions(command)
      .option('-P, --project <key>', 'the project whose epics to list (required)')
      .option('--order-by <field>', 'sort by this field (default: updated, newest first)')
      .option('--reverse', 'reverse the sort order'),
  async run(f, _args, options) {
    const project = options.project?.trim();
    if (!project) throw usageError('missing --project', 'say whose epics: atl jira epic list -P KEY');
    const jql = buildJql(epicsJql(project), {}, { orderBy: options.orderBy, reverse: options.reverse });
    await printSearch(f, await jiraContext(f), jql, options);
  },
});
