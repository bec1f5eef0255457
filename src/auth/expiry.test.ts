import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { fakeFactory } from '../testkit/fakes.testutil.js';
import { skipFileModeTest } from '../../test/support/prerequisite.js';
import { assertExpiryInRange, daysUntil, expiryMessage, isExpired, parseExpiryDate, warnIfExpiring } from './expiry.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

test('parseExpiryDate accepts real dates only', () => {
  expect(parseExpiryDate('2026-02-28')).toBe('2026-02-28');
  for (const bad of ['2026-02-30', '2026-13-01', '26-01-01', 'tomorrow', '2026/01/01']) {
    expect(() => parseExpiryDate(bad)).toThrow(/YYYY-MM-DD/);
  }
});

test('assertExpiryInRange: today up to 365 days ahead on Cloud; any future date on Data Center; never the past', () => {
  const today = '2026-03-01';
  for (const ok of ['2026-03-01', '2026-03-02', '2027-03-01']) expect(() => assertExpiryInRange(ok, today, true)).not.toThrow();
  expect(() => assertExpiryInRange('2027-03-02', today, true)).toThrow(
    expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/366 days ahead.*at most 365 days/) }),
  );
  expect(() => assertExpiryInRange('2099-12-31', today, false)).not.toThrow();
  for (const cloud of [true, false]) {
    expect(() => assertExpiryInRange('2026-02-28', today, cloud)).toThrow(
      expect.objectContaining({ exitCode: 2, message: '--expires 2026-02-28 is in the past' }),
    );
  }
});

test('daysUntil, expiryMessage and isExpired', () => {
  expect(daysUntil('2026-03-01', '2026-02-27')).toBe(2);
  expect(daysUntil('2026-01-01', '2026-01-02')).toBe(-1);
  expect(expiryMessage('p', '2026-01-16', '2026-01-01')).toBeNull();
  expect(expiryMessage('p', '2026-01-15', '2026-01-01')).toContain('expires in 14 days');
  expect(expiryMessage('p', '2026-01-02', '2026-01-01')).toContain('expires in 1 day ');
  expect(expiryMessage('p', '2026-01-01', '2026-01-01')).toContain('expires today');
  expect(expiryMessage('p', '2025-12-31', '2026-01-01')).toContain('expired on 2025-12-31');
  expect(isExpired('2025-12-31', '2026-01-01')).toBe(true);
  expect(isExpired('2026-01-01', '2026-01-01')).toBe(false);
  expect(isExpired(null, '2026-01-01')).toBe(false);
});

async function tempDirs(): Promise<{ configDir: string; stateDir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'atl-expiry-'));
  dirs.push(dir);
  return { configDir: join(dir, 'config', 'atl'), stateDir: join(dir, 'state', 'atl') };
}

test('warnIfExpiring warns once a day per profile, remembering it in state.json in the state dir', async () => {
  const { configDir, stateDir } = await tempDirs();
  const f = fakeFactory({ configDir, stateDir });
  const day1 = new Date(2026, 0, 1, 9);
  await warnIfExpiring(f, 'work', '2026-01-05', day1);
  await warnIfExpiring(f, 'work', '2026-01-05', new Date(2026, 0, 1, 18));
  expect(f.err.text.match(/warning:/g)).toHaveLength(1);
  expect(f.err.text).toContain('profile "work" expires in 4 days');
  // Another profile has its own day; the next day warns again.
  await warnIfExpiring(f, 'other', '2026-01-05', day1);
  await warnIfExpiring(f, 'work', '2026-01-05', new Date(2026, 0, 2, 9));
  expect(f.err.text.match(/warning:/g)).toHaveLength(3);
  expect(JSON.parse(await readFile(join(stateDir, 'state.json'), 'utf8'))).toEqual({
    expiryWarnings: { work: '2026-01-02', other: '2026-01-01' },
  });
  // Machine-local (on Windows %LOCALAPPDATA%, never the roaming %APPDATA%): the config dir gets nothing.
  await expect(stat(configDir)).rejects.toMatchObject({ code: 'ENOENT' });
});

test('a state.json left in the config dir by an older atl is removed once the state dir has one', async () => {
  const { configDir, stateDir } = await tempDirs();
  await mkdir(configDir, { recursive: true });
  await writeFile(join(configDir, 'state.json'), '{"expiryWarnings":{"work":"2025-12-31"}}\n');
  const f = fakeFactory({ configDir, stateDir });
  await warnIfExpiring(f, 'work', '2026-01-05', new Date(2026, 0, 1, 9));
  expect(await readdir(configDir)).toEqual([]);
  expect(JSON.parse(await readFile(join(stateDir, 'state.json'), 'utf8'))).toEqual({ expiryWarnings: { work: '2026-01-01' } });
});

test.skipIf(skipFileModeTest('state.json file modes'))('state.json is 0600 in a 0700 state dir', async () => {
  const { configDir, stateDir } = await tempDirs();
  await warnIfExpiring(fakeFactory({ configDir, stateDir }), 'work', '2026-01-05', new Date(2026, 0, 1, 9));
  expect((await stat(join(stateDir, 'state.json'))).mode & 0o777).toBe(0o600);
  expect((await stat(stateDir)).mode & 0o777).toBe(0o700);
});

test('no warning far from expiry, without an expiry, or without a stored profile', async () => {
  const f = fakeFactory({ configDir: '/nonexistent/never-written' });
  const now = new Date(2026, 0, 1);
  await warnIfExpiring(f, 'work', '2026-06-01', now);
  await warnIfExpiring(f, 'work', null, now);
  await warnIfExpiring(f, null, '2026-01-02', now);
  expect(f.err.text).toBe('');
});

test("without a date of its own, the warning takes today from the factory's clock", async () => {
  const { configDir, stateDir } = await tempDirs();
  const f = fakeFactory({ configDir, stateDir, now: new Date(2031, 0, 15, 9) });
  await warnIfExpiring(f, 'work', '2031-01-20');
  expect(f.err.text).toBe('warning: the token of profile "work" expires in 5 days (2031-01-20)\n');
  expect(JSON.parse(await readFile(join(stateDir, 'state.json'), 'utf8'))).toEqual({ expiryWarnings: { work: '2031-01-15' } });
});
