import { printColumnListing } from '../../../cmdutil/column-listing.js';
import type { NamedColumns } from '../../../cmdutil/columns.js';
import { columnFlags } from '../../../cmdutil/listing.js';
import { listOrganizations } from '../../../jsm/admin.js';
import { jsmContext } from '../../../jsm/context.js';
import type { Organization } from '../../../jsm/types.js';
import { defineCommand } from '../../spec.js';

const COLUMNS: NamedColumns<Organization> = {
  id: { header: 'ID', value: (o) => o.id },
  name: { header: 'NAME', value: (o) => o.name, flexible: true },
};

export default defineCommand({
  path: ['jsm', 'organization', 'list'],
  summary: 'List customer organizations (all, or those of a desk)',
  json: 'listing',
  examples: ['atl jsm organization list', 'atl jsm organization list --desk HELP --json'],
  options: (command) => columnFlags(command, 'id,name').option('--desk <desk>', 'only the organizations of this service desk'),
  async run(f, _args, options) {
    const ctx = await jsmContext(f);
    const noun = { one: 'organization', many: 'organizations' };
    await printColumnListing(f, options, listOrganizations(ctx, options.desk), COLUMNS, ['id', 'name'], noun, 'no organizations');
  },
});
