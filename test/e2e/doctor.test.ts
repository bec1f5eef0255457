// `atl doctor` against the sandbox (issue 15): a healthy Cloud and Data Center setup, a skewed
// clock (the sandbox's skew fault), an expired token and a broken config.yaml. The release check
// asks a local server (ATL_UPDATE_URL), never the network.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, expect, test } from 'vitest';
import { sandboxHomes } from '../support/homes.js';

const { sandbox, newHome } = await sandboxHomes({ seed: 'demo' });
afterEach(() => sandbox.faults.clear());

const registry = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"version":"99.0.0"}'));
await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
afterAll(() => new Promise<void>((resolve) => registry.close(() => resolve())));
const ATL_UPDATE_URL = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/atl/latest`;

const home = await newHome({ env: { ATL_UPDATE_URL } });
afterAll(() => home.assertNoSecretsLeaked());
const { cloud, datacenter, serviceAccount } = sandbox.credentials;
for (const [args, token] of [
  [['--profile', 'cloud', '--site', sandbox.url, '--email', cloud.email, '--deployment', 'cloud', '--default'], cloud.token],
  [['--profile', 'dc', '--site', sandbox.dcUrl, '--bearer', '--deployment', 'datacenter'], datacenter.token],
  // A scoped service account: its login check (after cloud, whose tokenExpiresAt line a test edits) goes through the gateway (/ex/jira/{cloudId}).
  [['--profile', 'svc', '--site', sandbox.url, '--email', serviceAccount.email, '--scoped'], serviceAccount.token],
] as const) {
  const login = await home.run(['auth', 'login', ...args, '--token-stdin'], { input: `${token}\n` });
  if (login.code !== 0) throw new Error(`login failed: ${login.stderr}`);
}

interface Check {
  check: string;
  subject: string | null;
  status: 'ok' | 'warn' | 'fail';
  message: string;
  fix: string | null;
}

async function doctor(): Promise<{ code: number; checks: Check[] }> {
  const result = await home.run(['doctor', '--json']);
  return { code: result.code, checks: JSON.parse(result.stdout) as Check[] };
}
const find = (checks: Check[], check: string, subject: string | null) => checks.find((c) => c.check === check && c.subject === subject);

test('a healthy Cloud and Data Center setup: every login ok by a real request, a newer release is a warning, exit 0', async () => {
  const { code, checks } = await doctor();
  expect(code, JSON.stringify(checks)).toBe(0);
  expect(find(checks, 'login', 'cloud jira')).toMatchObject({ status: 'ok', message: expect.stringMatching(/^logged in as /) });
  expect(find(checks, 'login', 'dc jira')).toMatchObject({ status: 'ok' });
  expect(find(checks, 'login', 'svc jira')).toMatchObject({ status: 'ok' });
  expect(sandbox.requests.some((r) => r.path.startsWith(`/ex/jira/${sandbox.cloudId}/`) && r.status === 200)).toBe(true);
  expect(find(checks, 'site', sandbox.url)).toMatchObject({ status: 'ok' });
  expect(find(checks, 'clock', sandbox.dcUrl)).toMatchObject({ status: 'ok' });
  expect(find(checks, 'config', join(home.configDir, 'config.yaml'))).toMatchObject({ status: 'ok' });
  expect(find(checks, 'release', null)).toMatchObject({ status: 'warn', message: expect.stringContaining('atl 99.0.0 is out') });
  expect(sandbox.requests.some((r) => r.path.endsWith('/rest/api/2/myself') && r.status === 200)).toBe(true);
});

test('a server clock an hour off fails the clock check (exit 1)', async () => {
  sandbox.faults.add({ path: /\/myself$/, type: 'skew', seconds: -3600, times: 20 });
  const { code, checks } = await doctor();
  expect(code).toBe(1);
  expect(find(checks, 'clock', sandbox.url)).toMatchObject({
    status: 'fail',
    message: expect.stringMatching(/^this machine's clock is 36\d\d s ahead of the site's$/),
    fix: expect.stringContaining('NTP'),
  });
});

test('an expired token: its recorded expiry and the refused login both fail', async () => {
  const path = join(home.configDir, 'config.yaml');
  const before = await readFile(path, 'utf8');
  try {
    await writeFile(path, before.replace(/^( {4}tokenExpiresAt:).*$/m, '$1 2020-01-31'));
    sandbox.faults.add({ path: '/rest/api/3/myself', type: 'status', status: 401, times: 20 });
    const { code, checks } = await doctor();
    expect(code).toBe(1);
    expect(find(checks, 'token-expiry', 'cloud')).toMatchObject({ status: 'fail', message: 'the token expired on 2020-01-31' });
    expect(find(checks, 'login', 'cloud jira')).toMatchObject({ status: 'fail' });
    expect(find(checks, 'login', 'dc jira')).toMatchObject({ status: 'ok' });
  } finally {
    await writeFile(path, before);
  }
});

test('a broken config.yaml fails with its file and line, and the other checks still run', async () => {
  const broken = await newHome({ env: { ATL_UPDATE_URL: 'off' } });
  const { mkdir } = await import('node:fs/promises');
  await mkdir(broken.configDir, { recursive: true, mode: 0o700 });
  await writeFile(join(broken.configDir, 'config.yaml'), 'profiles:\n  work:\n    site: 42\n', { mode: 0o600 });
  const result = await broken.run(['doctor']);
  expect(result.code).toBe(1);
  expect(result.stdout).toContain(`✗ config ${join(broken.configDir, 'config.yaml')}: ${join(broken.configDir, 'config.yaml')}:3:11: `);
  expect(result.stdout).toMatch(/^✓ node: Node /m);
  expect(result.stdout).toMatch(/^✓ keyring /m);
  expect(result.stdout).toMatch(/\d+ ok, \d+ warnings, 1 failed\n$/);
});
