import { describe, expect, test } from 'vitest';
import { AtlError } from '../../errors.js';
import { cloudProfile, fakeFactory } from '../../testkit/fakes.testutil.js';
import { runInit, type KeyringProbe } from './init.js';

const noKeyring: KeyringProbe = async () => ({ ok: false, reason: 'no Secret Service on the session bus' });
const keyring: KeyringProbe = async () => ({ ok: true });
const site = 'https://work.atlassian.net';

describe('auth init', () => {
  test('without a working keyring: the storage question is not asked, the token goes to the file, and it says why', async () => {
    // Profile name, kind, site, email, token, expiry: no storage question in between.
    const f = fakeFactory({ canPrompt: true, answers: ['work', 'cloud', site, 'me@work.example', 'tok-1', ''] });
    expect(await runInit(f, { verify: false }, { probe: noKeyring })).toBe(0);
    expect(f.prompts.some((p) => p.includes('Where should the token be kept'))).toBe(false);
    expect(f.err.text).toContain(
      'The OS keyring does not work here (no Secret Service on the session bus); the token goes to the encrypted file.',
    );
    expect(f.config.config.profiles.work).toMatchObject({ site, storage: 'file' });
    expect(await f.stores.file.get('work')).toBe('tok-1');
  });

  test('with a working keyring both places are offered', async () => {
    const f = fakeFactory({ canPrompt: true, answers: ['work', 'cloud', site, 'me@work.example', 'tok-1', 'keyring', ''] });
    await runInit(f, { verify: false }, { probe: keyring });
    expect(f.prompts).toContain('Where should the token be kept?');
    expect(await f.stores.keyring.get('work')).toBe('tok-1');
  });

  test('--storage keyring where none works: exit 2 before the first question, naming --storage file', async () => {
    const f = fakeFactory({ canPrompt: true });
    const err = await runInit(f, { verify: false, storage: 'keyring' }, { probe: noKeyring }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtlError);
    expect((err as AtlError).exitCode).toBe(2);
    expect((err as AtlError).hint).toContain('--storage file');
    expect(f.prompts).toEqual([]);
  });

  test('login flags answer their questions: only what they leave open is asked', async () => {
    const f = fakeFactory({ canPrompt: true, profile: 'corp', answers: ['tok-2'] });
    let probed = false;
    const probe: KeyringProbe = async () => ((probed = true), { ok: true });
    await runInit(f, { verify: false, site: 'https://jira.corp.example', bearer: true, storage: 'file', expires: '2099-01-31' }, { probe });
    expect(f.prompts).toEqual(['Personal access token:']);
    expect(probed).toBe(false); // --storage file needs no keyring
    expect(f.config.config.profiles.corp).toMatchObject({
      site: 'https://jira.corp.example',
      authType: 'bearer',
      deployment: 'datacenter',
      storage: 'file',
      tokenExpiresAt: '2099-01-31',
    });
  });

  test('not at a terminal: with flags it is `auth login`, naming what is missing; without any it exits 2 as before', async () => {
    const bare = await runInit(fakeFactory(), { verify: true }, { probe: keyring }).catch((e: unknown) => e);
    expect((bare as AtlError).message).toContain('is interactive and needs a terminal');
    const partial = await runInit(fakeFactory(), { verify: false, site, storage: 'file' }, { probe: keyring }).catch((e: unknown) => e);
    expect((partial as AtlError).exitCode).toBe(2);
    expect((partial as AtlError).message).toContain('missing required flags: --email, --token (or --token-stdin)');
  });

  test('--dry-run asks for no token and saves nothing', async () => {
    const f = fakeFactory({ canPrompt: true, answers: ['work', 'cloud', site, 'me@work.example', ''] });
    await runInit(f, { verify: true, dryRun: true }, { probe: noKeyring });
    expect(f.prompts.some((p) => p.includes('token:'))).toBe(false);
    expect(f.out.text).toContain('Would save this profile (dry run, nothing saved)');
    expect(f.config.updates).toBe(0);
    expect(f.stores.file.secrets.size).toBe(0);
  });

  test('--username off macOS fails before the first question', async () => {
    const f = fakeFactory({ canPrompt: true });
    const err = await runInit(f, { verify: false, username: 'jdoe', storage: 'file' }, { platform: 'linux' }).catch((e: unknown) => e);
    expect((err as AtlError).exitCode).toBe(2);
    expect(f.prompts).toEqual([]);
  });

  test('the menu offers a Confluence login of its own, saved beside the profile’s site login as `auth login --confluence` does', async () => {
    const wiki = 'https://wiki.corp.example.com';
    const withSite = { config: { defaultProfile: 'work', profiles: { work: cloudProfile() } }, file: { work: 'site-token' } };
    // The kind menu is answered here to see what it offers; every other question from `answers`.
    const menus: Array<{ message: string; choices: string[] }> = [];
    const pick = (kind: string) => ({
      select: async <T extends string>(message: string, choices: ReadonlyArray<{ value: T }>): Promise<T> => {
        menus.push({ message, choices: choices.map((choice) => choice.value) });
        return choices.find((choice) => choice.value === kind)?.value ?? (choices[0] as { value: T }).value;
      },
    });
    const f = fakeFactory({
      ...withSite,
      canPrompt: true,
      prompter: pick('confluence-datacenter'),
      answers: ['work', wiki, 'wiki-pat', ''],
    });
    expect(await runInit(f, { verify: false }, { probe: noKeyring })).toBe(0);
    expect(menus).toEqual([
      {
        message: 'What do you log in to?',
        choices: ['cloud', 'scoped', 'datacenter', 'bitbucket', 'bitbucket-access', 'confluence-datacenter', 'confluence'],
      },
    ]);
    expect(f.prompts).toEqual([
      'Profile name:',
      'Confluence site URL:',
      'Confluence personal access token:',
      'Token expiry date YYYY-MM-DD (optional):',
    ]);
    expect(f.config.config.profiles.work?.confluence).toEqual({
      site: wiki,
      email: null,
      authType: 'bearer',
      deployment: 'datacenter',
      storage: 'file',
      tokenExpiresAt: null,
    });
    expect(await f.stores.file.get('work:confluence')).toBe('wiki-pat');
    expect(await f.stores.file.get('work')).toBe('site-token');

    const cloud = fakeFactory({
      ...withSite,
      canPrompt: true,
      prompter: pick('confluence'),
      answers: ['work', 'https://other.atlassian.net', 'me@x.example', 'tok', ''],
    });
    expect(await runInit(cloud, { verify: false }, { probe: noKeyring })).toBe(0);
    expect(cloud.config.config.profiles.work?.confluence).toMatchObject({
      site: 'https://other.atlassian.net',
      email: 'me@x.example',
      authType: 'basic',
      deployment: 'cloud',
    });
  });
});
