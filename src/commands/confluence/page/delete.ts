import { confirmOrFail } from '../../../cmdutil/input.js';
import { printJson } from '../../../cmdutil/json.js';
import { deleteContent, getContent, resolveContentId } from '../../../confluence/content.js';
import { confluenceContext } from '../../../confluence/context.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';

export default defineCommand({
  path: ['confluence', 'page', 'delete'],
  summary: 'Move a page to the trash, or purge it (asks first unless --yes)',
  description:
    "Move a page to the space's trash, from where a space admin can restore it. --purge then removes it for good (space admin only).",
  json: 'value',
  arguments: '<page>',
  examples: ['atl confluence page delete "DOCS:Glossary" --yes', 'atl confluence page delete "DOCS:API Notes" --yes --purge'],
  options: (command) =>
    command.option('--yes', 'do not ask for confirmation').option('--purge', 'remove it for good, not only to the trash (space admin)'),
  async run(f, args, options) {
    const ctx = await confluenceContext(f);
    const id = await resolveContentId(ctx, 'page', args[0]!);
    const page = await getContent(ctx, 'page', id);
    const what = sanitizeText(`page ${id} "${page.title}"`);
    const question = options.purge ? `Delete ${what} for good? This cannot be undone.` : `Move ${what} to the trash?`;
    if (!(await confirmOrFail(f, question, options.yes))) {
      f.io.stderr.write('cancelled\n');
      return 1;
    }
    await deleteContent(ctx, 'page', id, options.purge === true);
    if (f.globals.json) return printJson(f.io, { id, deleted: true, purged: options.purge === true });
    f.io.stdout.write(`${options.purge ? 'purged' : 'moved to the trash:'} ${what}\n`);
  },
});
