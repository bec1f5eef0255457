/**
 * The "recently seen" keys shell completion offers (`atl jira issue view <TAB>`): project, space and
 * issue keys that commands listed or showed in the last day, per state dir. Written by the commands
 * that see them, at most once per run and only when something new was seen; a write that fails
 * (a read-only state dir) costs only a completion, never the command.
 */
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePrivateDir } from '../auth/fsutil.js';
import type { Factory } from '../factory.js';
import type { Paged } from '../http/paginate.js';

export type SeenKind = 'projects' | 'spaces' | 'issues';

/** The file, in the state dir (machine-local, never roaming: see stateDirFrom). */
export const SEEN_FILE = 'completion-seen.json';
/** How long a key is offered after it was last seen. */
export const SEEN_TTL_MS = 24 * 60 * 60 * 1000;
/** At most this many keys of each kind are kept (the most recently seen). */
const SEEN_MAX = 500;

/** Per kind, each key and when it was last seen (ms since the epoch). */
type SeenFile = Partial<Record<SeenKind, Record<string, number>>>;

async function readSeen(path: string): Promise<SeenFile> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as SeenFile) : {};
  } catch {
    // Missing or damaged: it is only a cache.
    return {};
  }
}

/** The keys of a kind seen within the TTL, most recent first. */
export async function recentlySeen(f: Factory, kind: SeenKind, now = f.now().getTime()): Promise<string[]> {
  const entries = Object.entries((await readSeen(join(f.stateDir(), SEEN_FILE)))[kind] ?? {});
  return entries
    .filter(([, at]) => typeof at === 'number' && now - at < SEEN_TTL_MS)
    .sort((a, b) => b[1] - a[1])
    .map(([key]) => key);
}

/** Records keys as seen now: one read and one small write (temp file renamed over it). Never throws. */
export async function rememberSeen(f: Factory, seen: Partial<Record<SeenKind, Iterable<string>>>): Promise<void> {
  try {
    const now = f.now().getTime();
    const dir = f.stateDir();
    const path = join(dir, SEEN_FILE);
    const file = await readSeen(path);
    let changed = false;
    for (const [kind, keys] of Object.entries(seen) as Array<[SeenKind, Iterable<string>]>) {
      const kept = Object.entries(file[kind] ?? {}).filter(([, at]) => typeof at === 'number' && now - at < SEEN_TTL_MS);
      const known = new Map(kept);
      for (const key of keys) {
        if (key === '' || known.get(key) === now) continue;
        known.delete(key);
        known.set(key, now);
        changed = true;
      }
      if (known.size !== Object.keys(file[kind] ?? {}).length) changed = true;
      file[kind] = Object.fromEntries([...known].sort((a, b) => b[1] - a[1]).slice(0, SEEN_MAX));
    }
    if (!changed) return;
    await ensurePrivateDir(dir);
    // Named by the process: two runs at once each rename their own whole file (the last one wins).
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(file)}\n`, { mode: 0o600 });
    await rename(temp, path).catch(async (err: unknown) => {
      await unlink(temp).catch(() => undefined);
      throw err;
    });
  } catch {
    // Only a cache for completion.
  }
}

/** The project key of an issue key (`ABC` of `ABC-12`). */
export const projectOfIssue = (key: string): string => key.replace(/-\d+$/, '');

/**
 * `items` unchanged, recording what `keysOf` says of each item as seen once the listing has been
 * read to its end: a listing records its keys without a second pass or any change to how it prints.
 */
export function recordingSeen<T>(f: Factory, items: Paged<T>, keysOf: (item: T) => Partial<Record<SeenKind, string[]>>): Paged<T> {
  const seen: Record<SeenKind, Set<string>> = { projects: new Set(), spaces: new Set(), issues: new Set() };
  const note = (page: readonly T[]): void => {
    for (const item of page)
      for (const [kind, keys] of Object.entries(keysOf(item)) as Array<[SeenKind, string[]]>) for (const key of keys) seen[kind].add(key);
  };
  const flush = () => rememberSeen(f, seen);
  return {
    get hasMore() {
      return items.hasMore;
    },
    get total() {
      return items.total;
    },
    async *pages() {
      for await (const page of items.pages()) {
        note(page);
        yield page;
      }
      await flush();
    },
    async *[Symbol.asyncIterator]() {
      for await (const item of items) {
        note([item]);
        yield item;
      }
      await flush();
    },
    async toArray() {
      const all = await items.toArray();
      note(all);
      await flush();
      return all;
    },
  };
}

/** recordingSeen for a plain async listing (no pages). */
export async function* recordingSeenItems<T>(
  f: Factory,
  items: AsyncIterable<T>,
  keysOf: (item: T) => Partial<Record<SeenKind, string[]>>,
): AsyncGenerator<T> {
  const seen: Record<SeenKind, Set<string>> = { projects: new Set(), spaces: new Set(), issues: new Set() };
  for await (const item of items) {
    for (const [kind, keys] of Object.entries(keysOf(item)) as Array<[SeenKind, string[]]>) for (const key of keys) seen[kind].add(key);
    yield item;
  }
  await rememberSeen(f, seen);
}
