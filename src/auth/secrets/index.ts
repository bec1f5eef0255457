/**
 * Chooses where tokens live: the OS keyring when it works, else the encrypted file (see
 * ./file.ts for its threat model). `--storage keyring|file` forces one; ATL_KEYRING=off (or 0,
 * false, no) turns the keyring off entirely, as the end-to-end tests and some CI setups need.
 */
import { AtlError } from '../../errors.js';
import type { SecretStore, StorageKind } from '../types.js';
import { credentialsFilePath, fileSecretStore as openFileStore } from './file.js';
import { keyringSecretStore, keyringUnavailableHint, probeKeyring } from './keyring.js';

export { CREDENTIALS_FILE, KEY_FILE, credentialsFilePath, fileSecretStore } from './file.js';
export { KEYRING_SERVICE, keyringSecretStore, probeKeyring } from './keyring.js';

export interface OpenSecretStoreOptions {
  configDir: string;
  /** Where the encrypted file's key lives (see stateDirFrom in src/factory.ts). */
  stateDir: string;
  kind: StorageKind | undefined;
  env: NodeJS.ProcessEnv;
  stderr: NodeJS.WritableStream;
}

export function keyringDisabled(env: NodeJS.ProcessEnv): boolean {
  const value = env.ATL_KEYRING?.trim().toLowerCase();
  return value === 'off' || value === '0' || value === 'false' || value === 'no';
}

// Once per process: the probe costs a keyring round trip, and the notice is said once.
let probeResult: Promise<{ ok: true } | { ok: false; reason: string }> | undefined;
let noticeShown = false;

export async function openSecretStore(opts: OpenSecretStoreOptions): Promise<SecretStore> {
  const { configDir, stateDir, kind, env, stderr } = opts;
  const fileSecretStore = (dir: string, fileEnv: NodeJS.ProcessEnv) => openFileStore({ configDir: dir, stateDir }, fileEnv, { warn: (line) => stderr.write(`${line}\n`) });
  if (kind === 'file') return fileSecretStore(configDir, env);
  if (kind === 'keyring') {
    if (keyringDisabled(env)) {
      throw new AtlError('usage', 'the OS keyring is turned off (ATL_KEYRING=off)', { hint: keyringUnavailableHint });
    }
    return keyringSecretStore();
  }
  if (keyringDisabled(env)) return fileSecretStore(configDir, env);
  const probe = await (probeResult ??= probeKeyring());
  if (probe.ok) return keyringSecretStore();
  if (!noticeShown) {
    noticeShown = true;
    stderr.write(`notice: no OS keyring available; tokens are stored encrypted in ${credentialsFilePath(configDir, env)}\n`);
  }
  return fileSecretStore(configDir, env);
}

/** For tests: forget the probe result and the notice. */
export function resetSecretStoreStateForTests(): void {
  probeResult = undefined;
  noticeShown = false;
}
