import { printJson } from '../../../cmdutil/json.js';
import { addToDesk, createOrganization } from '../../../jsm/admin.js';
import { jsmContext } from '../../../jsm/context.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';

export default defineCommand({
  path: ['jsm', 'organization', 'add'],
  summary: 'Create a customer organization (and with --desk, add it to that service desk)',
  json: 'value',
  arguments: '<name>',
  examples: ['atl jsm organization add "Globex" --desk HELP', 'atl jsm organization add "Initech" --dry-run'],
  options: (command) =>
    command
      .option('--desk <desk>', 'also add it to this service desk')
      .option('--dry-run', 'print the request that would be sent; send nothing'),
  async run(f, args, options) {
    const name = args[0]!;
    if (options.dryRun) {
      f.io.stderr.write('dry run: would create the organization:\n');
      printJson(f.io, { name });
      return;
    }
    const ctx = await jsmContext(f);
    const organization = await createOrganization(ctx, name);
    if (options.desk !== undefined) await addToDesk(ctx, options.desk, organization.id);
    if (f.globals.json) return printJson(f.io, organization);
    f.io.stdout.write(sanitizeText(`${organization.id}\t${organization.name}\n`));
  },
});
