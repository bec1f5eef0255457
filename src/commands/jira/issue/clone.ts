import { printJson } from '../../../cmdutil/json.js';
import { cloneIssue } from '../../../jira/clone.js';
import { browseUrl, jiraContext } from '../../../jira/context.js';
import { checkIssueKey } from '../../../jira/issues.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';

export default defineCommand({
  path: ['jira', 'issue', 'clone'],
  summary: 'Copy an issue: summary, description, type, priority, labels, components',
  json: 'value',
  description:
    'Create a copy of an issue with its summary (or --summary), description, type, priority, labels and components ' +
    '(a sub-task keeps its parent), in the same project or in --project. In another project the type is found by name, ' +
    'and components and parent are left behind. Prints the new key and its URL; --json prints {key, id, url}.',
  arguments: '<key>',
  examples: [
    'atl jira issue clone ABC-123',
    'atl jira issue clone ABC-123 --summary "Same bug on Android"',
    'atl jira issue clone ABC-123 --project XYZ --json',
  ],
  options: (command) =>
    command
      .option('--summary <text>', "the copy's summary (default: the original's)")
      .option('-P, --project <key>', 'create the copy in this project'),
  async run(f, args, options) {
    const key = checkIssueKey(args[0]!);
    const ctx = await jiraContext(f);
    const created = await cloneIssue(ctx, key, { summary: options.summary, project: options.project });
    const url = browseUrl(ctx, created.key);
    if (f.globals.json) printJson(f.io, { key: created.key, id: created.id, url });
    else f.io.stdout.write(sanitizeText(`${created.key}\n${url}\n`));
  },
});
