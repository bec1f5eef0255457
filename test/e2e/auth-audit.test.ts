// End-to-end: the gaps an acceptance audit of the auth commands found, each run through the
// built `atl` against the sandbox.
import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { dateIn } from '../support/dates.js';
import { sandboxHomes, storeDirs } from '../support/homes.js';
import { skipFileModeTest } from '../support/prerequisite.js';

const { sandbox, newHome } = await sandboxHomes();
const creds = () => sandbox.credentials;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function modesUnder(dir: string): Promise<Record<string, string>> {
  const modes: Record<string, string> = { '.': ((await stat(dir)).mode & 0o777).toString(8) };
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    modes[path.slice(dir.length + 1)] = ((await stat(path)).mode & 0o777).toString(8);
  }
  return modes;
}

describe('auth login', () => {
  test.concurrent('the "no OS keyring" notice comes with a saved token, never before a refused login', async () => {
    const h = await newHome();
    // The keyring is on (no ATL_KEYRING=off) but its D-Bus session cannot be reached: the file is the default.
    delete h.env.ATL_KEYRING;
    h.env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${join(h.home, 'no-such-bus')}`;
    const notice = `notice: no OS keyring available; tokens are stored encrypted in ${join(h.configDir, 'credentials.enc')}\n`;

    const refused = await h.run(['auth', 'login', '--site', sandbox.url, '--email', creds().cloud.email, '--token-stdin'], {
      input: creds().datacenter.token,
    });
    expect(refused.code).toBe(3);
    expect(refused.stderr).not.toContain('notice: no OS keyring');
    // Verification also tried the scoped gateway, which the sandbox home overrides: said once.
    expect(refused.stderr.match(/^notice: .*$/gm)).toEqual([
      `notice: ATL_GATEWAY_URL overrides the Atlassian gateway: ${sandbox.gatewayUrl}`,
    ]);
    expect(await exists(h.configDir)).toBe(false);

    const dry = await h.run(['auth', 'login', '--site', sandbox.url, '--email', creds().cloud.email, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toBe(notice); // it explains the "Storage: file" it shows

    const saved = await h.run(['auth', 'login', '--site', sandbox.url, '--email', creds().cloud.email, '--token-stdin'], {
      input: creds().cloud.token,
    });
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stderr).toBe(notice);
    expect(saved.stdout).toContain('token in the encrypted file');
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('--dry-run needs no token and shows name, normalised site, auth type, deployment, cloudId and storage', async () => {
    const h = await newHome();
    const text = await h.run([
      '--profile',
      'svc',
      'auth',
      'login',
      '--dry-run',
      '--no-input',
      '--site',
      'example.atlassian.net/wiki/',
      '--email',
      'svc@example.com',
      '--scoped',
      '--cloud-id',
      'cid-7',
      '--storage',
      'file',
    ]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Profile:\s+svc\n/);
    expect(text.stdout).toMatch(/Site:\s+https:\/\/example\.atlassian\.net\n/);
    expect(text.stdout).toMatch(/Auth type:\s+basic\n/);
    expect(text.stdout).toMatch(/Deployment:\s+cloud\n/);
    expect(text.stdout).toMatch(/Cloud ID:\s+cid-7\n/);
    expect(text.stdout).toMatch(/Storage:\s+file\n/);
    const json = await h.run([
      'auth',
      'login',
      '--dry-run',
      '--json',
      '--site',
      'https://corp.example.com/jira/',
      '--deployment',
      'datacenter',
      '--bearer',
    ]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      dryRun: true,
      profile: 'default',
      site: 'https://corp.example.com/jira',
      email: null,
      authType: 'bearer',
      deployment: 'datacenter',
      scoped: false,
      cloudId: null,
      storage: 'file',
      tokenExpiresAt: null,
    });
    const bitbucket = await h.run(['auth', 'login', '--bitbucket', '--bearer', '--workspace', 'acme', '--dry-run', '--json']);
    expect(bitbucket.code, bitbucket.stderr).toBe(0);
    expect(JSON.parse(bitbucket.stdout)).toEqual({
      dryRun: true,
      profile: 'default',
      bitbucket: { email: null, authType: 'bearer', workspace: 'acme', storage: 'file' },
    });
    expect(await exists(h.configDir)).toBe(false);
  });

  test.concurrent('--site, --base-url and --instance are one value: the same site is fine, two different ones exit 2', async () => {
    const h = await newHome();
    const same = await h.run([
      'auth',
      'login',
      '--dry-run',
      '--json',
      '--site',
      sandbox.url,
      '--base-url',
      `${sandbox.url}/`,
      '--instance',
      sandbox.url,
      '--email',
      'a@example.com',
    ]);
    expect(same.code, same.stderr).toBe(0);
    expect(JSON.parse(same.stdout).site).toBe(sandbox.url);
    const differ = await h.run([
      'auth',
      'login',
      '--site',
      sandbox.url,
      '--base-url',
      'https://other.atlassian.net',
      '--email',
      'a@example.com',
      '--token',
      'x-marker',
    ]);
    expect(differ.code).toBe(2);
    expect(differ.stderr).toContain('--site and --base-url name different sites');
    const help = await h.run(['auth', 'login', '--help']);
    expect(help.stdout).toMatch(/aliases:\s+--base-url,\s+--instance/);
    expect(await exists(h.configDir)).toBe(false);
  });
});

describe('Bitbucket', () => {
  test.concurrent('row 4 alone (no profile, only a Bitbucket token in the environment): status reports it; nothing is written', async () => {
    const h = await newHome();
    for (const name of ['ATL_BITBUCKET_TOKEN', 'BITBUCKET_TOKEN']) {
      const r = await h.run(['auth', 'status', '--json'], { env: { [name]: creds().bitbucketAccessToken.token } });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({
        profile: null,
        profileSource: 'env-only',
        site: null,
        tokenSource: 'none',
        authenticated: true,
        bitbucket: { authType: 'bearer', tokenSource: 'env', tokenEnv: name, authenticated: true },
      });
    }
    const text = await h.run(['auth', 'status'], { env: { BITBUCKET_TOKEN: creds().bitbucketAccessToken.token } });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('a Bitbucket token from BITBUCKET_TOKEN, not saved');
    expect(text.stdout).toContain('Authenticated ✓');
    expect(await exists(h.configDir)).toBe(false);
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('after `auth logout --bitbucket` the site login still passes status and test; Bitbucket shows as logged out', async () => {
    const h = await newHome();
    const { cloud, bitbucket } = creds();
    expect(
      (await h.run(['auth', 'login', '--site', sandbox.url, '--email', cloud.email, '--token-stdin'], { input: cloud.token })).code,
    ).toBe(0);
    expect(
      (await h.run(['auth', 'login', '--bitbucket', '--email', bitbucket.email, '--token-stdin'], { input: bitbucket.token })).code,
    ).toBe(0);
    expect((await h.run(['auth', 'logout', '--bitbucket'])).code).toBe(0);

    const status = await h.run(['auth', 'status', '--json']);
    expect(status.code, status.stdout).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      authenticated: true,
      bitbucket: { tokenSource: 'none', authenticated: null, error: null },
    });
    const test_ = await h.run(['auth', 'test']);
    expect(test_.code, test_.stdout).toBe(0);
    expect(test_.stdout).toMatch(/Bitbucket\s+- logged out; `atl auth login --bitbucket` logs in again/);
    // A profile with nothing but that logged-out Bitbucket login has nothing that works: exit 3.
    expect(
      (
        await h.run(['--profile', 'bb', 'auth', 'login', '--bitbucket', '--email', bitbucket.email, '--token-stdin'], {
          input: bitbucket.token,
        })
      ).code,
    ).toBe(0);
    expect((await h.run(['auth', 'logout', 'bb'])).code).toBe(0);
    expect((await h.run(['--profile', 'bb', 'auth', 'status'])).code).toBe(3);
    expect((await h.run(['auth', 'test', 'bb'])).code).toBe(3);
    await h.assertNoSecretsLeaked();
  });
});

describe('files and permissions', () => {
  test
    .skipIf(skipFileModeTest('the file-mode e2e test'))
    .concurrent('a config dir made 0755 by someone else ends 0700, and every file atl writes is 0600', async () => {
      const h = await newHome();
      await mkdir(h.configDir, { recursive: true });
      await chmod(h.configDir, 0o755);
      const { cloud } = creds();
      const login = await h.run(['auth', 'login', '--site', sandbox.url, '--email', cloud.email, '--token-stdin', '--expires', dateIn(2)], {
        input: cloud.token,
      });
      expect(login.code, login.stderr).toBe(0);
      expect((await h.run(['auth', 'status'])).code).toBe(0); // writes state.json (the expiry warning)
      expect((await h.run(['auth', 'rename', 'default', 'work'])).code).toBe(0);
      expect(await modesUnder(h.configDir)).toEqual({ '.': '700', 'config.yaml': '600', 'credentials.enc': '600' });
      // The key and state.json are in the state dir, private too.
      expect(await modesUnder(storeDirs(h).stateDir)).toEqual({ '.': '700', 'credentials.key': '600', 'state.json': '600' });
      await h.assertNoSecretsLeaked();
    });

  test
    .skipIf(skipFileModeTest('the credentials.key mode e2e test'))
    .concurrent(
      'a credentials.key readable by others is set back to 0600 with a warning; `auth token` still prints only the token',
      async () => {
        const h = await newHome();
        const token = 'ATATT3x-audit-key-mode-marker';
        h.addSecret(token);
        expect(
          (
            await h.run(['auth', 'login', '--site', 'example.atlassian.net', '--email', 'me@example.com', '--token-stdin', '--no-verify'], {
              input: token,
            })
          ).code,
        ).toBe(0);
        const keyPath = join(storeDirs(h).stateDir, 'credentials.key');
        await chmod(keyPath, 0o644);
        const r = await h.run(['auth', 'token']);
        expect(r.code).toBe(0);
        expect(r.stdout).toBe(`${token}\n`);
        h.outputs.splice(h.outputs.indexOf(r.stdout), 1); // the one output allowed to hold it
        expect(r.stderr).toContain(`warning: ${keyPath} could be read by other users (mode 0644); atl set it to 0600`);
        expect((await stat(keyPath)).mode & 0o777).toBe(0o600);
        const again = await h.run(['auth', 'status', '--offline']);
        expect(again.stderr).not.toContain('warning');
        await h.assertNoSecretsLeaked();
      },
    );
});

describe('every command, not just auth', () => {
  test.concurrent('`jira me` warns once a day about a token expiring within 14 days, and goes through the gateway for a scoped profile', async () => {
    const h = await newHome();
    const svc = creds().serviceAccount;
    const login = await h.run(
      ['auth', 'login', '--site', sandbox.url, '--email', svc.email, '--scoped', '--token-stdin', '--expires', dateIn(5)],
      { input: svc.token },
    );
    expect(login.code, login.stderr).toBe(0);
    const before = sandbox.requests.length;
    const first = await h.run(['jira', 'me']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('warning: the token of profile "default" expires in 5 days');
    expect(
      sandbox.requests.slice(before).some((q) => q.path === `/ex/jira/${sandbox.cloudId}/rest/api/3/myself` && q.identity === svc.email),
    ).toBe(true);
    const second = await h.run(['jira', 'me']);
    expect(second.code).toBe(0);
    expect(second.stderr).not.toContain('expires');
    await h.assertNoSecretsLeaked();
  });
});
