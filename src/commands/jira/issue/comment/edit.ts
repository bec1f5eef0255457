import { printJson } from '../../../../cmdutil/json.js';
import { bodyOrEditor } from '../../../../cmdutil/input.js';
import { usageError } from '../../../../errors.js';
import { checkCommentId, getComment, parseVisibility, updateComment } from '../../../../jira/comments.js';
import { browseUrl, jiraContext } from '../../../../jira/context.js';
import { checkIssueKey } from '../../../../jira/issues.js';
import { fromJiraText, toJiraText } from '../../../../jira/text.js';
import { sanitizeText } from '../../../../output/terminal.js';
import { defineCommand } from '../../../spec.js';

export default defineCommand({
  path: ['jira', 'issue', 'comment', 'edit'],
  summary: 'Replace the text (Markdown) of a comment',
  json: 'value',
  description:
    'Replace the body of a comment. The new body is Markdown: the argument, --body-file, or piped stdin, as for `comment add`; ' +
    'on a terminal without one, the comment opens in your editor (VISUAL, else EDITOR). ' +
    'The comment keeps its visibility unless --visibility gives a new one. Comment ids are in `atl jira issue comment list KEY`.',
  arguments: '<key> <id> [body]',
  examples: [
    'atl jira issue comment edit ABC-123 10001 "Fixed in **1.5**, not 1.4"',
    'atl jira issue comment edit ABC-123 10001 --body-file notes.md',
    'atl jira issue comment edit ABC-123 10001 "Team only" --visibility group:jira-software-users',
  ],
  options: (command) =>
    command
      .option('--body-file <path>', 'read the body (Markdown) from a file, - for stdin')
      .option('--visibility <who>', 'only this project role or group sees it: role:NAME or group:NAME'),
  async run(f, args, options) {
    const key = checkIssueKey(args[0]!);
    const id = checkCommentId(args[1]!);
    const visibility = options.visibility === undefined ? undefined : parseVisibility(options.visibility);
    const ctx = await jiraContext(f);
    const body = await bodyOrEditor(f, args[2], options.bodyFile, true, ['a body argument', '--body-file'], {
      file: 'comment.md',
      initial: async () => fromJiraText((await getComment(ctx, key, id)).body),
    });
    if (body === undefined || body.trim() === '')
      throw usageError('the comment is empty', 'give the new body as an argument, with --body-file, or on stdin');
    const comment = await updateComment(ctx, key, id, await toJiraText(ctx, body), visibility);
    if (f.globals.json) return printJson(f.io, comment);
    const url = `${browseUrl(ctx, key)}?focusedCommentId=${encodeURIComponent(comment.id)}`;
    f.io.stdout.write(sanitizeText(`edited comment ${comment.id} on ${key}\n${url}\n`));
  },
});
