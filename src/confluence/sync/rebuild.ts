/**
 * A sync folder without `.atl/` (a git clone: the Markdown is committed, `.atl/` ignored) gets its
 * state back from the files themselves (design note §3): each file's front matter names its page
 * and the version it is based on, so that version's body is read from the page history
 * (`GET /api/v2/pages/{id}?version=N`, Data Center `GET /rest/api/content/{id}?version=N&status=historical`)
 * and becomes the base again. A local edit is then a local change, not a conflict, and a page
 * changed in Confluence since merges three-way on pull, as in the folder that was pulled.
 *
 * What history cannot say is taken so that nothing is lost: labels have no history, so the base
 * labels are those both the file and Confluence have (push then only adds labels, pull keeps both
 * sides'); an image's base is the file here, at the attachment's current version.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AtlError } from '../../errors.js';
import { type EngineOptions, requireState, withSyncLock } from './engine.js';
import { attachmentsDirOf, convertContext, type LocalFile, placeTree, scanFolder, shownAttachments, treeIndex } from './folder.js';
import { renderPageFile } from './front-matter.js';
import { attachmentFileNames, type Place } from './layout.js';
import { Manifest, nativePath } from './manifest.js';
import { DEFAULT_CONCURRENCY, runPool } from './pool.js';
import type { RemotePage, RemotePageSummary, SyncRoot } from './remote.js';
import {
  type AttachmentState,
  type PageState,
  pageEntry,
  readState,
  STATE_FORMAT,
  type SyncState,
  sha256,
  syncBases,
  writeBase,
  writeState,
} from './state.js';

/** The state entry of a Cloud folder (a directory, nothing to compare). */
export function folderEntry(node: RemotePageSummary, place: Place): PageState {
  return {
    id: node.id,
    path: place.path,
    title: node.title,
    parentId: node.parentId,
    kind: 'folder',
    baseVersion: node.version,
    localHash: '',
    storageHash: '',
    labels: [],
    attachments: [],
  };
}

/** Files that name a page and the version they are based on. */
function trackedFiles(files: Map<string, LocalFile>): LocalFile[] {
  return [...files.values()].filter((file) => file.frontMatter.id !== undefined && file.frontMatter.version !== undefined);
}

/**
 * The state of a folder that has page files but no `.atl/`, rebuilt and written (with the bases), or
 * undefined when no file names a page. The root is `target`, else the page of a top-level `index.md`
 * (a folder pulled from a page), else the files' space.
 */
export async function rebuildState(
  options: EngineOptions,
  target?: { space: string } | { pageId: string },
): Promise<SyncState | undefined> {
  const { dir, remote, converter } = options;
  const files = await scanFolder(dir);
  const tracked = trackedFiles(files);
  if (tracked.length === 0) return undefined;
  const topId = files.get('index.md')?.frontMatter.id;
  const space = tracked.find((file) => file.frontMatter.space !== undefined)?.frontMatter.space;
  const bound = target ?? (topId !== undefined ? { pageId: topId } : space !== undefined ? { space } : undefined);
  if (bound === undefined) return undefined;
  const root: SyncRoot = await remote.resolveRoot(bound);
  const listed = new Map((await remote.listTree(root)).map((node) => [node.id, node]));

  const bases: Array<{ file: LocalFile; page: RemotePage; node: RemotePageSummary }> = [];
  await runPool(tracked, options.concurrency ?? DEFAULT_CONCURRENCY, async (file) => {
    const node = listed.get(file.frontMatter.id as string);
    if (node === undefined || node.kind === 'folder' || bases.some((base) => base.node.id === node.id)) return;
    const page = await remote.getPageVersion(node.id, file.frontMatter.version as number);
    // A version no longer in the history: the file stays, untracked (push names it).
    if (page) bases.push({ file, page, node });
  });
  bases.sort((a, b) => (a.node.id < b.node.id ? -1 : 1));
  const index = treeIndex(bases.map(({ file, node }) => ({ title: node.title, path: file.path })));

  const pages = new Manifest<PageState>();
  for (const { file, page } of bases) {
    const attachments = shownAttachments(page.storage).size > 0 ? await remote.listAttachments(page.id) : [];
    const markdown = await converter.toMarkdown(page.storage, convertContext(file.path, root.space, index, attachments));
    const here = new Set(file.frontMatter.labels ?? []);
    const labels = [...new Set(page.labels)].filter((label) => here.has(label)).sort();
    const rendered = await renderPageFile(
      { id: page.id, space: root.space, title: page.title, version: page.version, labels, extra: file.frontMatter.extra },
      markdown,
    );
    const names = attachmentFileNames(attachments);
    const shown = shownAttachments(page.storage);
    const attachmentStates: AttachmentState[] = [];
    for (const attachment of attachments.filter((candidate) => shown.has(candidate.name))) {
      const name = names.get(attachment.id) as string;
      const data = await readFileIfExists(nativePath(dir, `${attachmentsDirOf(file.path)}/${name}`, path));
      if (data !== undefined)
        attachmentStates.push({ id: attachment.id, name: attachment.name, file: name, version: attachment.version, sha256: sha256(data) });
    }
    await writeBase(dir, page.id, markdown, page.storage, { batch: true });
    pages.set(pageEntry(page, file.path, rendered, labels, attachmentStates));
  }
  // Folders have no file: they go where a pull would put them now.
  const folders = [...listed.values()].filter((node) => node.kind === 'folder');
  if (folders.length > 0) {
    const places = placeTree(root, [...listed.values()], pages, dir);
    for (const node of folders) pages.set(folderEntry(node, places.get(node.id) as Place));
  }
  const state: SyncState = { format: STATE_FORMAT, converter: converter.version, root, pages };
  await syncBases(dir);
  await writeState(dir, state);
  return state;
}

function readFileIfExists(file: string): Promise<Buffer | undefined> {
  return readFile(file).catch(() => undefined);
}

/**
 * The folder's state for status, diff and push: `.atl/state.json`, or in a clone without it the state
 * rebuilt from the front matter (under the folder lock unless the caller holds it).
 */
export async function loadState(options: EngineOptions, locked = false): Promise<SyncState> {
  const state = await readState(options.dir);
  if (state) return state;
  if (trackedFiles(await scanFolder(options.dir)).length === 0) return requireState(options.dir);
  const rebuild = async () => (await readState(options.dir)) ?? (await rebuildState(options));
  const rebuilt = locked ? await rebuild() : await withSyncLock(options.dir, rebuild);
  if (!rebuilt) throw new AtlError('usage', `${options.dir}: cannot tell which space its files are from`, { hint: 'pull it again' });
  return rebuilt;
}
