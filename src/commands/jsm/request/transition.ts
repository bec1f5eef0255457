import { printJson } from '../../../cmdutil/json.js';
import { usageError } from '../../../errors.js';
import { jsmContext } from '../../../jsm/context.js';
import { getRequest, listTransitions, performTransition } from '../../../jsm/requests.js';
import { toWikiText } from '../../../jsm/text.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';

export default defineCommand({
  path: ['jsm', 'request', 'transition'],
  summary: 'Move a request to another status (without TO: list where it can go)',
  json: 'value',
  arguments: '<key> [to]',
  examples: ['atl jsm request transition HELP-3', 'atl jsm request transition HELP-3 "Start Progress" --comment "Looking at it"'],
  options: (command) =>
    command
      .option('--comment <markdown>', 'a customer-visible comment added with the transition')
      .option('--dry-run', 'print the transition that would be made; send nothing'),
  async run(f, args, options) {
    const [key, to] = [args[0]!, args[1]];
    const ctx = await jsmContext(f);
    const transitions = await listTransitions(ctx, key).toArray();
    if (to === undefined) {
      if (f.globals.json) return printJson(f.io, transitions);
      f.io.stdout.write(sanitizeText(transitions.map((t) => `${t.id}\t${t.name}\n`).join('')));
      return;
    }
    const lower = to.toLowerCase();
    const transition = transitions.find((t) => t.id === to || t.name.toLowerCase() === lower);
    if (!transition) {
      throw usageError(
        `${key} has no transition ${JSON.stringify(to)}`,
        `its transitions: ${transitions.map((t) => t.name).join(', ') || 'none'}`,
      );
    }
    const comment = options.comment === undefined ? undefined : await toWikiText(options.comment);
    if (options.dryRun) {
      f.io.stderr.write(`dry run: would move ${key} by "${transition.name}":\n`);
      printJson(f.io, { id: transition.id, ...(comment ? { additionalComment: { body: comment } } : {}) });
      return;
    }
    await performTransition(ctx, key, transition.id, comment);
    const status = (await getRequest(ctx, key)).currentStatus?.status ?? '?';
    if (f.globals.json) return printJson(f.io, { key, transition: transition.name, status });
    f.io.stdout.write(sanitizeText(`${key}: ${transition.name}; status: ${status}\n`));
  },
});
