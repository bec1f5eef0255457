/**
 * atlassian-cli's encrypted token store, read so `atl auth import --from atlassian-cli` brings the
 * tokens along with the profiles. The format, from atlassian-cli's crates/auth (encryption.rs and
 * lib.rs, aes-gcm 0.10/0.11, argon2 0.5):
 *
 * - `credentials.enc` in its config dir (the dir holding its config.yaml), JSON:
 *   `{ "version": 1, "salt": "", "credentials": { "<account>": { "nonce": B64, "ciphertext": B64 } } }`
 *   with accounts `<profile>` and `<profile>_bitbucket`. `salt` is written empty and unused.
 * - Each token is AES-256-GCM with a random 12-byte nonce, no associated data; `ciphertext` is the
 *   encrypted bytes followed by the 16-byte tag (the aes-gcm crate's layout).
 * - The key is not stored: it is Argon2id (argon2 crate defaults: v0x13, m=19456 KiB, t=2, p=1,
 *   32-byte output) of the password `<machine id>:<username>`, salted with the machine id. The
 *   machine id is what the machine-uid crate returns: /var/lib/dbus/machine-id or
 *   /etc/machine-id on Linux, IOPlatformUUID on macOS, MachineGuid on Windows; the username is
 *   the login name (whoami). So the per-machine key "file" is the OS's machine-id file.
 * - An older install kept a plaintext `credentials` JSON map `{ "<account>": "<token>" }` in the
 *   same dir, migrated into credentials.enc by later versions; it is read too.
 *
 * The salt: the crate passes `SaltString::encode_b64(machine_id)` to argon2, which hashes with the
 * decoded bytes, i.e. the machine id itself. Should a build have hashed the B64 text instead, the
 * GCM tag tells: that key is tried second.
 */
import { execFile } from 'node:child_process';
import { createDecipheriv } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';

export const ENCRYPTED_FILE = 'credentials.enc';
export const PLAINTEXT_FILE = 'credentials';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** argon2 crate 0.5 `Params::default()`. */
export const ARGON2_PARAMS = { t: 2, m: 19_456, p: 1, dkLen: 32 } as const;

export interface MachineIdentity {
  machineId: string;
  username: string;
}

/** Runs a command, resolving its stdout, or null when it fails. */
export type CommandRunner = (file: string, args: readonly string[]) => Promise<string | null>;

const runCommand: CommandRunner = (file, args) =>
  new Promise((resolve) => {
    execFile(file, [...args], { encoding: 'utf8', timeout: 10_000, windowsHide: true }, (err, stdout) => resolve(err ? null : stdout));
  });

async function firstLine(path: string): Promise<string | null> {
  try {
    const text = (await readFile(path, 'utf8')).trim();
    return text === '' ? null : text;
  } catch {
    return null;
  }
}

/** The machine id as the machine-uid crate reads it, or null where there is none. */
export async function readMachineId(platform: NodeJS.Platform = process.platform, run: CommandRunner = runCommand): Promise<string | null> {
  if (platform === 'darwin') {
    const out = await run('ioreg', ['-rd1', '-c', 'IOPlatformExpertDevice']);
    return out?.match(/"IOPlatformUUID"\s*=\s*"([^"]+)"/)?.[1] ?? null;
  }
  if (platform === 'win32') {
    const out = await run('reg', ['query', 'HKLM\\SOFTWARE\\Microsoft\\Cryptography', '/v', 'MachineGuid']);
    return out?.match(/MachineGuid\s+REG_SZ\s+(\S+)/)?.[1] ?? null;
  }
  return (await firstLine('/var/lib/dbus/machine-id')) ?? (await firstLine('/etc/machine-id'));
}

export async function machineIdentity(): Promise<MachineIdentity | null> {
  const machineId = await readMachineId();
  return machineId === null ? null : { machineId, username: userInfo().username };
}

/** The keys atlassian-cli derives on this machine for this user, most likely first. */
export async function atlassianCliKeys(identity: MachineIdentity): Promise<Uint8Array[]> {
  const { argon2idAsync } = await import('@noble/hashes/argon2.js');
  const password = `${identity.machineId}:${identity.username}`;
  const idBytes = Buffer.from(identity.machineId, 'utf8');
  const b64Text = Buffer.from(idBytes.toString('base64').replace(/=+$/, ''), 'utf8');
  return [await argon2idAsync(password, idBytes, ARGON2_PARAMS), await argon2idAsync(password, b64Text, ARGON2_PARAMS)];
}

export interface EncryptedToken {
  nonce: string;
  ciphertext: string;
}

/** One token of credentials.enc, or null when this key does not open it. */
export function decryptToken(entry: EncryptedToken, key: Uint8Array): string | null {
  const nonce = Buffer.from(entry.nonce, 'base64');
  const sealed = Buffer.from(entry.ciphertext, 'base64');
  if (nonce.length !== NONCE_BYTES || sealed.length < TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

export interface AtlassianCliTokens {
  /** account → token, from credentials.enc and the older plaintext credentials file. */
  tokens: Map<string, string>;
  /** The token files found, each with every account it holds. */
  files: Array<{ path: string; accounts: string[] }>;
  /** Why some tokens could not be read (no machine id, another machine's key), or null. */
  problem: string | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null; // The message would quote the file, which holds tokens.
  }
}

/** Every token atlassian-cli keeps in `dir` that this machine and user can read. */
export async function readAtlassianCliTokens(
  dir: string,
  identity: () => Promise<MachineIdentity | null> = machineIdentity,
): Promise<AtlassianCliTokens> {
  const result: AtlassianCliTokens = { tokens: new Map(), files: [], problem: null };
  const plainPath = join(dir, PLAINTEXT_FILE);
  const plain = await readJson(plainPath);
  if (isRecord(plain)) {
    const accounts = Object.keys(plain).filter((k) => typeof plain[k] === 'string' && plain[k] !== '');
    for (const account of accounts) result.tokens.set(account, plain[account] as string);
    result.files.push({ path: plainPath, accounts });
  }

  const encPath = join(dir, ENCRYPTED_FILE);
  const doc = await readJson(encPath);
  if (doc === undefined) return result;
  const entries = isRecord(doc) && isRecord(doc.credentials) ? doc.credentials : null;
  if (entries === null) {
    result.problem = `${encPath} is not an atlassian-cli credentials file`;
    return result;
  }
  const sealed = Object.entries(entries).filter(
    (e): e is [string, EncryptedToken] => isRecord(e[1]) && typeof e[1].nonce === 'string' && typeof e[1].ciphertext === 'string',
  );
  result.files.push({ path: encPath, accounts: sealed.map(([account]) => account) });
  if (sealed.length === 0) return result;
  const who = await identity();
  if (who === null) {
    result.problem = `cannot read ${encPath}: this machine has no machine id, from which atlassian-cli derives its key`;
    return result;
  }
  const keys = await atlassianCliKeys(who);
  const key = keys.find((k) => decryptToken(sealed[0]![1], k) !== null);
  if (key === undefined) {
    result.problem = `cannot decrypt ${encPath}: it was written on another machine or by another user (atlassian-cli's key is derived from both)`;
    return result;
  }
  for (const [account, entry] of sealed) {
    const token = decryptToken(entry, key);
    if (token !== null && token !== '') result.tokens.set(account, token);
  }
  return result;
}
