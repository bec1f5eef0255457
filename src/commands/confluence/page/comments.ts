import { printJson } from '../../../cmdutil/json.js';
import { storageToMd, toStorage } from '../../../confluence/body.js';
import { addComment, listComments } from '../../../confluence/comments.js';
import { resolveContentId, versionAuthor, versionDate } from '../../../confluence/content.js';
import { confluenceContext } from '../../../confluence/context.js';
import type { ConfluenceComment } from '../../../confluence/types.js';
import { usageError } from '../../../errors.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';

function authorOf(comment: ConfluenceComment): string {
  return comment.history?.createdBy?.displayName ?? versionAuthor(comment.version) ?? '';
}

function dateOf(comment: ConfluenceComment): string {
  return comment.history?.createdDate ?? versionDate(comment.version);
}

export default defineCommand({
  path: ['confluence', 'page', 'comments'],
  summary: 'List the comments of a page, or add one',
  description: 'Print the footer comments of a page, oldest first, as Markdown; --add posts a comment written in Markdown.',
  json: 'value',
  arguments: '<page>',
  examples: [
    'atl confluence page comments "DOCS:Getting Started"',
    'atl confluence page comments "DOCS:FAQ" --add "Looks good, **ship it**"',
  ],
  options: (command) => command.option('--add <markdown>', 'add this comment (Markdown)'),
  async run(f, args, options) {
    const ctx = await confluenceContext(f);
    const id = await resolveContentId(ctx, 'page', args[0]!);
    if (options.add !== undefined) {
      if (options.add.trim() === '') throw usageError('--add is empty');
      const added = await addComment(ctx, 'page', id, await toStorage(options.add, 'md'));
      if (f.globals.json) return printJson(f.io, added);
      f.io.stdout.write(`added comment ${added.id} to page ${id}\n`);
      return;
    }
    const comments = await listComments(ctx, 'page', id);
    if (f.globals.json) return printJson(f.io, comments);
    if (comments.length === 0) {
      f.io.stderr.write(`page ${id} has no comments\n`);
      return;
    }
    let out = '';
    for (const comment of comments) {
      out += sanitizeText(`— ${authorOf(comment) || 'someone'}, ${dateOf(comment)}\n`);
      out += sanitizeText(`${(await storageToMd(comment.body?.storage?.value ?? '')).trimEnd()}\n\n`);
    }
    f.io.stdout.write(out);
  },
});
