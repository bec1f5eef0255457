// End-to-end: every row of the credential precedence table, through `auth status --json`
// and `auth token`. Tokens that `auth token` prints on purpose are made-up markers, not secrets.
import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestHome, type TestHome } from '../support/atl.js';
import { sandboxHomes } from '../support/homes.js';

const { sandbox, newHome } = await sandboxHomes();
/** A home with two stored profiles: `work` (the default, real Cloud token) and `my-dc.2`. */
let h: TestHome;

beforeAll(async () => {
  h = await newHome();
  const { cloud, bitbucket } = sandbox.credentials;
  const work = await h.run(['--profile', 'work', 'auth', 'login', '--site', sandbox.url, '--email', cloud.email, '--token-stdin'], {
    input: cloud.token,
  });
  expect(work.code, work.stderr).toBe(0);
  const dc = await h.run([
    '--profile',
    'my-dc.2',
    'auth',
    'login',
    '--site',
    'https://jira.corp.example.com',
    '--deployment',
    'datacenter',
    '--bearer',
    '--token',
    'stored-dc-marker',
    '--no-verify',
  ]);
  expect(dc.code, dc.stderr).toBe(0);
  const bb = await h.run(['--profile', 'work', 'auth', 'login', '--bitbucket', '--email', bitbucket.email, '--token-stdin'], {
    input: bitbucket.token,
  });
  expect(bb.code, bb.stderr).toBe(0);
});
afterAll(async () => {
  await h?.assertNoSecretsLeaked();
});

const envAll = { ATL_SITE: 'https://env.atlassian.net', ATL_EMAIL: 'env@example.com', ATL_API_TOKEN: 'env-api-marker' };

async function status(args: string[], env: Record<string, string | undefined> = {}) {
  const r = await h.run([...args, 'auth', 'status', '--json', '--offline'], { env });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

async function token(args: string[], env: Record<string, string | undefined> = {}) {
  return h.run([...args, 'auth', 'token'], { env });
}

describe('row 1: --profile P', () => {
  test.concurrent("P's values and stored token; ATL_SITE, ATL_EMAIL, ATL_API_TOKEN ignored and reported", async () => {
    const s = await status(['--profile', 'my-dc.2'], envAll);
    expect(s).toMatchObject({
      profile: 'my-dc.2',
      profileSource: 'flag',
      site: 'https://jira.corp.example.com',
      siteSource: 'profile',
      email: null,
      authType: 'bearer',
      deployment: 'datacenter',
      tokenSource: 'file',
      hasEnvToken: false,
      hasFileToken: true,
    });
    expect(s.ignoredEnv).toEqual(['ATL_SITE', 'ATL_EMAIL', 'ATL_API_TOKEN']);
    expect((await token(['--profile', 'my-dc.2'], envAll)).stdout).toBe('stored-dc-marker\n');
    const human = await h.run(['--profile', 'my-dc.2', 'auth', 'status', '--offline'], { env: envAll });
    expect(human.stdout).toMatch(/Ignored:\s+ATL_SITE, ATL_EMAIL, ATL_API_TOKEN/);
  });

  test.concurrent('ATL_TOKEN_<P> (mangled name) beats the store', async () => {
    const env = { ATL_TOKEN_MY_DC_2: 'env-profile-marker' };
    expect(await status(['--profile', 'my-dc.2'], env)).toMatchObject({
      tokenSource: 'env-profile',
      hasEnvToken: true,
      hasFileToken: true,
    });
    expect((await token(['--profile', 'my-dc.2'], env)).stdout).toBe('env-profile-marker\n');
    expect((await h.run(['auth', 'token', 'my-dc.2'], { env })).stdout).toBe('env-profile-marker\n');
  });

  test.concurrent('an unknown profile is exit 4 listing the known ones', async () => {
    const r = await h.run(['--profile', 'nope', 'auth', 'status']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('my-dc.2, work');
    const env = await h.run(['auth', 'status'], { env: { ATL_PROFILE: 'ghost' } });
    expect(env.code).toBe(4);
  });
});

describe('row 2: ATL_PROFILE or the default profile', () => {
  test.concurrent('the default profile, checked online', async () => {
    const r = await h.run(['auth', 'status', '--json']);
    expect(r.code, r.stdout).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      profile: 'work',
      profileSource: 'default',
      siteSource: 'profile',
      tokenSource: 'file',
      authenticated: true,
      user: { displayName: 'Demo User' },
    });
  });

  test.concurrent('ATL_SITE and ATL_EMAIL override; ATL_API_TOKEN is the token', async () => {
    const s = await status([], envAll);
    expect(s).toMatchObject({
      profile: 'work',
      profileSource: 'default',
      site: 'https://env.atlassian.net',
      siteSource: 'env',
      email: 'env@example.com',
      tokenSource: 'env',
      hasEnvToken: true,
      ignoredEnv: [],
    });
    expect((await token([], envAll)).stdout).toBe('env-api-marker\n');
  });

  test.concurrent('ATL_TOKEN_<P> beats ATL_API_TOKEN', async () => {
    const env = { ...envAll, ATL_TOKEN_WORK: 'env-work-marker' };
    expect(await status([], env)).toMatchObject({ tokenSource: 'env-profile' });
    expect((await token([], env)).stdout).toBe('env-work-marker\n');
  });

  test.concurrent('ATL_PROFILE picks the profile', async () => {
    expect(await status([], { ATL_PROFILE: 'my-dc.2' })).toMatchObject({ profile: 'my-dc.2', profileSource: 'env', tokenSource: 'file' });
    expect((await token([], { ATL_PROFILE: 'my-dc.2' })).stdout).toBe('stored-dc-marker\n');
  });
});

test.concurrent('row 3: only ATL_* variables make an ephemeral profile; nothing is written', async () => {
  const ci = await newHome();
  const { cloud } = sandbox.credentials;
  const env = { ATL_SITE: sandbox.url, ATL_EMAIL: cloud.email, ATL_API_TOKEN: cloud.token };
  const r = await ci.run(['auth', 'status', '--json'], { env });
  expect(r.code, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({
    profile: null,
    profileSource: 'env-only',
    siteSource: 'env',
    tokenSource: 'env',
    hasEnvToken: true,
    authenticated: true,
  });
  const t = await ci.run(['auth', 'test'], { env });
  expect(t.code, t.stdout).toBe(0);
  const pat = await ci.run(['auth', 'status', '--json', '--offline'], {
    env: { ATL_SITE: 'https://jira.corp.example.com', ATL_API_TOKEN: 'x-marker', ATL_AUTH_TYPE: 'bearer' },
  });
  expect(JSON.parse(pat.stdout)).toMatchObject({ authType: 'bearer', deployment: 'datacenter', email: null });
  await expect(stat(ci.configDir)).rejects.toThrow();
  await ci.assertNoSecretsLeaked();
});

test.concurrent('row 4: ATL_BITBUCKET_TOKEN, else BITBUCKET_TOKEN, else the stored Bitbucket token', async () => {
  const stored = await h.run(['auth', 'status', '--json', '--offline']);
  expect(JSON.parse(stored.stdout).bitbucket).toMatchObject({
    email: sandbox.credentials.bitbucket.email,
    authType: 'basic',
    tokenSource: 'file',
  });
  const bb = (env: Record<string, string>) => h.run(['auth', 'token', '--bitbucket'], { env });
  expect((await bb({ BITBUCKET_TOKEN: 'bb-plain-marker' })).stdout).toBe('bb-plain-marker\n');
  expect((await bb({ BITBUCKET_TOKEN: 'bb-plain-marker', ATL_BITBUCKET_TOKEN: 'bb-atl-marker' })).stdout).toBe('bb-atl-marker\n');
  const s = await status([], { BITBUCKET_TOKEN: 'bb-plain-marker' });
  expect(s.bitbucket).toMatchObject({ tokenSource: 'env', tokenEnv: 'BITBUCKET_TOKEN' });
});

test.concurrent('row 5: nothing at all is exit 3 "not logged in" naming login and the variables', async () => {
  const empty = await createTestHome();
  try {
    for (const args of [
      ['auth', 'status'],
      ['auth', 'token'],
      ['auth', 'test'],
    ]) {
      const r = await empty.run(args);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('error: not logged in');
      expect(r.stderr).toContain('atl auth login');
      expect(r.stderr).toContain('ATL_API_TOKEN');
    }
  } finally {
    await empty.cleanup();
  }
});
