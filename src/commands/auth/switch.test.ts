import { describe, expect, test } from 'vitest';
import { AtlError } from '../../errors.js';
import switchCommand from './switch.js';
import { fakeFactory, sampleProfile } from '../../auth/fakes.testutil.js';

const config = { defaultProfile: 'a', profiles: { a: sampleProfile(), b: sampleProfile({ site: 'https://b.atlassian.net' }) } };

describe('auth switch', () => {
  test('sets the default profile', async () => {
    const f = fakeFactory({ config });
    await switchCommand.run(f, ['b'], {});
    expect(f.config.config.defaultProfile).toBe('b');
    expect(f.stdoutText()).toContain('"b"');
  });

  test('an unknown name is exit 4 listing the known profiles, and writes nothing', async () => {
    const f = fakeFactory({ config });
    const err = await switchCommand.run(f, ['nope'], {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtlError);
    expect((err as AtlError).exitCode).toBe(4);
    expect((err as AtlError).hint).toContain('a, b');
    expect(f.config.updates).toBe(0);
    expect(f.config.config.defaultProfile).toBe('a');
  });

  test('warns when ATL_PROFILE still overrides the default', async () => {
    const f = fakeFactory({ config, env: { ATL_PROFILE: 'a' } });
    await switchCommand.run(f, ['b'], {});
    expect(f.stderrText()).toContain('ATL_PROFILE=a');
  });

  test('--dry-run names the change and writes nothing', async () => {
    const f = fakeFactory({ config });
    await switchCommand.run(f, ['b'], { dryRun: true });
    expect(f.stdoutText()).toBe(
      'Would make "b" (https://b.atlassian.net) the default profile instead of "a" (dry run, nothing changed).\n',
    );
    expect(f.config.updates).toBe(0);
  });
});
