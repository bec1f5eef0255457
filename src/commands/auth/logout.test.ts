import { runArgv } from '../../testkit/fakes.testutil.js';
import { describe, expect, test } from 'vitest';
import type { AtlError } from '../../errors.js';
import { confluenceLogin, fakeFactory, sampleProfile } from '../../testkit/fakes.testutil.js';

const bitbucket = { email: 'me@work.example', authType: 'basic' as const, workspace: 'acme', storage: 'file' as const };
const config = { defaultProfile: 'work', profiles: { work: sampleProfile({ bitbucket }), other: sampleProfile() } };

function seeded(options: Parameters<typeof fakeFactory>[0] = {}) {
  const f = fakeFactory({ config, ...options });
  f.stores.file.secrets.set('work', 't-work');
  f.stores.file.secrets.set('work:bitbucket', 't-bb');
  f.stores.file.secrets.set('other', 't-other');
  return f;
}

describe('auth logout', () => {
  test('without a name: removes both tokens of the active profile and keeps the profile', async () => {
    const f = seeded();
    expect(await runArgv(f, ['auth', 'logout'])).toEqual({ code: 0 });
    expect([...f.stores.file.secrets.keys()]).toEqual(['other']);
    expect(f.config.config.profiles.work).toEqual(config.profiles.work);
    expect(f.out.text).toContain('atl auth login --profile work --site https://work.atlassian.net --email me@work.example --token-stdin\n');
    expect(f.out.text).toContain('atl auth login --profile work --bitbucket --email me@work.example --workspace acme --token-stdin\n');
  });

  test('the active profile follows --profile', async () => {
    const f = seeded({ profile: 'other' });
    expect(await runArgv(f, ['auth', 'logout'])).toEqual({ code: 0 });
    expect([...f.stores.file.secrets.keys()]).toEqual(['work', 'work:bitbucket']);
  });

  test('--bitbucket removes only the Bitbucket token and keeps the Bitbucket settings', async () => {
    const f = seeded({ json: true });
    expect(await runArgv(f, ['auth', 'logout', 'work', '--bitbucket'])).toEqual({ code: 0 });
    expect([...f.stores.file.secrets.keys()]).toEqual(['work', 'other']);
    expect(f.config.config.profiles.work!.bitbucket).toEqual(bitbucket);
    expect(JSON.parse(f.out.text)).toEqual({ profile: 'work', removed: ['bitbucket'], bitbucketOnly: true });
  });

  test('--bitbucket on a profile without a Bitbucket login is exit 2', async () => {
    const f = seeded();
    const err = (await runArgv(f, ['auth', 'logout', 'other', '--bitbucket']).then((r) => r.error)) as AtlError;
    expect(err.exitCode).toBe(2);
    expect(f.stores.file.secrets.get('other')).toBe('t-other');
  });

  test('unknown name → 4; no profiles → 3', async () => {
    const err = (await runArgv(seeded(), ['auth', 'logout', 'ghost']).then((r) => r.error)) as AtlError;
    expect(err.exitCode).toBe(4);
    const none = (await runArgv(fakeFactory(), ['auth', 'logout']).then((r) => r.error)) as AtlError;
    expect(none.exitCode).toBe(3);
  });

  test('already logged out: says so and succeeds', async () => {
    const f = fakeFactory({ config });
    expect(await runArgv(f, ['auth', 'logout', 'other'])).toEqual({ code: 0 });
    expect(f.out.text).toContain('nothing to remove');
  });

  test('a store error on the second token restores the first', async () => {
    const f = seeded();
    f.stores.file.failDelete.add('work:bitbucket');
    await expect(runArgv(f, ['auth', 'logout', 'work'])).rejects.toThrow();
    expect(f.stores.file.secrets.get('work')).toBe('t-work');
    expect(f.stores.file.secrets.get('work:bitbucket')).toBe('t-bb');
  });

  test('notes an environment token that still applies', async () => {
    const f = seeded({ env: { ATL_TOKEN_WORK: 'x' } });
    expect(await runArgv(f, ['auth', 'logout', 'work'])).toEqual({ code: 0 });
    expect(f.err.text).toContain('ATL_TOKEN_WORK');
  });

  test('--remove-profile deletes the profile with its tokens; the one left becomes the default', async () => {
    const f = seeded();
    expect(await runArgv(f, ['auth', 'logout', 'work', '--remove-profile'])).toEqual({ code: 0 });
    expect(f.config.config).toEqual({ defaultProfile: 'other', profiles: { other: config.profiles.other } });
    expect([...f.stores.file.secrets.keys()]).toEqual(['other']);
  });

  test('--dry-run (and with --remove-profile): says what would go, changes nothing', async () => {
    for (const [flags, expected] of [
      [['--dry-run'], { dryRun: true, profile: 'work', removed: ['token', 'bitbucket'], bitbucketOnly: false }],
      [
        ['--dry-run', '--remove-profile'],
        {
          dryRun: true,
          profile: 'work',
          removed: ['token', 'bitbucket'],
          bitbucketOnly: false,
          profileRemoved: true,
          defaultProfile: 'other',
        },
      ],
    ] as const) {
      const f = seeded({ json: true });
      expect(await runArgv(f, ['auth', 'logout', 'work', ...flags])).toEqual({ code: 0 });
      expect(JSON.parse(f.out.text)).toEqual(expected);
      expect(f.config.updates).toBe(0);
      expect(f.stores.file.secrets.size).toBe(3);
    }
  });
});

describe('auth logout --confluence', () => {
  const confluence = confluenceLogin({ site: 'https://wiki.work.example' });
  const withWiki = { defaultProfile: 'work', profiles: { work: sampleProfile({ bitbucket, confluence }) } };

  test('removes only the Confluence login and its token; the site and Bitbucket logins stay', async () => {
    const f = fakeFactory({ config: withWiki, file: { work: 't-work', 'work:bitbucket': 't-bb', 'work:confluence': 't-wiki' } });
    expect(await runArgv(f, ['auth', 'logout', '--confluence'])).toEqual({ code: 0 });
    expect([...f.stores.file.secrets.keys()].sort()).toEqual(['work', 'work:bitbucket']);
    expect(f.config.config.profiles.work).toEqual(sampleProfile({ bitbucket }));
    expect(f.out.text).toContain('atl auth login --profile work --confluence --site https://wiki.work.example --bearer --token-stdin\n');
  });

  test('--dry-run changes nothing; a profile without one is exit 2; --bitbucket with it is exit 2', async () => {
    const f = fakeFactory({ config: withWiki, file: { 'work:confluence': 't-wiki' }, json: true });
    expect(await runArgv(f, ['auth', 'logout', '--confluence', '--dry-run'])).toEqual({ code: 0 });
    expect(JSON.parse(f.out.text)).toEqual({
      dryRun: true,
      profile: 'work',
      removed: ['confluence'],
      confluence: { site: 'https://wiki.work.example', removed: true },
    });
    expect(f.stores.file.secrets.get('work:confluence')).toBe('t-wiki');
    expect((await runArgv(seeded(), ['auth', 'logout', '--confluence'])).code).toBe(2);
    expect((await runArgv(f, ['auth', 'logout', '--confluence', '--bitbucket'])).code).toBe(2);
  });

  test('a plain logout removes the Confluence token too, and says so', async () => {
    const f = fakeFactory({ config: withWiki, file: { work: 't-work', 'work:confluence': 't-wiki' } });
    expect(await runArgv(f, ['auth', 'logout'])).toEqual({ code: 0 });
    expect([...f.stores.file.secrets.keys()]).toEqual([]);
    expect(f.out.text).toContain('removed its token and Confluence token');
  });
});
