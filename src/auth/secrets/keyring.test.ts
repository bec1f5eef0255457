// The keyring store and its probe against fake native modules: every failure of the native call
// becomes "keyring unavailable" (never an empty answer), macOS with a terminal waits for the
// Keychain dialog, Linux uses the Secret Service only, and the probe never leaves its entry behind.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { atlErrorOf, collector } from '../../testkit/fakes.testutil.js';
import { CREDENTIALS_FILE, openSecretStore, resetSecretStoreStateForTests } from './index.js';
import { KeyringUnavailableError, keyringSecretStore, probeKeyring, type KeyringEntry, type KeyringModule } from './keyring.js';

type EntryOptions = ConstructorParameters<KeyringModule['AsyncEntry']>[2];

/** One fake keyring: what it holds, what was asked of it, and how each call behaves. */
interface FakeKeyring {
  module: KeyringModule;
  entries: Map<string, string>;
  calls: string[];
  options: EntryOptions[];
}

type Behaviour = 'works' | 'throws' | 'hangs' | 'wrong' | { delayMs: number };

const never = () => new Promise<never>(() => {});
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * A fake @napi-rs/keyring. `behaviour` applies to each method by name; `secretService: false`
 * stands for a Linux machine without one: pinned entries throw (as the real library does) while
 * unpinned ones would fall back to the kernel keyring and work.
 */
function fakeKeyring(
  behaviour: Partial<Record<'get' | 'set' | 'delete', Behaviour>> = {},
  machine: { secretService: boolean } = { secretService: true },
): FakeKeyring {
  const entries = new Map<string, string>();
  const calls: string[] = [];
  const options: EntryOptions[] = [];
  const act = async <T>(how: Behaviour | undefined, work: () => T, wrong?: () => T): Promise<T> => {
    if (how === 'throws') throw new Error("Couldn't access platform storage: the keychain is locked (fake)");
    if (how === 'hangs') return never();
    if (how === 'wrong' && wrong) return wrong();
    if (typeof how === 'object') await sleep(how.delayMs);
    return work();
  };
  class AsyncEntry implements KeyringEntry {
    constructor(
      private readonly service: string,
      private readonly account: string,
      entryOptions?: EntryOptions,
    ) {
      options.push(entryOptions);
      if (!machine.secretService && entryOptions?.linux?.store === 'secret-service') {
        throw new Error('Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time (fake)');
      }
    }
    private get key() {
      return `${this.service}/${this.account}`;
    }
    getPassword(): Promise<string | null> {
      calls.push(`get ${this.account}`);
      return act(
        behaviour.get,
        () => entries.get(this.key) ?? null,
        () => 'something else',
      );
    }
    setPassword(password: string): Promise<void> {
      calls.push(`set ${this.account}`);
      return act(behaviour.set, () => void entries.set(this.key, password));
    }
    deleteCredential(): Promise<boolean> {
      calls.push(`delete ${this.account}`);
      return act(behaviour.delete, () => entries.delete(this.key));
    }
  }
  return { module: { AsyncEntry }, entries, calls, options };
}

const loader = (fake: FakeKeyring) => () => Promise.resolve(fake.module);

let root: string;
let counter = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'atl-keyring-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
afterEach(() => {
  vi.useRealTimers();
  resetSecretStoreStateForTests();
});
const dirs = () => {
  const dir = join(root, `case-${++counter}`);
  return { configDir: join(dir, 'atl'), stateDir: join(dir, 'state') };
};
/** The store a Linux run at a terminal opens in `where`: by default (no --storage), or with --storage keyring. */
const openDefaultOnLinux = (
  where: ReturnType<typeof dirs>,
  stderr: Writable,
  loadKeyring: () => Promise<KeyringModule>,
  kind: 'keyring' | undefined = undefined,
) => openSecretStore({ ...where, kind, env: {}, stderr, platform: 'linux', terminal: true, loadKeyring });

describe('keyring store: a keyring that cannot be asked is "keyring unavailable", never an empty answer', () => {
  test('an entry the keyring does not have reads as null (that, and only that, is "no token")', async () => {
    const fake = fakeKeyring();
    const store = keyringSecretStore({ platform: 'linux', load: loader(fake) });
    expect(await store.get('work')).toBeNull();
    await store.set('work', 'secret');
    expect(await store.get('work')).toBe('secret');
  });

  test.each([
    ['darwin', 'the macOS Keychain', /security unlock-keychain/],
    ['linux', 'the Secret Service (D-Bus)', /start a Secret Service.*gnome-keyring/],
    ['win32', 'the Windows Credential Manager', /interactive Windows logon/],
  ] as const)('%s: a failing native call names the keyring and the operation, with what to do (exit 2)', async (platform, name, advice) => {
    const store = keyringSecretStore({ platform, load: loader(fakeKeyring({ get: 'throws', set: 'throws', delete: 'throws' })) });
    for (const [what, preposition, attempt] of [
      ['read', 'from', store.get('work')],
      ['write', 'to', store.set('work:bitbucket', 'x')],
      ['delete', 'from', store.delete('work')],
    ] as const) {
      const err = await atlErrorOf(attempt);
      expect(err).toBeInstanceOf(KeyringUnavailableError);
      const account = what === 'write' ? 'work:bitbucket' : 'work';
      expect(err.message).toBe(
        `keyring unavailable: could not ${what} "${account}" ${preposition} ${name} (Couldn't access platform storage: the keychain is locked (fake))`,
      );
      expect(err.exitCode).toBe(2);
      expect(err.hint).toMatch(advice);
      expect(err.hint).toContain('--storage file');
      expect(err.hint).toContain('ATL_TOKEN_<PROFILE>');
    }
  });

  test('a native module that does not load is "keyring unavailable" too', async () => {
    const store = keyringSecretStore({
      platform: 'linux',
      load: () => Promise.reject(new Error('Cannot find module @napi-rs/keyring-linux-x64-musl')),
    });
    const err = await atlErrorOf(store.get('work'));
    expect(err).toBeInstanceOf(KeyringUnavailableError);
    expect(err.message).toMatch(/^keyring unavailable: could not read "work" from .*Cannot find module/);
  });

  test('a call that does not answer fails after the limit', async () => {
    const store = keyringSecretStore({ platform: 'linux', timeoutMs: 40, load: loader(fakeKeyring({ get: 'hangs' })) });
    const err = await atlErrorOf(store.get('work'));
    expect(err.message).toBe(
      'keyring unavailable: could not read "work" from the Secret Service (D-Bus) (it did not answer within 0.04 s)',
    );
  });

  test('every entry is pinned to the Secret Service (the library would fall back to the kernel keyring, which forgets on reboot)', async () => {
    const fake = fakeKeyring();
    const store = keyringSecretStore({ platform: 'linux', load: loader(fake) });
    await store.set('work', 'x');
    await store.get('work');
    await store.delete('work');
    expect(fake.options).toEqual([
      { linux: { store: 'secret-service' } },
      { linux: { store: 'secret-service' } },
      { linux: { store: 'secret-service' } },
    ]);
  });
});

describe('macOS Keychain approval: with a terminal, wait up to a minute and say so once', () => {
  /** `--storage keyring`, or with `probe` the default store (what the probe picks). */
  const open = (
    fake: FakeKeyring,
    platform: NodeJS.Platform,
    terminal: boolean,
    stderr: Writable,
    choice: 'keyring' | 'probe' = 'keyring',
  ) =>
    openSecretStore({
      ...dirs(),
      kind: choice === 'probe' ? undefined : 'keyring',
      env: {},
      stderr,
      platform,
      terminal,
      loadKeyring: loader(fake),
    });

  test('darwin with a terminal: a call answered after 10 s succeeds; the wait is announced after 3 s, once for all calls', async () => {
    vi.useFakeTimers();
    const fake = fakeKeyring({ get: { delayMs: 10_000 } });
    fake.entries.set('atl/work', 'secret');
    const err = collector();
    const store = await open(fake, 'darwin', true, err.stream);
    const first = store.get('work');
    const second = store.get('work');
    await vi.advanceTimersByTimeAsync(2_900);
    expect(err.text()).toBe('');
    await vi.advanceTimersByTimeAsync(200);
    expect(err.text()).toBe(
      'waiting for Keychain approval (up to a minute): answer the macOS dialog that asks whether atl may use its keychain item\n',
    );
    await vi.advanceTimersByTimeAsync(7_000);
    expect(await first).toBe('secret');
    expect(await second).toBe('secret');
    const later = store.get('work');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await later).toBe('secret');
    expect(err.text().match(/waiting for Keychain approval/g)).toHaveLength(1);
  });

  test('darwin with a terminal: no answer within a minute is "keyring unavailable"', async () => {
    vi.useFakeTimers();
    const err = collector();
    const store = await open(fakeKeyring({ set: 'hangs' }), 'darwin', true, err.stream);
    const attempt = atlErrorOf(store.set('work', 'x'));
    await vi.advanceTimersByTimeAsync(59_000);
    await vi.advanceTimersByTimeAsync(1_000);
    const failure = await attempt;
    expect(failure.message).toBe('keyring unavailable: could not write "work" to the macOS Keychain (it did not answer within 60 s)');
    expect(failure.hint).toMatch(/security unlock-keychain/);
  });

  test.each([
    ['darwin without a terminal', 'darwin', false],
    ['linux with a terminal', 'linux', true],
    ['win32 with a terminal', 'win32', true],
  ] as const)('%s: the 3 s limit, and nothing said about waiting', async (_what, platform, terminal) => {
    vi.useFakeTimers();
    const err = collector();
    const store = await open(fakeKeyring({ get: 'hangs' }), platform, terminal, err.stream);
    const attempt = atlErrorOf(store.get('work'));
    await vi.advanceTimersByTimeAsync(3_000);
    expect((await attempt).message).toMatch(/did not answer within 3 s\)$/);
    expect(err.text()).toBe('');
  });

  test('the probe keeps the 3 s limit on darwin with a terminal: a hanging keyring gives the file store', async () => {
    vi.useFakeTimers();
    const err = collector();
    const fake = fakeKeyring({ set: 'hangs' });
    const opening = open(fake, 'darwin', true, err.stream, 'probe');
    await vi.advanceTimersByTimeAsync(3_000);
    expect((await opening).kind).toBe('file');
    expect(err.text()).toMatch(/^notice: no OS keyring available; tokens are stored encrypted in .*\n$/);
    expect(err.text()).not.toContain('waiting for Keychain approval');
  });
});

describe('Linux: the Secret Service or the encrypted file, never the kernel keyring', () => {
  test('no Secret Service (the library would fall back to keyutils): the default is the file, with the notice', async () => {
    const fake = fakeKeyring({}, { secretService: false });
    const err = collector();
    const where = dirs();
    const store = await openDefaultOnLinux(where, err.stream, loader(fake));
    expect(store.kind).toBe('file');
    expect(err.text()).toBe(`notice: no OS keyring available; tokens are stored encrypted in ${join(where.configDir, CREDENTIALS_FILE)}\n`);
    expect(fake.entries.size).toBe(0);
  });

  test('no Secret Service with --storage keyring: "keyring unavailable", nothing stored anywhere', async () => {
    const fake = fakeKeyring({}, { secretService: false });
    const store = await openDefaultOnLinux(dirs(), collector().stream, loader(fake), 'keyring');
    const err = await atlErrorOf(store.set('work', 'secret'));
    expect(err.message).toMatch(
      /^keyring unavailable: could not write "work" to the Secret Service \(D-Bus\) \(Platform failure: DBus error/,
    );
    expect(fake.entries.size).toBe(0);
  });

  test('a Secret Service present: the keyring is the default, silently, and the probe entry is gone', async () => {
    const fake = fakeKeyring();
    const err = collector();
    const store = await openSecretStore({
      ...dirs(),
      kind: undefined,
      env: {},
      stderr: err.stream,
      platform: 'linux',
      loadKeyring: loader(fake),
    });
    expect(store.kind).toBe('keyring');
    expect(err.text()).toBe('');
    await store.set('work', 'secret');
    expect([...fake.entries.keys()]).toEqual(['atl/work']);
  });
});

describe('the probe deletes its throwaway entry in every case', () => {
  test.each([
    ['the read fails', { get: 'throws' }, /keychain is locked/],
    ['the read returns something else', { get: 'wrong' }, /did not return what was written/],
    ['the read does not answer', { get: 'hangs' }, /did not answer within 0.05 s/],
  ] as const)('%s: not ok, and the entry was deleted', async (_what, behaviour, reason) => {
    const fake = fakeKeyring(behaviour);
    const result = await probeKeyring({ platform: 'linux', timeoutMs: 50, load: loader(fake) });
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(reason) });
    const [set, get, del] = fake.calls;
    expect(set).toMatch(/^set atl-probe-\d+-[a-z0-9]+$/);
    expect(get).toBe(set!.replace('set', 'get'));
    expect(del).toBe(set!.replace('set', 'delete'));
    expect(fake.entries.size).toBe(0);
  });

  test('a keyring that works: ok, and nothing is left', async () => {
    const fake = fakeKeyring();
    expect(await probeKeyring({ platform: 'linux', load: loader(fake) })).toEqual({ ok: true });
    expect(fake.calls.map((c) => c.split(' ')[0])).toEqual(['set', 'get', 'delete']);
    expect(fake.entries.size).toBe(0);
  });

  test('a delete that does not answer is bounded too, and makes the probe fail (logout would fail the same way)', async () => {
    const fake = fakeKeyring({ delete: 'hangs' });
    const result = await probeKeyring({ platform: 'linux', timeoutMs: 50, load: loader(fake) });
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/could not delete "atl-probe-.*did not answer within 0.05 s/) });
  });
});

describe('a native keyring module that cannot be loaded (a standalone executable, no optional package)', () => {
  const unloadable = () => Promise.reject(new Error('No such built-in module: @napi-rs/keyring'));

  test('the default is the encrypted file, and the notice says the module could not be loaded', async () => {
    const err = collector();
    const where = dirs();
    const store = await openDefaultOnLinux(where, err.stream, unloadable);
    expect(store.kind).toBe('file');
    expect(err.text()).toBe(
      'notice: the OS keyring module cannot be loaded by this atl (a standalone executable loads no native module; an npm install may ' +
        `lack the optional @napi-rs/keyring); tokens are stored encrypted in ${join(where.configDir, CREDENTIALS_FILE)}\n`,
    );
  });

  test('--storage keyring: "keyring unavailable", the hint saying the module did not load and pointing at the file', async () => {
    const store = await openDefaultOnLinux(dirs(), collector().stream, unloadable, 'keyring');
    const err = await atlErrorOf(store.set('work', 'secret'));
    expect(err).toBeInstanceOf(KeyringUnavailableError);
    expect(err.message).toBe(
      'keyring unavailable: could not write "work" to the Secret Service (D-Bus) (No such built-in module: @napi-rs/keyring)',
    );
    expect(err.hint).toMatch(/^its module did not load: a standalone atl executable loads no native module, .*--storage file/);
  });
});
