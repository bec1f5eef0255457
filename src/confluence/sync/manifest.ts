/**
 * The page-id ↔ path manifest of a sync folder (the `pages` of `.atl/state.json`, design note §3).
 * Ids are the identity: a path is only where a page is now, never parsed back into an id. Stored
 * paths are relative, use `/` whatever the OS (the state file reads the same on every machine) and
 * are NFC; `nativePath` joins them with the platform's path module when a file is opened.
 *
 * Serialised deterministically: entries by id, object keys sorted, no timestamps, so a second pull
 * that changes nothing rewrites the same bytes.
 */
import path, { type PlatformPath } from 'node:path';
import { AtlError } from '../../errors.js';
import { nameKey } from './filenames.js';

export interface ManifestEntry {
  id: string;
  /** The page's file (a folder's directory), relative to the sync folder, `/`-separated. */
  path: string;
  /** The remote title and parent the path was made from: the path stays while both do. */
  title: string;
  parentId: string | null;
}

/** How the file system under the sync folder compares names. */
export interface PathStyle {
  path: PlatformPath;
  /** macOS (by default) and Windows: `README.md` and `readme.md` are one file. */
  caseInsensitive: boolean;
}

/**
 * Page ids in their natural order: Confluence ids are decimal numbers of varying length (by length,
 * then digits); anything else after them, by code unit.
 */
export function compareIds(a: string, b: string): number {
  const numeric = /^\d+$/;
  const aNumeric = numeric.test(a);
  const bNumeric = numeric.test(b);
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  if (aNumeric && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Why `path` is not a stored path, or undefined if it is one. */
function storedPathProblem(path: string): string | undefined {
  if (path === '') return 'is empty';
  if (path.includes('\\')) return 'contains a backslash (stored paths use /)';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'is absolute';
  if (path.split('/').some((part) => part === '' || part === '.' || part === '..')) return 'has an empty, . or .. component';
  if (path !== path.normalize('NFC')) return 'is not in Unicode NFC';
  return undefined;
}

/**
 * A path relative to the sync folder as the platform spells it (`Docs\\Guide.md` on Windows) → the
 * stored form. NFC because macOS may list names in NFD.
 */
export function storedPath(relative: string, pathModule: PlatformPath): string {
  if (pathModule.isAbsolute(relative)) throw new Error(`${relative} is not relative to the sync folder`);
  const parts = relative.split(pathModule.sep === '\\' ? /[\\/]/ : '/').filter((part) => part !== '' && part !== '.');
  const stored = parts.join('/').normalize('NFC');
  const problem = storedPathProblem(stored);
  if (problem) throw new Error(`${relative} ${problem}`);
  return stored;
}

/** A stored path joined onto the sync folder with the platform's separators. */
export function nativePath(root: string, stored: string, pathModule: PlatformPath): string {
  return pathModule.join(root, ...stored.split('/'));
}

function pathKey(stored: string): string {
  return stored.split('/').map(nameKey).join('/');
}

export class Manifest<Entry extends ManifestEntry = ManifestEntry> {
  private readonly byIdMap = new Map<string, Entry>();
  /** nameKey'd path → id: paths must differ on every OS, or a clone on macOS would merge two files. */
  private readonly idByPathKey = new Map<string, string>();

  constructor(entries: Iterable<Entry> = []) {
    for (const entry of entries) this.set(entry);
  }

  /**
   * From the parsed `pages` array. `readEntry` reads the fields a caller adds to each entry (it
   * gets the raw object and the checked core fields); without it, other fields are dropped.
   * A malformed manifest is a usage error naming the entry.
   */
  static fromJSON<Entry extends ManifestEntry = ManifestEntry>(
    value: unknown,
    readEntry: (raw: Record<string, unknown>, core: ManifestEntry) => Entry = (_raw, core) => core as Entry,
  ): Manifest<Entry> {
    const invalid = (what: string): AtlError =>
      new AtlError('config', `the sync state is damaged: ${what}`, {
        hint: 'pull again into an empty folder, or restore .atl/state.json from a backup',
      });
    if (!Array.isArray(value)) throw invalid('pages is not a list');
    const manifest = new Manifest<Entry>();
    value.forEach((raw: unknown, index) => {
      const where = `pages[${index}]`;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid(`${where} is not an object`);
      const fields = raw as Record<string, unknown>;
      const { id, path, title, parentId } = fields;
      if (typeof id !== 'string' || id === '') throw invalid(`${where}.id is not a page id`);
      if (typeof path !== 'string') throw invalid(`${where}.path is not a string`);
      const problem = storedPathProblem(path);
      if (problem) throw invalid(`${where}.path ${JSON.stringify(path)} ${problem}`);
      if (typeof title !== 'string') throw invalid(`${where}.title is not a string`);
      if (parentId !== null && typeof parentId !== 'string') throw invalid(`${where}.parentId is neither a page id nor null`);
      if (manifest.get(id)) throw invalid(`page ${id} is listed twice`);
      const holder = manifest.idByPathKey.get(pathKey(path));
      if (holder !== undefined) throw invalid(`pages ${holder} and ${id} share the path ${path} (ignoring case)`);
      manifest.set(readEntry(fields, { id, path, title, parentId }));
    });
    return manifest;
  }

  /** The entries for `pages`, by id. */
  toJSON(): Entry[] {
    return this.entries();
  }

  entries(): Entry[] {
    return [...this.byIdMap.values()].sort((a, b) => compareIds(a.id, b.id));
  }

  get size(): number {
    return this.byIdMap.size;
  }

  get(id: string): Entry | undefined {
    return this.byIdMap.get(id);
  }

  /**
   * The entry at a stored path. On a case-insensitive file system `docs/readme.md` finds
   * `Docs/README.md` (it is the same file); elsewhere it is another file.
   */
  byPath(stored: string, style: PathStyle): Entry | undefined {
    const nfc = stored.normalize('NFC');
    const id = this.idByPathKey.get(pathKey(nfc));
    const entry = id === undefined ? undefined : this.byIdMap.get(id);
    return entry && (style.caseInsensitive || entry.path === nfc) ? entry : undefined;
  }

  /** Adds or replaces the entry for `entry.id`. Throws if another page has that path (ignoring case). */
  set(entry: Entry): void {
    const problem = storedPathProblem(entry.path);
    if (problem) throw new Error(`page ${entry.id}: path ${entry.path} ${problem}`);
    const key = pathKey(entry.path);
    const holder = this.idByPathKey.get(key);
    if (holder !== undefined && holder !== entry.id) throw new Error(`page ${entry.id}: ${entry.path} is page ${holder}'s path`);
    this.delete(entry.id);
    this.byIdMap.set(entry.id, entry);
    this.idByPathKey.set(key, entry.id);
  }

  delete(id: string): void {
    const entry = this.byIdMap.get(id);
    if (!entry) return;
    this.byIdMap.delete(id);
    this.idByPathKey.delete(pathKey(entry.path));
  }
}

/** JSON with every object's keys sorted, two-space indented, one final newline: the same data, the same bytes. */
export function stableJson(value: unknown): string {
  const sortKeys = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(sortKeys);
    if (typeof item !== 'object' || item === null) return item;
    const source = 'toJSON' in item && typeof item.toJSON === 'function' ? (item.toJSON() as unknown) : item;
    if (source !== item) return sortKeys(source);
    return Object.fromEntries(
      Object.keys(item)
        .sort()
        .map((key) => [key, sortKeys((item as Record<string, unknown>)[key])]),
    );
  };
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/** The path module and name comparison of `platform` (macOS volumes are case-insensitive unless formatted otherwise). */
export function pathStyleFor(platform: NodeJS.Platform): PathStyle {
  return { path: platform === 'win32' ? path.win32 : path.posix, caseInsensitive: platform === 'win32' || platform === 'darwin' };
}
