import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runArgv } from '../../testkit/fakes.testutil.js';
import { afterEach, expect, test } from 'vitest';
import { confluenceLogin, fakeFactory, sampleProfile } from '../../testkit/fakes.testutil.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

test("the token's expiry is counted from the factory's clock: the Expires row and the warning", async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'atl-status-clock-'));
  dirs.push(stateDir);
  const f = fakeFactory({
    config: { defaultProfile: 'work', profiles: { work: sampleProfile({ tokenExpiresAt: '2031-01-20' }) } },
    file: { work: 'tok' },
    stateDir,
    now: new Date(2031, 0, 15, 9),
  });
  expect((await runArgv(f, ['auth', 'status', '--offline'])).code).toBe(0);
  expect(f.out.text).toMatch(/^Expires: +2031-01-20 \(in 5 days\)$/m);
  expect(f.err.text).toBe('warning: the token of profile "work" expires in 5 days (2031-01-20)\n');
});

test('the Confluence login and a Bitbucket Data Center login: rows, and --json objects without a secret', async () => {
  const confluence = confluenceLogin({ site: 'https://wiki.work.example' });
  const bitbucket = {
    email: null,
    authType: 'bearer' as const,
    workspace: 'PROJ',
    storage: 'file' as const,
    site: 'https://git.work.example',
    deployment: 'datacenter' as const,
  };
  const config = { defaultProfile: 'work', profiles: { work: sampleProfile({ confluence, bitbucket }) } };
  const file = { work: 'tok', 'work:confluence': 'wiki-secret', 'work:bitbucket': 'bb-secret' };
  const f = fakeFactory({ config, file });
  expect((await runArgv(f, ['auth', 'status', '--offline'])).code).toBe(0);
  expect(f.out.text).toMatch(/^Confluence: +https:\/\/wiki\.work\.example, datacenter\/bearer \(token in the encrypted file\)$/m);
  expect(f.out.text).toMatch(
    /^Bitbucket: +https:\/\/git\.work\.example \(Data Center\), access token, project PROJ \(token in the encrypted file\)$/m,
  );
  const j = fakeFactory({ config, file, json: true, env: { ATL_CONFLUENCE_URL: 'https://elsewhere.example' } });
  // ATL_CONFLUENCE_URL against the stored token of another site is refused, not silently ignored.
  expect((await runArgv(j, ['auth', 'status', '--offline'])).code).toBe(3);
  const shown = fakeFactory({ config, file, json: true });
  expect((await runArgv(shown, ['auth', 'status', '--offline'])).code).toBe(0);
  const status = JSON.parse(shown.out.text);
  // --offline checks nothing: authenticated is null (test/e2e/auth-product-logins.test.ts shows the whole object checked).
  expect(status.confluence).toMatchObject({ site: 'https://wiki.work.example', storage: 'file', tokenSource: 'file', authenticated: null });
  expect(status.bitbucket).toMatchObject({ site: 'https://git.work.example', deployment: 'datacenter', workspace: 'PROJ' });
  expect(shown.out.text).not.toMatch(/secret/);
});
