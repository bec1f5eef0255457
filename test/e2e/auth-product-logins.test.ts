// End-to-end: a profile's own Confluence login (issue 12, Data Center on /dc) and a Bitbucket Data
// Center login (issue 13, on /dc-bitbucket), each logged in, shown, tested and logged out through the
// built binary against the sandbox.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { TestHome } from '../support/atl.js';
import { sandboxHomes } from '../support/homes.js';

const { sandbox, newHome } = await sandboxHomes();
const creds = () => sandbox.credentials;

const configYaml = (h: TestHome): Promise<string> => readFile(join(h.configDir, 'config.yaml'), 'utf8');

// The tests run concurrently on one sandbox, so they prove where a token went by what succeeds, not by the
// request log: the sandbox refuses the Jira Cloud token on /dc and the Data Center PAT on the Cloud site.

/** A home whose profile "corp" is Jira Cloud (the sandbox site) with its own Confluence Data Center login. */
async function corpWithConfluenceDc(): Promise<TestHome> {
  const h = await newHome();
  const jira = await h.run(['auth', 'login', '--profile', 'corp', '--site', sandbox.url, '--email', creds().cloud.email, '--token-stdin'], {
    input: creds().cloud.token,
  });
  expect(jira.code, jira.stderr).toBe(0);
  const wiki = await h.run(
    ['auth', 'login', '--profile', 'corp', '--confluence', '--site', sandbox.dcUrl, '--bearer', '--token-stdin', '--json'],
    { input: creds().datacenter.token },
  );
  expect(wiki.code, wiki.stderr).toBe(0);
  expect(JSON.parse(wiki.stdout)).toEqual({
    profile: 'corp',
    confluence: {
      site: sandbox.dcUrl,
      email: null,
      authType: 'bearer',
      deployment: 'datacenter',
      storage: 'file',
      tokenExpiresAt: null,
    },
    verified: true,
    user: { accountId: expect.any(String), displayName: creds().datacenter.displayName, email: null },
    default: false,
  });
  return h;
}

describe('a Confluence login of its own beside the Jira one', () => {
  test.concurrent('login stores it on the profile; status, list and test show it; the token goes only to Confluence', async () => {
    const h = await corpWithConfluenceDc();
    const yaml = await configYaml(h);
    expect(yaml).toMatch(new RegExp(`confluence:\\n\\s+site: ${sandbox.dcUrl.replace(/[.]/g, '\\.')}\\n`));
    expect(yaml).toContain('deployment: datacenter');

    const status = await h.run(['--profile', 'corp', 'auth', 'status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    const shown = JSON.parse(status.stdout);
    expect(shown).toMatchObject({ site: sandbox.url, deployment: 'cloud', authenticated: true });
    expect(shown.confluence).toEqual({
      site: sandbox.dcUrl,
      siteSource: 'profile',
      email: null,
      authType: 'bearer',
      deployment: 'datacenter',
      storage: 'file',
      tokenSource: 'file',
      tokenEnv: null,
      tokenExpiresAt: null,
      authenticated: true,
      user: expect.objectContaining({ displayName: creds().datacenter.displayName }),
      error: null,
    });

    const list = await h.run(['auth', 'list']);
    expect(list.stdout).toMatch(/^corp\t\S+\tdemo@example\.com\tcloud\/basic\+confluence\t\*$/m);

    const tested = await h.run(['auth', 'test', 'corp', '--json']);
    expect(tested.code, tested.stdout).toBe(0);
    expect(JSON.parse(tested.stdout)).toEqual([
      expect.objectContaining({ product: 'jira', ok: true }),
      expect.objectContaining({ product: 'confluence', ok: true, user: expect.objectContaining({ displayName: 'Demo User' }) }),
    ]);
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('ATL_CONFLUENCE_URL: refused for a stored token of another site; with ATL_CONFLUENCE_TOKEN it leads', async () => {
    const h = await corpWithConfluenceDc();
    const named = await h.run(['auth', 'test', 'corp', '--confluence'], { env: { ATL_PROFILE: 'corp', ATL_CONFLUENCE_URL: sandbox.url } });
    // Named with an argument (as --profile), so the variable is ignored and the stored login is used.
    expect(named.code, named.stdout).toBe(0);

    const viaEnv = await h.run(['auth', 'test', '--confluence'], { env: { ATL_PROFILE: 'corp', ATL_CONFLUENCE_URL: sandbox.url } });
    expect(viaEnv.code).toBe(3);
    expect(viaEnv.stderr).toContain(
      `error: ATL_CONFLUENCE_URL is ${sandbox.url}, but the stored token of profile "corp" belongs to ${sandbox.dcUrl}`,
    );

    const withToken = await h.run(['auth', 'status', '--json'], {
      env: { ATL_PROFILE: 'corp', ATL_CONFLUENCE_URL: `${sandbox.dcUrl}/`, ATL_CONFLUENCE_TOKEN: creds().datacenter.token },
    });
    expect(withToken.code, withToken.stderr).toBe(0);
    expect(JSON.parse(withToken.stdout).confluence).toMatchObject({
      site: sandbox.dcUrl,
      siteSource: 'env',
      tokenSource: 'env',
      tokenEnv: 'ATL_CONFLUENCE_TOKEN',
      authenticated: true,
    });
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('without a Confluence login, ATL_CONFLUENCE_URL and ATL_CONFLUENCE_TOKEN point a Cloud profile at Data Center', async () => {
    const h = await newHome();
    await h.run(['auth', 'login', '--site', sandbox.url, '--email', creds().cloud.email, '--token-stdin'], { input: creds().cloud.token });
    const stored = await h.run(['auth', 'test', '--confluence'], { env: { ATL_CONFLUENCE_URL: sandbox.dcUrl } });
    expect(stored.code).toBe(3);
    expect(stored.stderr).toContain('atl sends a stored token only to its own site');

    const env = { ATL_CONFLUENCE_URL: sandbox.dcUrl, ATL_CONFLUENCE_TOKEN: creds().datacenter.token };
    const tested = await h.run(['auth', 'test', '--confluence'], { env });
    expect(tested.code, tested.stdout).toBe(0);
    expect(tested.stdout).toMatch(/Confluence\s+✓ Demo User/);
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('logout --confluence removes only that login and its token; Confluence then uses the site', async () => {
    const h = await corpWithConfluenceDc();
    const dry = await h.run(['auth', 'logout', 'corp', '--confluence', '--dry-run']);
    expect(dry.stdout).toContain(`Would remove the Confluence login of "corp" (${sandbox.dcUrl}) and its token`);
    expect(await configYaml(h)).toContain('confluence:');

    const out = await h.run(['auth', 'logout', 'corp', '--confluence', '--json']);
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({
      profile: 'corp',
      removed: ['confluence'],
      confluence: { site: sandbox.dcUrl, removed: true },
    });
    expect(await configYaml(h)).not.toContain('confluence:');

    const status = await h.run(['--profile', 'corp', 'auth', 'status', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ authenticated: true, confluence: null });
    // Only the Cloud site takes the Jira token: Confluence is asked at its /wiki again.
    const tested = await h.run(['auth', 'test', 'corp', '--confluence']);
    expect(tested.stdout).toMatch(/Confluence\s+✓ Demo User/);
    const again = await h.run(['auth', 'logout', 'corp', '--confluence']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('error: profile "corp" has no Confluence login of its own');
  });

  test.concurrent('refusals: a wrong token saves nothing; a profile without a site login has nothing to sit beside', async () => {
    const h = await newHome();
    await h.run(['auth', 'login', '--profile', 'corp', '--site', sandbox.url, '--email', creds().cloud.email, '--token-stdin'], {
      input: creds().cloud.token,
    });
    const wrong = await h.run(
      ['auth', 'login', '--profile', 'corp', '--confluence', '--site', sandbox.dcUrl, '--bearer', '--token-stdin'],
      {
        input: creds().cloud.token,
      },
    );
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain(`error: Confluence at ${sandbox.dcUrl} refused the credentials (HTTP 401)`);
    expect(wrong.stderr).toContain(`${sandbox.dcUrl}/plugins/personalaccesstokens/usertokens.action`);
    expect(await configYaml(h)).not.toContain('confluence:');

    const dry = await h.run([
      'auth',
      'login',
      '--profile',
      'corp',
      '--confluence',
      '--site',
      sandbox.dcUrl,
      '--bearer',
      '--dry-run',
      '--json',
    ]);
    expect(JSON.parse(dry.stdout)).toMatchObject({
      dryRun: true,
      profile: 'corp',
      confluence: { site: sandbox.dcUrl, deployment: 'datacenter' },
    });

    const none = await h.run(
      ['auth', 'login', '--profile', 'nobody', '--confluence', '--site', sandbox.dcUrl, '--bearer', '--token-stdin'],
      {
        input: creds().datacenter.token,
      },
    );
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('error: profile "nobody" has no site login for a Confluence login to sit beside');
    await h.assertNoSecretsLeaked();
  });
});

describe('a Bitbucket Data Center login', () => {
  test.concurrent('a PAT as Bearer: verified by X-AUSERNAME, stored with its site; status and test use it; logout --bitbucket', async () => {
    const h = await newHome();
    const login = await h.run(
      [
        'auth',
        'login',
        '--bitbucket',
        '--site',
        `${sandbox.bitbucketDcUrl}/`,
        '--bearer',
        '--workspace',
        'DEMO',
        '--token-stdin',
        '--json',
      ],
      { input: creds().bitbucketDatacenter.token },
    );
    expect(login.code, login.stderr).toBe(0);
    expect(JSON.parse(login.stdout)).toMatchObject({
      profile: 'default',
      bitbucket: { site: sandbox.bitbucketDcUrl, deployment: 'datacenter', authType: 'bearer', workspace: 'DEMO', email: null },
      user: { accountId: String(creds().bitbucketDatacenter.userId), displayName: 'Demo User', email: 'demo@example.com' },
    });
    expect(await configYaml(h)).toContain(`site: ${sandbox.bitbucketDcUrl}\n      deployment: datacenter`);

    const status = await h.run(['auth', 'status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).bitbucket).toMatchObject({
      site: sandbox.bitbucketDcUrl,
      deployment: 'datacenter',
      authenticated: true,
      user: { displayName: 'Demo User' },
    });
    const text = await h.run(['auth', 'test', '--bitbucket']);
    expect(text.stdout).toMatch(/Bitbucket\s+✓ Demo User \(demo@example\.com\)/);

    const out = await h.run(['auth', 'logout', '--bitbucket']);
    expect(out.stdout).toContain(
      `atl auth login --profile default --bitbucket --site ${sandbox.bitbucketDcUrl} --bearer --workspace DEMO --token-stdin`,
    );
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('a project access token (Bearer) is its bot user; the PAT as Basic with --username; an access token as Basic is refused', async () => {
    const h = await newHome();
    const bot = await h.run(
      ['auth', 'login', '--profile', 'bot', '--bitbucket', '--site', sandbox.bitbucketDcUrl, '--bearer', '--token-stdin'],
      {
        input: creds().bitbucketDatacenterAccessToken.token,
      },
    );
    expect(bot.code, bot.stderr).toBe(0);
    expect(bot.stdout).toContain(`✓ Logged in to Bitbucket at ${sandbox.bitbucketDcUrl} as DEMO access token`);

    const basic = await h.run(
      [
        'auth',
        'login',
        '--profile',
        'me',
        '--bitbucket',
        '--site',
        sandbox.bitbucketDcUrl,
        '--username',
        'demo',
        '--token-stdin',
        '--json',
      ],
      { input: creds().bitbucketDatacenter.token },
    );
    expect(basic.code, basic.stderr).toBe(0);
    expect(JSON.parse(basic.stdout)).toMatchObject({ bitbucket: { email: 'demo', authType: 'basic' }, user: { displayName: 'Demo User' } });

    const refused = await h.run(
      [
        'auth',
        'login',
        '--profile',
        'x',
        '--bitbucket',
        '--site',
        sandbox.bitbucketDcUrl,
        '--username',
        'bot-demo-access-token',
        '--token-stdin',
      ],
      { input: creds().bitbucketDatacenterAccessToken.token },
    );
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`error: Bitbucket at ${sandbox.bitbucketDcUrl} refused the credentials (HTTP 401)`);
    expect(refused.stderr).toContain('HTTP access tokens need --bearer');
    expect(refused.stderr).toContain(`${sandbox.bitbucketDcUrl}/plugins/servlet/access-tokens/manage`);

    const list = await h.run(['auth', 'list', '--json']);
    expect(JSON.parse(list.stdout).map((p: { name: string; bitbucket: { site?: string } }) => [p.name, p.bitbucket.site])).toEqual([
      ['bot', sandbox.bitbucketDcUrl],
      ['me', sandbox.bitbucketDcUrl],
    ]);
    await h.assertNoSecretsLeaked();
  });
});
