// End-to-end: the environment side of auth parity with atlcli, atlassian-cli and atla, through
// the built binary against the sandbox. Tokens printed by
// `atl auth token` are made-up markers, not secrets.
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { TestHome } from '../support/atl.js';
import { sandboxHomes } from '../support/homes.js';

const { sandbox, newHome } = await sandboxHomes();
const creds = () => sandbox.credentials;

/** A home with the Cloud login `my-work` (the default) and its stored Bitbucket login. */
async function homeWithWork(): Promise<TestHome> {
  const h = await newHome();
  const { cloud, bitbucket } = creds();
  const site = await h.run(['--profile', 'my-work', 'auth', 'login', '--site', sandbox.url, '--email', cloud.email, '--token-stdin'], {
    input: cloud.token,
  });
  expect(site.code, site.stderr).toBe(0);
  const bb = await h.run(['--profile', 'my-work', 'auth', 'login', '--bitbucket', '--email', bitbucket.email, '--token-stdin'], {
    input: bitbucket.token,
  });
  expect(bb.code, bb.stderr).toBe(0);
  return h;
}

async function statusJson(h: TestHome, env: Record<string, string> = {}, args: string[] = ['--offline']): Promise<Record<string, unknown>> {
  const r = await h.run(['auth', 'status', '--json', ...args], { env });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe('ATL_BITBUCKET_TOKEN_<PROFILE>', () => {
  test.concurrent('wins over ATL_BITBUCKET_TOKEN and BITBUCKET_TOKEN, and auth status --json shows it like ATL_TOKEN_<PROFILE>', async () => {
    const h = await homeWithWork();
    const env = {
      ATL_BITBUCKET_TOKEN_MY_WORK: 'bb-profile-marker',
      ATL_BITBUCKET_TOKEN: 'bb-atl-marker',
      BITBUCKET_TOKEN: 'bb-plain-marker',
    };
    const s = await statusJson(h, env);
    expect(s.bitbucket).toMatchObject({
      tokenSource: 'env-profile',
      tokenEnv: 'ATL_BITBUCKET_TOKEN_MY_WORK',
      email: creds().bitbucket.email,
      authType: 'basic',
    });
    expect((await h.run(['auth', 'token', '--bitbucket'], { env })).stdout).toBe('bb-profile-marker\n');
    const human = await h.run(['auth', 'status', '--offline'], { env });
    expect(human.stdout).toMatch(/Bitbucket:\s+.*\(from ATL_BITBUCKET_TOKEN_MY_WORK\)/);

    // Online: the real token in the profile's variable is the one Bitbucket gets, whatever the others hold.
    const online = await statusJson(h, { ...env, ATL_BITBUCKET_TOKEN_MY_WORK: creds().bitbucket.token }, []);
    expect(online.bitbucket).toMatchObject({ tokenSource: 'env-profile', authenticated: true });
    // Another profile's variable is not this one's.
    expect((await statusJson(h, { ATL_BITBUCKET_TOKEN_OTHER: 'bb-other-marker' })).bitbucket).toMatchObject({
      tokenSource: 'file',
      tokenEnv: null,
    });
    await h.assertNoSecretsLeaked();
  });
});

describe('ATL_TOKEN and ATL_CREDENTIALS_FILE', () => {
  test.concurrent("ATL_TOKEN is ATL_API_TOKEN's other name; with both set ATL_API_TOKEN wins and ATL_TOKEN is reported as ignored", async () => {
    const h = await homeWithWork();
    expect(await statusJson(h, { ATL_TOKEN: 'alias-marker' })).toMatchObject({
      profile: 'my-work',
      tokenSource: 'env',
      tokenEnv: 'ATL_TOKEN',
      hasEnvToken: true,
      ignoredEnv: [],
    });
    expect((await h.run(['auth', 'token'], { env: { ATL_TOKEN: 'alias-marker' } })).stdout).toBe('alias-marker\n');

    const both = { ATL_TOKEN: 'alias-marker', ATL_API_TOKEN: 'api-marker' };
    expect(await statusJson(h, both)).toMatchObject({ tokenSource: 'env', tokenEnv: 'ATL_API_TOKEN', ignoredEnv: ['ATL_TOKEN'] });
    expect((await h.run(['auth', 'token'], { env: both })).stdout).toBe('api-marker\n');
    const human = await h.run(['auth', 'status', '--offline'], { env: both });
    expect(human.stdout).toMatch(/Token:\s+from ATL_API_TOKEN/);
    expect(human.stdout).toMatch(/Ignored:\s+ATL_TOKEN \(ATL_API_TOKEN is set too, and wins\)/);
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('CI with ATL_SITE, ATL_EMAIL and ATL_TOKEN alone authenticates; nothing is written', async () => {
    const h = await newHome();
    const { cloud } = creds();
    const s = await statusJson(h, { ATL_SITE: sandbox.url, ATL_EMAIL: cloud.email, ATL_TOKEN: cloud.token }, []);
    expect(s).toMatchObject({ profile: null, profileSource: 'env-only', tokenSource: 'env', tokenEnv: 'ATL_TOKEN', authenticated: true });
    await expect(stat(h.configDir)).rejects.toThrow();
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('ATL_CREDENTIALS_FILE keeps the encrypted store in that file (0600, its new dir 0700); the config dir holds none', async () => {
    const h = await newHome();
    const vault = join(h.home, 'vault', 'atl-credentials.enc');
    const env = { ATL_CREDENTIALS_FILE: vault };
    const { cloud } = creds();
    const login = await h.run(['auth', 'login', '--site', sandbox.url, '--email', cloud.email, '--token-stdin', '--storage', 'file'], {
      input: cloud.token,
      env,
    });
    expect(login.code, login.stderr).toBe(0);
    expect((await stat(vault)).mode & 0o777).toBe(0o600);
    expect((await stat(join(h.home, 'vault'))).mode & 0o777).toBe(0o700);
    expect(await readdir(h.configDir)).not.toContain('credentials.enc');
    expect(await statusJson(h, env, [])).toMatchObject({ tokenSource: 'file', hasFileToken: true, authenticated: true });
    expect((await h.run(['auth', 'status', '--offline'], { env })).stdout).toMatch(
      new RegExp(`Token:\\s+in the encrypted file \\(${vault.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`),
    );
    // Without the variable atl looks in the config dir, where there is no token.
    const elsewhere = await h.run(['auth', 'status', '--json', '--offline']);
    expect(elsewhere.code).toBe(3);
    expect(JSON.parse(elsewhere.stdout)).toMatchObject({ tokenSource: 'none', hasFileToken: false });
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('ATL_CREDENTIALS_FILE: a relative path and a dir others may write are refused (exit 2), nothing stored', async () => {
    const h = await newHome();
    const { cloud } = creds();
    const loginWith = (env: Record<string, string>) =>
      h.run(['auth', 'login', '--site', sandbox.url, '--email', cloud.email, '--token-stdin', '--storage', 'file'], {
        input: cloud.token,
        env,
      });
    const relative = await loginWith({ ATL_CREDENTIALS_FILE: 'atl.enc' });
    expect(relative.code).toBe(2);
    expect(relative.stderr).toContain('error: ATL_CREDENTIALS_FILE must be an absolute path, not "atl.enc"');

    const shared = join(h.home, 'shared');
    await mkdir(shared);
    await chmod(shared, 0o777);
    const open = await loginWith({ ATL_CREDENTIALS_FILE: join(shared, 'atl.enc') });
    expect(open.code).toBe(2);
    expect(open.stderr).toContain(`${shared} can be written by other users`);
    expect(await readdir(shared)).toEqual([]);
    await h.assertNoSecretsLeaked();
  });
});

describe('no default profile', () => {
  test.concurrent('every command says there is none and lists the profiles with `atl auth switch NAME`; auth status says it on stdout too', async () => {
    const h = await newHome();
    for (const name of ['first', 'beta', 'alpha']) {
      const r = await h.run([
        '--profile',
        name,
        'auth',
        'login',
        '--site',
        `https://${name}.atlassian.net`,
        '--email',
        'me@example.com',
        '--token',
        `${name}-marker`,
        '--no-verify',
      ]);
      expect(r.code, r.stderr).toBe(0);
    }
    // Deleting the default with two left leaves no default.
    expect((await h.run(['auth', 'delete', 'first', '--yes'])).code).toBe(0);

    for (const args of [
      ['jira', 'me'],
      ['auth', 'token'],
      ['auth', 'test'],
      ['auth', 'token', '--bitbucket'],
    ]) {
      const r = await h.run(args);
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.stderr, args.join(' ')).toContain('error: there is no default profile; the profiles are: alpha, beta\n');
      expect(r.stderr, args.join(' ')).toContain('hint: make one the default with `atl auth switch NAME`');
      expect(r.stderr).not.toContain('not logged in');
    }

    const human = await h.run(['auth', 'status']);
    expect(human.code).toBe(3);
    expect(human.stdout).toMatch(
      /Profile:\s+none: there is no default profile\nProfiles:\s+alpha, beta\nChoose one:\s+atl auth switch NAME/,
    );
    expect(human.stderr).toContain('error: there is no default profile');

    const json = await h.run(['auth', 'status', '--json']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toEqual({
      profile: null,
      profileSource: null,
      defaultProfile: null,
      profiles: ['alpha', 'beta'],
      authenticated: false,
      error: 'there is no default profile; the profiles are: alpha, beta',
      hint: expect.stringContaining('atl auth switch NAME'),
    });

    // --profile still works, and switching ends it.
    expect((await h.run(['--profile', 'beta', 'auth', 'token'])).stdout).toBe('beta-marker\n');
    expect((await h.run(['auth', 'switch', 'alpha'])).code).toBe(0);
    expect((await h.run(['auth', 'token'])).stdout).toBe('alpha-marker\n');
  });

  test.concurrent('with no profiles at all it stays "not logged in, run atl auth login"', async () => {
    const h = await newHome();
    const r = await h.run(['jira', 'me']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('error: not logged in\n');
    expect(r.stderr).toContain('atl auth login');
    const s = await h.run(['auth', 'status']);
    expect(s.code).toBe(3);
    expect(s.stderr).toContain('error: not logged in\n');
  });
});

describe('ATL_SCOPED=1 without ATL_CLOUD_ID', () => {
  test.concurrent('the cloud ID is read from the site, as login does, and the token goes only to the gateway; nothing is written', async () => {
    const h = await newHome();
    const svc = creds().serviceAccount;
    const env = { ATL_SITE: sandbox.url, ATL_EMAIL: svc.email, ATL_API_TOKEN: svc.token, ATL_SCOPED: '1' };
    const before = sandbox.requests.length;
    const s = await statusJson(h, env, []);
    expect(s).toMatchObject({ profileSource: 'env-only', scoped: true, cloudId: sandbox.cloudId, authenticated: true });
    const me = await h.run(['jira', 'me', '--json'], { env });
    expect(me.code, me.stderr).toBe(0);
    const t = await h.run(['auth', 'test'], { env });
    expect(t.code, t.stdout).toBe(0);

    const seen = sandbox.requests.slice(before);
    expect(seen.some((q) => q.path === '/_edge/tenant_info' && q.credential === 'anonymous')).toBe(true);
    expect(
      seen.some((q) => q.path === `/ex/jira/${sandbox.cloudId}/rest/api/3/myself` && q.identity === svc.email && q.status === 200),
    ).toBe(true);
    // The service account's token never went to the site itself (that was the 401 of the issue).
    expect(seen.filter((q) => q.identity === svc.email || q.credential === 'rejected').every((q) => q.path.startsWith('/ex/'))).toBe(true);
    await expect(stat(h.configDir)).rejects.toThrow();
    await h.assertNoSecretsLeaked();
  });
});

describe('an organization ID where the cloud ID belongs', () => {
  const orgId = randomUUID();

  test.concurrent("login --scoped --cloud-id <org id> is exit 2 naming the site's cloud ID and tenant_info; nothing saved", async () => {
    const h = await newHome();
    const svc = creds().serviceAccount;
    const r = await h.run(
      ['auth', 'login', '--profile', 'svc', '--site', sandbox.url, '--email', svc.email, '--scoped', '--cloud-id', orgId, '--token-stdin'],
      { input: svc.token },
    );
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(
      `error: the gateway knows no site with cloud ID ${orgId} (HTTP 404): that is not the cloud ID of ${sandbox.url}`,
    );
    expect(r.stderr).toContain(
      `hint: the cloud ID of ${sandbox.url} is ${sandbox.cloudId} (from ${sandbox.url}/_edge/tenant_info); an organization ID`,
    );
    expect(r.stderr).toContain(`--cloud-id ${sandbox.cloudId}`);
    await expect(stat(join(h.configDir, 'config.yaml'))).rejects.toThrow();
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('a stored profile or ATL_CLOUD_ID with it: commands, auth status and auth test say which ID belongs there', async () => {
    const h = await newHome();
    const svc = creds().serviceAccount;
    const saved = await h.run(
      [
        'auth',
        'login',
        '--profile',
        'svc',
        '--site',
        sandbox.url,
        '--email',
        svc.email,
        '--scoped',
        '--cloud-id',
        orgId,
        '--token-stdin',
        '--no-verify',
      ],
      { input: svc.token },
    );
    expect(saved.code, saved.stderr).toBe(0);

    const me = await h.run(['jira', 'me']);
    expect(me.code).toBe(2);
    expect(me.stderr).toContain(`the gateway knows no site with cloud ID ${orgId}`);
    expect(me.stderr).toContain(`the cloud ID of ${sandbox.url} is ${sandbox.cloudId}`);

    const status = await h.run(['auth', 'status']);
    expect(status.code).toBe(3);
    expect(status.stdout).toContain(`the gateway knows no site with cloud ID ${orgId}`);
    expect(status.stdout).toContain(`hint: the cloud ID of ${sandbox.url} is ${sandbox.cloudId}`);

    const test = await h.run(['auth', 'test']);
    expect(test.code).toBe(3);
    expect(test.stdout).toMatch(
      new RegExp(`Jira\\s+✗ the gateway knows no site with cloud ID ${orgId}.*hint: the cloud ID of .* is ${sandbox.cloudId}`),
    );

    const fromEnv = await h.run(['jira', 'me'], {
      env: {
        ATL_SITE: sandbox.url,
        ATL_EMAIL: svc.email,
        ATL_API_TOKEN: svc.token,
        ATL_SCOPED: '1',
        ATL_CLOUD_ID: orgId,
        ATL_CONFIG_DIR: join(h.home, 'empty'),
      },
    });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toContain(`ATL_CLOUD_ID=${sandbox.cloudId}`);
    await h.assertNoSecretsLeaked();
  });
});
