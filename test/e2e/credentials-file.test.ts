// The encrypted credentials file (credentials.enc, src/auth/secrets/file.ts) through the built CLI:
// AES-256-GCM needs a fresh nonce on every write (a fixed one passed every other e2e test), and a
// changed byte must be detected by the next command, not decrypted into garbage or a wrong token.
// Only credentials.enc is read here: where the key lives is not this test's business.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { createTestHome, ok, type TestHome } from '../support/atl.js';

const EMAIL = 'me@work.example';
const tokenFor = (profile: string) => `ATATT3x-enc-${profile}-token-0123456789abcdef`;
const PROFILES = ['one', 'two', 'three', 'four'];

const homes: TestHome[] = [];
afterAll(async () => {
  await Promise.all(homes.map((h) => h.cleanup()));
});

async function newHome(): Promise<TestHome> {
  const h = await createTestHome();
  homes.push(h);
  for (const p of PROFILES) h.addSecret(tokenFor(p), EMAIL);
  return h;
}

const login = (h: TestHome, profile: string, token = tokenFor(profile)) =>
  ok(
    h,
    [
      '--profile',
      profile,
      'auth',
      'login',
      '--site',
      `${profile}.atlassian.net`,
      '--email',
      EMAIL,
      '--token-stdin',
      '--storage',
      'file',
      '--no-verify',
    ],
    token,
  );

interface Envelope {
  nonce: string;
  tag: string;
  data: string;
}
const credentialsPath = (h: TestHome) => join(h.configDir, 'credentials.enc');
const envelopeOf = async (h: TestHome) => JSON.parse(await readFile(credentialsPath(h), 'utf8')) as Envelope;

/** `atl auth token PROFILE`; its stdout is the one place a token may be printed, so it leaves the scanned outputs. */
async function tokenOf(h: TestHome, profile: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const result = await h.run(['auth', 'token', profile]);
  h.outputs.splice(h.outputs.indexOf(result.stdout), 1);
  return result;
}

test('every write of credentials.enc has a new 12-byte nonce and new ciphertext, and every token reads back', async () => {
  const h = await newHome();
  const envelopes: Envelope[] = [];
  for (const profile of PROFILES) {
    await login(h, profile);
    envelopes.push(await envelopeOf(h));
  }
  // The same profile again with a new token: a write of the same size must not reuse the nonce either.
  await login(h, 'one', `${tokenFor('one')}-2`);
  h.addSecret(`${tokenFor('one')}-2`, EMAIL);
  envelopes.push(await envelopeOf(h));
  for (const envelope of envelopes) expect(Buffer.from(envelope.nonce, 'base64')).toHaveLength(12);
  expect(new Set(envelopes.map((e) => e.nonce)).size).toBe(envelopes.length);
  expect(new Set(envelopes.map((e) => e.data)).size).toBe(envelopes.length);
  expect((await tokenOf(h, 'one')).stdout).toBe(`${tokenFor('one')}-2\n`);
  for (const profile of PROFILES.slice(1)) expect((await tokenOf(h, profile)).stdout).toBe(`${tokenFor(profile)}\n`);
  await h.assertNoSecretsLeaked();
});

const TAMPERS: Array<[string, (e: Envelope) => Envelope]> = [
  ['one bit of the ciphertext', (e) => ({ ...e, data: flipByte(e.data, 0) })],
  ['the last byte of the ciphertext', (e) => ({ ...e, data: flipByte(e.data, -1) })],
  ['the auth tag', (e) => ({ ...e, tag: flipByte(e.tag, 3) })],
  ['the nonce', (e) => ({ ...e, nonce: flipByte(e.nonce, 5) })],
];

test.concurrent.each(TAMPERS)(
  'a change to %s: reading is exit 2 saying the file was changed, no token printed; writing leaves the file as it is',
  async (_what, tamper) => {
    const h = await newHome();
    await login(h, 'one');
    await login(h, 'two');
    const tampered = `${JSON.stringify(tamper(await envelopeOf(h)))}\n`;
    await writeFile(credentialsPath(h), tampered);

    const read = await tokenOf(h, 'one');
    expect(read.code, read.stderr).toBe(2);
    expect(read.stdout).toBe('');
    expect(read.stderr).toMatch(/^error: cannot decrypt .*credentials\.enc: the file was damaged or changed$/m);
    expect(read.stderr).toMatch(/^hint: /m);
    // A write must not replace the damaged file (it may be the only copy of other tokens).
    const write = await h.run(
      [
        '--profile',
        'three',
        'auth',
        'login',
        '--site',
        'three.atlassian.net',
        '--email',
        EMAIL,
        '--token-stdin',
        '--storage',
        'file',
        '--no-verify',
      ],
      { input: tokenFor('three') },
    );
    expect(write.code, write.stderr).toBe(2);
    expect(write.stderr).toContain('damaged or changed');
    expect(await readFile(credentialsPath(h), 'utf8')).toBe(tampered);
    await h.assertNoSecretsLeaked();
  },
);

function flipByte(base64: string, index: number): string {
  const bytes = Buffer.from(base64, 'base64');
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = bytes[at]! ^ 0x01;
  return bytes.toString('base64');
}
