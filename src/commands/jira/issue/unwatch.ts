import { printJson } from '../../../cmdutil/json.js';
import { jiraContext } from '../../../jira/context.js';
import { checkIssueKey } from '../../../jira/issues.js';
import { unwatchIssue } from '../../../jira/watchers.js';
import { defineCommand } from '../../spec.js';

export default defineCommand({
  path: ['jira', 'issue', 'unwatch'],
  summary: 'Stop watching an issue',
  json: 'value',
  arguments: '<key>',
  examples: ['atl jira issue unwatch ABC-123'],
  async run(f, args) {
    const key = checkIssueKey(args[0]!);
    await unwatchIssue(await jiraContext(f), key);
    if (f.globals.json) printJson(f.io, { key, watching: false });
    else f.io.stdout.write(`stopped watching ${key}\n`);
  },
});
