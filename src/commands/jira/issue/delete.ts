import { jiraContext } from '../../../jira/context.js';
import { printJson } from '../../../cmdutil/json.js';
import { checkIssueKey, deleteIssue } from '../../../jira/issues.js';
import { defineCommand } from '../../spec.js';
import { confirmOrFail } from '../../../cmdutil/input.js';

export default defineCommand({
  path: ['jira', 'issue', 'delete'],
  summary: 'Delete an issue (asks first unless --yes)',
  json: 'value',
  arguments: '<key>',
  examples: ['atl jira issue delete ABC-123', 'atl jira issue delete ABC-123 --yes --delete-subtasks'],
  options: (command) =>
    command
      .option('--yes', 'do not ask for confirmation')
      .option('--delete-subtasks', 'also delete its subtasks (required when it has some)'),
  async run(f, args, options) {
    const key = checkIssueKey(args[0]!);
    if (
      !(await confirmOrFail(f, `Delete ${key}${options.deleteSubtasks ? ' and its subtasks' : ''}? This cannot be undone.`, options.yes))
    ) {
      f.io.stderr.write('cancelled\n');
      return 1;
    }
    const ctx = await jiraContext(f);
    await deleteIssue(ctx, key, options.deleteSubtasks === true);
    if (f.globals.json) printJson(f.io, { key, deleted: true });
    else f.io.stdout.write(`deleted ${key}\n`);
  },
});
