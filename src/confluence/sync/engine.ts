/**
 * What pull, status, diff and push share: their options, the folder lock, and the comparison of
 * the folder with its state (local changes) and with the listed tree (remote changes).
 */
import { mkdir } from 'node:fs/promises';
import { withFileLock } from '../../auth/fsutil.js';
import { AtlError } from '../../errors.js';
import { type LocalFile, scanFolder } from './folder.js';
import type { DocsConverter, DocsRemote, RemotePageSummary } from './remote.js';
import { type PageState, readState, type SyncState, sha256, statePaths } from './state.js';

export interface SyncProgress {
  phase: 'fetch' | 'push';
  done: number;
  total: number;
}

export interface EngineOptions {
  /** The sync folder. */
  dir: string;
  remote: DocsRemote;
  converter: DocsConverter;
  /** Requests in flight at once (4 by default). */
  concurrency?: number;
  /** Called as pages are fetched or pushed, for a progress line. */
  onProgress?: (progress: SyncProgress) => void;
}

/** Runs `work` holding `.atl/lock`, so two atl processes never write one folder's state at once. */
export async function withSyncLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const paths = statePaths(dir);
  await mkdir(paths.atl, { recursive: true });
  // A push of a large tree takes minutes: only a dead owner makes the lock stale, never its age.
  return withFileLock(paths.state, work, { lockPath: paths.lock, timeoutMs: 2_000, staleMs: 7 * 24 * 3600_000 });
}

export async function requireState(dir: string): Promise<SyncState> {
  const state = await readState(dir);
  if (!state) {
    throw new AtlError('usage', `${dir} is not a pulled docs folder (no .atl/state.json)`, {
      hint: 'run `atl confluence docs pull SPACE|PAGE DIR` first, or pass --dir DIR',
    });
  }
  return state;
}

export type LocalChange = 'modified' | 'moved' | 'deleted';

export interface TrackedFile {
  entry: PageState;
  /** The file now, wherever it is; undefined when deleted. */
  file?: LocalFile;
  /** undefined: unchanged. */
  change?: LocalChange;
}

export interface LocalAnalysis {
  files: Map<string, LocalFile>;
  tracked: TrackedFile[];
  /** Files that are no tracked page: without an id, or with an id this folder does not track. */
  added: LocalFile[];
}

/** The folder against its state: which tracked files changed, moved or went, and which files are new. */
export async function analyzeLocal(dir: string, state: SyncState): Promise<LocalAnalysis> {
  const files = await scanFolder(dir);
  const claimed = new Set<string>();
  const byId = new Map<string, LocalFile>();
  for (const file of files.values())
    if (file.frontMatter.id !== undefined && !byId.has(file.frontMatter.id)) byId.set(file.frontMatter.id, file);
  const tracked: TrackedFile[] = [];
  for (const entry of state.pages.entries()) {
    if (entry.kind === 'folder') continue;
    const atPath = files.get(entry.path);
    let file = atPath && (atPath.frontMatter.id ?? entry.id) === entry.id ? atPath : undefined;
    let moved = false;
    if (!file) {
      const elsewhere = byId.get(entry.id);
      if (elsewhere && !claimed.has(elsewhere.path)) [file, moved] = [elsewhere, true];
    }
    if (!file) {
      tracked.push({ entry, change: 'deleted' });
      continue;
    }
    claimed.add(file.path);
    const change: LocalChange | undefined = moved ? 'moved' : sha256(file.text) !== entry.localHash ? 'modified' : undefined;
    tracked.push({ entry, file, change });
  }
  const added = [...files.values()].filter((file) => !claimed.has(file.path));
  return { files, tracked, added };
}

export type RemoteChange = 'modified' | 'deleted';

/** How a tracked page differs in the listing from its base. */
export function remoteChangeOf(entry: PageState, listed: RemotePageSummary | undefined): RemoteChange | undefined {
  if (!listed) return 'deleted';
  if (listed.version !== entry.baseVersion || listed.title !== entry.title || listed.parentId !== entry.parentId) return 'modified';
  return undefined;
}

/** Catches the failures a single operation may have (the site refused it), letting others (a crash) through. */
export function isOperationFailure(err: unknown): err is Error {
  return err instanceof AtlError || (err instanceof Error && err.name === 'VersionConflictError');
}
