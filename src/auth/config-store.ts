/**
 * config.yaml: the profiles and the default profile, never a secret.
 *
 * The file is people's to edit, so a mistake in it is reported with its file, line and column and
 * the file is never overwritten while it is invalid (an `update()` re-reads and re-validates it
 * under the lock first). Updates go through the yaml Document API so that comments and key order
 * the user wrote survive, and are written atomically under a cross-process lock.
 *
 * The YAML parser (./config-document.ts) is loaded only when there is a file to parse or write:
 * a CI run with only ATL_* variables and no config.yaml never pays for it.
 */
import { basename, dirname } from 'node:path';
import { AtlError } from '../errors.js';
import { emptyConfig, toPlain, validateConfig } from './config.js';
import {
  assertPrivatePaths,
  ensurePrivateDir,
  lockPathFor,
  readIfExists,
  withFileLock,
  writeFileAtomic,
  type LockPlacement,
} from './fsutil.js';
import type { ConfigStore } from './types.js';

/** `locks`: where the lock goes (see lockPathFor); beside config.yaml without it. */
export function fileConfigStore(path: string, locks?: LockPlacement): ConfigStore {
  return {
    path,
    async read() {
      await assertPrivatePaths(dirname(path), [basename(path)]);
      const raw = await readIfExists(path);
      if (raw === null) return emptyConfig();
      const { loadConfig } = await import('./config-document.js');
      return loadConfig(path, configText(path, raw)).config;
    },
    async update(mutate) {
      // Checked before ensurePrivateDir, which would otherwise quietly tighten a dir others can write.
      await assertPrivatePaths(dirname(path), [basename(path)]);
      await ensurePrivateDir(dirname(path));
      const { loadConfig, renderConfig } = await import('./config-document.js');
      return withFileLock(
        path,
        async () => {
          // Re-read inside the lock: another process may have written since our last read.
          const raw = await readIfExists(path);
          const text = raw === null ? null : configText(path, raw);
          const loaded = text === null ? null : loadConfig(path, text);
          const next = structuredClone(loaded?.config ?? emptyConfig());
          await mutate(next);
          // A deleted or renamed default profile leaves no default rather than a dangling name.
          if (next.defaultProfile !== null && !Object.hasOwn(next.profiles, next.defaultProfile)) next.defaultProfile = null;
          const checked = validateConfig(next, (_keys, message) => {
            throw new AtlError('failure', `internal error: refusing to write an invalid config (${message})`);
          });
          const out = renderConfig(loaded, toPlain(checked));
          if (out !== text) await writeFileAtomic(path, out, 0o600);
          return checked;
        },
        { lockPath: lockPathFor(path, locks) },
      );
    },
  };
}

/**
 * The text of config.yaml, which must be UTF-8. Windows PowerShell's `>` and some editors save
 * UTF-16 (with a byte-order mark), which would otherwise read as garbage YAML errors; a UTF-8
 * byte-order mark (Notepad's) is simply skipped.
 */
export function configText(path: string, raw: Uint8Array): string {
  const utf16 = (raw[0] === 0xff && raw[1] === 0xfe) || (raw[0] === 0xfe && raw[1] === 0xff);
  if (utf16) {
    throw new AtlError('config', `${path} is saved as UTF-16; save it as UTF-8`, {
      hint: `re-save ${path} as UTF-8 in your editor, or in PowerShell run: (Get-Content ${path}) | Set-Content -Encoding utf8 ${path}; atl will not change the file until then`,
    });
  }
  const bom = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8', bom ? 3 : 0);
}
