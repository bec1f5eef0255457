import { keyAndRest, requireKey } from '../../_shared/branch-key.js';
import { usageError } from '../../../../errors.js';
import { browseUrl, jiraContext } from '../../../../jira/context.js';
import { addComment, checkIssueKey } from '../../../../jira/issues.js';
import { toJiraText } from '../../../../jira/text.js';
import { printJson } from '../../../../cmdutil/json.js';
import { sanitizeText } from '../../../../output/terminal.js';
import { defineCommand } from '../../../spec.js';
import { bodyOrEditor } from '../../../../cmdutil/input.js';
import { parseVisibility } from '../../../../jira/comments.js';

export default defineCommand({
  path: ['jira', 'issue', 'comment', 'add'],
  summary: 'Add a comment (Markdown) to an issue',
  json: 'value',
  description:
    'Add a comment. The body is Markdown: the argument, --body-file, or piped stdin; on a terminal without one, your editor ' +
    '(VISUAL, else EDITOR) opens to write it, and saving it empty adds nothing. Without a KEY (the first argument ' +
    'is not one), the issue is the key in the current git branch name (feature/ABC-123-login).',
  arguments: '[key] [body]',
  examples: [
    'atl jira issue comment add ABC-123 "Fixed in **1.4**"',
    'atl jira issue comment add ABC-123 --body-file notes.md',
    'git log -1 --format=%B | atl jira issue comment add ABC-123',
    'atl jira issue comment add ABC-123 "Internal note" --visibility role:Developers',
  ],
  options: (command) =>
    command
      .option('--body-file <path>', 'read the body (Markdown) from a file, - for stdin')
      .option('--visibility <who>', 'only this project role or group sees it: role:NAME or group:NAME'),
  async run(f, args, options) {
    const [given, bodyArgument] = await keyAndRest(f, args, 2);
    const key = checkIssueKey(requireKey(given, 'jira issue comment add'));
    const visibility = options.visibility === undefined ? undefined : parseVisibility(options.visibility);
    const body = await bodyOrEditor(f, bodyArgument, options.bodyFile, true, ['a body argument', '--body-file'], { file: 'comment.md' });
    if (body === undefined || body.trim() === '')
      throw usageError('the comment is empty', 'give the body as an argument, with --body-file, or on stdin');
    const ctx = await jiraContext(f);
    const comment = await addComment(ctx, key, await toJiraText(ctx, body), visibility);
    const url = `${browseUrl(ctx, key)}?focusedCommentId=${encodeURIComponent(comment.id)}`;
    if (f.globals.json) printJson(f.io, comment);
    else f.io.stdout.write(sanitizeText(`added comment ${comment.id} to ${key}\n${url}\n`));
  },
});
