import { printJson } from '../../../cmdutil/json.js';
import { jiraContext } from '../../../jira/context.js';
import { checkIssueKey } from '../../../jira/issues.js';
import { watchIssue } from '../../../jira/watchers.js';
import { defineCommand } from '../../spec.js';

export default defineCommand({
  path: ['jira', 'issue', 'watch'],
  summary: 'Watch an issue (you are notified of its changes)',
  json: 'value',
  arguments: '<key>',
  examples: ['atl jira issue watch ABC-123', 'atl jira issue unwatch ABC-123'],
  async run(f, args) {
    const key = checkIssueKey(args[0]!);
    await watchIssue(await jiraContext(f), key);
    if (f.globals.json) printJson(f.io, { key, watching: true });
    else f.io.stdout.write(`watching ${key}\n`);
  },
});
