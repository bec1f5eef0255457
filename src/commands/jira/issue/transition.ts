import { keyAndRest } from '../_shared/branch-key.js';
import { conflictError } from '../../../cmdutil/flags.js';
import { usageError } from '../../../errors.js';
import { printJson } from '../../../cmdutil/json.js';
import { jiraContext, type JiraContext } from '../../../jira/context.js';
import {
  checkTakesResolution,
  describeTransition,
  doTransition,
  findTransition,
  issueStatus,
  listTransitions,
  matchTransition,
} from '../../../jira/issues.js';
import { canonicalName } from '../../../jira/meta.js';
import { toJiraText } from '../../../jira/text.js';
import type { JiraTransition } from '../../../jira/types.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import type { Factory } from '../../../factory.js';
import { noPromptHint } from '../../../msys.js';
import { issueTarget, refuseKeyWithJql, runJqlBulk } from '../_shared/bulk.js';
import { unchanged } from '../../../cmdutil/bulk.js';

/** An issue already in the status asked for: nothing to do, and not a failure. */
interface AlreadyThere {
  already: string;
}

/**
 * The transition the user meant (by name, or chosen at a terminal). With a resolution to set, the
 * transitions come with their screen fields and one without a Resolution field is refused. When no
 * transition matches because the issue is already in that status, that is said instead of refused,
 * so re-running a bulk move (a CI step) succeeds.
 */
async function pickTransition(
  f: Factory,
  ctx: JiraContext,
  key: string,
  wanted: string | undefined,
  resolution: boolean,
): Promise<JiraTransition | AlreadyThere> {
  const transitions = await listTransitions(ctx, key, resolution);
  if (wanted !== undefined && findTransition(transitions, wanted) === undefined) {
    const status = await issueStatus(ctx, key);
    if (status !== undefined && status.toLowerCase() === wanted.trim().toLowerCase()) return { already: status };
  }
  const picked = await chooseTransition(f, key, transitions, wanted);
  if (resolution) checkTakesResolution(key, picked, transitions);
  return picked;
}

async function chooseTransition(
  f: Factory,
  key: string,
  transitions: JiraTransition[],
  wanted: string | undefined,
): Promise<JiraTransition> {
  if (wanted !== undefined) return matchTransition(key, transitions, wanted);
  const available = transitions.map(describeTransition).join(', ') || 'none';
  if (transitions.length === 0) throw usageError(`say which transition to make on ${key}`, `available transitions: ${available}`);
  if (!f.io.canPrompt()) throw usageError(`say which transition to make on ${key}`, noPromptHint(f, `available transitions: ${available}`));
  const prompter = await f.prompter();
  const id = await prompter.select(
    `Transition ${key} to:`,
    transitions.map((t) => ({ value: t.id, name: describeTransition(t) })),
  );
  // The prompt offers only these transitions, so the id it returns is one of them.
  return transitions.find((t) => t.id === id)!;
}

export default defineCommand({
  path: ['jira', 'issue', 'transition'],
  aliases: ['move'],
  summary: 'Move an issue through its workflow (by transition or status name)',
  json: 'value',
  description:
    'Make a workflow transition. TO matches a transition name or its target status name, case-insensitively; ' +
    'when nothing matches, the available transitions are listed (exit 2). Without TO, a terminal offers a choice. ' +
    'Without a KEY (the first argument is not one), the issue is the key in the current git branch name (feature/ABC-123-login).\n\n' +
    '--resolution is sent only with a transition whose screen has the Resolution field (Jira refuses it otherwise); ' +
    'for any other transition it is an error (exit 2) naming the fields the transition takes and the transitions that take a resolution.\n\n' +
    'With --jql instead of a key, every matching issue is moved after confirmation (or --yes).',
  arguments: '[key] [to]',
  examples: [
    'atl jira issue transition ABC-123 "In Progress"',
    'atl jira issue transition ABC-123 --to Done --resolution Done --comment "Shipped in 1.4"',
    'atl jira issue transition --jql "project = ABC AND status = \'In Review\'" Done --yes',
  ],
  options: (command) =>
    command
      .option('--to <name>', 'transition or target status name')
      .option('--comment <markdown>', 'add this comment with the transition')
      .option('--resolution <name>', 'set the resolution, e.g. Fixed (only on a transition whose screen has the Resolution field)')
      .option('--jql <jql>', 'transition every issue matching this JQL instead of one key')
      .option('--yes', 'do not ask for confirmation'),
  async run(f, args, options) {
    // With --jql the only argument is the target; without it, the key comes first.
    refuseKeyWithJql(args, options.jql, 1);
    const [first, second] = options.jql === undefined ? await keyAndRest(f, args, 2) : args;
    const target = issueTarget(options.jql === undefined ? first : undefined, options.jql);
    const positionalTo = target.jql === undefined ? second : first;
    if (positionalTo !== undefined && options.to !== undefined) throw conflictError('a target argument', '--to');
    const wanted = positionalTo ?? options.to;
    const ctx = await jiraContext(f);
    const extras = {
      ...(options.comment !== undefined ? { comment: await toJiraText(ctx, options.comment) } : {}),
      ...(options.resolution !== undefined ? { resolution: await canonicalName(ctx, 'resolution', options.resolution) } : {}),
    };
    if (target.jql !== undefined) {
      if (wanted === undefined) throw usageError('say which transition to make', 'give the transition or status name, e.g. Done');
      return runJqlBulk(
        f,
        ctx,
        target.jql,
        { would: `move to ${wanted}`, ask: (issues) => `Move ${issues} to ${wanted}?` },
        options.yes,
        async (key) => {
          const transition = await pickTransition(f, ctx, key, wanted, extras.resolution !== undefined);
          if ('already' in transition) return unchanged(`already ${transition.already}`);
          await doTransition(ctx, key, transition, extras);
          return `→ ${transition.to?.name ?? transition.name}`;
        },
      );
    }
    const { key } = target;
    const transition = await pickTransition(f, ctx, key, wanted, extras.resolution !== undefined);
    if ('already' in transition) {
      if (f.globals.json) printJson(f.io, { key, transition: null, status: transition.already, unchanged: true });
      else f.io.stdout.write(sanitizeText(`${key} is already ${transition.already}; nothing to do\n`));
      return;
    }
    await doTransition(ctx, key, transition, extras);
    const status = transition.to?.name ?? transition.name;
    if (f.globals.json) printJson(f.io, { key, transition: transition.name, status });
    else f.io.stdout.write(sanitizeText(`${key} → ${status}\n`));
  },
});
