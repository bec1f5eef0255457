/**
 * `docs status` and `docs diff`: the folder against its base (local changes, new and deleted
 * files) and the base against the listed tree (remote changes); both at once is a conflict, as is
 * a file still holding the markers of a pull's merge. Reads only.
 */
import path from 'node:path';
import { analyzeLocal, type EngineOptions, type LocalChange, type RemoteChange, remoteChangeOf } from './engine.js';
import { convertContext, treeIndex } from './folder.js';
import { renderPageFile } from './front-matter.js';
import { storedPath } from './manifest.js';
import { conflictMarkerLines, unifiedDiff } from './merge.js';
import { chunks, DEFAULT_CONCURRENCY, runPool } from './pool.js';
import { loadState } from './rebuild.js';
import type { RemotePage, SyncRoot } from './remote.js';
import { type PageState, readBase, type SyncState } from './state.js';

export interface StatusEntry {
  path: string;
  id?: string;
  title?: string;
  local?: LocalChange | 'new';
  remote?: RemoteChange;
  /** Changed on both sides, or holding a merge's conflict markers. */
  conflict: boolean;
  /** Lines of conflict markers left by a pull's merge. */
  markers: number[];
  /** For a file moved locally: where the state has it. */
  movedFrom?: string;
}

export interface StatusReport {
  root: SyncRoot;
  /** Sorted by path. */
  entries: StatusEntry[];
}

export async function status(options: EngineOptions): Promise<StatusReport> {
  const state = await loadState(options);
  const local = await analyzeLocal(options.dir, state);
  const listed = new Map((await options.remote.listTree(state.root)).map((node) => [node.id, node]));
  const entries: StatusEntry[] = [];
  for (const { entry, file, change } of local.tracked) {
    const remote = remoteChangeOf(entry, listed.get(entry.id));
    const markers = file ? conflictMarkerLines(file.body) : [];
    if (change === undefined && remote === undefined && markers.length === 0) continue;
    entries.push({
      path: file?.path ?? entry.path,
      id: entry.id,
      title: entry.title,
      local: change,
      remote,
      conflict: (change !== undefined && remote !== undefined) || markers.length > 0,
      markers,
      ...(change === 'moved' ? { movedFrom: entry.path } : {}),
    });
  }
  for (const file of local.added) {
    entries.push({
      path: file.path,
      title: file.frontMatter.title,
      local: 'new',
      conflict: false,
      markers: conflictMarkerLines(file.body),
    });
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { root: state.root, entries };
}

export interface FileDiff {
  path: string;
  /** The base (as pulled) → the file; '' when equal. */
  againstBase: string;
  /** Confluence now → the file, when Confluence has a newer version than the base; '' when equal. */
  againstRemote?: string;
  remoteVersion?: number;
}

export interface DiffOptions extends EngineOptions {
  /** Files to diff (relative to the sync folder or absolute); all changed files when empty. */
  files?: readonly string[];
}

/** The path of `file` inside the sync folder, in stored form. */
export function folderPath(dir: string, file: string): string {
  const absolute = path.resolve(dir, file);
  return storedPath(path.relative(path.resolve(dir), absolute), path);
}

export async function diff(options: DiffOptions): Promise<FileDiff[]> {
  const { dir, remote, converter } = options;
  const state = await loadState(options);
  const local = await analyzeLocal(dir, state);
  const wanted = options.files && options.files.length > 0 ? new Set(options.files.map((file) => folderPath(dir, file))) : undefined;
  const listed = new Map((await remote.listTree(state.root)).map((node) => [node.id, node]));
  const selected = local.tracked.filter(({ entry, file, change }) =>
    wanted
      ? wanted.has(file?.path ?? entry.path) || wanted.has(entry.path)
      : change !== undefined || remoteChangeOf(entry, listed.get(entry.id)) !== undefined,
  );
  const newer = selected.filter(({ entry }) => {
    const node = listed.get(entry.id);
    return node !== undefined && node.version !== entry.baseVersion;
  });
  const fetched = new Map<string, RemotePage>();
  await runPool(
    chunks(
      newer.map(({ entry }) => entry.id),
      remote.batchSize,
    ),
    options.concurrency ?? DEFAULT_CONCURRENCY,
    async (ids) => {
      for (const page of await remote.getPages(ids)) fetched.set(page.id, page);
    },
  );
  const index = treeIndex(state.pages.entries());
  const diffs: FileDiff[] = [];
  for (const { entry, file } of selected) {
    const shown = file?.path ?? entry.path;
    const text = file?.text ?? '';
    const base = await baseText(dir, state, entry);
    const result: FileDiff = {
      path: shown,
      againstBase: unifiedDiff(`a/${entry.path} (base, version ${entry.baseVersion})`, `b/${shown}`, base, text),
    };
    const page = fetched.get(entry.id);
    if (page) {
      const attachments = page.storage.includes('ri:attachment') ? await remote.listAttachments(page.id) : [];
      const markdown = await converter.toMarkdown(page.storage, convertContext(entry.path, state.root.space, index, attachments));
      const remoteText = await renderPageFile(
        { id: page.id, space: state.root.space, title: page.title, version: page.version, labels: [...page.labels].sort(), extra: {} },
        markdown,
      );
      result.againstRemote = unifiedDiff(`a/${entry.path} (Confluence, version ${page.version})`, `b/${shown}`, remoteText, text);
      result.remoteVersion = page.version;
    }
    diffs.push(result);
  }
  for (const file of local.added) {
    if (wanted && !wanted.has(file.path)) continue;
    diffs.push({ path: file.path, againstBase: unifiedDiff('/dev/null', `b/${file.path}`, '', file.text) });
  }
  return diffs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The file as pull wrote it from the base. */
async function baseText(dir: string, state: SyncState, entry: PageState): Promise<string> {
  const base = await readBase(dir, entry.id);
  return renderPageFile(
    { id: entry.id, space: state.root.space, title: entry.title, version: entry.baseVersion, labels: entry.labels, extra: {} },
    base?.markdown ?? '',
  );
}
