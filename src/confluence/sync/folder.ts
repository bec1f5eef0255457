/**
 * The sync folder on disk: scanning its page files, writing them atomically, and the context the
 * converter resolves links and images through (paths relative to the page's own directory, as
 * they are written in the Markdown).
 */
import { mkdir, readdir, readFile, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../auth/fsutil.js';
import { normalizeText } from '../../cmdutil/input.js';
import { attachmentFileName, MARKDOWN_EXTENSION } from './filenames.js';
import { type PageFile, parsePageFile } from './front-matter.js';
import { attachmentFileNames, INDEX_STEM, layoutTree, type Place } from './layout.js';
import { type Manifest, nativePath, storedPath } from './manifest.js';
import { runPool } from './pool.js';
import type { ConvertContext, RemotePageSummary, SyncRoot } from './remote.js';
import { STATE_DIR } from './state.js';

export interface LocalFile extends PageFile {
  /** Stored path (relative, `/`-separated, NFC). */
  path: string;
  /** The text with LF line ends and no byte-order mark. */
  text: string;
}

const ATTACHMENTS_SUFFIX = '.attachments';

/** Every Markdown file under `dir`, by stored path; `.atl`, hidden directories and attachment directories are skipped. */
export async function scanFolder(dir: string): Promise<Map<string, LocalFile>> {
  const found: Array<{ stored: string; absolute: string }> = [];
  const walk = async (absolute: string): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(absolute, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = path.join(absolute, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === STATE_DIR || entry.name.startsWith('.') || entry.name.endsWith(ATTACHMENTS_SUFFIX)) continue;
        await walk(child);
      } else if (entry.isFile() && entry.name.endsWith(MARKDOWN_EXTENSION)) {
        found.push({ stored: storedPath(path.relative(dir, child), path), absolute: child });
      }
    }
  };
  await walk(dir);
  // Read a few files at a time (one at a time, a 1,000-page folder waits on the disk 1,000 times in a row), parse in order.
  const texts = await runPool(found, SCAN_READS, (file) => readFile(file.absolute, 'utf8'));
  const files = new Map<string, LocalFile>();
  for (const [index, { stored }] of found.entries()) {
    const raw = texts[index] as string;
    const parsed = await parsePageFile(raw, stored);
    files.set(stored, { ...parsed, path: stored, text: normalizeText(raw) });
  }
  return files;
}

/** Files read at once by scanFolder: enough to keep the disk busy, far below the open-file limit. */
const SCAN_READS = 16;

/** The text of a page file, or undefined when it does not exist. */
export async function readPageText(dir: string, stored: string): Promise<string | undefined> {
  try {
    return normalizeText(await readFile(nativePath(dir, stored, path), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function writePageText(dir: string, stored: string, text: string): Promise<void> {
  const file = nativePath(dir, stored, path);
  // The directory usually exists: make it only when the write says it does not (a mkdir per file is a pull's cost).
  try {
    await writeFileAtomic(file, text, 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, text, 0o644);
  }
}

export async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Moves a file or directory inside the sync folder (nothing when the source is gone). */
export async function moveInFolder(dir: string, from: string, to: string): Promise<void> {
  const source = nativePath(dir, from, path);
  if (!(await exists(source))) return;
  const target = nativePath(dir, to, path);
  await mkdir(path.dirname(target), { recursive: true });
  await rename(source, target);
}

export async function removeInFolder(dir: string, stored: string): Promise<void> {
  await rm(nativePath(dir, stored, path), { recursive: true, force: true });
}

/** Removes `stored`'s directory and its ancestors inside the folder while they are empty. */
export async function pruneEmptyDirectories(dir: string, stored: string): Promise<void> {
  let parent = path.posix.dirname(stored);
  while (parent !== '.' && parent !== '') {
    try {
      await rmdir(nativePath(dir, parent, path));
    } catch {
      return;
    }
    parent = path.posix.dirname(parent);
  }
}

/** The directory a page's children live in: `A/B` for `A/B/index.md`; null for a leaf. */
export function childDirectoryOf(place: { path: string; kind: string }): string | null {
  if (place.kind === 'folder') return place.path;
  if (place.kind === 'index') return place.path === `${INDEX_STEM}${MARKDOWN_EXTENSION}` ? '' : path.posix.dirname(place.path);
  return null;
}

/** The directory a file's parent page owns: `A` for `A/x.md` and for `A/x/index.md`. */
export function parentDirectoryOf(stored: string): string {
  const directory = path.posix.dirname(stored);
  const own = path.posix.basename(stored) === `${INDEX_STEM}${MARKDOWN_EXTENSION}` ? path.posix.dirname(directory) : directory;
  return own === '.' ? '' : own;
}

/** Where a file's attachments go: `A/x.attachments` beside `A/x.md`, `A/index.attachments` inside `A/`. */
export function attachmentsDirOf(stored: string): string {
  return `${stored.slice(0, -MARKDOWN_EXTENSION.length)}${ATTACHMENTS_SUFFIX}`;
}

/**
 * Places for the listed tree. A whole space lays out from the top of the folder; a page root is
 * the folder's own `index.md`, its children at the top beside it.
 */
export function placeTree(root: SyncRoot, nodes: readonly RemotePageSummary[], recorded: Manifest, dir: string): Map<string, Place> {
  const rootId = root.type === 'page' ? root.pageId : undefined;
  const { places } = layoutTree(
    nodes
      .filter((node) => node.id !== rootId)
      .map((node) => ({ id: node.id, title: node.title, parentId: node.parentId, folder: node.kind === 'folder' })),
    { rootLength: path.resolve(dir).length, recorded },
  );
  if (rootId !== undefined && nodes.some((node) => node.id === rootId)) {
    const place: Place = {
      id: rootId,
      kind: 'index',
      path: `${INDEX_STEM}${MARKDOWN_EXTENSION}`,
      attachmentsDir: `${INDEX_STEM}${ATTACHMENTS_SUFFIX}`,
    };
    const before = recorded.get(rootId);
    if (before && before.path !== place.path) place.movedFrom = before.path;
    places.set(rootId, place);
  }
  return places;
}

export interface TreeIndex {
  /** Page title → stored path of its file. */
  pathByTitle: Map<string, string>;
  /** Stored path → page title. */
  titleByPath: Map<string, string>;
}

export function treeIndex(entries: Iterable<{ title: string; path: string; kind?: string }>): TreeIndex {
  const pathByTitle = new Map<string, string>();
  const titleByPath = new Map<string, string>();
  for (const entry of entries) {
    if (entry.kind === 'folder') continue;
    pathByTitle.set(entry.title, entry.path);
    titleByPath.set(entry.path, entry.title);
  }
  return { pathByTitle, titleByPath };
}

/** The converter's view of one page: links relative to the page's directory, as written in its Markdown. */
export function convertContext(
  pagePath: string,
  space: string,
  index: TreeIndex,
  attachments: ReadonlyArray<{ id: string; name: string }> = [],
): ConvertContext {
  const here = path.posix.dirname(pagePath);
  const relative = (target: string): string => path.posix.relative(here === '.' ? '' : here, target);
  const fileNames = attachmentFileNames(attachments);
  const byName = new Map(attachments.map((attachment) => [attachment.name, fileNames.get(attachment.id) as string]));
  const byFile = new Map(attachments.map((attachment) => [fileNames.get(attachment.id) as string, attachment.name]));
  return {
    path: pagePath,
    attachmentsDir: relative(attachmentsDirOf(pagePath)),
    space,
    pathOfTitle: (title) => {
      const target = index.pathByTitle.get(title);
      return target === undefined ? undefined : relative(target);
    },
    titleOfPath: (link) => {
      const target = path.posix.normalize(path.posix.join(here === '.' ? '' : here, link.split('#')[0] ?? ''));
      return index.titleByPath.get(target);
    },
    attachmentFile: (name) => byName.get(name) ?? attachmentFileName(name, 'new'),
    attachmentName: (file) => byFile.get(file.normalize('NFC')) ?? file,
  };
}

/** Attachment names a storage body shows (`ri:attachment ri:filename`), decoded. */
export function shownAttachments(storage: string): Set<string> {
  const names = new Set<string>();
  for (const match of storage.matchAll(/<ri:attachment\b[^>]*?\bri:filename="([^"]*)"/g)) {
    names.add(
      (match[1] ?? '')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&'),
    );
  }
  return names;
}
