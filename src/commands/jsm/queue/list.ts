import { printColumnListing } from '../../../cmdutil/column-listing.js';
import type { NamedColumns } from '../../../cmdutil/columns.js';
import { columnFlags } from '../../../cmdutil/listing.js';
import { listQueues } from '../../../jsm/admin.js';
import { jsmContext } from '../../../jsm/context.js';
import type { Queue } from '../../../jsm/types.js';
import { defineCommand } from '../../spec.js';

const COLUMNS: NamedColumns<Queue> = {
  id: { header: 'ID', value: (q) => q.id },
  name: { header: 'NAME', value: (q) => q.name },
  count: { header: 'COUNT', value: (q) => (q.issueCount === undefined ? '' : String(q.issueCount)) },
  jql: { header: 'JQL', value: (q) => q.jql, flexible: true },
};

export default defineCommand({
  path: ['jsm', 'queue', 'list'],
  summary: 'List the queues of a service desk (with --counts, how many requests each holds)',
  json: 'listing',
  examples: ['atl jsm queue list --desk HELP', 'atl jsm queue list --desk HELP --counts --json'],
  options: (command) =>
    columnFlags(command, Object.keys(COLUMNS).join(','))
      .requiredOption('--desk <desk>', 'the service desk (project key or id)')
      .option('--counts', 'count the requests in each queue (slower on big desks)'),
  async run(f, _args, options) {
    const ctx = await jsmContext(f);
    const columns = options.counts ? ['id', 'name', 'count', 'jql'] : ['id', 'name', 'jql'];
    await printColumnListing(
      f,
      options,
      listQueues(ctx, options.desk, options.counts === true),
      COLUMNS,
      columns,
      { one: 'queue', many: 'queues' },
      'no queues',
    );
  },
});
