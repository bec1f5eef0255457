import { type Anchor, commentWrite, lineKind, rawDiff } from '../../../bitbucket/pr-content.js';
import { send } from '../../../bitbucket/prs.js';
import { bodyOrEditor, parsePositiveInt } from '../../../cmdutil/input.js';
import { printJson } from '../../../cmdutil/json.js';
import { usageError } from '../../../errors.js';
import { defineCommand } from '../../spec.js';
import { dryRunFlag, repoFlags } from '../_shared/flags.js';
import { printDryRun } from '../_shared/output.js';
import { prTarget } from '../_shared/pr.js';

export default defineCommand({
  path: ['bitbucket', 'pr', 'comment'],
  summary: 'Comment on a pull request, or on one line of its diff with --file and --line',
  description:
    'The text comes from BODY, --body-file, or stdin when piped; on a terminal without them, from your editor. With --file and --line the comment is on that line of ' +
    'the new file; a line the diff does not show is refused, naming the lines it shows.',
  json: 'value',
  arguments: '<id> [body]',
  examples: [
    'atl bb pr comment 1 "Looks good to me" --repo acme/website',
    'atl bb pr comment 1 "Off by one?" --file src/footer.ts --line 12 --repo acme/website',
    'atl bb pr comment 1 --body-file review.md --dry-run',
  ],
  options: (command) =>
    dryRunFlag(
      repoFlags(
        command
          .option('--body-file <file>', 'read the comment from a file (- for stdin)')
          .option('--file <path>', 'comment on this file of the diff (with --line)')
          .option('--line <n>', 'the line of the new file to comment on'),
      ),
    ),
  async run(f, args, options) {
    if ((options.file === undefined) !== (options.line === undefined))
      throw usageError('--file and --line go together', 'pass both to comment on a line, or neither for a general comment');
    const line = options.line === undefined ? undefined : parsePositiveInt('--line', options.line);
    const text = await bodyOrEditor(f, args[1], options.bodyFile, true, ['BODY', '--body-file'], { file: 'comment.md' });
    if (text === undefined || text.trim() === '')
      throw usageError('no comment text', 'pass it as an argument, with --body-file, or on stdin');
    const { ctx, ref, pr } = await prTarget(f, args[0], options);
    let anchor: Anchor | undefined;
    if (options.file !== undefined && line !== undefined) {
      const diff = Buffer.from(await rawDiff(ctx, ref, pr.id)).toString('utf8');
      anchor = { path: options.file, line, kind: lineKind(diff, options.file, line) };
    }
    const write = commentWrite(ctx, ref, pr.id, text, anchor);
    if (options.dryRun) return printDryRun(f, [write]);
    const created = await send<{ id?: number; links?: { html?: { href?: string } } }>(ctx, ref, write);
    if (f.globals.json) return printJson(f.io, created);
    f.io.stdout.write(
      `commented on #${pr.id}${anchor ? ` at ${anchor.path}:${anchor.line}` : ''}${created.links?.html?.href ? `\n${created.links.html.href}` : ''}\n`,
    );
  },
});
