import { printColumnListing } from '../../../cmdutil/column-listing.js';
import type { NamedColumns } from '../../../cmdutil/columns.js';
import { columnFlags } from '../../../cmdutil/listing.js';
import { jsmContext } from '../../../jsm/context.js';
import { listRequestTypes } from '../../../jsm/desks.js';
import type { RequestType } from '../../../jsm/types.js';
import { defineCommand } from '../../spec.js';

const COLUMNS: NamedColumns<RequestType> = {
  id: { header: 'ID', value: (t) => t.id },
  name: { header: 'NAME', value: (t) => t.name },
  description: { header: 'DESCRIPTION', value: (t) => t.description ?? '', flexible: true },
};

export default defineCommand({
  path: ['jsm', 'request-type', 'list'],
  summary: 'List the request types of a service desk',
  json: 'listing',
  examples: ['atl jsm request-type list --desk HELP', 'atl jsm request-type list --desk HELP --json'],
  options: (command) =>
    columnFlags(command, Object.keys(COLUMNS).join(',')).requiredOption('--desk <desk>', 'the service desk (project key or id)'),
  async run(f, _args, options) {
    const ctx = await jsmContext(f);
    const noun = { one: 'request type', many: 'request types' };
    await printColumnListing(
      f,
      options,
      listRequestTypes(ctx, options.desk),
      COLUMNS,
      ['id', 'name', 'description'],
      noun,
      'no request types',
    );
  },
});
