import { printJson } from '../../../cmdutil/json.js';
import { usageError } from '../../../errors.js';
import { jsmContext } from '../../../jsm/context.js';
import { getRequest } from '../../../jsm/requests.js';
import { allRequestTransitions, findRequestTransition, makeRequestTransition, transitionBody } from '../../../jsm/transitions.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';

export default defineCommand({
  path: ['jsm', 'request', 'transition'],
  summary: 'Move a request to another status (without TO: list where it can go)',
  description:
    "TO is a transition's name or id. Service Management offers only the customer transitions (those of the portal, " +
    "such as resolving); any other (an agent's workflow step such as Start Progress) is made through Jira's own " +
    'transitions of the issue, where TO may also be the target status name. Without TO, both are listed: id, name, ' +
    'and "customer" or "jira" for where it comes from.',
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
    if (to === undefined) {
      const transitions = await allRequestTransitions(ctx, key);
      if (f.globals.json)
        return printJson(
          f.io,
          transitions.map((t) => (t.via === 'jira' ? t.transition : { id: t.id, name: t.name })),
        );
      f.io.stdout.write(sanitizeText(transitions.map((t) => `${t.id}\t${t.name}\t${t.via}\n`).join('')));
      return;
    }
    const { found, available } = await findRequestTransition(ctx, key, to);
    if (!found) {
      throw usageError(
        `${key} has no transition ${JSON.stringify(to)}`,
        `its transitions: ${available.map((t) => t.name).join(', ') || 'none'}`,
      );
    }
    const body = await transitionBody(ctx, found, options.comment);
    if (options.dryRun) {
      const api = found.via === 'customer' ? 'Service Management' : 'Jira';
      f.io.stderr.write(`dry run: would move ${key} by "${found.name}" (through ${api}):\n`);
      printJson(f.io, body);
      return;
    }
    await makeRequestTransition(ctx, key, found, body);
    const status = (await getRequest(ctx, key)).currentStatus?.status ?? '?';
    if (f.globals.json) return printJson(f.io, { key, transition: found.name, status });
    f.io.stdout.write(sanitizeText(`${key}: ${found.name}; status: ${status}\n`));
  },
});
