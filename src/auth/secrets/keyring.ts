/**
 * The OS keyring (macOS Keychain, Linux Secret Service, Windows Credential Manager) through
 * @napi-rs/keyring: service `atl`, account `<profile>` or `<profile>:bitbucket`.
 *
 * The native module is loaded on first use only, so commands that never touch a secret do not
 * pay for it. Every call is bounded in time: a Secret Service without an unlocked collection can
 * block forever, and a CLI must fail instead of hanging.
 */
import { AtlError } from '../../errors.js';
import type { SecretStore } from '../types.js';

export const KEYRING_SERVICE = 'atl';
const DEFAULT_TIMEOUT_MS = 3_000;

type KeyringModule = typeof import('@napi-rs/keyring');

let modulePromise: Promise<KeyringModule> | undefined;
function loadKeyring(): Promise<KeyringModule> {
  return (modulePromise ??= import('@napi-rs/keyring'));
}

export const keyringUnavailableHint =
  'use `--storage file` to keep tokens in the encrypted file instead, or set ATL_TOKEN_<PROFILE>';

/** Runs one keyring call, giving up after `timeoutMs` (the native call may not be cancellable). */
async function bounded<T>(what: string, timeoutMs: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`the OS keyring did not answer within ${timeoutMs / 1000} s (${what})`));
    }, timeoutMs);
    // A hung keyring must not keep the process alive once the command is done with it.
    timer.unref();
  });
  try {
    return await Promise.race([call(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function unavailable(err: unknown): AtlError {
  const reason = err instanceof Error ? err.message : String(err);
  return new AtlError('usage', `the OS keyring is not available: ${reason}`, { hint: keyringUnavailableHint, cause: err });
}

export function keyringSecretStore(options: { service?: string; timeoutMs?: number } = {}): SecretStore {
  const service = options.service ?? KEYRING_SERVICE;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const entry = async (account: string) => {
    try {
      const { AsyncEntry } = await loadKeyring();
      return new AsyncEntry(service, account);
    } catch (err) {
      throw unavailable(err);
    }
  };
  const run = async <T>(what: string, account: string, call: (e: Awaited<ReturnType<typeof entry>>, signal: AbortSignal) => Promise<T>): Promise<T> => {
    const e = await entry(account);
    try {
      return await bounded(what, timeoutMs, (signal) => call(e, signal));
    } catch (err) {
      throw unavailable(err);
    }
  };
  return {
    kind: 'keyring',
    get: (account) => run('read', account, (e, signal) => e.getPassword(signal)).then((v) => v ?? null),
    set: (account, secret) => run('write', account, (e, signal) => e.setPassword(secret, signal)),
    delete: (account) => run('delete', account, (e, signal) => e.deleteCredential(signal)),
  };
}

/**
 * Whether the keyring works here: a write, read and delete of a throwaway entry, each bounded.
 * Returns the reason when it does not.
 */
export async function probeKeyring(options: { service?: string; timeoutMs?: number } = {}): Promise<{ ok: true } | { ok: false; reason: string }> {
  const store = keyringSecretStore(options);
  const account = `atl-probe-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  const marker = `probe-${Date.now()}`;
  try {
    await store.set(account, marker);
    const back = await store.get(account);
    await store.delete(account);
    if (back !== marker) return { ok: false, reason: 'the keyring did not return what was written' };
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
