import { childPages, getContent, parentIdOf, spacePages } from './content.js';
import type { ConfluenceContext } from './context.js';
import { foldersAbove } from './folders.js';
import type { ConfluencePage } from './types.js';

/** A page with the pages under it, in their order. */
export interface PageNode {
  page: ConfluencePage;
  children: PageNode[];
}

/** Where a page sits among its siblings: v2 `position`, DC `extensions.position`. */
function positionOf(page: ConfluencePage): number {
  const dc = (page.extensions as { position?: unknown } | undefined)?.position;
  return page.position ?? (typeof dc === 'number' ? dc : Number.MAX_SAFE_INTEGER);
}

/** Siblings in Confluence's order: their position where the listing gives it, then title, then id. */
function bySiblingOrder(a: PageNode, b: PageNode): number {
  const pa = positionOf(a.page);
  const pb = positionOf(b.page);
  if (pa !== pb) return pa - pb;
  return a.page.title.localeCompare(b.page.title) || a.page.id.localeCompare(b.page.id);
}

/**
 * The page tree of a space's listing: the top-level pages (no parent, or a parent that is not a page
 * of the listing, such as a Cloud folder), each with its children. `rootId` keeps only that page's subtree.
 */
export function buildTree(pages: readonly ConfluencePage[], rootId?: string): PageNode[] {
  const nodes = new Map(pages.map((page) => [page.id, { page, children: [] as PageNode[] }]));
  const roots: PageNode[] = [];
  for (const node of nodes.values()) {
    const parent = parentIdOf(node.page);
    const parentNode = parent === undefined ? undefined : nodes.get(parent);
    if (parentNode) parentNode.children.push(node);
    else roots.push(node);
  }
  const sort = (list: PageNode[]): PageNode[] => {
    list.sort(bySiblingOrder);
    for (const node of list) sort(node.children);
    return list;
  };
  sort(roots);
  if (rootId === undefined) return roots;
  const root = nodes.get(rootId);
  return root ? [root] : [];
}

/** A space's pages and, on Cloud, the folders they are in (`type: "folder"`), each folder a node of the tree. */
async function spaceNodes(ctx: ConfluenceContext, spaceKey: string): Promise<ConfluencePage[]> {
  const pages = await spacePages(ctx, spaceKey);
  return [...pages, ...(await foldersAbove(ctx, pages))];
}

/** The tree of a whole space, from one listing of its pages (and a read of each folder they are in). */
export async function spaceTree(ctx: ConfluenceContext, spaceKey: string): Promise<PageNode[]> {
  return buildTree(await spaceNodes(ctx, spaceKey));
}

/** The subtree under a page (the page itself at the root), from one listing of its space. */
export async function pageTree(ctx: ConfluenceContext, id: string, spaceKey: string): Promise<PageNode[]> {
  const pages = await spaceNodes(ctx, spaceKey);
  if (!pages.some((p) => p.id === id)) pages.push(await getContent(ctx, 'page', id));
  return buildTree(pages, id);
}

/** The pages under a page down to `depth` levels (1: its children), a request per page with children. */
export async function descendants(ctx: ConfluenceContext, id: string, depth: number): Promise<PageNode[]> {
  const children = await childPages(ctx, id);
  return Promise.all(children.map(async (page) => ({ page, children: depth > 1 ? await descendants(ctx, page.id, depth - 1) : [] })));
}

/** Each node with its depth (0 at the roots), depth first: the order an indented tree prints in. */
export function* walkTree(nodes: readonly PageNode[], depth = 0): Generator<{ node: PageNode; depth: number }> {
  for (const node of nodes) {
    yield { node, depth };
    yield* walkTree(node.children, depth + 1);
  }
}

/** The tree as JSON: each page (or Cloud folder, `type: "folder"`) as Confluence returned it, with a `children` array of the same. */
export function treeJson(nodes: readonly PageNode[]): unknown[] {
  return nodes.map((node) => ({ ...node.page, children: treeJson(node.children) }));
}
