import { runArgv } from '../../testkit/fakes.testutil.js';
import { describe, expect, test } from 'vitest';
import { AtlError } from '../../errors.js';
import { fakeFactory, sampleProfile } from '../../testkit/fakes.testutil.js';

const bitbucket = { email: null, authType: 'bearer' as const, workspace: 'acme', storage: 'keyring' as const };
const two = { defaultProfile: 'a', profiles: { a: sampleProfile({ bitbucket }), b: sampleProfile() } };
const three = { defaultProfile: 'a', profiles: { ...two.profiles, c: sampleProfile() } };

function seeded(options: Parameters<typeof fakeFactory>[0] = {}) {
  const f = fakeFactory({ config: two, ...options });
  f.stores.file.secrets.set('a', 't-a');
  f.stores.keyring.secrets.set('a:bitbucket', 't-bb');
  f.stores.file.secrets.set('b', 't-b');
  return f;
}

/** The AtlError a run through argv ended in; fails the test when it succeeded. */
async function failure(run: Promise<{ code: number; error?: AtlError }>): Promise<AtlError> {
  const { error } = await run;
  expect(error).toBeInstanceOf(AtlError);
  return error!;
}

describe('auth delete', () => {
  test('--yes removes the profile and both tokens; the only remaining profile becomes default', async () => {
    const f = seeded();
    expect(await runArgv(f, ['auth', 'delete', 'a', '--yes'])).toEqual({ code: 0 });
    expect(f.config.config).toEqual({ defaultProfile: 'b', profiles: { b: two.profiles.b } });
    expect([...f.stores.file.secrets.keys()]).toEqual(['b']);
    expect(f.stores.keyring.secrets.size).toBe(0);
    expect(f.out.text).toContain('"b" is now the default');
  });

  test('--confirm works like --yes; with several left the default is cleared', async () => {
    const f = seeded({ config: three });
    expect(await runArgv(f, ['auth', 'delete', 'a', '--confirm'])).toEqual({ code: 0 });
    expect(f.config.config.defaultProfile).toBeNull();
    expect(Object.keys(f.config.config.profiles)).toEqual(['b', 'c']);
  });

  test('deleting a profile that is not the default keeps the default', async () => {
    const f = seeded();
    expect(await runArgv(f, ['auth', 'delete', 'b', '--yes'])).toEqual({ code: 0 });
    expect(f.config.config.defaultProfile).toBe('a');
  });

  test('not interactive without --yes: exit 2 naming --yes, nothing removed', async () => {
    const f = seeded();
    const err = await failure(runArgv(f, ['auth', 'delete', 'a']));
    expect(err.exitCode).toBe(2);
    expect(`${err.message} ${err.hint}`).toContain('--yes');
    expect(f.config.updates).toBe(0);
    expect(f.stores.file.secrets.size).toBe(2);
  });

  test('interactive: asks, and deletes on yes', async () => {
    const f = seeded({ canPrompt: true, answers: [true] });
    expect(await runArgv(f, ['auth', 'delete', 'a'])).toEqual({ code: 0 });
    expect(f.prompts[0]).toContain('Delete profile "a"');
    expect(f.config.config.profiles.a).toBeUndefined();
  });

  test('interactive: a "no" keeps everything and fails with exit 1', async () => {
    const f = seeded({ canPrompt: true, answers: [false] });
    expect((await failure(runArgv(f, ['auth', 'delete', 'a']))).exitCode).toBe(1);
    expect(f.config.config.profiles.a).toBeDefined();
    expect(f.stores.file.secrets.get('a')).toBe('t-a');
  });

  test('unknown name → 4 before any prompt', async () => {
    const f = seeded({ canPrompt: true });
    expect((await failure(runArgv(f, ['auth', 'delete', 'ghost']))).exitCode).toBe(4);
    expect(f.prompts).toEqual([]);
  });

  test('a refused config write restores the tokens already removed', async () => {
    const f = seeded();
    f.config.failNextUpdate = new AtlError('config', 'locked');
    await failure(runArgv(f, ['auth', 'delete', 'a', '--yes']));
    expect(f.stores.file.secrets.get('a')).toBe('t-a');
    expect(f.stores.keyring.secrets.get('a:bitbucket')).toBe('t-bb');
    expect(f.config.config).toEqual(two);
  });

  test('--json reports what was removed', async () => {
    const f = seeded({ json: true });
    expect(await runArgv(f, ['auth', 'delete', 'a', '--yes'])).toEqual({ code: 0 });
    expect(JSON.parse(f.out.text)).toEqual({ deleted: 'a', removedTokens: ['token', 'bitbucket'], defaultProfile: 'b' });
  });

  test('--profile X names the profile (atlcli: delete --profile X --confirm); a different argument is exit 2', async () => {
    const f = seeded({ profile: 'b' });
    expect((await failure(runArgv(f, ['auth', 'delete', 'a', '--confirm']))).exitCode).toBe(2);
    expect(f.config.updates).toBe(0);
    expect(await runArgv(f, ['auth', 'delete', '--confirm'])).toEqual({ code: 0 });
    expect(Object.keys(f.config.config.profiles)).toEqual(['a']);
  });

  test('no name and no --profile: exit 2', async () => {
    const err = await failure(runArgv(seeded(), ['auth', 'delete', '--yes']));
    expect(err.exitCode).toBe(2);
    expect(err.hint).toContain('--profile <name>');
  });

  test('--dry-run: says what would go, asks nothing, changes nothing', async () => {
    const f = seeded({ canPrompt: true });
    expect(await runArgv(f, ['auth', 'delete', 'a', '--dry-run'])).toEqual({ code: 0 });
    expect(f.out.text).toBe(
      'Would delete profile "a" and its stored tokens (dry run, nothing changed).\n"b" would become the default profile.\n',
    );
    expect(f.prompts).toEqual([]);
    expect(f.config.updates).toBe(0);
    expect(f.stores.file.secrets.size).toBe(2);
    expect(f.stores.keyring.secrets.size).toBe(1);
  });
});
