import { runBulk } from '../../../cmdutil/bulk.js';
import { jiraContext } from '../../../jira/context.js';
import { addToEpic } from '../../../jira/epics.js';
import { checkIssueKey } from '../../../jira/issues.js';
import { defineCommand } from '../../spec.js';
import { issueNoun } from '../_shared/issue-output.js';

export default defineCommand({
  path: ['jira', 'epic', 'add'],
  summary: 'Put issues under an epic',
  description:
    'Put each issue under the epic: on Cloud by setting its parent, on Data Center through the agile API (its Epic Link). ' +
    'Each issue is reported on its own line (ok or failed, with the reason); the exit code is 1 when any failed.',
  json: 'value',
  arguments: '<epic> <keys...>',
  examples: ['atl jira epic add ABC-1 ABC-5', 'atl jira epic add ABC-1 ABC-5 ABC-6 --json'],
  async run(f, args) {
    const [epicArg, ...keyArgs] = args as string[];
    const epic = checkIssueKey(epicArg!);
    const keys = keyArgs.map(checkIssueKey);
    const ctx = await jiraContext(f);
    // The keys are named one by one on the command line: nothing to confirm.
    return runBulk(
      f,
      keys,
      issueNoun,
      { would: `be put under epic ${epic}`, ask: (issues) => `Put ${issues} under epic ${epic}?` },
      true,
      (key) => addToEpic(ctx, epic, key),
    );
  },
});
