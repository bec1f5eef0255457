/**
 * Cloud folders (design note §1): nodes of the page tree with a title and no body. The v2 listing
 * of a space's pages leaves them out, but each page names its parent with `parentType`, so the
 * folders a space's pages sit in are read one `GET /api/v2/folders/{id}` each, up through folders
 * in folders. A folder with no page under it is not found this way: it has nothing to show or sync.
 * Data Center has no folders.
 */
import { AtlError } from '../errors.js';
import { type ConfluenceContext, V2 } from './context.js';
import type { ConfluencePage } from './types.js';

/** The node's parent when it is a folder. */
function folderParentOf(node: ConfluencePage): string | undefined {
  return node.parentType === 'folder' && node.parentId ? String(node.parentId) : undefined;
}

/**
 * The folders above `pages` that are not among them, as v2 answers `GET /folders/{id}` (`type: "folder"`,
 * `parentId`, `parentType`, `position`). One request per folder, a level of folders at a time.
 */
export async function foldersAbove(ctx: ConfluenceContext, pages: readonly ConfluencePage[]): Promise<ConfluencePage[]> {
  if (ctx.deployment !== 'cloud') return [];
  const known = new Set(pages.map((page) => String(page.id)));
  const folders: ConfluencePage[] = [];
  let wanted = [...new Set(pages.map(folderParentOf).filter((id): id is string => id !== undefined && !known.has(id)))];
  while (wanted.length > 0) {
    for (const id of wanted) known.add(id);
    const level = await Promise.all(
      wanted.map(async (id) => {
        try {
          return await ctx.http.get<ConfluencePage>(`${V2}/folders/${encodeURIComponent(id)}`);
        } catch (err) {
          // A folder the token may not read (or just deleted): its pages show at the top instead.
          if (err instanceof AtlError && (err.status === 404 || err.status === 403)) return undefined;
          throw err;
        }
      }),
    );
    const found = level.filter((folder): folder is ConfluencePage => folder !== undefined).map((folder) => ({ ...folder, type: 'folder' }));
    folders.push(...found);
    wanted = [...new Set(found.map(folderParentOf).filter((id): id is string => id !== undefined && !known.has(id)))];
  }
  return folders;
}

export const isFolder = (node: ConfluencePage): boolean => node.type === 'folder';
