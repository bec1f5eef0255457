/**
 * The encrypted file store: `credentials.enc` in the config dir, for machines without a working
 * OS keyring (headless Linux, containers, CI).
 *
 * Threat model, stated plainly: this protects a copy of credentials.enc on its own, and a copy of
 * the config dir on its own (a backup, a dotfiles repo, a synced folder): the key is not there but
 * in `credentials.key` in the state dir (0600, see stateDirFrom), or comes from the
 * ATL_CREDENTIALS_KEY variable. It does not protect a copy of the whole home dir, nor against
 * someone who can read the user's files: whoever can read the key can decrypt. The OS keyring protects
 * against more (other users' processes, offline disk access where the keyring is locked). AES-256-GCM
 * also makes any change to the file detectable, so a damaged or tampered file is an error, never a
 * silently emptied store.
 *
 * Layout (JSON, so a human can see what it is): `{ v, kdf, salt?, keyId, nonce, tag, data }` with
 * the secrets as one encrypted JSON object `{ account: token }`. A fresh random 12-byte nonce is
 * used for every write. The header fields are bound to the ciphertext as additional data.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt as scryptCb, type ScryptOptions } from 'node:crypto';
import { chmod, mkdir, stat, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize } from 'node:path';
import { AtlError } from '../../errors.js';
import { assertPrivatePaths, ensurePrivateDir, lockPathFor, readIfExists, withFileLock, writeFileAtomic } from '../fsutil.js';
import type { SecretStore } from '../types.js';

export const CREDENTIALS_FILE = 'credentials.enc';
export const KEY_FILE = 'credentials.key';

/**
 * Where the encrypted file is: ATL_CREDENTIALS_FILE (atla's ATLA_CREDENTIALS), else credentials.enc
 * in the config dir. Only an absolute path: a relative one would name another file in every
 * directory atl runs in, and tokens saved in one would be missing in the next.
 */
export function credentialsFilePath(configDir: string, env: NodeJS.ProcessEnv): string {
  const custom = env.ATL_CREDENTIALS_FILE;
  if (custom === undefined || custom === '') return join(configDir, CREDENTIALS_FILE);
  if (!isAbsolute(custom)) {
    throw new AtlError('config', `ATL_CREDENTIALS_FILE must be an absolute path, not "${custom}"`, {
      hint: 'give the whole path, e.g. ATL_CREDENTIALS_FILE="$HOME/secrets/atl-credentials.enc", or unset it to use credentials.enc in the config dir',
    });
  }
  return normalize(custom);
}

/** scrypt cost for ATL_CREDENTIALS_KEY: about 0.1 s, paid once per process that touches the file. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } satisfies ScryptOptions;

type Kdf = 'keyfile' | 'scrypt';

interface Envelope {
  v: 1;
  kdf: Kdf;
  /** base64; only for scrypt. */
  salt?: string;
  /** First 8 bytes of SHA-256 of the key, hex: tells "wrong key" apart from "damaged file". */
  keyId: string;
  nonce: string;
  tag: string;
  data: string;
}

export interface FileSecretStore extends SecretStore {
  readonly kind: 'file';
  readonly path: string;
}

/** Where the store's files live: credentials.enc in the config dir, credentials.key in the state dir. */
export interface FileStoreDirs {
  configDir: string;
  stateDir: string;
}

/**
 * ATL_CREDENTIALS_KEY must carry 32 bytes of entropy: a base64 (or base64url) key of exactly 32
 * bytes, or a passphrase of at least 32 characters with at least 10 different characters that is
 * not one short piece repeated. Returns why it is refused, or null.
 */
export function credentialsKeyProblem(value: string): string | null {
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32) return null;
  if (value.length < 32) return `it is ${value.length} characters long; it must be at least 32 (or a base64 32-byte key)`;
  if (new Set(value).size < 10) return 'it has fewer than 10 different characters';
  if (/^(.+?)\1+$/s.test(value)) return 'it is one short piece repeated';
  return null;
}

export interface FileSecretStoreOptions {
  /** Where a one-line warning goes (a key file others could read); stderr in the CLI. */
  warn?: (line: string) => void;
  /** For tests: the platform whose lock place to use (see lockPathFor). */
  platform?: NodeJS.Platform;
}

export function fileSecretStore(
  { configDir, stateDir }: FileStoreDirs,
  env: NodeJS.ProcessEnv,
  options: FileSecretStoreOptions = {},
): FileSecretStore {
  const path = credentialsFilePath(configDir, env);
  const fileDir = dirname(path);
  const keyPath = join(stateDir, KEY_FILE);
  /** Where older versions of atl kept the key, beside credentials.enc. */
  const legacyKeyPath = join(configDir, KEY_FILE);
  const passphrase = env.ATL_CREDENTIALS_KEY ? env.ATL_CREDENTIALS_KEY : null;
  const weakPassphrase = passphrase === null ? null : credentialsKeyProblem(passphrase);
  const checkPassphrase = (): void => {
    if (weakPassphrase === null) return;
    throw new AtlError('config', `ATL_CREDENTIALS_KEY is too weak to encrypt tokens with: ${weakPassphrase}`, {
      hint: 'use a random key: export ATL_CREDENTIALS_KEY="$(openssl rand -base64 32)" (a base64 32-byte key, or a passphrase of 32+ varied characters)',
    });
  };
  const derived = new Map<string, Promise<Buffer>>();

  const scryptKey = (salt: Buffer): Promise<Buffer> => {
    const cacheKey = salt.toString('base64');
    let key = derived.get(cacheKey);
    if (!key) {
      key = new Promise<Buffer>((resolve, reject) =>
        scryptCb(passphrase ?? '', salt, 32, SCRYPT, (err, out) => (err ? reject(err) : resolve(out))),
      );
      derived.set(cacheKey, key);
    }
    return key;
  };

  let keyModeChecked = false;
  let legacyChecked = false;
  const readKeyFile = async (): Promise<Buffer | null> => {
    if (!legacyChecked) {
      legacyChecked = true;
      await migrateLegacyKey(legacyKeyPath, keyPath, stateDir, options.warn);
    }
    const raw = await readIfExists(keyPath);
    if (raw === null) return null;
    if (!keyModeChecked) {
      keyModeChecked = true;
      await tightenKeyFile(keyPath, options.warn);
    }
    const key = Buffer.from(raw.toString('utf8').trim(), 'base64');
    if (key.length !== 32) {
      throw new AtlError('config', `${keyPath} is damaged (expected a base64 32-byte key)`, {
        hint: `the tokens in ${path} cannot be decrypted without it; remove both files and log in again`,
      });
    }
    return key;
  };

  const fail = (message: string, hint: string): AtlError => new AtlError('config', message, { hint });
  const relogin = `remove ${path} and log in again (atl auth login), or set the tokens through ATL_TOKEN_<PROFILE>`;

  /**
   * Refuses dirs and files someone else owns or may write (see assertPrivatePath), before any use:
   * the file and its dir (wherever ATL_CREDENTIALS_FILE puts them), the config dir (an older atl's
   * key) and the state dir.
   */
  const checkOwnership = async (): Promise<void> => {
    await assertPrivatePaths(fileDir, [basename(path)]);
    await assertPrivatePaths(configDir, [KEY_FILE]);
    if (stateDir !== configDir) await assertPrivatePaths(stateDir, [KEY_FILE]);
  };

  /**
   * The file's dir before a write. The config dir is atl's own and kept 0700; a dir the user chose
   * with ATL_CREDENTIALS_FILE is made 0700 when missing but not changed when it exists (it may hold
   * other things): checkOwnership has refused it already if others could write it.
   */
  const ensureFileDir = async (): Promise<void> => {
    if (fileDir === configDir) await ensurePrivateDir(configDir);
    else await mkdir(fileDir, { recursive: true, mode: 0o700 });
  };

  /** Decrypts the file; null when it does not exist. Never returns an empty map for a bad file. */
  const load = async (): Promise<{ secrets: Record<string, string>; envelope: Envelope } | null> => {
    checkPassphrase();
    await checkOwnership();
    const raw = await readIfExists(path);
    if (raw === null) return null;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(raw.toString('utf8')) as Envelope;
      if (envelope.v !== 1 || (envelope.kdf !== 'keyfile' && envelope.kdf !== 'scrypt')) throw new Error('unknown format');
      for (const field of ['keyId', 'nonce', 'tag', 'data'] as const) {
        if (typeof envelope[field] !== 'string') throw new Error(`missing ${field}`);
      }
    } catch {
      throw fail(`${path} is not a valid atl credentials file`, relogin);
    }
    let key: Buffer;
    if (envelope.kdf === 'scrypt') {
      if (passphrase === null) {
        throw fail(
          `${path} is encrypted with ATL_CREDENTIALS_KEY, which is not set`,
          `set ATL_CREDENTIALS_KEY to the value used when the tokens were stored, or ${relogin}`,
        );
      }
      if (typeof envelope.salt !== 'string') throw fail(`${path} is not a valid atl credentials file`, relogin);
      key = await scryptKey(Buffer.from(envelope.salt, 'base64'));
    } else {
      const fromFile = await readKeyFile();
      if (fromFile === null) {
        throw fail(`${keyPath} is missing, so the tokens in ${path} cannot be decrypted`, relogin);
      }
      key = fromFile;
    }
    if (keyIdOf(key) !== envelope.keyId) {
      const which = envelope.kdf === 'scrypt' ? 'ATL_CREDENTIALS_KEY differs from the one' : `${keyPath} is not the key`;
      throw fail(
        `cannot decrypt ${path}: ${which} used to write it`,
        envelope.kdf === 'scrypt' ? `set the original ATL_CREDENTIALS_KEY, or ${relogin}` : relogin,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.nonce, 'base64'));
      decipher.setAAD(aadOf(envelope));
      decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64')), decipher.final()]);
      const secrets = JSON.parse(plain.toString('utf8')) as unknown;
      if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets)) throw new Error('not a map');
      return { secrets: secrets as Record<string, string>, envelope };
    } catch {
      throw fail(`cannot decrypt ${path}: the file was damaged or changed`, relogin);
    }
  };

  /** The key for the next write, creating credentials.key on first use (we hold the lock). */
  const writeKey = async (previous: Envelope | null): Promise<{ key: Buffer; kdf: Kdf; salt?: Buffer }> => {
    if (passphrase !== null) {
      // Keep the salt of a file already under this passphrase, so its derived key is reused.
      const salt = previous?.kdf === 'scrypt' && previous.salt ? Buffer.from(previous.salt, 'base64') : randomBytes(16);
      return { key: await scryptKey(salt), kdf: 'scrypt', salt };
    }
    let key = await readKeyFile();
    if (key === null) {
      key = randomBytes(32);
      await ensurePrivateDir(stateDir);
      await writeFileAtomic(keyPath, `${key.toString('base64')}\n`, 0o600);
    }
    return { key, kdf: 'keyfile' };
  };

  const save = async (secrets: Record<string, string>, previous: Envelope | null): Promise<void> => {
    const { key, kdf, salt } = await writeKey(previous);
    const header: Omit<Envelope, 'tag' | 'data'> = { v: 1, kdf, keyId: keyIdOf(key), nonce: randomBytes(12).toString('base64') };
    if (salt) header.salt = salt.toString('base64');
    const cipher = createCipheriv('aes-256-gcm', key, Buffer.from(header.nonce, 'base64'));
    cipher.setAAD(aadOf(header));
    const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
    const envelope: Envelope = { ...header, tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
    await writeFileAtomic(path, `${JSON.stringify(envelope)}\n`, 0o600);
  };

  const modify = async <T>(change: (secrets: Record<string, string>) => { result: T; changed: boolean }): Promise<T> => {
    checkPassphrase();
    await checkOwnership();
    await ensureFileDir();
    return withFileLock(
      path,
      async () => {
        // A file that cannot be decrypted throws here, before anything is written.
        const loaded = await load();
        const secrets = { ...(loaded?.secrets ?? {}) };
        const { result, changed } = change(secrets);
        if (changed) await save(secrets, loaded?.envelope ?? null);
        return result;
      },
      { lockPath: lockPathFor(path, { stateDir, platform: options.platform }) },
    );
  };

  return {
    kind: 'file',
    path,
    async get(account) {
      const loaded = await load();
      const value = loaded?.secrets[account];
      return typeof value === 'string' ? value : null;
    },
    async set(account, secret) {
      await modify((secrets) => {
        const changed = secrets[account] !== secret;
        secrets[account] = secret;
        return { result: undefined, changed };
      });
    },
    async delete(account) {
      return modify((secrets) => {
        if (!Object.hasOwn(secrets, account)) return { result: false, changed: false };
        delete secrets[account];
        return { result: true, changed: true };
      });
    },
  };
}

/**
 * Moves a credentials.key left in the config dir by an older atl to the state dir, so the config
 * dir alone no longer decrypts. Never loses it: the copy is written and fsynced (atomically)
 * before the old file is removed, and a crash in between leaves two equal copies, which the next
 * run tidies. A state-dir key that differs from the old one is left alone, both kept, with a warning.
 */
async function migrateLegacyKey(
  legacyPath: string,
  keyPath: string,
  stateDir: string,
  warn: ((line: string) => void) | undefined,
): Promise<void> {
  if (legacyPath === keyPath) return;
  const legacy = await readIfExists(legacyPath);
  if (legacy === null) return;
  const current = await readIfExists(keyPath);
  if (current !== null && !current.equals(legacy)) {
    warn?.(`warning: ${legacyPath} and ${keyPath} are different keys; atl uses ${keyPath}. Remove the other once your tokens read fine`);
    return;
  }
  if (current === null) {
    await ensurePrivateDir(stateDir);
    await writeFileAtomic(keyPath, legacy, 0o600);
    warn?.(`notice: moved ${legacyPath} to ${keyPath}, so that a copy of the config dir alone cannot decrypt the stored tokens`);
  }
  await unlink(legacyPath).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}

/**
 * credentials.key is written 0600, but a copy, an unpack or a sync tool may loosen it; whoever can
 * read it can decrypt credentials.enc. Like ssh with a private key, do not carry on silently: make
 * it 0600 again when it is ours, and say so either way.
 */
const keyFilesWarned = new Set<string>();

async function tightenKeyFile(keyPath: string, warn: ((line: string) => void) | undefined): Promise<void> {
  if (process.platform === 'win32') return; // Modes do not describe Windows ACLs.
  const info = await stat(keyPath).catch(() => null);
  if (info === null || (info.mode & 0o077) === 0 || keyFilesWarned.has(keyPath)) return;
  keyFilesWarned.add(keyPath);
  const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
  const ours = typeof process.getuid === 'function' && info.uid === process.getuid();
  const fixed =
    ours &&
    (await chmod(keyPath, 0o600).then(
      () => true,
      () => false,
    ));
  warn?.(
    fixed
      ? `warning: ${keyPath} could be read by other users (mode ${mode}); atl set it to 0600. Anyone who read it can decrypt the stored tokens: if in doubt, replace them (atl auth login)`
      : `warning: ${keyPath} can be read by other users (mode ${mode}) and atl could not change that; run: chmod 600 ${keyPath}`,
  );
}

function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

function aadOf(header: Pick<Envelope, 'v' | 'kdf' | 'salt' | 'keyId' | 'nonce'>): Buffer {
  return Buffer.from(JSON.stringify([header.v, header.kdf, header.salt ?? null, header.keyId, header.nonce]), 'utf8');
}
