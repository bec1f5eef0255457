import { printJson } from '../../../cmdutil/json.js';
import { jiraContext } from '../../../jira/context.js';
import { checkIssueKey } from '../../../jira/issues.js';
import { voteIssue } from '../../../jira/watchers.js';
import { defineCommand } from '../../spec.js';

export default defineCommand({
  path: ['jira', 'issue', 'vote'],
  summary: 'Vote for an issue (--remove takes your vote back)',
  json: 'value',
  description: 'Vote for an issue, or take your vote back with --remove. Jira does not let the reporter of an issue vote for it.',
  arguments: '<key>',
  examples: ['atl jira issue vote ABC-123', 'atl jira issue vote ABC-123 --remove'],
  options: (command) => command.option('--remove', 'take your vote back'),
  async run(f, args, options) {
    const key = checkIssueKey(args[0]!);
    const remove = options.remove === true;
    await voteIssue(await jiraContext(f), key, remove);
    if (f.globals.json) printJson(f.io, { key, voted: !remove });
    else f.io.stdout.write(remove ? `removed your vote from ${key}\n` : `voted for ${key}\n`);
  },
});
