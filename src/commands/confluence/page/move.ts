import { printJson } from '../../../cmdutil/json.js';
import { getContent, movePage, resolveContentId, resolveParentId } from '../../../confluence/content.js';
import { confluenceContext } from '../../../confluence/context.js';
import { checkSpaceKey } from '../../../confluence/spaces.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { spaceKeyOf } from '../_shared/content.js';

export default defineCommand({
  path: ['confluence', 'page', 'move'],
  summary: 'Move a page under another parent (also into another space)',
  description:
    'Move a page, with its children, under --parent: an id, URL, "SPACE:Title", or a title in --space (default: the page\'s own space). ' +
    'A parent in another space moves the page into that space.',
  json: 'value',
  arguments: '<page>',
  examples: [
    'atl confluence page move "DOCS:Release 1.0" --parent Archive',
    'atl confluence page move "DOCS:Release 1.1" --parent "DOCS:Archive"',
  ],
  options: (command) =>
    command
      .requiredOption('--parent <page>', 'the new parent page (id, URL, "SPACE:Title" or a title)')
      .option('--space <key>', "the space in which to look the parent title up (default: the page's own)"),
  async run(f, args, options) {
    const ctx = await confluenceContext(f);
    const id = await resolveContentId(ctx, 'page', args[0]!);
    const spaceKey = options.space === undefined ? await spaceKeyOf(ctx, await getContent(ctx, 'page', id)) : checkSpaceKey(options.space);
    const parentId = await resolveParentId(ctx, options.parent, spaceKey);
    const moved = await movePage(ctx, id, parentId);
    if (f.globals.json) return printJson(f.io, moved);
    f.io.stdout.write(sanitizeText(`moved page ${id} "${moved.title}" under page ${parentId}\n`));
  },
});
