import { printJson } from '../../../cmdutil/json.js';
import { getContent, resolveContentId } from '../../../confluence/content.js';
import { confluenceContext } from '../../../confluence/context.js';
import { checkSpaceKey } from '../../../confluence/spaces.js';
import { pageTree, spaceTree, treeJson } from '../../../confluence/tree.js';
import { usageError } from '../../../errors.js';
import { defineCommand } from '../../spec.js';
import { spaceKeyOf } from '../_shared/content.js';
import { printTree } from '../_shared/tree.js';

/** A space key or a page reference: ids, URLs and "SPACE:Title" name pages, anything else a space. */
function isPageRef(ref: string): boolean {
  return /^\d+$/.test(ref.trim()) || /^https?:\/\//i.test(ref.trim()) || ref.includes(':');
}

export default defineCommand({
  path: ['confluence', 'page', 'tree'],
  summary: 'Show the page tree of a space, or under a page',
  description:
    "Print the pages of a space (or of one page and everything under it) as an indented tree, in Confluence's order. " +
    '--json prints the pages as Confluence returns them, each with a "children" array.',
  json: 'value',
  arguments: '<space-or-page>',
  examples: ['atl confluence page tree DOCS', 'atl confluence page tree "DOCS:User Guide"', 'atl confluence page tree DOCS --json'],
  async run(f, args) {
    const ref = args[0]!;
    const ctx = await confluenceContext(f);
    let nodes: Awaited<ReturnType<typeof spaceTree>>;
    if (isPageRef(ref)) {
      const id = await resolveContentId(ctx, 'page', ref);
      const spaceKey = await spaceKeyOf(ctx, await getContent(ctx, 'page', id));
      if (spaceKey === undefined) throw usageError(`cannot tell which space page ${id} is in`);
      nodes = await pageTree(ctx, id, spaceKey);
    } else {
      nodes = await spaceTree(ctx, checkSpaceKey(ref));
    }
    if (f.globals.json) return printJson(f.io, treeJson(nodes));
    if (nodes.length === 0) {
      f.io.stderr.write('no pages\n');
      return;
    }
    printTree(f, nodes);
  },
});
