import { collect } from '../../../cmdutil/input.js';
import { printJson } from '../../../cmdutil/json.js';
import { jsmContext } from '../../../jsm/context.js';
import { changeParticipants, listParticipants, userId, usersBody } from '../../../jsm/requests.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';

export default defineCommand({
  path: ['jsm', 'request', 'participants'],
  summary: 'List the participants of a request, or add and remove them',
  json: 'value',
  arguments: '<key>',
  examples: [
    'atl jsm request participants HELP-1',
    'atl jsm request participants HELP-1 --add carla@example.com',
    'atl jsm request participants HELP-1 --remove pat@example.com --dry-run',
  ],
  options: (command) =>
    command
      .option('--add <email>', 'add this person (repeatable)', collect)
      .option('--remove <email>', 'remove this person (repeatable)', collect)
      .option('--dry-run', 'print the changes that would be made; send nothing'),
  async run(f, args, options) {
    const key = args[0]!;
    const ctx = await jsmContext(f);
    const changes = [
      ['add', await Promise.all((options.add ?? []).map((who) => userId(ctx, who)))],
      ['remove', await Promise.all((options.remove ?? []).map((who) => userId(ctx, who)))],
    ] as const;
    const wanted = changes.filter(([, ids]) => ids.length > 0);
    if (options.dryRun) {
      for (const [change, ids] of wanted) {
        f.io.stderr.write(`dry run: would ${change} participants of ${key}:\n`);
        printJson(f.io, usersBody(ctx, ids));
      }
      return;
    }
    for (const [change, ids] of wanted) await changeParticipants(ctx, key, change, ids);
    const participants = await listParticipants(ctx, key).toArray();
    if (f.globals.json) return printJson(f.io, participants);
    if (participants.length === 0) f.io.stderr.write(`${key} has no participants\n`);
    f.io.stdout.write(sanitizeText(participants.map((p) => `${p.displayName ?? ''}\t${p.emailAddress ?? ''}\n`).join('')));
  },
});
