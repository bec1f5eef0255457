import { usageError } from '../../../errors.js';
import { listQueues } from '../../../jsm/admin.js';
import { jsmContext } from '../../../jsm/context.js';
import { listingOptions, printSearch } from '../../jira/_shared/search.js';
import { defineCommand } from '../../spec.js';

export default defineCommand({
  path: ['jsm', 'queue', 'issues'],
  summary: 'List the requests in a queue, as `atl jira search` lists issues',
  description:
    "Runs the queue's JQL through Jira search, so the table, --fields, --csv, --json and paging are those of " +
    '`atl jira search` and --all is exact. QUEUE is the queue name or id.',
  json: 'listing',
  arguments: '<queue>',
  examples: ['atl jsm queue issues --desk HELP "All open"', 'atl jsm queue issues --desk FAC "All open" --all --json'],
  options: (command) => listingOptions(command).requiredOption('--desk <desk>', 'the service desk (project key or id)'),
  async run(f, args, options) {
    const ctx = await jsmContext(f);
    const queues = await listQueues(ctx, options.desk, false).toArray();
    const wanted = args[0]!.toLowerCase();
    const queue = queues.find((q) => q.id === args[0] || q.name.toLowerCase() === wanted);
    if (!queue)
      throw usageError(
        `no queue ${JSON.stringify(args[0])} in ${options.desk}`,
        `its queues: ${queues.map((q) => q.name).join(', ') || 'none'}`,
      );
    await printSearch(f, ctx.jira, queue.jql, options);
  },
});
