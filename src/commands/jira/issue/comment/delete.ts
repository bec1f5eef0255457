import { confirmOrFail } from '../../../../cmdutil/input.js';
import { printJson } from '../../../../cmdutil/json.js';
import { checkCommentId, deleteComment } from '../../../../jira/comments.js';
import { jiraContext } from '../../../../jira/context.js';
import { checkIssueKey } from '../../../../jira/issues.js';
import { defineCommand } from '../../../spec.js';

export default defineCommand({
  path: ['jira', 'issue', 'comment', 'delete'],
  summary: 'Delete a comment (asks first unless --yes)',
  json: 'value',
  description: 'Delete a comment. On a terminal it asks first; elsewhere (scripts, CI) --yes is required.',
  arguments: '<key> <id>',
  examples: ['atl jira issue comment delete ABC-123 10001', 'atl jira issue comment delete ABC-123 10001 --yes'],
  options: (command) => command.option('--yes', 'do not ask for confirmation'),
  async run(f, args, options) {
    const key = checkIssueKey(args[0]!);
    const id = checkCommentId(args[1]!);
    if (!(await confirmOrFail(f, `Delete comment ${id} on ${key}? This cannot be undone.`, options.yes))) {
      f.io.stderr.write('cancelled\n');
      return 1;
    }
    await deleteComment(await jiraContext(f), key, id);
    if (f.globals.json) printJson(f.io, { key, id, deleted: true });
    else f.io.stdout.write(`deleted comment ${id} on ${key}\n`);
  },
});
