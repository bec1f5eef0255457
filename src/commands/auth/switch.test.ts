import { runArgv } from '../../testkit/fakes.testutil.js';
import { describe, expect, test } from 'vitest';
import { AtlError } from '../../errors.js';
import { fakeFactory, sampleProfile } from '../../testkit/fakes.testutil.js';

const config = { defaultProfile: 'a', profiles: { a: sampleProfile(), b: sampleProfile({ site: 'https://b.atlassian.net' }) } };

describe('auth switch', () => {
  test('sets the default profile', async () => {
    const f = fakeFactory({ config });
    expect(await runArgv(f, ['auth', 'switch', 'b'])).toEqual({ code: 0 });
    expect(f.config.config.defaultProfile).toBe('b');
    expect(f.out.text).toContain('"b"');
  });

  test('an unknown name is exit 4 listing the known profiles, and writes nothing', async () => {
    const f = fakeFactory({ config });
    const err = await runArgv(f, ['auth', 'switch', 'nope']).then((r) => r.error);
    expect(err).toBeInstanceOf(AtlError);
    expect((err as AtlError).exitCode).toBe(4);
    expect((err as AtlError).hint).toContain('a, b');
    expect(f.config.updates).toBe(0);
    expect(f.config.config.defaultProfile).toBe('a');
  });

  test('warns when ATL_PROFILE still overrides the default', async () => {
    const f = fakeFactory({ config, env: { ATL_PROFILE: 'a' } });
    expect(await runArgv(f, ['auth', 'switch', 'b'])).toEqual({ code: 0 });
    expect(f.err.text).toContain('ATL_PROFILE=a');
  });

  test('--dry-run names the change and writes nothing', async () => {
    const f = fakeFactory({ config });
    expect(await runArgv(f, ['auth', 'switch', 'b', '--dry-run'])).toEqual({ code: 0 });
    expect(f.out.text).toBe('Would make "b" (https://b.atlassian.net) the default profile instead of "a" (dry run, nothing changed).\n');
    expect(f.config.updates).toBe(0);
  });
});
