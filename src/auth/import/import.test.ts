import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AtlError } from '../../errors.js';
import { FOREIGN_TOOLS, readForeignProfiles } from './index.js';

let root: string;
let counter = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'atl-import-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh temp home holding the given files (paths relative to it). */
async function home(files: Record<string, string> = {}): Promise<string> {
  const dir = join(root, `home-${++counter}`);
  await mkdir(dir, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeFile(join(dir, rel), text);
  }
  return dir;
}

test.each(FOREIGN_TOOLS)('%s: no files means no profiles', async (tool) => {
  expect(await readForeignProfiles(tool, await home(), {})).toEqual([]);
});

describe('atlcli', () => {
  test('reads credentials.json profiles, tokens, bearer profiles and the current profile', async () => {
    const h = await home({
      '.atlcli/config.json': JSON.stringify({ defaultProfile: 'work', logging: { level: 'info' } }),
      '.atlcli/credentials.json': JSON.stringify({
        currentProfile: 'work',
        profiles: {
          default: { name: 'default', baseUrl: 'https://company.atlassian.net', email: 'you@company.com', apiToken: 'tok-default' },
          work: { name: 'work', baseUrl: 'https://work.atlassian.net', email: 'work@company.com', apiToken: 'tok-work' },
          onprem: {
            name: 'onprem',
            baseUrl: 'https://jira.company.internal',
            authType: 'bearer',
            username: 'myuser',
            tlsCaFile: '/etc/ca.pem',
          },
          empty: { name: 'empty' },
        },
      }),
    });
    const source = join(h, '.atlcli/credentials.json');
    expect(await readForeignProfiles('atlcli', h, {})).toEqual([
      {
        name: 'default',
        site: 'https://company.atlassian.net',
        email: 'you@company.com',
        authType: 'basic',
        deployment: 'cloud',
        token: 'tok-default',
        source,
        tokenFile: { path: source, complete: true },
      },
      {
        name: 'work',
        site: 'https://work.atlassian.net',
        email: 'work@company.com',
        authType: 'basic',
        deployment: 'cloud',
        token: 'tok-work',
        source,
        isDefault: true,
        tokenFile: { path: source, complete: true },
      },
      {
        name: 'onprem',
        site: 'https://jira.company.internal',
        email: null,
        authType: 'bearer',
        deployment: 'datacenter',
        token: null,
        source,
        note: expect.stringMatching(/Keychain.*myuser/),
      },
    ]);
  });

  test('a malformed file is an error naming it', async () => {
    const h = await home({ '.atlcli/credentials.json': '{"profiles": ' });
    const err = await readForeignProfiles('atlcli', h, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtlError);
    expect((err as AtlError).message.startsWith(`${join(h, '.atlcli/credentials.json')}: not a valid atlcli file`)).toBe(true);
    expect((err as AtlError).exitCode).toBe(2);
  });
});

describe('atlassian-cli', () => {
  const yaml = [
    'default_profile: work',
    'profiles:',
    '  work:',
    '    base_url: https://mycompany.atlassian.net',
    '    email: user@company.com',
    '  dc:',
    '    jira:',
    '      url: https://jira.corp.example.com',
    '      username: jdoe',
    '      auth_method: pat',
    '',
  ].join('\n');

  test('reads ~/.atlassian-cli/config.yaml; without its credentials.enc there is no token to import', async () => {
    const h = await home({ '.atlassian-cli/config.yaml': yaml });
    const source = join(h, '.atlassian-cli/config.yaml');
    const profiles = await readForeignProfiles('atlassian-cli', h, {});
    expect(profiles).toEqual([
      {
        name: 'work',
        site: 'https://mycompany.atlassian.net',
        email: 'user@company.com',
        authType: 'basic',
        deployment: 'cloud',
        token: null,
        source,
        note: `no token for this profile in ${join(h, '.atlassian-cli/credentials.enc')}; enter it to import`,
        isDefault: true,
      },
      {
        name: 'dc',
        site: 'https://jira.corp.example.com',
        email: 'jdoe',
        authType: 'bearer',
        deployment: 'datacenter',
        token: null,
        source,
        note: expect.any(String),
      },
    ]);
  });

  test('ATLASSIAN_CLI_CONFIG_DIR comes first; the older plaintext credentials file there gives the tokens', async () => {
    const h = await home({
      'own/config.yaml': yaml,
      'own/credentials': JSON.stringify({ work: 'plain-work-token', work_bitbucket: 'plain-bb-token' }),
      '.atlassian-cli/config.yaml': 'profiles:\n  x:\n    base_url: https://x.atlassian.net\n',
    });
    const [work, dc] = await readForeignProfiles('atlassian-cli', h, { ATLASSIAN_CLI_CONFIG_DIR: join(h, 'own') });
    expect(work).toMatchObject({
      name: 'work',
      token: 'plain-work-token',
      tokenFile: { path: join(h, 'own/credentials'), complete: false },
    });
    expect(work?.note).toContain('atl auth login --profile work --bitbucket');
    expect(dc).toMatchObject({ name: 'dc', token: null });
  });

  test('prefers the XDG location ~/.config/atlassian-cli/', async () => {
    const h = await home({
      '.config/atlassian-cli/config.yaml': 'profiles:\n  x:\n    base_url: https://x.atlassian.net\n',
      '.atlassian-cli/config.yaml': yaml,
    });
    const profiles = await readForeignProfiles('atlassian-cli', h, {});
    expect(profiles.map((p) => [p.name, p.source])).toEqual([['x', join(h, '.config/atlassian-cli/config.yaml')]]);
  });

  test('malformed YAML is an error naming the file', async () => {
    const h = await home({ '.atlassian-cli/config.yaml': 'profiles: [\n' });
    await expect(readForeignProfiles('atlassian-cli', h, {})).rejects.toThrow(
      `${join(h, '.atlassian-cli/config.yaml')}: not a valid atlassian-cli file`,
    );
  });
});

describe('atla', () => {
  const config = [
    '[default]',
    'profile = "work"',
    '',
    '[profiles.work]',
    'instance = "https://example.atlassian.net"',
    'email = "you@example.com"',
    'credential_store = "file"',
    '',
    '[profiles.personal]',
    'instance = "https://personal.atlassian.net"',
    'email = "me@personal.com"',
    'credential_store = "keyring"',
    '',
    '[aliases]',
    'mine = "jira search x"',
    '',
  ].join('\n');
  const credentials = ['[tokens."work|you@example.com|https://example.atlassian.net"]', 'token = "atla-file-token"', ''].join('\n');

  test('reads config.toml and file-stored tokens from credentials.toml', async () => {
    const h = await home({ '.config/atla/config.toml': config, '.config/atla/credentials.toml': credentials });
    const cfg = join(h, '.config/atla/config.toml');
    const creds = join(h, '.config/atla/credentials.toml');
    expect(await readForeignProfiles('atla', h, {})).toEqual([
      {
        name: 'work',
        site: 'https://example.atlassian.net',
        email: 'you@example.com',
        authType: 'basic',
        deployment: 'cloud',
        token: 'atla-file-token',
        source: `${cfg} + ${creds}`,
        isDefault: true,
        tokenFile: { path: creds, complete: true },
      },
      {
        name: 'personal',
        site: 'https://personal.atlassian.net',
        email: 'me@personal.com',
        authType: 'basic',
        deployment: 'cloud',
        token: null,
        source: cfg,
        note: expect.stringMatching(/OS keyring/),
      },
    ]);
  });

  test('credentials.toml counts as removable only when every token in it belongs to a profile read', async () => {
    const extra = `${credentials}[tokens."gone|x@example.com|https://gone.atlassian.net"]\ntoken = "orphan"\n`;
    const h = await home({ '.config/atla/config.toml': config, '.config/atla/credentials.toml': extra });
    const [work] = await readForeignProfiles('atla', h, {});
    expect(work?.tokenFile).toEqual({ path: join(h, '.config/atla/credentials.toml'), complete: false });
  });

  test('ATLA_CONFIG and ATLA_CREDENTIALS override the paths', async () => {
    const h = await home({ 'elsewhere/a.toml': config, 'elsewhere/c.toml': credentials });
    const profiles = await readForeignProfiles('atla', h, {
      ATLA_CONFIG: join(h, 'elsewhere/a.toml'),
      ATLA_CREDENTIALS: join(h, 'elsewhere/c.toml'),
    });
    expect(profiles[0]?.token).toBe('atla-file-token');
  });

  test('malformed TOML is an error naming the file', async () => {
    const h = await home({ '.config/atla/config.toml': '[profiles.work\ninstance = 1\n' });
    await expect(readForeignProfiles('atla', h, {})).rejects.toThrow(`${join(h, '.config/atla/config.toml')}: not a valid atla file`);
  });
});

describe('jira-cli', () => {
  const yml = (installation: string, authType: string) =>
    [
      `installation: ${installation}`,
      'server: https://jira.example.com',
      'login: jdoe@example.com',
      `auth_type: ${authType}`,
      'project:',
      '  key: PROJ',
      '  type: classic',
      'board:',
      '  id: 42',
      '  name: PROJ board',
      '  type: scrum',
      '',
    ].join('\n');

  test('reads .config.yml, the token from JIRA_API_TOKEN, and its default project and board', async () => {
    const h = await home({ '.config/.jira/.config.yml': yml('Local', 'bearer') });
    expect(await readForeignProfiles('jira-cli', h, { JIRA_API_TOKEN: 'jira-token' })).toEqual([
      {
        name: 'default',
        site: 'https://jira.example.com',
        email: 'jdoe@example.com',
        authType: 'bearer',
        deployment: 'datacenter',
        token: 'jira-token',
        source: join(h, '.config/.jira/.config.yml'),
        isDefault: true,
        defaultProject: 'PROJ',
        defaultBoard: 42,
      },
    ]);
  });

  test('without JIRA_API_TOKEN the token is null and the note says so', async () => {
    const h = await home({ '.config/.jira/.config.yml': yml('Cloud', 'basic') });
    const [profile] = await readForeignProfiles('jira-cli', h, {});
    expect(profile).toMatchObject({ deployment: 'cloud', authType: 'basic', token: null });
    expect(profile?.note).toMatch(/JIRA_API_TOKEN/);
  });

  test('a config without a server is an error naming the file', async () => {
    const h = await home({ '.config/.jira/.config.yml': 'login: x\n' });
    await expect(readForeignProfiles('jira-cli', h, {})).rejects.toThrow(/\.config\.yml: not a valid jira-cli file \(no "server"\)/);
  });
});
