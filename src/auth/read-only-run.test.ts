import { expect, test } from 'vitest';
import { cloudProfile, fakeFactory } from '../testkit/fakes.testutil.js';
import { type Fail, toPlain, validateConfig } from './config.js';
import { readOnlyFromEnv, readOnlyReason, readOnlyRunOf } from './read-only-run.js';

const fail: Fail = (_keys, message) => {
  throw new Error(message);
};

test('ATL_READ_ONLY: 1 (or any value but the usual offs) makes the run read-only', () => {
  expect(readOnlyFromEnv({ ATL_READ_ONLY: '1' })).toBe('ATL_READ_ONLY=1');
  expect(readOnlyFromEnv({ ATL_READ_ONLY: 'yes please' })).toBe('ATL_READ_ONLY=yes please');
  for (const off of [undefined, '', '0', 'false', 'No', 'off']) expect(readOnlyFromEnv({ ATL_READ_ONLY: off })).toBeNull();
});

test('why a run is read-only: --read-only, else ATL_READ_ONLY, else readOnly: true on the profile the run uses', async () => {
  const config = { defaultProfile: 'safe', profiles: { safe: cloudProfile({ readOnly: true }), free: cloudProfile() } };
  expect(await readOnlyReason(fakeFactory({ config }))).toBe('profile "safe" has readOnly: true');
  expect(await readOnlyReason(fakeFactory({ config, profile: 'free' }))).toBeNull();
  expect(await readOnlyReason(fakeFactory({ config, env: { ATL_PROFILE: 'free', ATL_READ_ONLY: '1' } }))).toBe('ATL_READ_ONLY=1');
  expect(await readOnlyReason(fakeFactory({ config, profile: 'free', globals: { readOnly: true } }))).toBe('--read-only');
  expect(await readOnlyReason(fakeFactory({ env: {} }))).toBeNull();
});

test('the guard names the command the run is', () => {
  const f = fakeFactory({ globals: { command: 'bitbucket pr merge' } });
  const run = readOnlyRunOf(f, 'Bitbucket');
  expect(run.command()).toBe('atl bitbucket pr merge');
  expect(run.product).toBe('Bitbucket');
});

test('config.yaml: readOnly is a profile key, a boolean, kept when written', () => {
  const raw = { defaultProfile: 'p', profiles: { p: { site: 'https://a.atlassian.net', readOnly: true } } };
  const config = validateConfig(raw, fail);
  expect(config.profiles.p!.readOnly).toBe(true);
  expect((toPlain(config).profiles as Record<string, Record<string, unknown>>).p!.readOnly).toBe(true);
  expect(() => validateConfig({ profiles: { p: { site: 'https://a.atlassian.net', readOnly: 'yes' } } }, fail)).toThrow(/readOnly/);
});
