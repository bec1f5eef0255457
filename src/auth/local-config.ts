/**
 * Finding and reading the run's `.atl.yaml` (its rules are ./local-settings.ts): the nearest one
 * from the current directory up to the filesystem root, as `.editorconfig` is found.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Factory } from '../factory.js';
import { LOCAL_CONFIG_NAME, type LocalConfig, type LocalSettings } from './local-settings.js';

/** The nearest `.atl.yaml` from `start` up to the filesystem root, with its text; null when there is none. */
export async function findLocalConfig(start: string): Promise<{ path: string; raw: Buffer } | null> {
  let dir = start;
  for (;;) {
    const path = join(dir, LOCAL_CONFIG_NAME);
    try {
      return { path, raw: await readFile(path) };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // Not there, or not readable as a file: keep walking up, as .editorconfig lookups do.
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR' && code !== 'EACCES') throw err;
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Parses a found `.atl.yaml` (the YAML chunk loads only here, when there is one). */
export async function parseLocalConfig(path: string, raw: Buffer): Promise<LocalConfig> {
  const { configText } = await import('./config-store.js');
  const { loadLocalConfig } = await import('./config-document.js');
  return { path, settings: loadLocalConfig(path, configText(path, raw)).settings };
}

const loaded = new WeakMap<Factory, Promise<LocalConfig | null>>();

/** The run's `.atl.yaml` (found from f.cwd(), read once per run), or null; an invalid one is exit 2 naming file and line. */
export function localConfig(f: Factory): Promise<LocalConfig | null> {
  let found = loaded.get(f);
  if (!found) {
    found = findLocalConfig(f.cwd()).then((file) => (file === null ? null : parseLocalConfig(file.path, file.raw)));
    loaded.set(f, found);
  }
  return found;
}

/**
 * Changes the nearest `.atl.yaml` (or creates one in f.cwd()), keeping its comments and key order,
 * written atomically with mode 0600. An invalid file is refused as it is everywhere (exit 2), never
 * overwritten. Returns where it wrote and what the file now sets.
 */
export async function updateLocalConfig(f: Factory, change: (settings: LocalSettings) => LocalSettings): Promise<LocalConfig> {
  const { configText } = await import('./config-store.js');
  const { loadLocalConfig, renderLocalConfig } = await import('./config-document.js');
  const { writeFileAtomic } = await import('./fsutil.js');
  const found = await findLocalConfig(f.cwd());
  const path = found?.path ?? join(f.cwd(), LOCAL_CONFIG_NAME);
  const text = found === null ? null : configText(path, found.raw);
  const loaded = text === null ? null : loadLocalConfig(path, text);
  const settings = change(loaded?.settings ?? {});
  const out = renderLocalConfig(loaded, settings as Record<string, unknown>);
  if (out !== text) await writeFileAtomic(path, out, 0o600);
  return { path, settings };
}
