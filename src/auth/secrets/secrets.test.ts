import { execFileSync, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { expectMode } from '../../../test/support/modes.js';
import { skipFileModeTest, skipOn, skipWithout } from '../../../test/support/prerequisite.js';
import { bundleChild } from '../child-bundle.testutil.js';
import { CREDENTIALS_FILE, KEY_FILE, fileSecretStore, openSecretStore, resetSecretStoreStateForTests } from './index.js';
import { credentialsKeyProblem } from './file.js';
import { atlErrorOf, collector } from '../../testkit/fakes.testutil.js';

/**
 * The keyring probe as openSecretStore sees it: real, unless a test sets `result` to stand for a
 * machine whose keyring does not work (whatever this machine has), so that test always runs.
 */
const probe = vi.hoisted(() => ({ result: undefined as { ok: false; reason: string } | undefined, calls: 0 }));
vi.mock('./keyring.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./keyring.js')>();
  return {
    ...real,
    probeKeyring: (...args: Parameters<typeof real.probeKeyring>) => {
      probe.calls += 1;
      return probe.result ? Promise.resolve(probe.result) : real.probeKeyring(...args);
    },
  };
});
afterEach(() => {
  probe.result = undefined;
  probe.calls = 0;
});

let root: string;
let counter = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'atl-secrets-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
const freshDir = () => join(root, `case-${++counter}`, 'atl');
/** The state dir paired with a config dir in these tests: where credentials.key lives. */
const stateOf = (dir: string) => join(dir, '..', 'state');
const dirsOf = (dir: string) => ({ configDir: dir, stateDir: stateOf(dir) });

const TOKEN = 'ATATT3xFfGF0-very-secret-token-value-1234567890';
const OTHER = 'bitbucket-secret-0987654321-abcdef';

interface Envelope {
  kdf: string;
  nonce: string;
  tag: string;
  data: string;
  keyId: string;
  salt?: string;
}
const envelopeOf = async (dir: string) => JSON.parse(await readFile(join(dir, CREDENTIALS_FILE), 'utf8')) as Envelope;

describe('file secret store', () => {
  test.skipIf(skipFileModeTest('the credentials.key mode test'))(
    'a credentials.key others can read is set back to 0600, with one warning',
    async () => {
      const dir = freshDir();
      await fileSecretStore(dirsOf(dir), {}).set('work', TOKEN);
      const keyPath = join(stateOf(dir), KEY_FILE);
      const { chmod } = await import('node:fs/promises');
      await chmod(keyPath, 0o640);
      const warnings: string[] = [];
      const store = fileSecretStore(dirsOf(dir), {}, { warn: (line) => warnings.push(line) });
      expect(await store.get('work')).toBe(TOKEN);
      expect(await store.get('work')).toBe(TOKEN);
      expect((await stat(keyPath)).mode & 0o777).toBe(0o600);
      expect(warnings).toEqual([
        `warning: ${keyPath} could be read by other users (mode 0640); atl set it to 0600. Anyone who read it can decrypt the stored tokens: if in doubt, replace them (atl auth login)`,
      ]);
    },
  );

  test('round trip: set, get, overwrite, delete; missing accounts read as null', async () => {
    const dir = freshDir();
    const store = fileSecretStore(dirsOf(dir), {});
    expect(await store.get('work')).toBeNull();
    expect(await store.delete('work')).toBe(false);
    await store.set('work', TOKEN);
    await store.set('work:bitbucket', OTHER);
    // A second store (another process, in effect) reads the same values.
    const again = fileSecretStore(dirsOf(dir), {});
    expect(await again.get('work')).toBe(TOKEN);
    expect(await again.get('work:bitbucket')).toBe(OTHER);
    await again.set('work', 'replaced');
    expect(await store.get('work')).toBe('replaced');
    expect(await store.delete('work')).toBe(true);
    expect(await store.get('work')).toBeNull();
    expect(await store.get('work:bitbucket')).toBe(OTHER);
  });

  test('files are 0600 in a 0700 dir, and no token appears in them in any encoding', async () => {
    const dir = freshDir();
    const store = fileSecretStore(dirsOf(dir), {});
    await store.set('work', TOKEN);
    await store.set('work:bitbucket', OTHER);
    await expectMode(dir, 0o700);
    await expectMode(stateOf(dir), 0o700);
    for (const file of [join(dir, CREDENTIALS_FILE), join(stateOf(dir), KEY_FILE)]) {
      await expectMode(file, 0o600);
      const raw = await readFile(file);
      for (const secret of [TOKEN, OTHER]) {
        for (const form of [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('hex'), secret.slice(8, 24)]) {
          expect(raw.includes(form)).toBe(false);
        }
      }
    }
    // The key is not beside the file it decrypts: a copy of the config dir alone reveals nothing.
    expect(await readdir(dir)).toEqual([CREDENTIALS_FILE]);
    expect(await readdir(stateOf(dir))).toEqual([KEY_FILE]);
  });

  test('every write uses a fresh nonce', async () => {
    const dir = freshDir();
    const store = fileSecretStore(dirsOf(dir), {});
    const nonces = new Set<string>();
    for (let i = 0; i < 5; i++) {
      await store.set('work', `${TOKEN}-${i}`);
      const envelope = await envelopeOf(dir);
      expect(Buffer.from(envelope.nonce, 'base64')).toHaveLength(12);
      nonces.add(envelope.nonce);
    }
    expect(nonces.size).toBe(5);
  });

  test.each([
    ['the ciphertext', (e: Envelope) => ({ ...e, data: flip(e.data) })],
    ['the auth tag', (e: Envelope) => ({ ...e, tag: flip(e.tag) })],
    ['the nonce', (e: Envelope) => ({ ...e, nonce: flip(e.nonce) })],
  ])('a change to %s is detected, and the file is never overwritten', async (_what, tamper) => {
    const dir = freshDir();
    const store = fileSecretStore(dirsOf(dir), {});
    await store.set('work', TOKEN);
    const tampered = `${JSON.stringify(tamper(await envelopeOf(dir)))}\n`;
    await writeFile(join(dir, CREDENTIALS_FILE), tampered);
    const err = await atlErrorOf(store.get('work'));
    expect(err.code).toBe('config');
    expect(err.message).toMatch(/damaged or changed/);
    await atlErrorOf(store.set('other', 'x'));
    await atlErrorOf(store.delete('work'));
    expect(await readFile(join(dir, CREDENTIALS_FILE), 'utf8')).toBe(tampered);
  });

  test('garbage instead of the file is a clear error, not an empty store', async () => {
    const dir = freshDir();
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, CREDENTIALS_FILE), 'not json');
    const err = await atlErrorOf(fileSecretStore(dirsOf(dir), {}).get('work'));
    expect(err.message).toMatch(/not a valid atl credentials file/);
    await atlErrorOf(fileSecretStore(dirsOf(dir), {}).set('work', 'x'));
    expect(await readFile(join(dir, CREDENTIALS_FILE), 'utf8')).toBe('not json');
  });

  test('a different key file is reported as the wrong key', async () => {
    const dir = freshDir();
    await fileSecretStore(dirsOf(dir), {}).set('work', TOKEN);
    await writeFile(join(stateOf(dir), KEY_FILE), `${Buffer.alloc(32, 7).toString('base64')}\n`);
    const err = await atlErrorOf(fileSecretStore(dirsOf(dir), {}).get('work'));
    expect(err.message).toMatch(/credentials\.key is not the key used to write it/);
  });

  test('a missing key file is reported, and nothing is overwritten', async () => {
    const dir = freshDir();
    await fileSecretStore(dirsOf(dir), {}).set('work', TOKEN);
    const before = await readFile(join(dir, CREDENTIALS_FILE), 'utf8');
    await rm(join(stateOf(dir), KEY_FILE));
    const err = await atlErrorOf(fileSecretStore(dirsOf(dir), {}).set('home', 'x'));
    expect(err.message).toMatch(/credentials\.key is missing/);
    expect(await readFile(join(dir, CREDENTIALS_FILE), 'utf8')).toBe(before);
  });

  test('ATL_CREDENTIALS_KEY: no key file is written, and the right passphrase is needed', async () => {
    const dir = freshDir();
    const env = { ATL_CREDENTIALS_KEY: 'correct horse battery staple, twice as long' };
    await fileSecretStore(dirsOf(dir), env).set('work', TOKEN);
    expect(await readdir(dir)).toEqual([CREDENTIALS_FILE]);
    const envelope = await envelopeOf(dir);
    expect(envelope.kdf).toBe('scrypt');
    expect(Buffer.from(envelope.salt ?? '', 'base64')).toHaveLength(16);
    expect(await fileSecretStore(dirsOf(dir), env).get('work')).toBe(TOKEN);
    const wrong = await atlErrorOf(
      fileSecretStore(dirsOf(dir), { ATL_CREDENTIALS_KEY: 'a different passphrase of enough length' }).get('work'),
    );
    expect(wrong.message).toMatch(/ATL_CREDENTIALS_KEY differs/);
    const unset = await atlErrorOf(fileSecretStore(dirsOf(dir), {}).get('work'));
    expect(unset.message).toMatch(/encrypted with ATL_CREDENTIALS_KEY, which is not set/);
    expect(unset.hint).toMatch(/ATL_CREDENTIALS_KEY/);
  });

  test('a copy of the config dir alone cannot decrypt: the key stays behind in the state dir', async () => {
    const dir = freshDir();
    await fileSecretStore(dirsOf(dir), {}).set('work', TOKEN);
    const copy = freshDir();
    await mkdir(join(copy, '..'), { recursive: true });
    await cp(dir, copy, { recursive: true });
    const err = await atlErrorOf(fileSecretStore(dirsOf(copy), {}).get('work'));
    expect(err.message).toMatch(/credentials\.key is missing/);
  });

  test('a credentials.key left in the config dir by an older atl is moved to the state dir, with one notice, and still decrypts', async () => {
    const dir = freshDir();
    await fileSecretStore(dirsOf(dir), {}).set('work', TOKEN);
    const key = await readFile(join(stateOf(dir), KEY_FILE));
    // What an older atl left: the key beside credentials.enc, none in the state dir.
    await writeFile(join(dir, KEY_FILE), key, { mode: 0o600 });
    await rm(join(stateOf(dir), KEY_FILE));
    const notices: string[] = [];
    const store = fileSecretStore(dirsOf(dir), {}, { warn: (line) => notices.push(line) });
    expect(await store.get('work')).toBe(TOKEN);
    expect(await store.get('work')).toBe(TOKEN);
    expect(notices).toEqual([
      `notice: moved ${join(dir, KEY_FILE)} to ${join(stateOf(dir), KEY_FILE)}, so that a copy of the config dir alone cannot decrypt the stored tokens`,
    ]);
    expect(await readdir(dir)).toEqual([CREDENTIALS_FILE]);
    expect(await readFile(join(stateOf(dir), KEY_FILE))).toEqual(key);
    await expectMode(join(stateOf(dir), KEY_FILE), 0o600);
  });

  test('the migration never loses the key: two equal copies (a crash between copy and remove) are tidied; different ones are both kept', async () => {
    const dir = freshDir();
    await fileSecretStore(dirsOf(dir), {}).set('work', TOKEN);
    const key = await readFile(join(stateOf(dir), KEY_FILE));
    await writeFile(join(dir, KEY_FILE), key, { mode: 0o600 });
    expect(await fileSecretStore(dirsOf(dir), {}).get('work')).toBe(TOKEN);
    expect(await readdir(dir)).toEqual([CREDENTIALS_FILE]);

    const other = `${Buffer.alloc(32, 9).toString('base64')}\n`;
    await writeFile(join(dir, KEY_FILE), other, { mode: 0o600 });
    const warnings: string[] = [];
    expect(await fileSecretStore(dirsOf(dir), {}, { warn: (line) => warnings.push(line) }).get('work')).toBe(TOKEN);
    expect(await readFile(join(dir, KEY_FILE), 'utf8')).toBe(other);
    expect(warnings).toEqual([expect.stringMatching(/are different keys; atl uses .*state/)]);
  });

  test.each([
    ['a base64 32-byte key', Buffer.alloc(32, 1).toString('base64'), null],
    ['a base64url 32-byte key', randomBytes(32).toString('base64url'), null],
    ['a long varied passphrase', 'correct horse battery staple, twice as long', null],
    ['a short passphrase', 'correct horse battery staple', /28 characters long; it must be at least 32/],
    ['a base64 16-byte key', Buffer.alloc(16, 1).toString('base64'), /at least 32/],
    ['few distinct characters', `${'ab'.repeat(10)}abcabcabcabcab`, /fewer than 10 different characters/],
    ['a repeated piece', '0123456789'.repeat(4), /one short piece repeated/],
  ])('ATL_CREDENTIALS_KEY: %s', (_what, value, problem) => {
    if (problem === null) expect(credentialsKeyProblem(value)).toBeNull();
    else expect(credentialsKeyProblem(value)).toMatch(problem);
  });

  test('a weak ATL_CREDENTIALS_KEY is exit 2 with the openssl hint, before anything is read or written', async () => {
    const dir = freshDir();
    const store = fileSecretStore(dirsOf(dir), { ATL_CREDENTIALS_KEY: 'short' });
    for (const attempt of [store.set('work', TOKEN), store.get('work')]) {
      const err = await atlErrorOf(attempt);
      expect(err.exitCode).toBe(2);
      expect(err.message).toMatch(/ATL_CREDENTIALS_KEY is too weak/);
      expect(err.hint).toContain('openssl rand -base64 32');
    }
    await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('two processes writing at once both keep their entries', async () => {
    const dir = freshDir();
    const child = await bundleChild(
      `
      import { fileSecretStore } from './file.js';
      const [dir, prefix] = process.argv.slice(2);
      const store = fileSecretStore({ configDir: dir, stateDir: dir + '/../state' }, process.env);
      for (let i = 0; i < 15; i++) await store.set(prefix + i, 'secret-' + prefix + i);
      `,
      import.meta.dirname,
    );
    const runs = ['a', 'b'].map(
      (prefix) =>
        new Promise<number | null>((done) => {
          const proc = spawn(process.execPath, [child, dir, prefix], { stdio: 'inherit' });
          proc.on('close', done);
        }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0]);
    const store = fileSecretStore(dirsOf(dir), {});
    for (const prefix of ['a', 'b']) {
      for (let i = 0; i < 15; i++) expect(await store.get(`${prefix}${i}`)).toBe(`secret-${prefix}${i}`);
    }
  });
});

function flip(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] = bytes[0]! ^ 0x01;
  return bytes.toString('base64');
}

describe('ATL_CREDENTIALS_FILE', () => {
  const posixOwner = process.platform === 'win32' || process.getuid?.() === undefined;

  test('puts the encrypted file where it says; the key stays in the state dir', async () => {
    const dir = freshDir();
    const custom = join(root, `custom-${++counter}`, 'nested', 'atl.enc');
    const env = { ATL_CREDENTIALS_FILE: custom };
    const store = fileSecretStore(dirsOf(dir), env);
    expect(store.path).toBe(custom);
    await store.set('work', TOKEN);
    expect(await fileSecretStore(dirsOf(dir), env).get('work')).toBe(TOKEN);
    // Nothing in the config dir; the default path knows nothing of it.
    await expect(stat(join(dir, CREDENTIALS_FILE))).rejects.toThrow();
    expect(await fileSecretStore(dirsOf(dir), {}).get('work')).toBeNull();
    expect(await readdir(stateOf(dir))).toEqual([KEY_FILE]);
    expect((await readFile(custom)).includes(TOKEN)).toBe(false);
  });

  test('a relative path is exit 2, before anything is read or written', async () => {
    const err = await atlErrorOf(Promise.resolve().then(() => fileSecretStore(dirsOf(freshDir()), { ATL_CREDENTIALS_FILE: 'atl.enc' })));
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe('ATL_CREDENTIALS_FILE must be an absolute path, not "atl.enc"');
  });

  test.skipIf(posixOwner)(
    'the same permission rules: a dir others may write is refused; an existing private dir is used as it is, a missing one made 0700; the file is 0600',
    async () => {
      const { chmod } = await import('node:fs/promises');
      const shared = join(root, `shared-${++counter}`);
      await mkdir(shared, { mode: 0o700 });
      await chmod(shared, 0o770);
      const refused = await atlErrorOf(
        fileSecretStore(dirsOf(freshDir()), { ATL_CREDENTIALS_FILE: join(shared, 'atl.enc') }).set('work', TOKEN),
      );
      expect(refused.exitCode).toBe(2);
      expect(refused.message).toContain(`${shared} can be written by its group`);
      await expect(stat(join(shared, 'atl.enc'))).rejects.toThrow();

      const own = join(root, `own-${++counter}`);
      await mkdir(own, { mode: 0o750 });
      await chmod(own, 0o750);
      await fileSecretStore(dirsOf(freshDir()), { ATL_CREDENTIALS_FILE: join(own, 'atl.enc') }).set('work', TOKEN);
      expect((await stat(own)).mode & 0o777).toBe(0o750);
      expect((await stat(join(own, 'atl.enc'))).mode & 0o777).toBe(0o600);

      // A missing dir is made 0700.
      const made = join(root, `made-${++counter}`, 'sub');
      await fileSecretStore(dirsOf(freshDir()), { ATL_CREDENTIALS_FILE: join(made, 'atl.enc') }).set('work', TOKEN);
      expect((await stat(made)).mode & 0o777).toBe(0o700);

      // A file others may write is refused too, as credentials.enc is.
      await chmod(join(own, 'atl.enc'), 0o620);
      expect(
        (await atlErrorOf(fileSecretStore(dirsOf(freshDir()), { ATL_CREDENTIALS_FILE: join(own, 'atl.enc') }).get('work'))).exitCode,
      ).toBe(2);
    },
  );

  test('the no-keyring notice names that file', async () => {
    probe.result = { ok: false, reason: 'no Secret Service on the session bus (test)' };
    resetSecretStoreStateForTests();
    const err = collector();
    const custom = join(root, `notice-${++counter}`, 'atl.enc');
    const store = await openSecretStore({
      ...dirsOf(freshDir()),
      kind: undefined,
      env: { ATL_CREDENTIALS_FILE: custom },
      stderr: err.stream,
    });
    expect(store.kind).toBe('file');
    expect(err.text()).toBe(`notice: no OS keyring available; tokens are stored encrypted in ${custom}\n`);
  });
});

describe('openSecretStore', () => {
  test('ATL_KEYRING=off: the default is the file store, with no notice', async () => {
    for (const value of ['off', '0', 'false', 'OFF']) {
      resetSecretStoreStateForTests();
      const err = collector();
      const store = await openSecretStore({ ...dirsOf(freshDir()), kind: undefined, env: { ATL_KEYRING: value }, stderr: err.stream });
      expect(store.kind).toBe('file');
      expect(err.text()).toBe('');
    }
  });

  test('ATL_KEYRING=off with --storage keyring is a usage error pointing at --storage file', async () => {
    const err = await atlErrorOf(
      openSecretStore({ ...dirsOf(freshDir()), kind: 'keyring', env: { ATL_KEYRING: 'off' }, stderr: collector().stream }),
    );
    expect(err.exitCode).toBe(2);
    expect(err.hint).toMatch(/--storage file/);
  });

  test('--storage file gives the file store without probing the keyring', async () => {
    const err = collector();
    const store = await openSecretStore({ ...dirsOf(freshDir()), kind: 'file', env: {}, stderr: err.stream });
    expect(store.kind).toBe('file');
    expect(err.text()).toBe('');
  });

  test('default without a working keyring: the file store and a one-line notice, once per process', async () => {
    probe.result = { ok: false, reason: 'no Secret Service on the session bus (test)' };
    resetSecretStoreStateForTests();
    const err = collector();
    const dir = freshDir();
    const first = await openSecretStore({ ...dirsOf(dir), kind: undefined, env: {}, stderr: err.stream });
    const second = await openSecretStore({ ...dirsOf(dir), kind: undefined, env: {}, stderr: err.stream });
    expect([first.kind, second.kind]).toEqual(['file', 'file']);
    expect(err.text()).toBe(`notice: no OS keyring available; tokens are stored encrypted in ${join(dir, CREDENTIALS_FILE)}\n`);
    // The keyring was probed once for both (a round trip each time would slow every command).
    expect(probe.calls).toBe(1);
  });
});

// A real Secret Service: gnome-keyring inside a private D-Bus session (scripts/with-keyring.sh).
const withKeyring = resolve(import.meta.dirname, '../../../scripts/with-keyring.sh');
const haveTool = (tool: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
// The Secret Service is Linux's keyring; on macOS and Windows these tests have nothing to start.
const skipKeyring =
  skipOn(['darwin', 'win32'], 'keyring test', 'they drive a Linux Secret Service (gnome-keyring on D-Bus)') ||
  skipWithout(
    'keyring test',
    haveTool('dbus-run-session') && haveTool('gnome-keyring-daemon')
      ? null
      : 'dbus-run-session and gnome-keyring-daemon are not installed (apt-get install dbus gnome-keyring libsecret-1-0)',
  );

describe('keyring secret store', () => {
  test.skipIf(skipKeyring)('with a real Secret Service: chosen by default, round trip, delete', async () => {
    const child = await bundleChild(
      `
      import { openSecretStore } from './index.js';
      const out = [];
      const store = await openSecretStore({ configDir: process.argv[2], stateDir: process.argv[2] + '-state', kind: undefined, env: process.env, stderr: process.stderr });
      out.push(store.kind);
      await store.set('e2e-profile', ${JSON.stringify(TOKEN)});
      await store.set('e2e-profile:bitbucket', ${JSON.stringify(OTHER)});
      out.push(await store.get('e2e-profile'), await store.get('e2e-profile:bitbucket'));
      out.push(await store.delete('e2e-profile'), await store.delete('e2e-profile'), await store.get('e2e-profile'));
      const explicit = await openSecretStore({ configDir: process.argv[2], stateDir: process.argv[2] + '-state', kind: 'keyring', env: process.env, stderr: process.stderr });
      out.push(await explicit.get('e2e-profile:bitbucket'), await explicit.delete('e2e-profile:bitbucket'));
      process.stdout.write(JSON.stringify(out));
      `,
      import.meta.dirname,
    );
    const dir = freshDir();
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      const proc = spawn(withKeyring, [process.execPath, child, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      proc.on('close', (code) => done({ code, stdout, stderr }));
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(['keyring', TOKEN, OTHER, true, false, null, OTHER, true]);
    expect(result.stderr).not.toMatch(/notice: no OS keyring/);
    // Nothing was written to the config dir: the tokens went to the keyring.
    await expect(stat(dir)).rejects.toThrow();
  });
});
