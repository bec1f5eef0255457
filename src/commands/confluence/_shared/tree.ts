import { isFolder } from '../../../confluence/folders.js';
import { type PageNode, walkTree } from '../../../confluence/tree.js';
import type { Factory } from '../../../factory.js';
import { sanitizeText } from '../../../output/terminal.js';

/** An indented tree, two spaces a level: `Title  (id)`, a Cloud folder `Title  (folder id)`. */
export function printTree(f: Factory, nodes: readonly PageNode[]): void {
  let out = '';
  for (const { node, depth } of walkTree(nodes)) {
    const id = isFolder(node.page) ? `folder ${node.page.id}` : node.page.id;
    out += `${'  '.repeat(depth)}${sanitizeText(node.page.title)}  (${id})\n`;
  }
  f.io.stdout.write(out);
}
