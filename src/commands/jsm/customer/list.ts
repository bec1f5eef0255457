import { printColumnListing } from '../../../cmdutil/column-listing.js';
import type { NamedColumns } from '../../../cmdutil/columns.js';
import { columnFlags } from '../../../cmdutil/listing.js';
import { listCustomers } from '../../../jsm/admin.js';
import { jsmContext } from '../../../jsm/context.js';
import type { SdUser } from '../../../jsm/types.js';
import { defineCommand } from '../../spec.js';

export const PEOPLE: NamedColumns<SdUser> = {
  name: { header: 'NAME', value: (u) => u.displayName ?? '' },
  email: { header: 'EMAIL', value: (u) => u.emailAddress ?? '', flexible: true },
  id: { header: 'ID', value: (u) => u.accountId ?? u.name ?? '' },
};

export default defineCommand({
  path: ['jsm', 'customer', 'list'],
  summary: 'List the customers of a service desk',
  json: 'listing',
  examples: ['atl jsm customer list --desk HELP', 'atl jsm customer list --desk HELP --search carla --json'],
  options: (command) =>
    columnFlags(command, Object.keys(PEOPLE).join(','))
      .requiredOption('--desk <desk>', 'the service desk (project key or id)')
      .option('--search <text>', 'only customers whose name or email contains this'),
  async run(f, _args, options) {
    const ctx = await jsmContext(f);
    const customers = listCustomers(ctx, options.desk, options.search);
    await printColumnListing(
      f,
      options,
      customers,
      PEOPLE,
      ['name', 'email', 'id'],
      { one: 'customer', many: 'customers' },
      'no customers',
    );
  },
});
