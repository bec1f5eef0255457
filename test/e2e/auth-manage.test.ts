// End-to-end: `atl auth list|switch|rename|logout|delete|import` run as the built binary in a
// throwaway HOME. Profiles are seeded with `atl auth login --no-verify` (nothing to verify against:
// these commands never touch the network), tokens are checked through the file secret store's API.
import { cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { fileSecretStore } from '../../src/auth/secrets/index.js';
import { createTestHome, ok, type TestHome } from '../support/atl.js';
import { storeDirs } from '../support/homes.js';

const CLOUD_TOKEN = 'ATATT3xFfGF0-e2e-cloud-token-0001';
const DC_TOKEN = 'NjE2-e2e-dc-pat-token-0002';
const SCOPED_TOKEN = 'ATSTT3x-e2e-scoped-token-0003';
const BB_TOKEN = 'ATBB-e2e-bitbucket-token-0004';
const JIRA_CLI_TOKEN = 'e2e-jira-cli-env-token-0005';
const ATLCLI_TOKEN = 'ATATT-e2e-atlcli-token-0006';
const ATLA_TOKEN = 'ATATT-e2e-atla-token-0007';

const addTokens = (home: TestHome) => {
  for (const token of [CLOUD_TOKEN, DC_TOKEN, SCOPED_TOKEN, BB_TOKEN, JIRA_CLI_TOKEN, ATLCLI_TOKEN, ATLA_TOKEN])
    home.addSecret(token, 'me@work.example');
};

/**
 * A fresh HOME for one test; afterwards the secret scanner checks every output and plain file
 * of it (no token, ever), then the HOME goes. Per test rather than afterEach: tests run concurrently.
 */
async function withHome(work: (home: TestHome) => Promise<void>): Promise<void> {
  const home = await createTestHome();
  addTokens(home);
  try {
    await work(home);
    await home.assertNoSecretsLeaked();
  } finally {
    await home.cleanup();
  }
}

/**
 * work (cloud/basic, default, +bitbucket), dc (datacenter/bearer), svc (cloud/scoped): logged in
 * once, in a home of its own, which each test then gets a copy of (four atl runs instead of four per test).
 */
async function seed(home: TestHome): Promise<void> {
  const template = await (seededHome ??= loggedInTemplate());
  await cp(template.home, home.home, { recursive: true });
}

let seededHome: Promise<TestHome> | undefined;

async function loggedInTemplate(): Promise<TestHome> {
  const home = await createTestHome();
  afterAll(() => home.cleanup());
  await ok(
    home,
    [
      'auth',
      'login',
      '--profile',
      'work',
      '--site',
      'work.atlassian.net',
      '--email',
      'me@work.example',
      '--token-stdin',
      '--storage',
      'file',
      '--no-verify',
    ],
    CLOUD_TOKEN,
  );
  await ok(
    home,
    [
      'auth',
      'login',
      '--profile',
      'work',
      '--bitbucket',
      '--email',
      'me@work.example',
      '--workspace',
      'acme',
      '--token-stdin',
      '--storage',
      'file',
      '--no-verify',
    ],
    BB_TOKEN,
  );
  await ok(
    home,
    [
      'auth',
      'login',
      '--profile',
      'dc',
      '--site',
      'https://jira.corp.example/jira',
      '--deployment',
      'datacenter',
      '--bearer',
      '--token-stdin',
      '--storage',
      'file',
      '--no-verify',
    ],
    DC_TOKEN,
  );
  await ok(
    home,
    [
      'auth',
      'login',
      '--profile',
      'svc',
      '--site',
      'https://svc.atlassian.net',
      '--email',
      'bot@work.example',
      '--scoped',
      '--cloud-id',
      'cloud-123',
      '--token-stdin',
      '--storage',
      'file',
      '--no-verify',
    ],
    SCOPED_TOKEN,
  );
  addTokens(home);
  await home.assertNoSecretsLeaked();
  return home;
}

async function stored(
  home: TestHome,
  accounts = ['work', 'work:bitbucket', 'dc', 'svc', 'renamed', 'renamed:bitbucket'],
): Promise<Record<string, string | null>> {
  const store = fileSecretStore(storeDirs(home), home.env);
  return Object.fromEntries(await Promise.all(accounts.map(async (a) => [a, await store.get(a)] as const)));
}

interface Listed {
  name: string;
  active: boolean;
  default: boolean;
  [key: string]: unknown;
}

async function listJson(home: TestHome, env: Record<string, string> = {}, extra: string[] = []): Promise<Listed[]> {
  const result = await home.run(['auth', 'list', '--json', ...extra], { env });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Listed[];
}

const configFile = (home: TestHome) => join(home.configDir, 'config.yaml');

describe('atl auth list', () => {
  test.concurrent('no profiles: exit 0, a login hint on stderr, [] with --json', () =>
    withHome(async (home) => {
      const plain = await home.run(['auth', 'list']);
      expect(plain.code).toBe(0);
      expect(plain.stdout).toBe('');
      expect(plain.stderr).toContain('atl auth login');
      expect(await listJson(home)).toEqual([]);
    }));

  test.concurrent('table PROFILE SITE EMAIL TYPE ACTIVE; --json with every key; ACTIVE follows ATL_PROFILE and --profile', () =>
    withHome(async (home) => {
      await seed(home);
      const table = await ok(home, ['auth', 'list']);
      const rows = table
        .replace(/\n$/, '')
        .split('\n')
        .map((line) => line.split('\t'));
      expect(rows).toEqual([
        ['PROFILE', 'SITE', 'EMAIL', 'TYPE', 'ACTIVE'],
        ['work', 'https://work.atlassian.net', 'me@work.example', 'cloud/basic+bitbucket', '*'],
        ['dc', 'https://jira.corp.example/jira', '-', 'datacenter/bearer', ''],
        ['svc', 'https://svc.atlassian.net', 'bot@work.example', 'cloud/scoped', ''],
      ]);

      const listed = await listJson(home);
      expect(listed.map((p) => Object.keys(p).sort())).toEqual(
        Array(3).fill([
          'active',
          'authType',
          'bitbucket',
          'cloudId',
          'confluence',
          'default',
          'deployment',
          'email',
          'name',
          'scoped',
          'site',
          'storage',
          'tokenExpiresAt',
        ]),
      );
      expect(listed[0]).toMatchObject({
        name: 'work',
        active: true,
        default: true,
        storage: 'file',
        bitbucket: { workspace: 'acme', authType: 'basic' },
      });
      expect(listed[2]).toMatchObject({ name: 'svc', scoped: true, cloudId: 'cloud-123', active: false, default: false, bitbucket: null });

      const activeOf = (list: Listed[]) => list.filter((p) => p.active).map((p) => p.name);
      expect(activeOf(await listJson(home, { ATL_PROFILE: 'dc' }))).toEqual(['dc']);
      expect(activeOf(await listJson(home, { ATL_PROFILE: 'dc' }, ['--profile', 'svc']))).toEqual(['svc']);
    }));
});

describe('atl auth switch', () => {
  test.concurrent('sets the default; an unknown name is exit 4 listing the known ones and changes nothing', () =>
    withHome(async (home) => {
      await seed(home);
      await ok(home, ['auth', 'switch', 'dc']);
      expect((await listJson(home)).filter((p) => p.default).map((p) => p.name)).toEqual(['dc']);
      expect((await listJson(home)).filter((p) => p.active).map((p) => p.name)).toEqual(['dc']);

      const before = await readFile(configFile(home));
      const unknown = await home.run(['auth', 'switch', 'nope']);
      expect(unknown.code).toBe(4);
      expect(unknown.stderr).toMatch(/work.*dc.*svc|dc.*svc.*work/);
      expect(await readFile(configFile(home))).toEqual(before);
    }));
});

describe('atl auth rename', () => {
  test.concurrent('moves both tokens and the default follows', () =>
    withHome(async (home) => {
      await seed(home);
      await ok(home, ['auth', 'rename', 'work', 'renamed']);
      const listed = await listJson(home);
      expect(listed.map((p) => p.name).sort()).toEqual(['dc', 'renamed', 'svc']);
      expect(listed.find((p) => p.name === 'renamed')).toMatchObject({ default: true, active: true, site: 'https://work.atlassian.net' });
      expect(await stored(home)).toEqual({
        work: null,
        'work:bitbucket': null,
        renamed: CLOUD_TOKEN,
        'renamed:bitbucket': BB_TOKEN,
        dc: DC_TOKEN,
        svc: SCOPED_TOKEN,
      });
    }));

  test.concurrent('unknown old → 4, existing new → 2, invalid new → 2; config and tokens untouched', () =>
    withHome(async (home) => {
      await seed(home);
      const config = await readFile(configFile(home));
      const tokens = await stored(home);
      for (const [args, code] of [
        [['ghost', 'x'], 4],
        [['work', 'dc'], 2],
        [['work', 'bad name'], 2],
        [['work', 'a/b'], 2],
      ] as const) {
        const result = await home.run(['auth', 'rename', ...args]);
        expect(result.code, result.stderr).toBe(code);
        expect(result.stderr).toMatch(/^error: /m);
      }
      expect(await readFile(configFile(home))).toEqual(config);
      expect(await stored(home)).toEqual(tokens);
    }));
});

describe('atl auth logout', () => {
  test.concurrent('without a name logs out of the active profile: tokens gone, profile kept', () =>
    withHome(async (home) => {
      await seed(home);
      const out = await ok(home, ['auth', 'logout']);
      expect(out).toContain('work');
      expect(await stored(home)).toMatchObject({ work: null, 'work:bitbucket': null, dc: DC_TOKEN, svc: SCOPED_TOKEN });
      expect((await listJson(home)).find((p) => p.name === 'work')).toMatchObject({ default: true, bitbucket: { workspace: 'acme' } });
      const status = await home.run(['auth', 'status', '--offline', '--json']);
      expect(status.code).toBe(3);
    }));

  test.concurrent('a named profile; --bitbucket removes only the Bitbucket token', () =>
    withHome(async (home) => {
      await seed(home);
      await ok(home, ['auth', 'logout', 'work', '--bitbucket']);
      expect(await stored(home)).toMatchObject({ work: CLOUD_TOKEN, 'work:bitbucket': null, dc: DC_TOKEN });
      await ok(home, ['auth', 'logout', 'dc']);
      expect(await stored(home)).toMatchObject({ work: CLOUD_TOKEN, dc: null, svc: SCOPED_TOKEN });
      const json = JSON.parse(await ok(home, ['auth', 'logout', 'svc', '--json']));
      expect(json).toEqual({ profile: 'svc', removed: ['token'], bitbucketOnly: false });
      expect((await listJson(home)).map((p) => p.name)).toEqual(['work', 'dc', 'svc']);

      const unknown = await home.run(['auth', 'logout', 'ghost']);
      expect(unknown.code).toBe(4);
      const noBitbucket = await home.run(['auth', 'logout', 'dc', '--bitbucket']);
      expect(noBitbucket.code).toBe(2);
    }));
});

describe('atl auth delete', () => {
  test.concurrent('not interactive without --yes: exit 2 saying to pass --yes; nothing removed', () =>
    withHome(async (home) => {
      await seed(home);
      const config = await readFile(configFile(home));
      const result = await home.run(['auth', 'delete', 'work']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--yes');
      expect(await readFile(configFile(home))).toEqual(config);
      expect((await stored(home)).work).toBe(CLOUD_TOKEN);
      expect((await home.run(['auth', 'delete', 'ghost', '--yes'])).code).toBe(4);
    }));

  test.concurrent('--yes and --confirm remove the profile and its tokens; the last one left becomes default', () =>
    withHome(async (home) => {
      await seed(home);
      await ok(home, ['auth', 'delete', 'work', '--yes']);
      expect(await stored(home)).toMatchObject({ work: null, 'work:bitbucket': null, dc: DC_TOKEN, svc: SCOPED_TOKEN });
      // Two left: no default until the user picks one.
      expect((await listJson(home)).map((p) => [p.name, p.default])).toEqual([
        ['dc', false],
        ['svc', false],
      ]);
      await ok(home, ['auth', 'switch', 'dc']);
      await ok(home, ['auth', 'delete', 'dc', '--confirm']);
      expect((await listJson(home)).map((p) => [p.name, p.default])).toEqual([['svc', true]]);
      expect((await stored(home)).dc).toBeNull();
    }));
});

/** Writes another tool's files into the test HOME. */
async function fixture(home: TestHome, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(dirname(join(home.home, rel)), { recursive: true });
    await writeFile(join(home.home, rel), text);
  }
}

const atlcliFiles = {
  '.atlcli/config.json': JSON.stringify({ defaultProfile: 'work' }),
  '.atlcli/credentials.json': JSON.stringify({
    currentProfile: 'work',
    profiles: {
      personal: { name: 'personal', baseUrl: 'https://me.atlassian.net/wiki/', email: 'me@work.example', apiToken: ATLCLI_TOKEN },
      work: { name: 'work', baseUrl: 'https://work.atlassian.net', email: 'me@work.example', apiToken: CLOUD_TOKEN },
      onprem: { name: 'onprem', baseUrl: 'https://jira.corp.example', authType: 'bearer', username: 'jdoe' },
    },
  }),
};

describe('atl auth import', () => {
  test.concurrent('atlcli: --dry-run shows the plan and writes nothing; then imports, default from atlcli, tokens stored', () =>
    withHome(async (home) => {
      await fixture(home, atlcliFiles);
      const dry = await home.run(['auth', 'import', '--from', 'atlcli', '--dry-run']);
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toMatch(/^PROFILE\tSITE\tEMAIL\tTYPE\tTOKEN\tACTION$/m);
      expect(dry.stdout).toContain('personal\thttps://me.atlassian.net\tme@work.example\tcloud/basic\tfound\timport');
      expect(dry.stdout).toContain('onprem\thttps://jira.corp.example\t-\tdatacenter/bearer\tmissing\timport');
      expect(dry.stderr).toMatch(/dry run/i);
      expect(await readdir(home.home)).not.toContain('.config');

      const real = await home.run(['auth', 'import', '--from', 'atlcli', '--storage', 'file']);
      expect(real.code, real.stderr).toBe(0);
      const listed = await listJson(home);
      expect(listed.map((p) => [p.name, p.site, p.default])).toEqual([
        ['personal', 'https://me.atlassian.net', false],
        ['work', 'https://work.atlassian.net', true],
        ['onprem', 'https://jira.corp.example', false],
      ]);
      expect(await stored(home, ['personal', 'work', 'onprem'])).toEqual({ personal: ATLCLI_TOKEN, work: CLOUD_TOKEN, onprem: null });
      expect(real.stderr).toContain(
        'atl auth login --profile onprem --site https://jira.corp.example --bearer --deployment datacenter --token-stdin',
      );
    }));

  test.concurrent('an existing name is skipped and said so; --overwrite replaces it', () =>
    withHome(async (home) => {
      await seed(home);
      await fixture(home, atlcliFiles);
      const first = await home.run(['auth', 'import', '--from', 'atlcli']);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/^work\t.*skip: .*--overwrite/m);
      expect((await listJson(home)).find((p) => p.name === 'work')).toMatchObject({ bitbucket: { workspace: 'acme' } });
      expect((await stored(home, ['work', 'personal'])).personal).toBe(ATLCLI_TOKEN);

      await ok(home, ['auth', 'logout', 'work']);
      const again = await home.run(['auth', 'import', '--from', 'atlcli', '--overwrite']);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/^work\t.*\toverwrite$/m);
      expect(await stored(home, ['work', 'work:bitbucket'])).toEqual({ work: CLOUD_TOKEN, 'work:bitbucket': null });
      // The Bitbucket login on the replaced profile is kept; the default stays where it was.
      expect((await listJson(home)).find((p) => p.name === 'work')).toMatchObject({ default: true, bitbucket: { workspace: 'acme' } });
    }));

  test.concurrent('atlassian-cli: profiles imported without tokens, and the login command to run is printed', () =>
    withHome(async (home) => {
      await fixture(home, {
        '.atlassian-cli/config.yaml':
          'default_profile: work\nprofiles:\n  work:\n    base_url: https://mycompany.atlassian.net\n    email: me@work.example\n',
      });
      const result = await home.run(['auth', 'import', '--from', 'atlassian-cli', '--storage', 'file']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^work\thttps:\/\/mycompany\.atlassian\.net\tme@work\.example\tcloud\/basic\tmissing\timport$/m);
      expect(result.stderr).toContain(
        'atl auth login --profile work --site https://mycompany.atlassian.net --email me@work.example --token-stdin',
      );
      expect((await listJson(home)).map((p) => [p.name, p.default])).toEqual([['work', true]]);
      expect(await stored(home, ['work'])).toEqual({ work: null });
    }));

  test.concurrent('atla: file-stored tokens come along, keyring-stored ones are left for login', () =>
    withHome(async (home) => {
      await fixture(home, {
        '.config/atla/config.toml': [
          '[default]',
          'profile = "personal"',
          '[profiles.work]',
          'instance = "https://work.atlassian.net"',
          'email = "me@work.example"',
          'credential_store = "file"',
          '[profiles.personal]',
          'instance = "https://me.atlassian.net"',
          'email = "me@work.example"',
          'credential_store = "keyring"',
          '',
        ].join('\n'),
        '.config/atla/credentials.toml': `[tokens."work|me@work.example|https://work.atlassian.net"]\ntoken = "${ATLA_TOKEN}"\n`,
      });
      const result = await home.run(['auth', 'import', '--from', 'atla', '--storage', 'file', '--json']);
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report).toMatchObject({ from: 'atla', dryRun: false, storage: 'file', defaultProfile: 'personal' });
      expect(report.profiles.map((p: { name: string; token: string }) => [p.name, p.token])).toEqual([
        ['work', 'found'],
        ['personal', 'missing'],
      ]);
      expect(await stored(home, ['work', 'personal'])).toEqual({ work: ATLA_TOKEN, personal: null });
    }));

  test.concurrent('jira-cli: the server and login from .config.yml, the token from JIRA_API_TOKEN', () =>
    withHome(async (home) => {
      await fixture(home, {
        '.config/.jira/.config.yml':
          'installation: Local\nserver: https://jira.corp.example/\nlogin: jdoe\nauth_type: bearer\nproject:\n  key: ABC\n',
      });
      const result = await home.run(['auth', 'import', '--from', 'jira-cli'], { env: { JIRA_API_TOKEN: JIRA_CLI_TOKEN } });
      expect(result.code, result.stderr).toBe(0);
      expect((await listJson(home))[0]).toMatchObject({
        name: 'default',
        site: 'https://jira.corp.example',
        authType: 'bearer',
        deployment: 'datacenter',
        storage: 'file',
        default: true,
      });
      expect(await stored(home, ['default'])).toEqual({ default: JIRA_CLI_TOKEN });
    }));

  test.concurrent('usage errors and nothing found: exit 2 / 4, nothing written', () =>
    withHome(async (home) => {
      expect((await home.run(['auth', 'import', '--from', 'nope'])).code).toBe(2);
      expect((await home.run(['auth', 'import'])).code).toBe(2);
      const none = await home.run(['auth', 'import', '--from', 'jira-cli']);
      expect(none.code).toBe(4);
      expect(none.stderr).toContain('.config/.jira/.config.yml');
      await fixture(home, atlcliFiles);
      // The keyring is off in these runs: asking for it fails before anything is written.
      const keyring = await home.run(['auth', 'import', '--from', 'atlcli', '--storage', 'keyring']);
      expect(keyring.code).toBe(2);
      expect(await readdir(home.home)).not.toContain('.config');
    }));
});
