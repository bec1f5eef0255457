/**
 * The sync folder's own records, in `.atl/` (git-ignored; design note §3):
 * - `state.json`: the root the folder is bound to, the converter version, and per page (by id,
 *   sorted, no timestamps) its path, remote title and parent as of the base, base version,
 *   `localHash` (sha256 of the file as pull rendered it from the base: any other content is a
 *   local change), `storageHash` (sha256 of the base storage), base labels and the attachments
 *   written beside it.
 * - `base/<id>.md` and `base/<id>.xml`: the base Markdown body and storage, the common ancestor
 *   of three-way merges and of `diff`.
 * - `journal.ndjson`: push's write-ahead log (journal.ts); `lock` while a push or pull runs.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { syncDirectory, writeFileAtomic } from '../../auth/fsutil.js';
import { AtlError } from '../../errors.js';
import { Manifest, type ManifestEntry, stableJson } from './manifest.js';
import type { SyncRoot } from './remote.js';

export const STATE_DIR = '.atl';
export const STATE_FORMAT = 1;

export interface AttachmentState {
  id: string;
  /** The attachment's name on the page. */
  name: string;
  /** Its file name in the page's attachments directory. */
  file: string;
  version: number;
  sha256: string;
}

export interface PageState extends ManifestEntry {
  kind: 'page' | 'folder';
  baseVersion: number;
  localHash: string;
  storageHash: string;
  labels: string[];
  attachments: AttachmentState[];
}

export interface SyncState {
  format: number;
  converter: string;
  root: SyncRoot;
  pages: Manifest<PageState>;
}

/** A page's entry once `page` is its base, written at `path` as `rendered` (its local hash). */
export function pageEntry(
  page: { id: string; title: string; parentId: string | null; version: number; storage: string },
  path: string,
  rendered: string,
  labels: string[],
  attachments: AttachmentState[],
): PageState {
  return {
    id: page.id,
    path,
    title: page.title,
    parentId: page.parentId,
    kind: 'page',
    baseVersion: page.version,
    localHash: sha256(rendered),
    storageHash: sha256(page.storage),
    labels,
    attachments,
  };
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function statePaths(dir: string) {
  const atl = path.join(dir, STATE_DIR);
  return {
    atl,
    state: path.join(atl, 'state.json'),
    journal: path.join(atl, 'journal.ndjson'),
    lock: path.join(atl, 'lock'),
    baseMarkdown: (id: string) => path.join(atl, 'base', `${id}.md`),
    baseStorage: (id: string) => path.join(atl, 'base', `${id}.xml`),
  };
}

const damaged = (what: string): AtlError =>
  new AtlError('config', `the sync state is damaged: ${what}`, {
    hint: 'pull again into an empty folder, or restore .atl/state.json from a backup',
  });

/** The folder's state, or undefined when it was never pulled. */
export async function readState(dir: string): Promise<SyncState | undefined> {
  let text: string;
  try {
    text = await readFile(statePaths(dir).state, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw damaged('state.json is not JSON');
  }
  if (raw.format !== STATE_FORMAT) throw damaged(`unknown format ${String(raw.format)}`);
  const root = raw.root as SyncRoot | undefined;
  if (!root || (root.type !== 'space' && root.type !== 'page') || typeof root.space !== 'string') throw damaged('root is missing');
  const pages = Manifest.fromJSON<PageState>(raw.pages, (fields, core) => {
    const attachments = Array.isArray(fields.attachments) ? (fields.attachments as AttachmentState[]) : [];
    return {
      ...core,
      kind: fields.kind === 'folder' ? 'folder' : 'page',
      baseVersion: Number(fields.baseVersion),
      localHash: String(fields.localHash ?? ''),
      storageHash: String(fields.storageHash ?? ''),
      labels: Array.isArray(fields.labels) ? fields.labels.map(String) : [],
      attachments,
    };
  });
  return { format: STATE_FORMAT, converter: String(raw.converter ?? ''), root, pages };
}

export async function writeState(dir: string, state: SyncState): Promise<void> {
  const paths = statePaths(dir);
  await mkdir(paths.atl, { recursive: true });
  await writeFileAtomic(paths.state, stableJson(state), 0o644);
}

export async function readBase(dir: string, id: string): Promise<{ markdown: string; storage: string } | undefined> {
  const paths = statePaths(dir);
  try {
    const [markdown, storage] = await Promise.all([readFile(paths.baseMarkdown(id), 'utf8'), readFile(paths.baseStorage(id), 'utf8')]);
    return { markdown, storage };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Writes a page's base copies. `.atl/base` holds two files per page, so a pull of a large tree
 * writes them as a batch (`batch`: no directory fsync and orphan sweep per file, each of which reads
 * the whole directory) and calls syncBases once before the state that names them is written.
 */
export async function writeBase(
  dir: string,
  id: string,
  markdown: string,
  storage: string,
  options: { batch?: boolean } = {},
): Promise<void> {
  const paths = statePaths(dir);
  const write = async (file: string, text: string) => {
    try {
      await writeFileAtomic(file, text, 0o644, { batch: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      await mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, text, 0o644, { batch: true });
    }
  };
  await write(paths.baseMarkdown(id), markdown);
  await write(paths.baseStorage(id), storage);
  if (!options.batch) await syncBases(dir);
}

/** Makes a batch of writeBase calls durable (and removes temp files a killed writer left in `.atl/base`). */
export async function syncBases(dir: string): Promise<void> {
  await syncDirectory(path.dirname(statePaths(dir).baseMarkdown('x'))).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err; // Nothing written yet.
  });
}

export async function removeBase(dir: string, id: string): Promise<void> {
  const paths = statePaths(dir);
  await rm(paths.baseMarkdown(id), { force: true });
  await rm(paths.baseStorage(id), { force: true });
}
