import { describe, expect, test } from 'vitest';
import { AtlError } from '../../errors.js';
import del from './delete.js';
import { fakeFactory, sampleProfile } from '../../auth/fakes.testutil.js';

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

async function failure(promise: Promise<unknown>): Promise<AtlError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AtlError);
  return err as AtlError;
}

describe('auth delete', () => {
  test('--yes removes the profile and both tokens; the only remaining profile becomes default', async () => {
    const f = seeded();
    await del.run(f, ['a'], { yes: true });
    expect(f.config.config).toEqual({ defaultProfile: 'b', profiles: { b: two.profiles.b } });
    expect([...f.stores.file.secrets.keys()]).toEqual(['b']);
    expect(f.stores.keyring.secrets.size).toBe(0);
    expect(f.stdoutText()).toContain('"b" is now the default');
  });

  test('--confirm works like --yes; with several left the default is cleared', async () => {
    const f = seeded({ config: three });
    await del.run(f, ['a'], { confirm: true });
    expect(f.config.config.defaultProfile).toBeNull();
    expect(Object.keys(f.config.config.profiles)).toEqual(['b', 'c']);
  });

  test('deleting a profile that is not the default keeps the default', async () => {
    const f = seeded();
    await del.run(f, ['b'], { yes: true });
    expect(f.config.config.defaultProfile).toBe('a');
  });

  test('not interactive without --yes: exit 2 naming --yes, nothing removed', async () => {
    const f = seeded();
    const err = await failure(del.run(f, ['a'], {}));
    expect(err.exitCode).toBe(2);
    expect(`${err.message} ${err.hint}`).toContain('--yes');
    expect(f.config.updates).toBe(0);
    expect(f.stores.file.secrets.size).toBe(2);
  });

  test('interactive: asks, and deletes on yes', async () => {
    const f = seeded({ canPrompt: true, answers: [true] });
    await del.run(f, ['a'], {});
    expect(f.prompts[0]).toContain('Delete profile "a"');
    expect(f.config.config.profiles.a).toBeUndefined();
  });

  test('interactive: a "no" keeps everything and fails with exit 1', async () => {
    const f = seeded({ canPrompt: true, answers: [false] });
    expect((await failure(del.run(f, ['a'], {}))).exitCode).toBe(1);
    expect(f.config.config.profiles.a).toBeDefined();
    expect(f.stores.file.secrets.get('a')).toBe('t-a');
  });

  test('unknown name → 4 before any prompt', async () => {
    const f = seeded({ canPrompt: true });
    expect((await failure(del.run(f, ['ghost'], {}))).exitCode).toBe(4);
    expect(f.prompts).toEqual([]);
  });

  test('a refused config write restores the tokens already removed', async () => {
    const f = seeded();
    f.config.failNextUpdate = new AtlError('config', 'locked');
    await failure(del.run(f, ['a'], { yes: true }));
    expect(f.stores.file.secrets.get('a')).toBe('t-a');
    expect(f.stores.keyring.secrets.get('a:bitbucket')).toBe('t-bb');
    expect(f.config.config).toEqual(two);
  });

  test('--json reports what was removed', async () => {
    const f = seeded({ json: true });
    await del.run(f, ['a'], { yes: true });
    expect(JSON.parse(f.stdoutText())).toEqual({ deleted: 'a', removedTokens: ['token', 'bitbucket'], defaultProfile: 'b' });
  });

  test('--profile X names the profile (atlcli: delete --profile X --confirm); a different argument is exit 2', async () => {
    const f = seeded({ profile: 'b' });
    expect((await failure(del.run(f, ['a'], { confirm: true }))).exitCode).toBe(2);
    expect(f.config.updates).toBe(0);
    await del.run(f, [], { confirm: true });
    expect(Object.keys(f.config.config.profiles)).toEqual(['a']);
  });

  test('no name and no --profile: exit 2', async () => {
    const err = await failure(del.run(seeded(), [], { yes: true }));
    expect(err.exitCode).toBe(2);
    expect(err.hint).toContain('--profile <name>');
  });

  test('--dry-run: says what would go, asks nothing, changes nothing', async () => {
    const f = seeded({ canPrompt: true });
    await del.run(f, ['a'], { dryRun: true });
    expect(f.stdoutText()).toBe(
      'Would delete profile "a" and its stored tokens (dry run, nothing changed).\n"b" would become the default profile.\n',
    );
    expect(f.prompts).toEqual([]);
    expect(f.config.updates).toBe(0);
    expect(f.stores.file.secrets.size).toBe(2);
    expect(f.stores.keyring.secrets.size).toBe(1);
  });
});
