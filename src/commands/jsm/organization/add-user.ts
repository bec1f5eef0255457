import { printJson } from '../../../cmdutil/json.js';
import { addOrganizationUsers } from '../../../jsm/admin.js';
import { jsmContext } from '../../../jsm/context.js';
import { userId, usersBody } from '../../../jsm/requests.js';
import { defineCommand } from '../../spec.js';

export default defineCommand({
  path: ['jsm', 'organization', 'add-user'],
  summary: 'Add people to a customer organization',
  json: 'value',
  arguments: '<organization> <email...>',
  examples: ['atl jsm organization add-user 1 pat@example.com', 'atl jsm organization add-user 1 carla@example.com --dry-run'],
  options: (command) => command.option('--dry-run', 'print the request that would be sent; send nothing'),
  async run(f, args, options) {
    const [organization, ...people] = args as [string, ...string[]];
    const ctx = await jsmContext(f);
    const ids = await Promise.all(people.map((who) => userId(ctx, who)));
    if (options.dryRun) {
      f.io.stderr.write(`dry run: would add to organization ${organization}:\n`);
      printJson(f.io, usersBody(ctx, ids));
      return;
    }
    await addOrganizationUsers(ctx, organization, ids);
    // Service Management answers 204 with no body: --json says what was done, as the other writes do.
    if (f.globals.json) return printJson(f.io, { organization, added: ids });
    f.io.stdout.write(`Added ${ids.length === 1 ? '1 person' : `${ids.length} people`} to organization ${organization}\n`);
  },
});
