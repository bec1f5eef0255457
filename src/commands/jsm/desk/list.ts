import { printColumnListing } from '../../../cmdutil/column-listing.js';
import type { NamedColumns } from '../../../cmdutil/columns.js';
import { columnFlags } from '../../../cmdutil/listing.js';
import { jsmContext } from '../../../jsm/context.js';
import { listDesks } from '../../../jsm/desks.js';
import type { ServiceDesk } from '../../../jsm/types.js';
import { defineCommand } from '../../spec.js';

const COLUMNS: NamedColumns<ServiceDesk> = {
  id: { header: 'ID', value: (d) => d.id },
  key: { header: 'KEY', value: (d) => d.projectKey },
  name: { header: 'NAME', value: (d) => d.projectName, flexible: true },
};

export default defineCommand({
  path: ['jsm', 'desk', 'list'],
  summary: 'List the service desks you can see',
  json: 'listing',
  examples: ['atl jsm desk list', 'atl jsm desk list --json'],
  options: (command) => columnFlags(command, Object.keys(COLUMNS).join(',')),
  async run(f, _args, options) {
    const ctx = await jsmContext(f);
    await printColumnListing(
      f,
      options,
      listDesks(ctx),
      COLUMNS,
      ['id', 'key', 'name'],
      { one: 'desk', many: 'desks' },
      'no service desks',
    );
  },
});
