import { parsePositiveInt } from '../../../cmdutil/input.js';
import { printJson } from '../../../cmdutil/json.js';
import { resolveContentId } from '../../../confluence/content.js';
import { confluenceContext } from '../../../confluence/context.js';
import { descendants, walkTree } from '../../../confluence/tree.js';
import { usageError } from '../../../errors.js';
import { defineCommand } from '../../spec.js';
import { printTree } from '../_shared/tree.js';

export default defineCommand({
  path: ['confluence', 'page', 'children'],
  summary: 'List the pages under a page',
  description:
    'List the child pages of a page, in their order; --depth N goes N levels down, indented. --json prints them as one flat array.',
  json: 'value',
  arguments: '<page>',
  examples: [
    'atl confluence page children "DOCS:Getting Started"',
    'atl confluence page children "DOCS:Documentation Home" --depth 3',
    'atl confluence page children "DOCS:User Guide" --json',
  ],
  options: (command) => command.option('--depth <n>', 'how many levels down to list', '1'),
  async run(f, args, options) {
    const depth = parsePositiveInt('--depth', options.depth);
    if (depth < 1) throw usageError('--depth must be 1 or more');
    const ctx = await confluenceContext(f);
    const id = await resolveContentId(ctx, 'page', args[0]!);
    const nodes = await descendants(ctx, id, depth);
    if (f.globals.json)
      return printJson(
        f.io,
        [...walkTree(nodes)].map(({ node }) => node.page),
      );
    if (nodes.length === 0) {
      f.io.stderr.write(`page ${id} has no child pages\n`);
      return;
    }
    printTree(f, nodes);
  },
});
