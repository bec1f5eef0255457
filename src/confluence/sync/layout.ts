/**
 * Where each page of a tree goes under the sync folder (design note §3): a leaf page is
 * `Parent/Child.md` with `Child.attachments/` beside it, a page with children is
 * `Parent/Child/index.md` with `index.attachments/` inside, a Cloud folder is a directory only.
 *
 * - Names come from filenames.ts. Siblings whose names would be one file on macOS or Windows (after
 *   NFC and case folding, nameKey) are told apart by ` (id)`: the page already on disk (recorded in
 *   the manifest), else the lowest id, keeps the plain name, whatever order the pages are listed in.
 *   A leaf claims `<stem>.md` and `<stem>.attachments`, a directory `<stem>`; every directory,
 *   the sync folder too (`pull PAGE` may put the root page there), keeps `index.md` and
 *   `index.attachments` for its own page, so a leaf titled `Index` is `Index (id).md`.
 * - A recorded name stays while the page's title and parent stay the same, even if the mapper
 *   would now name it differently (files the user has open or linked do not move under them),
 *   unless it is not safe on every OS; the directory still follows its parent, and a leaf that
 *   gains children (or a parent that loses them) keeps its stem.
 * - Whole paths stay within Windows' MAX_PATH (260 with the terminating NUL, so 259) and
 *   directories within 247 (CreateDirectory needs room for an 8.3 name: MAX_PATH - 12, with the
 *   NUL). Node itself copes with longer paths, but Explorer, git (core.longpaths off) and many
 *   editors do not. A path over the limit has its longest new names cut first, down to a common
 *   length, each as `<cut title> (id)` (still unique); recorded names are not shortened. What
 *   cannot be fixed is reported in `tooLong`.
 */
import { ATTACHMENTS_EXTENSION, attachmentFileName, isSafeStem, MARKDOWN_EXTENSION, nameKey, pageStem } from './filenames.js';
import { compareIds } from './manifest.js';

export const MAX_PATH = 259;
export const MAX_DIRECTORY_PATH = 247;
export const INDEX_STEM = 'index';

export interface TreeNode {
  id: string;
  title: string;
  /** null, or an id not among the nodes: the node is at the top of the sync folder. */
  parentId: string | null;
  /** A Cloud folder: a directory without a Markdown file. */
  folder?: boolean;
  /** For a page with attachments, the length of its longest attachment file name. */
  longestAttachmentName?: number;
}

/** What the last pull recorded for a page (a ManifestEntry). */
export interface RecordedPlace {
  path: string;
  title: string;
  parentId: string | null;
}

export interface LayoutOptions {
  /** Length (UTF-16 units) of the sync folder's absolute path as the platform writes it. */
  rootLength: number;
  /** The last pull's places, by page id (a Manifest). */
  recorded?: { get(id: string): RecordedPlace | undefined };
  maxPath?: number;
  maxDirectoryPath?: number;
}

export type PlaceKind = 'leaf' | 'index' | 'folder';

export interface Place {
  id: string;
  kind: PlaceKind;
  /** The file (the directory for a folder), relative to the sync folder, with `/` separators. */
  path: string;
  /** Where the page's attachments go; null for a folder. */
  attachmentsDir: string | null;
  /** The recorded path when it differs: the page moved or was renamed. */
  movedFrom?: string;
}

export interface TooLongPath {
  id: string;
  /** The path the node writes that is most over its limit, relative to the sync folder. */
  path: string;
  /** Its length with the sync folder and separator, and the limit it exceeds. */
  length: number;
  limit: number;
}

export interface Layout {
  /** Every node's place, in id order. */
  places: Map<string, Place>;
  tooLong: TooLongPath[];
}

interface Slot {
  node: TreeNode;
  kind: PlaceKind;
  parent: Slot | null;
  stem: string;
  /** Kept from the manifest: never shortened. */
  recorded: boolean;
  /** Cannot be shortened any further. */
  minimal: boolean;
}

/** The names a node occupies in its directory, as nameKeys. */
function claimsOf(stem: string, kind: PlaceKind): string[] {
  return kind === 'leaf' ? [nameKey(stem + MARKDOWN_EXTENSION), nameKey(stem + ATTACHMENTS_EXTENSION)] : [nameKey(stem)];
}

/** One directory's names: who holds which nameKey. The directory's own index page holds `index.md`. */
class Directory {
  private readonly holders = new Map<string, string>();

  constructor() {
    for (const key of claimsOf(INDEX_STEM, 'leaf')) this.holders.set(key, '');
  }

  take(id: string, stem: string, kind: PlaceKind): boolean {
    const keys = claimsOf(stem, kind);
    if (keys.some((key) => (this.holders.get(key) ?? id) !== id)) return false;
    for (const key of keys) this.holders.set(key, id);
    return true;
  }

  release(stem: string, kind: PlaceKind): void {
    for (const key of claimsOf(stem, kind)) this.holders.delete(key);
  }
}

/** The stem a recorded path gives a node, whether it was a leaf or had children then. */
function recordedStem(path: string, kind: PlaceKind): string | undefined {
  const parts = path.split('/');
  const last = parts[parts.length - 1] ?? '';
  if (kind === 'folder') return last;
  if (last === INDEX_STEM + MARKDOWN_EXTENSION) return parts.length > 1 ? parts[parts.length - 2] : undefined;
  return last.endsWith(MARKDOWN_EXTENSION) ? last.slice(0, -MARKDOWN_EXTENSION.length) : undefined;
}

export function layoutTree(nodes: readonly TreeNode[], options: LayoutOptions): Layout {
  const maxPath = options.maxPath ?? MAX_PATH;
  const maxDirectoryPath = options.maxDirectoryPath ?? MAX_DIRECTORY_PATH;
  const byId = new Map<string, TreeNode>();
  for (const node of nodes) {
    if (byId.has(node.id)) throw new Error(`page ${node.id} is listed twice`);
    byId.set(node.id, node);
  }
  const parentIdOf = (node: TreeNode): string | null => (node.parentId !== null && byId.has(node.parentId) ? node.parentId : null);
  const withChildren = new Set(nodes.map(parentIdOf));

  // Name the siblings of each directory, parents before children so a child's slot can point to its parent's.
  const slots = new Map<string, Slot>();
  const directories = new Map<string | null, Directory>();
  const siblings = new Map<string | null, TreeNode[]>();
  for (const node of nodes) {
    const key = parentIdOf(node);
    const group = siblings.get(key);
    if (group) group.push(node);
    else siblings.set(key, [node]);
  }
  const nameDirectory = (parent: Slot | null): void => {
    const parentId = parent?.node.id ?? null;
    const directory = new Directory();
    directories.set(parentId, directory);
    const kept = new Map<string, string>();
    for (const node of siblings.get(parentId) ?? []) {
      const kind: PlaceKind = node.folder ? 'folder' : withChildren.has(node.id) ? 'index' : 'leaf';
      const before = options.recorded?.get(node.id);
      const stem = before && before.title === node.title && before.parentId === node.parentId ? recordedStem(before.path, kind) : undefined;
      if (stem !== undefined && isSafeStem(stem)) kept.set(node.id, stem);
      slots.set(node.id, { node, kind, parent, stem: '', recorded: false, minimal: false });
    }
    // Pages already on disk first, then by id: the plain name goes to the same page whatever the order.
    const ordered = (siblings.get(parentId) ?? [])
      .slice()
      .sort((a, b) => Number(kept.has(b.id)) - Number(kept.has(a.id)) || compareIds(a.id, b.id));
    for (const node of ordered) {
      const slot = slots.get(node.id) as Slot;
      const keptStem = kept.get(node.id);
      if (keptStem !== undefined && directory.take(node.id, keptStem, slot.kind)) {
        Object.assign(slot, { stem: keptStem, recorded: true });
        continue;
      }
      slot.stem = pageStem(node.title, node.id) as string;
      for (let attempt = 1; !directory.take(node.id, slot.stem, slot.kind); attempt++) {
        slot.stem = pageStem(node.title, node.id, { disambiguate: true, attempt }) as string;
      }
    }
    for (const node of ordered) if (withChildren.has(node.id)) nameDirectory(slots.get(node.id) as Slot);
  };
  nameDirectory(null);
  if (slots.size !== byId.size) {
    const cyclic = nodes.filter((node) => !slots.has(node.id)).map((node) => node.id);
    throw new Error(`pages ${cyclic.join(', ')} are their own ancestors`);
  }

  const chainOf = (slot: Slot): Slot[] => (slot.parent ? [...chainOf(slot.parent), slot] : [slot]);
  const relativePath = (slot: Slot): string =>
    chainOf(slot)
      .map((s) => s.stem)
      .join('/');
  const absoluteLength = (relative: string): number => options.rootLength + 1 + relative.length;

  /** The paths a node writes with the limit each must meet; the one most over it (or nearest). */
  const worstWrite = (slot: Slot): TooLongPath => {
    const own = relativePath(slot);
    const id = slot.node.id;
    const directory = (path: string): TooLongPath => ({ id, path, length: absoluteLength(path), limit: maxDirectoryPath });
    const file = (path: string, extra = 0): TooLongPath => ({ id, path, length: absoluteLength(path) + extra, limit: maxPath });
    if (slot.kind === 'folder') return directory(own);
    const stemPath = slot.kind === 'index' ? `${own}/${INDEX_STEM}` : own;
    const writes = slot.kind === 'index' ? [directory(own)] : [];
    writes.push(file(stemPath + MARKDOWN_EXTENSION));
    const attachment = slot.node.longestAttachmentName;
    if (attachment !== undefined) {
      writes.push(directory(stemPath + ATTACHMENTS_EXTENSION));
      // Reported as the directory with a trailing `/`, counted with its longest file name.
      writes.push(file(`${stemPath}${ATTACHMENTS_EXTENSION}/`, attachment));
    }
    return writes.reduce((worst, next) => (next.length - next.limit > worst.length - worst.limit ? next : worst));
  };

  // Parents before children (then by id), so the order the pages were listed in does not matter:
  // a path over the limit has its longest new names cut down to a common length until it fits.
  const depth = (slot: Slot): number => chainOf(slot).length;
  const topDown = [...slots.values()].sort((a, b) => depth(a) - depth(b) || compareIds(a.node.id, b.node.id));
  for (const slot of topDown) {
    for (;;) {
      const worst = worstWrite(slot);
      const shortenable = chainOf(slot).filter((link) => !link.recorded && !link.minimal);
      if (worst.length <= worst.limit || !cutToCommonLength(shortenable, worst.length - worst.limit, directories)) break;
    }
  }

  const places = new Map<string, Place>();
  for (const id of [...slots.keys()].sort(compareIds)) {
    const slot = slots.get(id) as Slot;
    const own = relativePath(slot);
    const stemPath = slot.kind === 'index' ? `${own}/${INDEX_STEM}` : own;
    const place: Place = {
      id,
      kind: slot.kind,
      path: slot.kind === 'folder' ? own : stemPath + MARKDOWN_EXTENSION,
      attachmentsDir: slot.kind === 'folder' ? null : stemPath + ATTACHMENTS_EXTENSION,
    };
    const before = options.recorded?.get(id);
    if (before && before.path !== place.path) place.movedFrom = before.path;
    places.set(id, place);
  }
  const tooLong = [...places.keys()].map((id) => worstWrite(slots.get(id) as Slot)).filter((write) => write.length > write.limit);
  return { places, tooLong };
}

/**
 * Shortens the longest of `names` first: every name longer than a common length L becomes at most L
 * units, L the largest that removes `excess` units in all. False if none could get shorter.
 */
function cutToCommonLength(names: Slot[], excess: number, directories: Map<string | null, Directory>): boolean {
  const removedAt = (cap: number): number => names.reduce((sum, slot) => sum + Math.max(0, slot.stem.length - cap), 0);
  let cap = Math.max(0, ...names.map((slot) => slot.stem.length));
  while (cap > 0 && removedAt(cap) < excess) cap--;
  let changed = false;
  for (const slot of names) {
    if (slot.stem.length <= cap) continue;
    const before = slot.stem;
    shorten(slot, cap, directories.get(slot.parent?.node.id ?? null) as Directory);
    changed ||= slot.stem !== before;
  }
  return changed;
}

/**
 * Renames `slot` to `<cut title> (id)` of at most `target` units (the longest such name that is free),
 * else to the shortest name it can have; marks it minimal when it cannot get shorter at all.
 */
function shorten(slot: Slot, target: number, directory: Directory): void {
  const current = slot.stem;
  directory.release(current, slot.kind);
  const rename = (maxLength: number): boolean | undefined => {
    const candidate = pageStem(slot.node.title, slot.node.id, { disambiguate: true, maxLength });
    if (candidate === undefined) return undefined;
    if (candidate.length >= current.length || !directory.take(slot.node.id, candidate, slot.kind)) return false;
    slot.stem = candidate;
    return true;
  };
  const longest = current.length - 1;
  const start = Math.min(Math.max(target, 1), longest);
  for (let maxLength = start; maxLength >= 1; maxLength--) {
    const renamed = rename(maxLength);
    if (renamed) return;
    if (renamed === undefined) break;
  }
  // Below `start` nothing fits: the shortest name above it shortens the path as far as it can.
  for (let maxLength = start + 1; maxLength <= longest; maxLength++) if (rename(maxLength)) return;
  directory.take(slot.node.id, current, slot.kind);
  slot.minimal = true;
}

/**
 * File names for one page's attachments (its `.attachments` directory): the lowest id keeps the
 * plain name when two differ only in case or normalisation (Confluence allows `a.png` and `A.png`).
 */
export function attachmentFileNames(attachments: ReadonlyArray<{ id: string; name: string }>): Map<string, string> {
  const taken = new Set<string>();
  const names = new Map<string, string>();
  for (const { id, name } of attachments.slice().sort((a, b) => compareIds(a.id, b.id))) {
    let fileName = attachmentFileName(name, id);
    for (let attempt = 1; taken.has(nameKey(fileName)); attempt++) fileName = attachmentFileName(name, id, { disambiguate: true, attempt });
    taken.add(nameKey(fileName));
    names.set(id, fileName);
  }
  return names;
}
