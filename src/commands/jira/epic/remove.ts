import { runBulk } from '../../../cmdutil/bulk.js';
import { jiraContext } from '../../../jira/context.js';
import { removeFromEpic } from '../../../jira/epics.js';
import { checkIssueKey } from '../../../jira/issues.js';
import { defineCommand } from '../../spec.js';
import { issueNoun } from '../_shared/issue-output.js';

export default defineCommand({
  path: ['jira', 'epic', 'remove'],
  summary: 'Take issues out of their epic',
  description:
    'Take each issue out of the epic it is under (the agile API, on Cloud and Data Center). Each issue is reported on its own line; ' +
    'the exit code is 1 when any failed.',
  json: 'value',
  arguments: '<keys...>',
  examples: ['atl jira epic remove ABC-5', 'atl jira epic remove ABC-5 ABC-6 --json'],
  async run(f, args) {
    const keys = (args as string[]).map(checkIssueKey);
    const ctx = await jiraContext(f);
    return runBulk(
      f,
      keys,
      issueNoun,
      { would: 'be taken out of their epic', ask: (issues) => `Take ${issues} out of their epic?` },
      true,
      (key) => removeFromEpic(ctx, key),
    );
  },
});
