import { describe, expect, test } from 'vitest';
import { AtlError } from '../../errors.js';
import { profileNameFrom, runImport } from './import.js';
import { homeDirFrom } from '../../dirs.js';
import { fakeFactory, sampleProfile } from '../../testkit/fakes.testutil.js';
import type { ForeignProfile, ForeignReader } from './_manage/foreign.js';

const TOKEN_A = 'ATATT-secret-token-a';
const TOKEN_B = 'dc-pat-secret-b';

function foreign(overrides: Partial<ForeignProfile> = {}): ForeignProfile {
  return {
    name: 'acme',
    site: 'acme.atlassian.net/wiki/',
    email: 'me@acme.example',
    authType: 'basic',
    deployment: null,
    token: TOKEN_A,
    source: '/home/u/.atlcli/config.json',
    ...overrides,
  };
}

const two: ForeignProfile[] = [
  foreign(),
  foreign({
    name: 'corp dc',
    site: 'https://jira.corp.example/jira/',
    email: null,
    authType: 'bearer',
    deployment: 'datacenter',
    token: TOKEN_B,
  }),
];

const reader = (profiles: ForeignProfile[]): ForeignReader & { calls: unknown[][] } => {
  const calls: unknown[][] = [];
  return Object.assign(
    async (...args: Parameters<ForeignReader>) => {
      calls.push(args);
      return structuredClone(profiles);
    },
    { calls },
  );
};

function output(f: ReturnType<typeof fakeFactory>): string {
  return f.out.text + f.err.text;
}

describe('auth import', () => {
  test("an empty HOME reads the home directory the OS reports, as atl's own dirs do, not the working directory", async () => {
    const read = reader(two);
    await runImport(fakeFactory({ env: { HOME: '' } }), { from: 'atlcli', dryRun: true }, read);
    expect(read.calls[0]?.[1]).toBe(homeDirFrom({}));
    expect(read.calls[0]?.[1]).not.toBe('');
  });

  test('stores each profile (site normalised) and its token; the first becomes default; tokens never printed', async () => {
    const f = fakeFactory({ env: { HOME: '/home/u' } });
    const read = reader(two);
    expect(await runImport(f, { from: 'atlcli', storage: 'file' }, read)).toBe(0);
    expect(read.calls[0]?.slice(0, 2)).toEqual(['atlcli', '/home/u']);
    expect(f.config.config.defaultProfile).toBe('acme');
    expect(f.config.config.profiles).toEqual({
      acme: sampleProfile({ site: 'https://acme.atlassian.net', email: 'me@acme.example', storage: 'file' }),
      'corp-dc': sampleProfile({
        site: 'https://jira.corp.example/jira',
        email: null,
        authType: 'bearer',
        deployment: 'datacenter',
        storage: 'file',
      }),
    });
    expect(Object.fromEntries(f.stores.file.secrets)).toEqual({ acme: TOKEN_A, 'corp-dc': TOKEN_B });
    expect(f.out.text).toMatch(/^PROFILE\tSITE\tEMAIL\tTYPE\tTOKEN\tACTION\n/);
    expect(f.out.text).toContain('corp-dc\thttps://jira.corp.example/jira\t-\tdatacenter/bearer\tfound\timport');
    expect(output(f)).not.toContain(TOKEN_A);
    expect(output(f)).not.toContain(TOKEN_B);
  });

  test("into an empty config, the other tool's default profile becomes the default", async () => {
    const f = fakeFactory();
    await runImport(f, { from: 'atlcli', storage: 'file' }, reader([two[0]!, { ...two[1]!, isDefault: true }]));
    expect(f.config.config.defaultProfile).toBe('corp-dc');
  });

  test('without --storage the default store is used and recorded on the profile', async () => {
    const f = fakeFactory({ defaultStorage: 'keyring' });
    await runImport(f, { from: 'atla' }, reader([foreign()]));
    expect(f.stores.keyring.secrets.get('acme')).toBe(TOKEN_A);
    expect(f.config.config.profiles.acme!.storage).toBe('keyring');
  });

  test('--dry-run shows the plan and writes nothing', async () => {
    const f = fakeFactory();
    await runImport(f, { from: 'atlcli', dryRun: true }, reader(two));
    expect(f.config.updates).toBe(0);
    expect(f.stores.file.secrets.size + f.stores.keyring.secrets.size).toBe(0);
    expect(f.out.text).toContain('acme');
    expect(f.err.text).toMatch(/nothing was written/i);
  });

  test('an existing name is skipped and said so; the existing profile and token stay', async () => {
    const existing = sampleProfile({ site: 'https://old.atlassian.net' });
    const f = fakeFactory({ config: { defaultProfile: 'acme', profiles: { acme: existing } } });
    f.stores.file.secrets.set('acme', 'old-token');
    await runImport(f, { from: 'atlcli', storage: 'file' }, reader(two));
    expect(f.config.config.profiles.acme).toEqual(existing);
    expect(f.stores.file.secrets.get('acme')).toBe('old-token');
    expect(f.config.config.profiles['corp-dc']).toBeDefined();
    expect(f.config.config.defaultProfile).toBe('acme');
    expect(f.out.text).toContain('acme\thttps://acme.atlassian.net\tme@acme.example\tcloud/basic\tfound\tskip: ');
    expect(f.out.text).toMatch(/acme.*skip: .*--overwrite/);
  });

  test('--overwrite replaces the profile and token but keeps its Bitbucket login', async () => {
    const bitbucket = { email: 'me@acme.example', authType: 'basic' as const, workspace: 'acme', storage: 'file' as const };
    const f = fakeFactory({
      config: {
        defaultProfile: 'acme',
        profiles: { acme: sampleProfile({ site: 'https://old.atlassian.net', storage: 'keyring', bitbucket }) },
      },
    });
    f.stores.keyring.secrets.set('acme', 'old-token');
    await runImport(f, { from: 'atlcli', storage: 'file', overwrite: true }, reader([foreign()]));
    expect(f.config.config.profiles.acme).toMatchObject({ site: 'https://acme.atlassian.net', storage: 'file', bitbucket });
    expect(f.stores.file.secrets.get('acme')).toBe(TOKEN_A);
    // The old token in the other store would be unreachable: removed.
    expect(f.stores.keyring.secrets.has('acme')).toBe(false);
  });

  test('unknown token, not interactive: profile imported, and the login command to run is printed', async () => {
    const f = fakeFactory();
    await runImport(
      f,
      { from: 'atlassian-cli', storage: 'file' },
      reader([foreign({ token: null, note: 'atlassian-cli encrypts its tokens' })]),
    );
    expect(f.config.config.profiles.acme).toBeDefined();
    expect(f.stores.file.secrets.size).toBe(0);
    expect(f.out.text).toContain('missing');
    expect(f.err.text).toContain('atl auth login --profile acme --site https://acme.atlassian.net --email me@acme.example --token-stdin');
    expect(f.err.text).toContain('atlassian-cli encrypts its tokens');
  });

  test('unknown token, interactive: asks for it (hidden) and stores it', async () => {
    const f = fakeFactory({ canPrompt: true, answers: ['typed-secret-token'] });
    await runImport(f, { from: 'atlassian-cli', storage: 'file' }, reader([foreign({ token: null })]));
    expect(f.prompts).toHaveLength(1);
    expect(f.prompts[0]).toContain('acme');
    expect(f.stores.file.secrets.get('acme')).toBe('typed-secret-token');
    expect(output(f)).not.toContain('typed-secret-token');
  });

  test('a profile with an invalid site is skipped with the reason; the rest import', async () => {
    const f = fakeFactory();
    await runImport(f, { from: 'atlcli', storage: 'file' }, reader([foreign({ name: 'bad', site: 'not a url' }), foreign()]));
    expect(Object.keys(f.config.config.profiles)).toEqual(['acme']);
    expect(f.stores.file.secrets.has('bad')).toBe(false);
    expect(f.out.text).toMatch(/bad.*skip: invalid site/);
  });

  test('a refused config write leaves no token behind', async () => {
    const f = fakeFactory();
    f.stores.file.secrets.set('acme', 'earlier');
    f.config.failNextUpdate = new AtlError('config', 'locked');
    await expect(runImport(f, { from: 'atlcli', storage: 'file', overwrite: true }, reader(two))).rejects.toThrow('locked');
    expect(Object.fromEntries(f.stores.file.secrets)).toEqual({ acme: 'earlier' });
    expect(f.config.config.profiles).toEqual({});
  });

  test('nothing found is exit 4 naming where it looked', async () => {
    const f = fakeFactory();
    const err = (await runImport(f, { from: 'jira-cli' }, reader([])).catch((e: unknown) => e)) as AtlError;
    expect(err.exitCode).toBe(4);
    expect(err.hint).toContain('.config/.jira/.config.yml');
  });

  test('--json prints the plan and result without tokens', async () => {
    const f = fakeFactory({ json: true });
    await runImport(f, { from: 'atlcli', storage: 'file' }, reader(two));
    const result = JSON.parse(f.out.text);
    expect(result).toMatchObject({ from: 'atlcli', dryRun: false, storage: 'file', defaultProfile: 'acme' });
    expect(result.profiles.map((p: { name: string; token: string; action: string }) => [p.name, p.token, p.action])).toEqual([
      ['acme', 'found', 'import'],
      ['corp-dc', 'found', 'import'],
    ]);
    expect(f.out.text).not.toContain(TOKEN_A);
  });

  test('foreign names become valid, distinct profile names', () => {
    const taken = new Set<string>();
    const names = ['me@acme', 'me@acme', '  ', 'ok.name_1'].map((n) => {
      const name = profileNameFrom(n, taken);
      taken.add(name);
      return name;
    });
    expect(names).toEqual(['me-acme', 'me-acme-2', 'imported', 'ok.name_1']);
  });

  test('--name puts a single profile under that name (jira-cli always calls its one "default"), with its default project and board', async () => {
    const jiraCli = [foreign({ name: 'default', isDefault: true, defaultProject: 'PROJ', defaultBoard: 42 })];
    const f = fakeFactory({ config: { defaultProfile: 'default', profiles: { default: sampleProfile() } } });
    const collide = fakeFactory({ config: { defaultProfile: 'default', profiles: { default: sampleProfile() } } });
    await runImport(collide, { from: 'jira-cli', storage: 'file' }, reader(jiraCli));
    expect(output(collide)).toContain('--name NAME to import it under another name, or --overwrite');

    await runImport(f, { from: 'jira-cli', storage: 'file', name: 'work' }, reader(jiraCli));
    expect(f.config.config.profiles.default).toEqual(sampleProfile());
    expect(f.config.config.profiles.work).toMatchObject({ site: 'https://acme.atlassian.net', defaultProject: 'PROJ', defaultBoard: 42 });
    expect(await f.stores.file.get('work')).toBe(TOKEN_A);
  });

  test('--name with several profiles, or an invalid name, is exit 2 and writes nothing', async () => {
    const f = fakeFactory();
    for (const options of [{ name: 'work' }, { name: 'bad name' }]) {
      const err = await runImport(f, { from: 'atlcli', storage: 'file', ...options }, reader(two)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AtlError);
      expect((err as AtlError).exitCode).toBe(2);
    }
    expect(f.config.updates).toBe(0);
  });

  test('names the token files whose every token was imported, and only those', async () => {
    const file = (path: string, complete = true) => ({ tokenFile: { path, complete } });
    const profiles = [
      foreign({ name: 'a', ...file('/h/.atlassian-cli/credentials.enc') }),
      foreign({ name: 'b', ...file('/h/.atlassian-cli/credentials.enc') }),
      foreign({ name: 'c', ...file('/h/other.enc', false) }),
    ];
    const f = fakeFactory({ json: true, config: { defaultProfile: null, profiles: {} } });
    await runImport(f, { from: 'atlassian-cli', storage: 'file' }, reader(profiles));
    expect(JSON.parse(f.out.text).removableTokenFiles).toEqual(['/h/.atlassian-cli/credentials.enc']);

    // One of the file's profiles skipped (the name exists): the file still holds a token atl lacks.
    const g = fakeFactory({ config: { defaultProfile: 'b', profiles: { b: sampleProfile() } } });
    await runImport(g, { from: 'atlassian-cli', storage: 'file' }, reader(profiles));
    expect(g.err.text).not.toContain('rm ');
  });
});

describe('auth import, names compared ignoring case (Windows Credential Manager)', () => {
  test('a name differing only in case from an existing profile is skipped, even with --overwrite; its token stays', async () => {
    const f = fakeFactory({
      config: { defaultProfile: 'acme', profiles: { acme: sampleProfile({ storage: 'file' }) } },
      caseInsensitiveStores: true,
    });
    await f.stores.file.set('acme', 'tok-ours');
    await runImport(f, { from: 'atlcli', storage: 'file', overwrite: true }, reader([foreign({ name: 'ACME' })]));
    expect(Object.keys(f.config.config.profiles)).toEqual(['acme']);
    expect(await f.stores.file.get('acme')).toBe('tok-ours');
    expect(f.out.text).toContain('skip: the profile "acme" exists and profile names are compared ignoring case');
  });

  test('foreign names differing only in case become distinct names', () => {
    const taken = new Set<string>();
    const names = ['Work', 'work', 'WORK'].map((n) => {
      const name = profileNameFrom(n, taken);
      taken.add(name);
      return name;
    });
    expect(names).toEqual(['Work', 'work-2', 'WORK-3']);
  });
});
