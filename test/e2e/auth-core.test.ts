// End-to-end: `atl auth login|init|status|token|test` run as a subprocess against the sandbox.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ok, type TestHome } from '../support/atl.js';
import { dateIn } from '../support/dates.js';
import { sandboxHomes, storeDirs } from '../support/homes.js';
import { expectMode } from '../support/modes.js';

const { sandbox, newHome } = await sandboxHomes();

const creds = () => sandbox.credentials;

async function configYaml(h: TestHome): Promise<string | null> {
  try {
    return await readFile(join(h.configDir, 'config.yaml'), 'utf8');
  } catch {
    return null;
  }
}

describe('auth login, each kind of credential', () => {
  test.concurrent('Cloud Basic with --token-stdin, verified, stored encrypted, becomes default', async () => {
    const h = await newHome();
    const r = await h.run(['auth', 'login', '--site', `${sandbox.url}/`, '--email', creds().cloud.email, '--token-stdin'], {
      input: `${creds().cloud.token}\n`,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`as ${creds().cloud.displayName}`);
    const yaml = (await configYaml(h))!;
    expect(yaml).toContain('defaultProfile: default');
    expect(yaml).toContain(`site: ${sandbox.url}\n`);
    expect(yaml).toContain('storage: file');
    await expectMode(join(h.configDir, 'config.yaml'), 0o600);
    const token = await h.run(['auth', 'token']);
    expect(token).toEqual({ code: 0, stdout: `${creds().cloud.token}\n`, stderr: '' });
    h.outputs.splice(h.outputs.indexOf(token.stdout), 1); // the one output allowed to hold it
    const test_ = await h.run(['auth', 'test']);
    expect(test_.code).toBe(0);
    expect(test_.stdout).toMatch(/Jira\s+✓ Demo User/);
    expect(test_.stdout).toMatch(/Confluence\s+✓ Demo User/);
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('Data Center PAT as Bearer; deployment detected from serverInfo', async () => {
    const h = await newHome();
    const r = await h.run(['auth', 'login', '--profile', 'dc', '--site', sandbox.dcUrl, '--bearer', '--token-stdin', '--json'], {
      input: creds().datacenter.token,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      profile: 'dc',
      authType: 'bearer',
      deployment: 'datacenter',
      user: { displayName: creds().datacenter.displayName },
    });
    const status = await h.run(['--profile', 'dc', 'auth', 'status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      authenticated: true,
      authType: 'bearer',
      deployment: 'datacenter',
      tokenSource: 'file',
      hasFileToken: true,
      hasKeyringToken: false,
    });
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('scoped service account goes through the gateway /ex/jira/{cloudId}', async () => {
    const h = await newHome();
    const svc = creds().serviceAccount;
    const before = sandbox.requests.length;
    const r = await h.run(['auth', 'login', '--profile', 'svc', '--site', sandbox.url, '--email', svc.email, '--scoped', '--token-stdin'], {
      input: svc.token,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(await configYaml(h)).toContain(`cloudId: ${sandbox.cloudId}`);
    const t = await h.run(['auth', 'test', 'svc']);
    expect(t.code, t.stdout).toBe(0);
    const gatewayCalls = sandbox.requests.slice(before).filter((q) => q.identity === svc.email && q.credential === 'service-account');
    expect(gatewayCalls.some((q) => q.path === `/ex/jira/${sandbox.cloudId}/rest/api/3/myself` && q.status === 200)).toBe(true);
    expect(gatewayCalls.some((q) => q.path.startsWith(`/ex/confluence/${sandbox.cloudId}/`) && q.status === 200)).toBe(true);
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('Bitbucket API token and workspace access token', async () => {
    const h = await newHome();
    const bb = creds().bitbucket;
    const r1 = await h.run(['auth', 'login', '--bitbucket', '--email', bb.email, '--workspace', 'demo-workspace', '--token-stdin'], {
      input: bb.token,
    });
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.stdout).toContain(`Bitbucket as ${bb.displayName}`);
    const r2 = await h.run(['auth', 'login', '--profile', 'acc', '--bitbucket', '--bearer', '--token-stdin'], {
      input: creds().bitbucketAccessToken.token,
    });
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stdout).toContain('access token (workspace demo-workspace)');
    const status = await h.run(['--profile', 'acc', 'auth', 'status', '--json']);
    expect(status.code, status.stdout).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      authenticated: true,
      bitbucket: { authType: 'bearer', tokenSource: 'file', authenticated: true },
    });
    const t = await h.run(['auth', 'test', 'acc']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/Bitbucket\s+✓ access token/);
    await h.assertNoSecretsLeaked();
  });
});

describe('auth login refusals: nothing saved, exit 3, a fitting hint', () => {
  const cases: Array<[string, () => string[], () => string, RegExp]> = [
    [
      'scoped token without --scoped',
      () => ['--site', sandbox.url, '--email', creds().serviceAccount.email],
      () => creds().serviceAccount.token,
      /add --scoped/,
    ],
    ['Cloud token sent as Bearer', () => ['--site', sandbox.url, '--bearer'], () => creds().cloud.token, /drop --bearer/],
    [
      'DC PAT without --bearer',
      () => ['--site', sandbox.dcUrl, '--email', 'demo@example.com'],
      () => creds().datacenter.token,
      /add --bearer/,
    ],
    ['wrong email', () => ['--site', sandbox.url, '--email', 'someone-else@example.com'], () => creds().cloud.token, /check --email/],
  ];
  for (const [name, args, token, hint] of cases) {
    test.concurrent(name, async () => {
      const h = await newHome();
      const r = await h.run(['auth', 'login', ...args(), '--token-stdin'], { input: token() });
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(hint);
      expect(await configYaml(h)).toBeNull();
      await expect(stat(join(h.configDir, 'credentials.enc'))).rejects.toThrow();
      await h.assertNoSecretsLeaked();
    });
  }
});

describe('auth login options', () => {
  test.concurrent('--dry-run prints the normalised profile and saves nothing', async () => {
    const h = await newHome();
    const r = await h.run([
      'auth',
      'login',
      '--dry-run',
      '--json',
      '--instance',
      `${sandbox.url}/`,
      '--email',
      'x@example.com',
      '--token',
      'not-checked',
      '--scoped',
      '--cloud-id',
      'cid-1',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      dryRun: true,
      profile: 'default',
      site: sandbox.url,
      authType: 'basic',
      deployment: 'cloud',
      cloudId: 'cid-1',
      storage: 'file',
    });
    expect(await configYaml(h)).toBeNull();
  });

  test.concurrent('--no-verify saves an unchecked token; --expires is kept; auth test then fails with exit 3', async () => {
    const h = await newHome();
    h.addSecret('wrong-token-123456');
    // Cloud API tokens live at most 365 days: the furthest date --expires takes.
    const expires = dateIn(365);
    const r = await h.run([
      'auth',
      'login',
      '--base-url',
      sandbox.url,
      '--email',
      'demo@example.com',
      '--token',
      'wrong-token-123456',
      '--no-verify',
      '--expires',
      expires,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(await configYaml(h)).toContain(`tokenExpiresAt: ${expires}`);
    const t = await h.run(['auth', 'test']);
    expect(t.code).toBe(3);
    expect(t.stdout).toMatch(/Jira\s+✗/);
    const s = await h.run(['auth', 'status', '--json']);
    expect(s.code).toBe(3);
    expect(JSON.parse(s.stdout)).toMatchObject({ authenticated: false, user: null, tokenExpiresAt: expires });
    const offline = await h.run(['auth', 'status', '--offline', '--json']);
    expect(offline.code).toBe(0);
    expect(JSON.parse(offline.stdout).authenticated).toBeNull();
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('missing flags with --no-input: exit 2 naming them', async () => {
    const h = await newHome();
    const r = await h.run(['auth', 'login', '--no-input', '--site', sandbox.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing required flags: --email, --token (or --token-stdin)');
    const bad = await h.run(['auth', 'login', '--site', 'not a url', '--email', 'a@b.c', '--token', 'x']);
    expect(bad.code).toBe(2);
  });

  test.concurrent('auth init refuses without a terminal', async () => {
    const h = await newHome();
    const r = await h.run(['auth', 'init']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('interactive');
  });
});

describe('expiry', () => {
  test.concurrent('a token expiring within 14 days warns on stderr once a day', async () => {
    const h = await newHome();
    const login = await h.run(
      ['auth', 'login', '--site', sandbox.url, '--email', creds().cloud.email, '--token-stdin', '--expires', dateIn(3)],
      { input: creds().cloud.token },
    );
    expect(login.code, login.stderr).toBe(0);
    const first = await h.run(['auth', 'status']);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('expires in 3 days');
    const second = await h.run(['auth', 'test']);
    expect(second.stderr).not.toContain('expires');
    // The day of the last warning is machine-local state: in the state dir, not the config dir.
    const { stateDir } = storeDirs(h);
    expect(JSON.parse(await readFile(join(stateDir, 'state.json'), 'utf8'))).toEqual({
      expiryWarnings: { default: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    });
    await expectMode(join(stateDir, 'state.json'), 0o600);
    await expect(stat(join(h.configDir, 'state.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await configYaml(h)).not.toContain('expiryWarnings');
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('after expiry, a 401 says the token probably expired', async () => {
    const h = await newHome();
    h.addSecret('stale-token-abcdef');
    // login refuses a past --expires: the date passes later, as in config.yaml here.
    await ok(h, [
      'auth',
      'login',
      '--site',
      sandbox.url,
      '--email',
      'demo@example.com',
      '--token',
      'stale-token-abcdef',
      '--no-verify',
      '--expires',
      dateIn(1),
    ]);
    const yaml = join(h.configDir, 'config.yaml');
    await writeFile(yaml, (await readFile(yaml, 'utf8')).replace(`tokenExpiresAt: ${dateIn(1)}`, 'tokenExpiresAt: 2020-01-01'));
    const r = await h.run(['auth', 'status']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('expired on 2020-01-01');
    expect(r.stdout).toContain('probably expired on 2020-01-01');
    await h.assertNoSecretsLeaked();
  });
});
