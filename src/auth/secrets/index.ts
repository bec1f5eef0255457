/**
 * Chooses where tokens live: the OS keyring when it works, else the encrypted file (see
 * ./file.ts for its threat model). `--storage keyring|file` forces one; ATL_KEYRING=off (or 0,
 * false, no) turns the keyring off entirely, as the end-to-end tests and some CI setups need.
 */
import type { SecretStore, StorageKind } from '../types.js';
import { credentialsFilePath, fileSecretStore as openFileStore } from './file.js';
import {
  KEYCHAIN_APPROVAL_TIMEOUT_MS,
  KeyringUnavailableError,
  keyringSecretStore,
  STORAGE_FILE_ADVICE,
  probeKeyring,
  waitsForApproval,
  type KeyringModule,
  type KeyringOptions,
  type ProbeResult,
} from './keyring.js';

export { CREDENTIALS_FILE, KEY_FILE, credentialsFilePath, fileSecretStore } from './file.js';
export { KEYRING_SERVICE, KeyringUnavailableError, keyringSecretStore, probeKeyring } from './keyring.js';

export interface OpenSecretStoreOptions {
  configDir: string;
  /** Where the encrypted file's key lives (see stateDirFrom in src/dirs.ts). */
  stateDir: string;
  kind: StorageKind | undefined;
  env: NodeJS.ProcessEnv;
  stderr: NodeJS.WritableStream;
  /** process.platform unless a test is another OS. */
  platform?: NodeJS.Platform;
  /** Whether a person is at a terminal (stdin or stderr): then macOS waits for the Keychain dialog. */
  terminal?: boolean;
  /** The native keyring module; tests pass a fake. */
  loadKeyring?: () => Promise<KeyringModule>;
}

export function keyringDisabled(env: NodeJS.ProcessEnv): boolean {
  const value = env.ATL_KEYRING?.trim().toLowerCase();
  return value === 'off' || value === '0' || value === 'false' || value === 'no';
}

// Once per process: the probe costs a keyring round trip, and the notice is said once.
let probeResult: Promise<ProbeResult> | undefined;
let noticeShown = false;
let approvalNoticeShown = false;

function keyringOptions(opts: OpenSecretStoreOptions): KeyringOptions {
  const platform = opts.platform ?? process.platform;
  const notify = () => {
    if (approvalNoticeShown) return;
    approvalNoticeShown = true;
    opts.stderr.write(
      'waiting for Keychain approval (up to a minute): answer the macOS dialog that asks whether atl may use its keychain item\n',
    );
  };
  return {
    platform,
    approval: waitsForApproval(platform, opts.terminal === true) ? { timeoutMs: KEYCHAIN_APPROVAL_TIMEOUT_MS, notify } : null,
    ...(opts.loadKeyring ? { load: opts.loadKeyring } : {}),
  };
}

export async function openSecretStore(opts: OpenSecretStoreOptions): Promise<SecretStore> {
  const { configDir, stateDir, kind, env, stderr } = opts;
  const fileSecretStore = (dir: string, fileEnv: NodeJS.ProcessEnv) =>
    openFileStore({ configDir: dir, stateDir }, fileEnv, { warn: (line) => stderr.write(`${line}\n`) });
  if (kind === 'file') return fileSecretStore(configDir, env);
  if (kind === 'keyring') {
    if (keyringDisabled(env)) {
      throw new KeyringUnavailableError('the OS keyring is turned off (ATL_KEYRING=off)', `unset ATL_KEYRING, ${STORAGE_FILE_ADVICE}`);
    }
    return keyringSecretStore(keyringOptions(opts));
  }
  if (keyringDisabled(env)) return fileSecretStore(configDir, env);
  const keyring = keyringOptions(opts);
  const probe = await (probeResult ??= probeKeyring(keyring));
  if (probe.ok) return keyringSecretStore(keyring);
  if (!noticeShown) {
    noticeShown = true;
    const why = probe.moduleNotLoaded
      ? 'the OS keyring module cannot be loaded by this atl (a standalone executable loads no native module; an npm install may lack the optional @napi-rs/keyring)'
      : 'no OS keyring available';
    stderr.write(`notice: ${why}; tokens are stored encrypted in ${credentialsFilePath(configDir, env)}\n`);
  }
  return fileSecretStore(configDir, env);
}

/** For tests: forget the probe result and the notice. */
export function resetSecretStoreStateForTests(): void {
  probeResult = undefined;
  noticeShown = false;
  approvalNoticeShown = false;
}
