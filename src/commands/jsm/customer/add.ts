import { printJson } from '../../../cmdutil/json.js';
import { addCustomers } from '../../../jsm/admin.js';
import { jsmContext } from '../../../jsm/context.js';
import { userId, usersBody } from '../../../jsm/requests.js';
import { defineCommand } from '../../spec.js';

export default defineCommand({
  path: ['jsm', 'customer', 'add'],
  summary: 'Make existing users customers of a service desk',
  json: 'value',
  arguments: '<email...>',
  examples: ['atl jsm customer add --desk FAC pat@example.com', 'atl jsm customer add --desk FAC carla@example.com --dry-run'],
  options: (command) =>
    command
      .requiredOption('--desk <desk>', 'the service desk (project key or id)')
      .option('--dry-run', 'print the request that would be sent; send nothing'),
  async run(f, args, options) {
    const ctx = await jsmContext(f);
    const ids = await Promise.all(args.map((who) => userId(ctx, who)));
    if (options.dryRun) {
      f.io.stderr.write(`dry run: would add customers to ${options.desk}:\n`);
      printJson(f.io, usersBody(ctx, ids));
      return;
    }
    await addCustomers(ctx, options.desk, ids);
    // Service Management answers 204 with no body: --json says what was done, as the other writes do.
    if (f.globals.json) return printJson(f.io, { desk: options.desk, added: ids });
    f.io.stdout.write(`Added ${ids.length === 1 ? '1 customer' : `${ids.length} customers`} to ${options.desk}\n`);
  },
});
