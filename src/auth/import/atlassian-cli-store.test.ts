import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { atlassianCliKeys, decryptToken, readAtlassianCliTokens, readMachineId, type MachineIdentity } from './atlassian-cli-store.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** What atlassian-cli's `encrypt` writes: a random 12-byte nonce, and the ciphertext with the 16-byte tag after it. */
function seal(token: string, key: Uint8Array): { nonce: string; ciphertext: string } {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { nonce: nonce.toString('base64'), ciphertext: body.toString('base64') };
}

const alice: MachineIdentity = { machineId: '0123456789abcdef0123456789abcdef', username: 'alice' };

describe('atlassian-cli credentials.enc', () => {
  test("decrypts atlassian-cli's own known answer (its encryption.rs test: key 7s, aes-gcm 0.10 output)", () => {
    const key = new Uint8Array(32).fill(7);
    expect(decryptToken({ nonce: 'Rm9oYDGUcR47yGPD', ciphertext: 'iwXkjpxTMOS8N/vvR/y0Yvt3G7fE0GW4sl7KvlyPIJ3rW50U/81e' }, key)).toBe(
      'hunter2-atlassian-token',
    );
    expect(
      decryptToken(
        { nonce: 'Rm9oYDGUcR47yGPD', ciphertext: 'iwXkjpxTMOS8N/vvR/y0Yvt3G7fE0GW4sl7KvlyPIJ3rW50U/81e' },
        new Uint8Array(32).fill(8),
      ),
    ).toBeNull();
  });

  test('reads every token written with the key of this machine and user; another user cannot', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atl-acli-'));
    dirs.push(dir);
    const [key] = await atlassianCliKeys(alice);
    await writeFile(
      join(dir, 'credentials.enc'),
      JSON.stringify({ version: 1, salt: '', credentials: { work: seal('tok-work', key!), work_bitbucket: seal('tok-bb', key!) } }),
    );
    const read = await readAtlassianCliTokens(dir, async () => alice);
    expect(read.problem).toBeNull();
    expect(Object.fromEntries(read.tokens)).toEqual({ work: 'tok-work', work_bitbucket: 'tok-bb' });
    expect(read.files).toEqual([{ path: join(dir, 'credentials.enc'), accounts: ['work', 'work_bitbucket'] }]);

    const bob = await readAtlassianCliTokens(dir, async () => ({ ...alice, username: 'bob' }));
    expect(bob.tokens.size).toBe(0);
    expect(bob.problem).toContain('written on another machine or by another user');
    const nowhere = await readAtlassianCliTokens(dir, async () => null);
    expect(nowhere.problem).toContain('no machine id');
  });

  test('the machine id as machine-uid reads it on macOS (ioreg) and Windows (MachineGuid)', async () => {
    const ioreg = '+-o J314sAP  <class IOPlatformExpertDevice>\n    "IOPlatformUUID" = "5F3C1E2A-0B6D-4C8E-9A71-2D4B6F8E0C13"\n';
    expect(await readMachineId('darwin', async (file) => (file === 'ioreg' ? ioreg : null))).toBe('5F3C1E2A-0B6D-4C8E-9A71-2D4B6F8E0C13');
    const reg =
      '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography\r\n    MachineGuid    REG_SZ    6b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8\r\n';
    expect(await readMachineId('win32', async (file) => (file === 'reg' ? reg : null))).toBe('6b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8');
    expect(await readMachineId('darwin', async () => null)).toBeNull();
  });
});
