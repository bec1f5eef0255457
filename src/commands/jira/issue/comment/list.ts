import { jiraContext } from '../../../../jira/context.js';
import { checkIssueKey, listComments } from '../../../../jira/issues.js';
import { fromJiraText } from '../../../../jira/text.js';
import { defineCommand } from '../../../spec.js';
import { printJsonStream } from '../../../../cmdutil/json.js';
import { writeFlowing } from '../../../../cmdutil/stream.js';
import { fieldText } from '../../_shared/issue-output.js';
import { sanitizeText } from '../../../../output/terminal.js';

export default defineCommand({
  path: ['jira', 'issue', 'comment', 'list'],
  summary: 'List the comments on an issue, oldest first',
  json: 'listing',
  arguments: '<key>',
  examples: ['atl jira issue comment list ABC-123', 'atl jira issue comment list ABC-123 --json'],
  async run(f, args) {
    const key = checkIssueKey(args[0]!);
    const ctx = await jiraContext(f);
    const comments = listComments(ctx, key);
    if (f.globals.json) {
      await printJsonStream(f.io, comments);
      return;
    }
    let n = 0;
    for await (const comment of comments) {
      const head = `${n++ === 0 ? '' : '\n'}— ${fieldText(comment.author) || 'someone'}, ${fieldText(comment.created)} (id ${comment.id})\n`;
      await writeFlowing(f.io.stdout, sanitizeText(`${head}${await fromJiraText(comment.body)}\n`));
    }
    if (n === 0) f.io.stderr.write(`no comments on ${key}\n`);
  },
});
