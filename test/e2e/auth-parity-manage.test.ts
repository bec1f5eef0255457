// End-to-end: auth parity with the other CLIs in managing profiles, run as the built binary
// against the sandbox: `logout --remove-profile`, `delete --profile X --confirm`, `test --jira|
// --confluence|--bitbucket`, `--dry-run` on every auth command that changes something, `init`
// with flags, `--username`, and `auth import` of jira-cli defaults and atlassian-cli's tokens.
import { createCipheriv, randomBytes } from 'node:crypto';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { fileSecretStore } from '../../src/auth/secrets/index.js';
import { ok, type TestHome } from '../support/atl.js';
import { sandboxHomes, storeDirs } from '../support/homes.js';
import { skipWithout } from '../support/prerequisite.js';
import { atlassianCliKeys, machineIdentity } from '../../src/auth/import/atlassian-cli-store.js';

const { sandbox, newHome } = await sandboxHomes();
const creds = () => sandbox.credentials;

const storedToken = (h: TestHome, account: string) => fileSecretStore(storeDirs(h), h.env).get(account);

/** Every file under the home (config.yaml, credentials.enc, its key in the state dir), byte for byte. */
async function snapshot(h: TestHome): Promise<Record<string, string>> {
  const entries = await readdir(h.home, { withFileTypes: true, recursive: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return Object.fromEntries(
    await Promise.all(files.sort().map(async (file) => [file, (await readFile(file)).toString('base64')] as const)),
  );
}

/**
 * Two verified profiles in the file store: `work` (Cloud, default, with a Bitbucket login) and `dc`.
 * Logged in once; each test gets a copy of that home (three atl runs instead of three per test).
 */
async function seeded(): Promise<TestHome> {
  const template = await (seededTemplate ??= loggedIn());
  const h = await newHome();
  await cp(template.home, h.home, { recursive: true });
  return h;
}

let seededTemplate: Promise<TestHome> | undefined;

async function loggedIn(): Promise<TestHome> {
  const h = await newHome();
  const { cloud, datacenter, bitbucket } = creds();
  await ok(h, ['--profile', 'work', 'auth', 'login', '--site', sandbox.url, '--email', cloud.email, '--token-stdin'], cloud.token);
  await ok(
    h,
    ['--profile', 'work', 'auth', 'login', '--bitbucket', '--email', bitbucket.email, '--workspace', 'demo-workspace', '--token-stdin'],
    bitbucket.token,
  );
  await ok(h, ['--profile', 'dc', 'auth', 'login', '--site', sandbox.dcUrl, '--bearer', '--token-stdin'], datacenter.token);
  await h.assertNoSecretsLeaked();
  return h;
}

const profileNames = async (h: TestHome): Promise<string[]> =>
  (JSON.parse(await ok(h, ['auth', 'list', '--json'])) as Array<{ name: string }>).map((p) => p.name);

describe('logout --remove-profile and delete --profile X --confirm', () => {
  test.concurrent('logout --remove-profile removes the tokens and the profile; the one left becomes the default', async () => {
    const h = await seeded();
    const out = await ok(h, ['auth', 'logout', 'work', '--remove-profile']);
    expect(out).toBe('Deleted profile "work" and its stored tokens.\n"dc" is now the default profile.\n');
    expect(await profileNames(h)).toEqual(['dc']);
    expect(await storedToken(h, 'work')).toBeNull();
    expect(await storedToken(h, 'work:bitbucket')).toBeNull();
    expect(await storedToken(h, 'dc')).toBe(creds().datacenter.token);
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('logout --remove-profile --json; --bitbucket with --remove-profile is a usage error', async () => {
    const h = await seeded();
    const clash = await h.run(['auth', 'logout', 'work', '--bitbucket', '--remove-profile']);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('error: --bitbucket and --remove-profile cannot be used together');
    const out = JSON.parse(await ok(h, ['--profile', 'dc', 'auth', 'logout', '--remove-profile', '--json']));
    expect(out).toEqual({ profile: 'dc', removed: ['token'], bitbucketOnly: false, profileRemoved: true, defaultProfile: 'work' });
    expect(await profileNames(h)).toEqual(['work']);
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('delete --profile X --confirm (atlcli) deletes like delete X --yes; two different names are refused', async () => {
    const h = await seeded();
    const clash = await h.run(['--profile', 'work', 'auth', 'delete', 'dc', '--confirm']);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('--profile work and the argument "dc" name different profiles');
    const none = await h.run(['auth', 'delete', '--yes']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('say which profile to delete');
    expect(await profileNames(h)).toEqual(['work', 'dc']);

    expect(await ok(h, ['auth', 'delete', '--profile', 'dc', '--confirm'])).toBe('Deleted profile "dc" and its stored tokens.\n');
    expect(await storedToken(h, 'dc')).toBeNull();
    expect(await ok(h, ['auth', 'delete', 'work', '--yes'])).toBe(
      'Deleted profile "work" and its stored tokens.\nNo profiles are left; add one with `atl auth login`.\n',
    );
    expect(await profileNames(h)).toEqual([]);
    await h.assertNoSecretsLeaked();
  });
});

describe('auth test --jira / --confluence / --bitbucket', () => {
  // Not concurrent: it reads the sandbox's request log, which other tests' logins would add to.
  test('each flag checks only its product, and only it is asked of the server; flags combine', async () => {
    const h = await seeded();
    const requestsOf = async (args: string[]) => {
      const before = sandbox.requests.length;
      const result = await h.run(['auth', 'test', ...args]);
      return {
        ...result,
        requests: sandbox.requests
          .slice(before)
          .filter((q) => q.identity === creds().cloud.email || q.identity === creds().bitbucket.email),
      };
    };
    const bb = await requestsOf(['work', '--bitbucket']);
    expect(bb.code, bb.stderr).toBe(0);
    expect(bb.stdout).toMatch(/^Bitbucket\s+✓ /);
    expect(bb.stdout.trim().split('\n')).toHaveLength(1);
    expect(bb.requests.every((q) => q.path.startsWith('/2.0/'))).toBe(true);

    const jira = await requestsOf(['work', '--jira', '--json']);
    expect(jira.code, jira.stderr).toBe(0);
    expect(JSON.parse(jira.stdout).map((r: { product: string }) => r.product)).toEqual(['jira']);
    expect(jira.requests.length).toBeGreaterThan(0);
    expect(jira.requests.every((q) => q.path.startsWith('/rest/api/'))).toBe(true);

    const two = await h.run(['auth', 'test', 'work', '--confluence', '--bitbucket', '--json']);
    expect(two.code, two.stderr).toBe(0);
    expect(JSON.parse(two.stdout).map((r: { product: string }) => r.product)).toEqual(['confluence', 'bitbucket']);
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('a product asked for without a login for it: exit 3 naming the missing login', async () => {
    const h = await seeded();
    const r = await h.run(['auth', 'test', 'dc', '--bitbucket']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('profile "dc" has no Bitbucket login to test --bitbucket');
    expect(r.stdout).toBe('');
    await h.assertNoSecretsLeaked();
  });
});

describe('--dry-run on logout, delete, rename and switch: says what would change, changes no byte', () => {
  const cases: Array<[string, string[], RegExp]> = [
    [
      'logout',
      ['auth', 'logout', 'work'],
      /^Would log out of "work": remove its token and Bitbucket token, keeping the profile \(dry run, nothing changed\)\.\n$/,
    ],
    [
      'logout --bitbucket',
      ['auth', 'logout', 'work', '--bitbucket'],
      /^Would log out of "work": remove its Bitbucket token, keeping the profile/,
    ],
    [
      'logout --remove-profile',
      ['auth', 'logout', 'work', '--remove-profile'],
      /^Would delete profile "work" and its stored tokens \(dry run, nothing changed\)\.\n"dc" would become the default profile\.\n$/,
    ],
    [
      'delete',
      ['auth', 'delete', 'work'],
      /^Would delete profile "work" and its stored tokens \(dry run, nothing changed\)\.\n"dc" would become the default profile\.\n$/,
    ],
    [
      'rename',
      ['auth', 'rename', 'work', 'acme'],
      /^Would rename profile "work" to "acme" and move its token and Bitbucket token \(dry run, nothing changed\)\.\n$/,
    ],
    [
      'switch',
      ['auth', 'switch', 'dc'],
      /^Would make "dc" \(http.*\) the default profile instead of "work" \(dry run, nothing changed\)\.\n$/,
    ],
  ];
  for (const [name, args, says] of cases) {
    test.concurrent(name, async () => {
      const h = await seeded();
      const before = await snapshot(h);
      const out = await ok(h, [...args, '--dry-run']);
      expect(out).toMatch(says);
      expect(await snapshot(h)).toEqual(before);
      const json = JSON.parse(await ok(h, [...args, '--dry-run', '--json']));
      expect(json).toMatchObject({ dryRun: true });
      expect(await snapshot(h)).toEqual(before);
      await h.assertNoSecretsLeaked();
    });
  }
});

describe('auth init takes every login flag and --dry-run', () => {
  test.concurrent('`init --storage file` with the login flags is accepted and saves the same profile as `login`', async () => {
    const h = await newHome();
    const { cloud } = creds();
    const out = await ok(
      h,
      ['--profile', 'work', 'auth', 'init', '--storage', 'file', '--site', sandbox.url, '--email', cloud.email, '--token-stdin'],
      cloud.token,
    );
    expect(out).toContain('✓ Saved profile "work" (cloud/basic, token in the encrypted file), now the default profile');
    expect(await storedToken(h, 'work')).toBe(cloud.token);
    const viaLogin = await newHome();
    await ok(
      viaLogin,
      ['--profile', 'work', 'auth', 'login', '--storage', 'file', '--site', sandbox.url, '--email', cloud.email, '--token-stdin'],
      cloud.token,
    );
    expect(await readFile(join(h.configDir, 'config.yaml'), 'utf8')).toBe(await readFile(join(viaLogin.configDir, 'config.yaml'), 'utf8'));
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('not at a terminal, init names the flags still missing; with none it says it needs a terminal', async () => {
    const h = await newHome();
    const partial = await h.run(['auth', 'init', '--site', sandbox.url, '--storage', 'file']);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain('missing required flags: --email, --token (or --token-stdin)');
    const bare = await h.run(['auth', 'init']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('is interactive and needs a terminal');
  });

  test.concurrent('init --dry-run prints the profile and changes no byte', async () => {
    const h = await seeded();
    const before = await snapshot(h);
    const out = await ok(h, ['--profile', 'next', 'auth', 'init', '--site', sandbox.url, '--email', creds().cloud.email, '--dry-run']);
    expect(out).toContain('Would save this profile (dry run, nothing saved):');
    expect(out).toMatch(/Profile: +next\n/);
    expect(await snapshot(h)).toEqual(before);
    await h.assertNoSecretsLeaked();
  });
});

describe('--username (atlcli Data Center)', () => {
  test.concurrent('off macOS, without a token: exit 2 saying the Keychain lookup is macOS-only and what to use; nothing saved', async () => {
    const h = await newHome();
    const r = await h.run([
      '--profile',
      'corp',
      'auth',
      'login',
      '--site',
      sandbox.dcUrl,
      '--bearer',
      '--username',
      creds().datacenter.username,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: --username looks the token up in the macOS login Keychain (as atlcli does), and this is not macOS');
    expect(r.stderr).toContain('hint: pass the token with --token-stdin');
    expect(r.stderr).toContain('ATL_API_TOKEN');
    expect(await profileNames(h)).toEqual([]);
  });

  test.concurrent('with --token-stdin the username needs no lookup and the login works (login and init alike)', async () => {
    const h = await newHome();
    const { datacenter } = creds();
    for (const command of ['login', 'init']) {
      const out = await ok(
        h,
        [
          '--profile',
          `corp-${command}`,
          'auth',
          command,
          '--site',
          sandbox.dcUrl,
          '--bearer',
          '--username',
          datacenter.username,
          '--token-stdin',
          '--storage',
          'file',
        ],
        datacenter.token,
      );
      expect(out).toContain(`✓ Saved profile "corp-${command}" (datacenter/bearer, token in the encrypted file)`);
    }
    await h.assertNoSecretsLeaked();
  });
});

describe('auth import from jira-cli: --name and its default project and board', () => {
  test.concurrent('without --name it collides with "default"; with --name it lands there, keeping project and board', async () => {
    const h = await seeded();
    const { cloud } = creds();
    await ok(h, ['auth', 'rename', 'work', 'default']);
    h.addSecret(cloud.token, cloud.email);
    await mkdir(join(h.home, '.config', '.jira'), { recursive: true });
    await writeFile(
      join(h.home, '.config', '.jira', '.config.yml'),
      [
        'installation: Cloud',
        `server: ${sandbox.url}`,
        `login: ${cloud.email}`,
        'auth_type: basic',
        'project:',
        '  key: DEMO',
        '  type: next-gen',
        'board:',
        '  id: 7',
        '  name: DEMO board',
        '  type: scrum',
        '',
      ].join('\n'),
    );
    const env = { JIRA_API_TOKEN: cloud.token };
    const collide = await h.run(['auth', 'import', '--from', 'jira-cli', '--storage', 'file'], { env });
    expect(collide.code).toBe(0);
    expect(collide.stdout).toContain(
      'skip: a profile with this name exists (pass --name NAME to import it under another name, or --overwrite to replace it)',
    );

    const imported = await h.run(['auth', 'import', '--from', 'jira-cli', '--name', 'jira', '--storage', 'file'], { env });
    expect(imported.code, imported.stderr).toBe(0);
    const yaml = await readFile(join(h.configDir, 'config.yaml'), 'utf8');
    expect(yaml).toMatch(/ {2}jira:\n(?: {4}.*\n)*? {4}defaultProject: DEMO\n {4}defaultBoard: 7\n/);
    expect(await storedToken(h, 'jira')).toBe(cloud.token);
    const check = await h.run(['auth', 'test', 'jira', '--jira']);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/^Jira\s+✓ /);
    await h.assertNoSecretsLeaked();
  });
});

const identity = await machineIdentity();
const skipNoMachineId = skipWithout(
  'atlassian-cli import e2e (its key derives from the machine id)',
  identity === null ? 'no /var/lib/dbus/machine-id or /etc/machine-id here' : null,
);

describe.skipIf(skipNoMachineId)('auth import from atlassian-cli brings the tokens from its credentials.enc', () => {
  test.concurrent('decrypts the store atlassian-cli wrote on this machine, and then names it as removable', async () => {
    const h = await newHome();
    const { cloud, datacenter } = creds();
    const dir = join(h.home, '.config', 'atlassian-cli');
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'config.yaml'),
      [
        'default_profile: work',
        'profiles:',
        '  work:',
        `    base_url: ${sandbox.url}`,
        `    email: ${cloud.email}`,
        '  corp:',
        `    base_url: ${sandbox.dcUrl}`,
        '    auth_method: pat',
        '',
      ].join('\n'),
    );
    // Written the way atlassian-cli writes it: its Argon2id key of this machine and user, a
    // random 12-byte nonce per token, the GCM tag after the ciphertext.
    const [key] = await atlassianCliKeys(identity!);
    const seal = (token: string) => {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key!, nonce);
      return {
        nonce: nonce.toString('base64'),
        ciphertext: Buffer.concat([cipher.update(token, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64'),
      };
    };
    const storePath = join(dir, 'credentials.enc');
    await writeFile(
      storePath,
      JSON.stringify({ version: 1, salt: '', credentials: { work: seal(cloud.token), corp: seal(datacenter.token) } }, null, 2),
    );

    const r = await h.run(['auth', 'import', '--from', 'atlassian-cli', '--storage', 'file']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/work\t.*\tfound\timport/);
    expect(r.stdout).toMatch(/corp\t.*\tfound\timport/);
    expect(await storedToken(h, 'work')).toBe(cloud.token);
    expect(await storedToken(h, 'corp')).toBe(datacenter.token);
    expect(r.stderr).toContain(
      `Every token in ${storePath} is now in atl's file store. Once you no longer use atlassian-cli, remove it:\n  rm ${storePath}\n`,
    );
    const check = await h.run(['auth', 'test', 'work', '--jira']);
    expect(check.code, check.stderr).toBe(0);
    await h.assertNoSecretsLeaked();
  });
});
