import { runArgv } from '../../testkit/fakes.testutil.js';
import { describe, expect, test } from 'vitest';
import { AtlError } from '../../errors.js';
import { confluenceLogin, fakeFactory, sampleProfile } from '../../testkit/fakes.testutil.js';

const bitbucket = { email: 'me@work.example', authType: 'basic' as const, workspace: 'acme', storage: 'keyring' as const };
const config = {
  defaultProfile: 'old',
  profiles: { first: sampleProfile(), old: sampleProfile({ bitbucket }), last: sampleProfile() },
};

function seeded() {
  const f = fakeFactory({ config });
  f.stores.file.secrets.set('old', 'tok-old');
  f.stores.keyring.secrets.set('old:bitbucket', 'bb-old');
  return f;
}

/** The AtlError a run through argv ended in; fails the test when it succeeded. */
async function failure(run: Promise<{ code: number; error?: AtlError }>): Promise<AtlError> {
  const { error } = await run;
  expect(error).toBeInstanceOf(AtlError);
  return error!;
}

describe('auth rename', () => {
  test('renames in place, moves both tokens in their own stores, and the default follows', async () => {
    const f = seeded();
    expect(await runArgv(f, ['auth', 'rename', 'old', 'new'])).toEqual({ code: 0 });
    expect(Object.keys(f.config.config.profiles)).toEqual(['first', 'new', 'last']);
    expect(f.config.config.defaultProfile).toBe('new');
    expect([...f.stores.file.secrets]).toEqual([['new', 'tok-old']]);
    expect([...f.stores.keyring.secrets]).toEqual([['new:bitbucket', 'bb-old']]);
  });

  test('a profile that is not the default keeps the default where it was', async () => {
    const f = seeded();
    expect(await runArgv(f, ['auth', 'rename', 'first', 'one'])).toEqual({ code: 0 });
    expect(f.config.config.defaultProfile).toBe('old');
    expect(f.config.config.profiles.one).toBeDefined();
  });

  test('unknown old name → 4; existing new name → 2; invalid new name → 2; nothing changes', async () => {
    for (const [args, code] of [
      [['ghost', 'x'], 4],
      [['old', 'first'], 2],
      [['old', 'has space'], 2],
      [['old', 'a/b'], 2],
      [['old', 'old'], 2],
    ] as const) {
      const f = seeded();
      expect((await failure(runArgv(f, ['auth', 'rename', ...args]))).exitCode).toBe(code);
      expect(f.config.updates).toBe(0);
      expect(f.stores.file.secrets.get('old')).toBe('tok-old');
      expect(f.stores.file.secrets.size + f.stores.keyring.secrets.size).toBe(2);
    }
  });

  test('accepts letters, digits, -, _ and .', async () => {
    const f = seeded();
    expect(await runArgv(f, ['auth', 'rename', 'old', 'Acme-2_prod.eu'])).toEqual({ code: 0 });
    expect(f.stores.file.secrets.get('Acme-2_prod.eu')).toBe('tok-old');
  });

  test('a refused config write puts every token back where it was', async () => {
    const f = seeded();
    f.config.failNextUpdate = new AtlError('config', 'config.yaml is locked');
    await failure(runArgv(f, ['auth', 'rename', 'old', 'new']));
    expect([...f.stores.file.secrets]).toEqual([['old', 'tok-old']]);
    expect([...f.stores.keyring.secrets]).toEqual([['old:bitbucket', 'bb-old']]);
    expect(Object.keys(f.config.config.profiles)).toEqual(['first', 'old', 'last']);
  });

  test('a store that refuses the second token undoes the first and leaves config alone', async () => {
    const f = seeded();
    f.stores.keyring.failSet.add('new:bitbucket');
    await expect(runArgv(f, ['auth', 'rename', 'old', 'new'])).rejects.toThrow('refused');
    expect([...f.stores.file.secrets]).toEqual([['old', 'tok-old']]);
    expect(f.config.updates).toBe(0);
  });

  test('an old token that cannot be removed is a warning: the new copy is already saved', async () => {
    const f = seeded();
    f.stores.file.failDelete.add('old');
    expect(await runArgv(f, ['auth', 'rename', 'old', 'new'])).toEqual({ code: 0 });
    expect(f.stores.file.secrets.get('new')).toBe('tok-old');
    expect(f.err.text).toContain('warning');
    expect(f.err.text).not.toContain('tok-old');
  });

  test('a logged-out profile (no tokens) renames too', async () => {
    const f = fakeFactory({ config });
    expect(await runArgv(f, ['auth', 'rename', 'old', 'new'])).toEqual({ code: 0 });
    expect(f.config.config.profiles.new).toBeDefined();
    expect(f.stores.file.secrets.size).toBe(0);
  });
});

describe('auth rename, names compared ignoring case (Windows Credential Manager)', () => {
  const twoProfiles = { defaultProfile: 'work', profiles: { work: sampleProfile({ bitbucket }), other: sampleProfile() } };

  for (const caseInsensitiveStores of [false, true]) {
    test(`a case-only rename keeps both tokens, readable under the new name only (${caseInsensitiveStores ? 'case-insensitive' : 'case-sensitive'} store)`, async () => {
      const f = fakeFactory({ config: twoProfiles, caseInsensitiveStores });
      await f.stores.file.set('work', 'tok-work');
      await f.stores.keyring.set('work:bitbucket', 'bb-work');
      expect(await runArgv(f, ['auth', 'rename', 'work', 'Work'])).toEqual({ code: 0 });
      expect(Object.keys(f.config.config.profiles)).toEqual(['Work', 'other']);
      expect(f.config.config.defaultProfile).toBe('Work');
      expect([...f.stores.file.secrets]).toEqual([['Work', 'tok-work']]);
      expect([...f.stores.keyring.secrets]).toEqual([['Work:bitbucket', 'bb-work']]);
      expect(f.err.text).toBe('');
    });
  }

  test('a refused config write during a case-only rename puts the token back under the old name', async () => {
    const f = fakeFactory({ config: twoProfiles, caseInsensitiveStores: true });
    await f.stores.file.set('work', 'tok-work');
    f.config.failNextUpdate = new AtlError('config', 'config.yaml is locked');
    await failure(runArgv(f, ['auth', 'rename', 'work', 'Work']));
    expect([...f.stores.file.secrets]).toEqual([['work', 'tok-work']]);
  });

  test('renaming to a name that differs only in case from another profile is refused (exit 2), naming it', async () => {
    const f = fakeFactory({ config: twoProfiles, caseInsensitiveStores: true });
    await f.stores.file.set('other', 'tok-other');
    await f.stores.file.set('work', 'tok-work');
    const err = await failure(runArgv(f, ['auth', 'rename', 'other', 'WORK']));
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('"work"');
    expect(f.config.updates).toBe(0);
    expect(await f.stores.file.get('work')).toBe('tok-work');
    expect(await f.stores.file.get('other')).toBe('tok-other');
  });
});

test("rename and delete carry the Confluence login's own token (<profile>:confluence) with the profile", async () => {
  const withWiki = { defaultProfile: 'old', profiles: { old: sampleProfile({ bitbucket, confluence: confluenceLogin() }) } };
  const f = fakeFactory({
    config: withWiki,
    file: { old: 'tok-old', 'old:confluence': 'wiki-old' },
    keyring: { 'old:bitbucket': 'bb-old' },
  });
  expect(await runArgv(f, ['auth', 'rename', 'old', 'new', '--dry-run'])).toEqual({ code: 0 });
  expect(f.out.text).toContain('and move its token and Bitbucket token and Confluence token');
  expect(await runArgv(f, ['auth', 'rename', 'old', 'new'])).toEqual({ code: 0 });
  expect([...f.stores.file.secrets].sort()).toEqual([
    ['new', 'tok-old'],
    ['new:confluence', 'wiki-old'],
  ]);
  expect(f.config.config.profiles.new?.confluence).toEqual(confluenceLogin());
  expect(await runArgv(f, ['auth', 'delete', 'new', '--yes'])).toEqual({ code: 0 });
  expect([...f.stores.file.secrets]).toEqual([]);
  expect([...f.stores.keyring.secrets]).toEqual([]);
});
