import { type PageNode, walkTree } from '../../../confluence/tree.js';
import type { Factory } from '../../../factory.js';
import { sanitizeText } from '../../../output/terminal.js';

/** An indented tree, two spaces a level: `Title  (id)`. */
export function printTree(f: Factory, nodes: readonly PageNode[]): void {
  let out = '';
  for (const { node, depth } of walkTree(nodes)) out += `${'  '.repeat(depth)}${sanitizeText(node.page.title)}  (${node.page.id})\n`;
  f.io.stdout.write(out);
}
