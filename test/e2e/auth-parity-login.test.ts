// End-to-end: `atl auth login` features that users of atlcli, atlassian-cli and atla rely on,
// run as a subprocess against the sandbox.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ok, type TestHome } from '../support/atl.js';
import { dateIn } from '../support/dates.js';
import { sandboxHomes } from '../support/homes.js';
import { skipWithout } from '../support/prerequisite.js';
import { KEYS, atlOnPty, whyNoPty } from '../support/pty.js';

const skipPty = skipWithout('pseudo-terminal e2e tests', await whyNoPty());

const { sandbox, newHome } = await sandboxHomes();
const creds = () => sandbox.credentials;

const CLOUD_TOKEN_PAGE = 'https://id.atlassian.com/manage-profile/security/api-tokens';
const jiraPatPage = () =>
  `${sandbox.dcUrl}/secure/ViewProfile.jspa?selectedTab=com.atlassian.pats.pats-plugin:jira-user-personal-access-tokens`;
const confluencePatPage = () => `${sandbox.dcUrl}/plugins/personalaccesstokens/usertokens.action`;

async function configYaml(h: TestHome): Promise<string | null> {
  try {
    return await readFile(join(h.configDir, 'config.yaml'), 'utf8');
  } catch {
    return null;
  }
}

const hasFileStore = (h: TestHome) =>
  stat(join(h.configDir, 'credentials.enc')).then(
    () => true,
    () => false,
  );

describe('login from ATL_SITE, ATL_EMAIL and ATL_API_TOKEN', () => {
  test.concurrent('with no flags, the variables log in; the token is not stored, and later runs take it from the environment', async () => {
    const h = await newHome();
    const env = { ATL_SITE: sandbox.url, ATL_EMAIL: creds().cloud.email, ATL_API_TOKEN: creds().cloud.token };
    const r = await h.run(['auth', 'login'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`✓ Logged in to ${sandbox.url} as ${creds().cloud.displayName}`);
    expect(r.stdout).toContain(
      '✓ Saved profile "default" (cloud/basic, token not stored, read from ATL_API_TOKEN), now the default profile',
    );
    expect(r.stderr).toContain(
      'notice: the token in ATL_API_TOKEN verified the login and was not stored; later runs read it from ATL_TOKEN_DEFAULT, or ATL_API_TOKEN',
    );
    expect(await configYaml(h)).toContain(`site: ${sandbox.url}\n`);
    expect(await hasFileStore(h)).toBe(false);

    const later = await h.run(['auth', 'status', '--json'], { env: { ATL_API_TOKEN: creds().cloud.token } });
    expect(later.code, later.stdout).toBe(0);
    expect(JSON.parse(later.stdout)).toMatchObject({ profile: 'default', authenticated: true, tokenSource: 'env', hasFileToken: false });
    const without = await h.run(['jira', 'me']);
    expect(without.code).toBe(3);
    expect(without.stderr).toContain('no token for profile "default"');
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('flags win over the variables, and a token given by flag is stored', async () => {
    const h = await newHome();
    const env = {
      ATL_SITE: 'https://elsewhere.atlassian.net',
      ATL_EMAIL: 'someone-else@example.com',
      ATL_API_TOKEN: 'ATATT3x-e2e-not-this-token-0001',
    };
    h.addSecret(env.ATL_API_TOKEN);
    const r = await h.run(['auth', 'login', '--site', sandbox.url, '--email', creds().cloud.email, '--token-stdin'], {
      env,
      input: creds().cloud.token,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('token in the encrypted file');
    expect(await configYaml(h)).toContain(`email: ${creds().cloud.email}`);
    const token = await h.run(['auth', 'token']);
    expect(token.stdout).toBe(`${creds().cloud.token}\n`);
    h.outputs.splice(h.outputs.indexOf(token.stdout), 1); // the one output allowed to hold it
    await h.assertNoSecretsLeaked();
  });
});

describe('a CI profile without a stored token', () => {
  test.concurrent('login --profile ci with ATL_TOKEN_CI verifies, saves the profile without the token, and says so', async () => {
    const h = await newHome();
    const token = { ATL_TOKEN_CI: creds().cloud.token };
    const r = await h.run(['auth', 'login', '--profile', 'ci', '--site', sandbox.url, '--email', creds().cloud.email, '--default'], {
      env: token,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`as ${creds().cloud.displayName}`);
    expect(r.stderr).toContain(
      'notice: the token in ATL_TOKEN_CI verified the login and was not stored; later runs read it from ATL_TOKEN_CI;',
    );
    expect(await hasFileStore(h)).toBe(false);
    expect(await configYaml(h)).toContain('defaultProfile: ci');

    const status = await h.run(['--profile', 'ci', 'auth', 'status', '--json'], { env: token });
    expect(status.code, status.stdout).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      profile: 'ci',
      authenticated: true,
      tokenSource: 'env-profile',
      hasEnvToken: true,
      hasFileToken: false,
      hasKeyringToken: false,
    });
    const human = await h.run(['auth', 'status'], { env: token });
    expect(human.stdout).toMatch(/^Token:\s+from ATL_TOKEN_CI$/m);
    const viaApiToken = await h.run(['auth', 'status', '--json'], { env: { ATL_API_TOKEN: creds().cloud.token } });
    expect(JSON.parse(viaApiToken.stdout)).toMatchObject({ profile: 'ci', authenticated: true, tokenSource: 'env' });
    expect((await h.run(['jira', 'me'], { env: token })).code).toBe(0);
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('a refused environment token saves nothing (exit 3)', async () => {
    const h = await newHome();
    h.addSecret('ATATT3x-e2e-refused-ci-token-0001');
    const r = await h.run(['auth', 'login', '--profile', 'ci', '--site', sandbox.url, '--email', creds().cloud.email], {
      env: { ATL_TOKEN_CI: 'ATATT3x-e2e-refused-ci-token-0001' },
    });
    expect(r.code, r.stderr).toBe(3);
    expect(await configYaml(h)).toBeNull();
    await h.assertNoSecretsLeaked();
  });
});

describe('one profile per site and email', () => {
  const loginCloud = (h: TestHome) =>
    ok(h, ['auth', 'login', '--site', sandbox.url, '--email', creds().cloud.email, '--token-stdin'], creds().cloud.token);
  const dcArgs = () => ['auth', 'login', '--site', sandbox.dcUrl, '--bearer', '--token-stdin'];

  test.concurrent('another site without --profile: exit 2 without a terminal naming --profile and --force; --dry-run says it would replace; --force does', async () => {
    const h = await newHome();
    await loginCloud(h);
    const before = await configYaml(h);
    for (const extra of [['--no-input'], []]) {
      const refused = await h.run([...dcArgs(), ...extra], { input: creds().datacenter.token });
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr).toContain(
        `error: profile "default" is ${sandbox.url} as ${creds().cloud.email}; this login (${sandbox.dcUrl}) would replace it`,
      );
      expect(refused.stderr).toContain('hint: pass --profile NAME to keep both, or --force to replace "default"');
      expect(await configYaml(h)).toBe(before);
    }
    const dry = await h.run([...dcArgs(), '--dry-run'], { input: creds().datacenter.token });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(
      `Would replace profile "default", now ${sandbox.url} as ${creds().cloud.email} (pass --profile NAME to keep it)`,
    );
    expect(await configYaml(h)).toBe(before);

    const kept = await h.run(['--profile', 'corp', ...dcArgs()], { input: creds().datacenter.token });
    expect(kept.code, kept.stderr).toBe(0);
    const forced = await h.run([...dcArgs(), '--force'], { input: creds().datacenter.token });
    expect(forced.code, forced.stderr).toBe(0);
    const list = JSON.parse(await ok(h, ['auth', 'list', '--json'])) as Array<{ name: string; site: string }>;
    expect(list.map((p) => [p.name, p.site]).sort()).toEqual([
      ['corp', sandbox.dcUrl],
      ['default', sandbox.dcUrl],
    ]);
    // The same site and email again is a plain re-login, never a question.
    expect(
      (
        await h.run(['auth', 'login', '--site', sandbox.dcUrl, '--bearer', '--token-stdin', '--no-input'], {
          input: creds().datacenter.token,
        })
      ).code,
    ).toBe(0);
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('another email on the same site counts as another login', async () => {
    const h = await newHome();
    h.addSecret('ATATT3x-e2e-other-email-token-0001');
    await loginCloud(h);
    const r = await h.run(['auth', 'login', '--site', sandbox.url, '--email', 'other@example.com', '--token-stdin', '--no-verify'], {
      input: 'ATATT3x-e2e-other-email-token-0001',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`this login (${sandbox.url} as other@example.com) would replace it`);
    await h.assertNoSecretsLeaked();
  });

  test.skipIf(skipPty)('on a terminal it asks: no keeps the profile, yes replaces it', async () => {
    const h = await newHome();
    await loginCloud(h);
    const before = await configYaml(h);
    const question = `Profile "default" is ${sandbox.url} as ${creds().cloud.email}. Replace it with ${sandbox.dcUrl}?`;
    const no = atlOnPty(h, ['auth', 'login', '--site', sandbox.dcUrl, '--bearer', '--storage', 'file']);
    await no.answer(question, `n${KEYS.enter}`);
    const refused = await no.exit();
    expect(refused.code, refused.screen).toBe(2);
    expect(refused.screen).toContain('kept profile "default"; nothing saved');
    expect(await configYaml(h)).toBe(before);

    const yes = atlOnPty(h, ['auth', 'login', '--site', sandbox.dcUrl, '--bearer', '--storage', 'file']);
    await yes.answer(question, `y${KEYS.enter}`);
    await yes.answer('Personal access token:', `${creds().datacenter.token}${KEYS.enter}`);
    const replaced = await yes.exit();
    expect(replaced.code, replaced.screen).toBe(0);
    expect(await configYaml(h)).toContain(`site: ${sandbox.dcUrl}\n`);
    await h.assertNoSecretsLeaked();
  });
});

describe('--profile X --default with no token', () => {
  test.concurrent('makes X the default instead of demanding --token; a changed value still needs one', async () => {
    const h = await newHome();
    await ok(h, ['auth', 'login', '--site', sandbox.url, '--email', creds().cloud.email, '--token-stdin'], creds().cloud.token);
    await ok(h, ['--profile', 'corp', 'auth', 'login', '--site', sandbox.dcUrl, '--bearer', '--token-stdin'], creds().datacenter.token);
    const r = await h.run(['--profile', 'corp', 'auth', 'login', '--default']);
    expect(r).toEqual({ code: 0, stdout: '✓ Profile "corp" is now the default profile\n', stderr: '' });
    expect(await configYaml(h)).toContain('defaultProfile: corp');
    const status = JSON.parse(await ok(h, ['auth', 'status', '--json']));
    expect(status).toMatchObject({ profile: 'corp', profileSource: 'default', authenticated: true, tokenSource: 'file' });

    const again = await h.run(['--profile', 'default', 'auth', 'login', '--default', '--site', sandbox.url, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ profile: 'default', default: true, changed: true });
    const changed = await h.run(['--profile', 'corp', 'auth', 'login', '--default', '--email', 'new@example.com', '--no-input']);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/missing required flags: .*--token \(or --token-stdin\)/);
    await h.assertNoSecretsLeaked();
  });
});

describe('where to get a token', () => {
  test.concurrent('a 401 names the Cloud token page, and the Data Center PAT page of the product', async () => {
    const h = await newHome();
    const wrong = 'ATATT3x-e2e-wrong-page-token-0001';
    h.addSecret(wrong, creds().cloud.email);
    await ok(h, ['auth', 'login', '--site', sandbox.url, '--email', creds().cloud.email, '--token-stdin', '--no-verify'], wrong);
    const cloud = await h.run(['jira', 'me']);
    expect(cloud.code).toBe(3);
    expect(cloud.stderr).toMatch(new RegExp(`^hint: .*create a token at ${CLOUD_TOKEN_PAGE.replace(/[./]/g, '\\$&')}$`, 'm'));
    const status = await h.run(['auth', 'status']);
    expect(status.code).toBe(3);
    expect(status.stdout).toContain(`create a token at ${CLOUD_TOKEN_PAGE}`);
    const test_ = await h.run(['auth', 'test']);
    expect(test_.code).toBe(3);
    expect(test_.stdout).toMatch(new RegExp(`Jira\\s+✗ .*create a token at ${CLOUD_TOKEN_PAGE.replace(/[./]/g, '\\$&')}\\)`));

    await ok(h, ['--profile', 'dc', 'auth', 'login', '--site', sandbox.dcUrl, '--bearer', '--token-stdin', '--no-verify'], wrong);
    const dc = await h.run(['--profile', 'dc', 'jira', 'me']);
    expect(dc.code).toBe(3);
    expect(dc.stderr).toContain(`create a token at ${jiraPatPage()}`);

    const login = await h.run(['auth', 'login', '--site', sandbox.url, '--email', creds().cloud.email, '--token-stdin'], { input: wrong });
    expect(login.code).toBe(3);
    expect(login.stderr).toContain(`create a token at ${CLOUD_TOKEN_PAGE}`);
    await h.assertNoSecretsLeaked();
  });

  test.skipIf(skipPty)('the token prompt names the page, before asking', async () => {
    const h = await newHome();
    const cloud = atlOnPty(h, [
      '--profile',
      'work',
      'auth',
      'login',
      '--site',
      sandbox.url,
      '--email',
      creds().cloud.email,
      '--storage',
      'file',
    ]);
    await cloud.waitFor(`Create a token at ${CLOUD_TOKEN_PAGE}`);
    await cloud.answer('API token:', `${creds().cloud.token}${KEYS.enter}`);
    expect((await cloud.exit()).code).toBe(0);

    const dc = atlOnPty(h, ['--profile', 'corp', 'auth', 'login', '--site', sandbox.dcUrl, '--bearer', '--storage', 'file']);
    await dc.waitFor(`Create a token at ${jiraPatPage()} (Jira) or ${confluencePatPage()} (Confluence)`);
    await dc.answer('Personal access token:', `${creds().datacenter.token}${KEYS.enter}`);
    const { code, screen } = await dc.exit();
    expect(code, screen).toBe(0);
    await h.assertNoSecretsLeaked();
  });
});

describe('--expires within a token lifetime', () => {
  test.concurrent('a past date, or more than 365 days ahead for a Cloud token, is exit 2 and saves nothing', async () => {
    const h = await newHome();
    for (const [expires, message] of [
      [dateIn(-1), `--expires ${dateIn(-1)} is in the past`],
      [dateIn(366), `--expires ${dateIn(366)} is 366 days ahead, but Atlassian Cloud API tokens live at most 365 days`],
    ] as const) {
      const r = await h.run(
        ['auth', 'login', '--site', sandbox.url, '--email', creds().cloud.email, '--token-stdin', '--expires', expires],
        { input: creds().cloud.token },
      );
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`error: ${message}`);
    }
    expect(await configYaml(h)).toBeNull();
    // A Data Center PAT may live longer; only the past is refused for it.
    await ok(
      h,
      ['--profile', 'dc', 'auth', 'login', '--site', sandbox.dcUrl, '--bearer', '--token-stdin', '--expires', dateIn(800)],
      creds().datacenter.token,
    );
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('a scoped login without --expires warns; with it, it does not', async () => {
    const h = await newHome();
    const svc = creds().serviceAccount;
    const without = await h.run(
      ['auth', 'login', '--profile', 'svc', '--site', sandbox.url, '--email', svc.email, '--scoped', '--token-stdin'],
      { input: svc.token },
    );
    expect(without.code, without.stderr).toBe(0);
    expect(without.stderr).toContain(
      'warning: no --expires given for a scoped token; scoped tokens expire 1 to 365 days after they are made',
    );
    const withDate = await h.run(
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
        '--token-stdin',
        '--expires',
        dateIn(100),
      ],
      { input: svc.token },
    );
    expect(withDate.code, withDate.stderr).toBe(0);
    expect(withDate.stderr).not.toContain('warning');
    await h.assertNoSecretsLeaked();
  });
});
