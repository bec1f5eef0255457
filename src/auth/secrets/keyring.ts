/**
 * The OS keyring (macOS Keychain, Linux Secret Service, Windows Credential Manager) through
 * @napi-rs/keyring: service `atl`, account `<profile>` or `<profile>:bitbucket`.
 *
 * The native module is loaded on first use only, so commands that never touch a secret do not
 * pay for it. Every call is bounded in time: a Secret Service without an unlocked collection can
 * block forever, and a CLI must fail instead of hanging. A keyring that cannot be asked is a
 * KeyringUnavailableError, never an empty answer: "no token" means the keyring answered and had
 * no entry.
 *
 * On Linux only the Secret Service is used. Left to itself the library falls back to the kernel
 * keyring (keyutils) when no Secret Service runs (WSL, headless machines), and that keyring
 * forgets every token on reboot.
 */
import { AtlError } from '../../errors.js';
import type { SecretStore } from '../types.js';

export const KEYRING_SERVICE = 'atl';
/** How long one keyring call may take before atl gives up on it. */
export const KEYRING_TIMEOUT_MS = 3_000;
/** On macOS with a person at the terminal: how long to wait for the Keychain's approval dialog. */
export const KEYCHAIN_APPROVAL_TIMEOUT_MS = 60_000;

/** Pins entries to the Secret Service on Linux (the library ignores it elsewhere): no keyutils fallback. */
export const SECRET_SERVICE_ONLY = { linux: { store: 'secret-service' } } as const;

/** The part of @napi-rs/keyring atl uses; tests hand in a fake with the same shape. */
export interface KeyringEntry {
  getPassword(signal?: AbortSignal | null): Promise<string | null>;
  setPassword(password: string, signal?: AbortSignal | null): Promise<void>;
  deleteCredential(signal?: AbortSignal | null): Promise<boolean>;
}
export interface KeyringModule {
  AsyncEntry: new (
    service: string,
    account: string,
    options?: { linux?: { store?: 'secret-service' | 'keyutils' } } | null,
  ) => KeyringEntry;
}

let modulePromise: Promise<KeyringModule> | undefined;
function loadNativeKeyring(): Promise<KeyringModule> {
  return (modulePromise ??= import('@napi-rs/keyring'));
}

/** What the keyring is called on this platform, for messages. */
export function keyringName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'the macOS Keychain';
  if (platform === 'win32') return 'the Windows Credential Manager';
  return 'the Secret Service (D-Bus)';
}

export const STORAGE_FILE_ADVICE =
  'or keep tokens in the encrypted file instead (`atl auth login --storage file`), or set ATL_TOKEN_<PROFILE> for the run';

/** What to do about a keyring that did not answer, for this platform. */
export function keyringUnavailableHint(platform: NodeJS.Platform): string {
  if (platform === 'darwin') {
    return `answer the Keychain dialog if one is open, or unlock the keychain (over SSH: \`security unlock-keychain\`), then run again; ${STORAGE_FILE_ADVICE}`;
  }
  if (platform === 'win32') {
    return `Credential Manager needs an interactive Windows logon (not a service account or a network logon); ${STORAGE_FILE_ADVICE}`;
  }
  return `start a Secret Service in a D-Bus session (e.g. gnome-keyring-daemon --start --components=secrets; headless machines and WSL have none by default), ${STORAGE_FILE_ADVICE}`;
}

/** The OS keyring could not be asked (missing, locked, timed out, refused): never the same as "no token". */
export class KeyringUnavailableError extends AtlError {
  /** The native module itself did not load: a standalone executable (no addon can load), or the optional package is not installed. */
  moduleNotLoaded = false;
  constructor(what: string, hint: string, cause?: unknown) {
    // Exit 2, as keyring errors always were: the setup must change, the login itself is not refused.
    super('usage', `keyring unavailable: ${what}`, cause === undefined ? { hint } : { hint, cause });
  }
}

export interface KeyringOptions {
  service?: string;
  /** process.platform, passed in so that tests can be macOS or Windows. */
  platform: NodeJS.Platform;
  /** The short limit of one call (3 s). */
  timeoutMs?: number;
  /**
   * Wait longer for a person to approve the access (macOS Keychain dialog): after the short
   * limit `notify` is called once, and the call fails only after `timeoutMs`. Null: short limit only.
   */
  approval?: { timeoutMs: number; notify: () => void } | null;
  /** The native module; tests pass a fake. */
  load?: () => Promise<KeyringModule>;
}

/** Whether keyring calls wait for the Keychain approval dialog: macOS, with a person at a terminal. */
export function waitsForApproval(platform: NodeJS.Platform, terminal: boolean): boolean {
  return platform === 'darwin' && terminal;
}

/** Runs one keyring call, giving up after the limit (the native call may not be cancellable). */
async function bounded<T>(
  limit: { timeoutMs: number; approval: KeyringOptions['approval'] },
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const timers: NodeJS.Timeout[] = [];
  const { approval } = limit;
  const totalMs = approval ? Math.max(approval.timeoutMs, limit.timeoutMs) : limit.timeoutMs;
  const timeout = new Promise<never>((_, reject) => {
    if (approval) timers.push(setTimeout(approval.notify, limit.timeoutMs));
    timers.push(
      setTimeout(() => {
        controller.abort();
        reject(new Error(`it did not answer within ${totalMs / 1000} s`));
      }, totalMs),
    );
    // A hung keyring must not keep the process alive once the command is done with it.
    for (const timer of timers) timer.unref();
  });
  try {
    return await Promise.race([call(controller.signal), timeout]);
  } finally {
    for (const timer of timers) clearTimeout(timer);
  }
}

export function keyringSecretStore(options: KeyringOptions): SecretStore {
  const service = options.service ?? KEYRING_SERVICE;
  const limit = { timeoutMs: options.timeoutMs ?? KEYRING_TIMEOUT_MS, approval: options.approval ?? null };
  const load = options.load ?? loadNativeKeyring;
  const name = keyringName(options.platform);
  const run = async <T>(what: string, account: string, call: (entry: KeyringEntry, signal: AbortSignal) => Promise<T>): Promise<T> => {
    let AsyncEntry: KeyringModule['AsyncEntry'];
    try {
      ({ AsyncEntry } = await load());
    } catch (err) {
      const error = unavailable(
        what,
        account,
        err,
        `its module did not load: a standalone atl executable loads no native module, and an npm install may lack the optional @napi-rs/keyring; ${STORAGE_FILE_ADVICE}`,
      );
      error.moduleNotLoaded = true;
      throw error;
    }
    try {
      const entry = new AsyncEntry(service, account, SECRET_SERVICE_ONLY);
      return await bounded(limit, (signal) => call(entry, signal));
    } catch (err) {
      throw unavailable(what, account, err);
    }
  };
  const unavailable = (what: string, account: string, err: unknown, hint = keyringUnavailableHint(options.platform)) => {
    const reason = err instanceof Error ? err.message : String(err);
    return new KeyringUnavailableError(`could not ${what} "${account}" ${what === 'write' ? 'to' : 'from'} ${name} (${reason})`, hint, err);
  };
  return {
    kind: 'keyring',
    get: (account) => run('read', account, (e, signal) => e.getPassword(signal)).then((v) => v ?? null),
    set: (account, secret) => run('write', account, (e, signal) => e.setPassword(secret, signal)),
    delete: (account) => run('delete', account, (e, signal) => e.deleteCredential(signal)),
  };
}

export type ProbeResult = { ok: true } | { ok: false; reason: string; moduleNotLoaded?: true };

/**
 * Whether the keyring works here: a write, read and delete of a throwaway entry, each with the
 * short limit (no approval wait: this decides the default store, and must stay quick). Once the
 * write went through, the entry is deleted whatever happens next, so no `atl-probe-*` is left.
 */
export async function probeKeyring(options: KeyringOptions): Promise<ProbeResult> {
  const store = keyringSecretStore({ ...options, approval: null });
  const account = `atl-probe-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  const marker = `probe-${Date.now()}`;
  const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
  try {
    await store.set(account, marker);
  } catch (err) {
    return {
      ok: false,
      reason: reasonOf(err),
      ...(err instanceof KeyringUnavailableError && err.moduleNotLoaded ? { moduleNotLoaded: true } : {}),
    };
  }
  let result: ProbeResult;
  try {
    result = (await store.get(account)) === marker ? { ok: true } : { ok: false, reason: 'the keyring did not return what was written' };
  } catch (err) {
    result = { ok: false, reason: reasonOf(err) };
  }
  try {
    await store.delete(account);
  } catch (err) {
    // A keyring that cannot delete cannot log out either.
    if (result.ok) result = { ok: false, reason: reasonOf(err) };
  }
  return result;
}
