import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { fileConfigStore } from '../../auth/config-store.js';
import { KeyringUnavailableError } from '../../auth/secrets/keyring.js';
import type { FetchFunction } from '../../http/types.js';
import { cloudProfile, fakeFactory, runArgv } from '../../testkit/fakes.testutil.js';
import {
  checkConfig,
  checkKeyring,
  checkNode,
  checkProxyAndCa,
  checkRelease,
  checkSite,
  expiryChecks,
  newerVersion,
  type DoctorDeps,
} from './_checks.js';

const root = await mkdtemp(join(tmpdir(), 'atl-doctor-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const NOW = new Date('2026-06-01T12:00:00Z');

/** Deps whose every fetch answers with `answer` (or throws it); DNS resolves unless `dns` is an error. */
function deps(answer: Response | Error, dns?: Error): DoctorDeps & { asked: string[] } {
  const asked: string[] = [];
  const fetch: FetchFunction = async (url) => {
    asked.push(url.href);
    if (answer instanceof Error) throw answer;
    return answer.clone();
  };
  return {
    asked,
    nodeVersion: '22.3.0',
    platform: 'linux',
    lookup: async () => {
      if (dns) throw dns;
    },
    fetchFor: async () => fetch,
  };
}

const dated = (offsetSeconds: number) =>
  new Response('{}', { status: 401, headers: { date: new Date(NOW.getTime() + offsetSeconds * 1000).toUTCString() } });
const site = { site: 'https://acme.atlassian.net', insecure: false, path: '/rest/api/3/myself' };
const withCode = (message: string, code: string) =>
  Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(message), { code }) });

describe('atl doctor checks', () => {
  test('node: 20.12 and later pass, older fail', () => {
    expect(checkNode('20.12.0').status).toBe('ok');
    expect(checkNode('22.1.0').status).toBe('ok');
    expect(checkNode('20.11.1')).toMatchObject({ status: 'fail', fix: 'install Node 20.12 or later' });
  });

  test('config: an invalid file fails with its file:line, permissions other than 0700/0600 are named with the chmod', async () => {
    const dir = join(root, 'cfg');
    await mkdir(dir, { mode: 0o700 });
    const path = join(dir, 'config.yaml');
    await writeFile(path, 'profiles:\n  work: 3\n', { mode: 0o600 });
    const f = Object.assign(fakeFactory(), { configStore: async () => fileConfigStore(path) });
    const broken = await checkConfig(f, 'linux');
    expect(broken.config).toBeNull();
    expect(broken.checks).toEqual([
      expect.objectContaining({ check: 'config', status: 'fail', message: expect.stringMatching(`^${path}:2:9: `) }),
    ]);
    await writeFile(path, 'profiles: {}\n');
    await chmod(path, 0o644);
    const loose = await checkConfig(f, 'linux');
    expect(loose.checks.map((c) => [c.check, c.status, c.fix])).toEqual([
      ['config', 'ok', null],
      ['permissions', 'warn', `chmod 600 ${path}`],
    ]);
    expect((await checkConfig(f, 'win32')).checks).toHaveLength(1);
  });

  test('keyring: answers, turned off, unreachable (fail only when a profile keeps its token there)', async () => {
    const config = { defaultProfile: null, profiles: { work: cloudProfile({ storage: 'keyring' }) } };
    expect(await checkKeyring(fakeFactory(), 'linux', config)).toMatchObject({ status: 'ok', subject: 'the Secret Service (D-Bus)' });
    expect(await checkKeyring(fakeFactory({ env: { ATL_KEYRING: 'off' } }), 'darwin', config)).toMatchObject({
      status: 'fail',
      subject: 'the macOS Keychain',
    });
    const locked = fakeFactory();
    locked.stores.keyring.get = async () => {
      throw new KeyringUnavailableError('locked', 'unlock it');
    };
    expect(await checkKeyring(locked, 'linux', config)).toMatchObject({
      status: 'fail',
      message: 'keyring unavailable: locked',
      fix: 'unlock it',
    });
    expect(await checkKeyring(locked, 'linux', { defaultProfile: null, profiles: { w: cloudProfile({ storage: 'file' }) } })).toMatchObject(
      {
        status: 'warn',
      },
    );
  });

  test('token expiry: past fails, within 14 days warns, later is ok, unknown says nothing', () => {
    const profile = (tokenExpiresAt: string | null) => cloudProfile({ tokenExpiresAt });
    expect(expiryChecks('w', profile('2026-05-31'), '2026-06-01')).toEqual([
      expect.objectContaining({
        status: 'fail',
        message: 'the token expired on 2026-05-31',
        fix: expect.stringContaining('atl auth login --profile w'),
      }),
    ]);
    expect(expiryChecks('w', profile('2026-06-10'), '2026-06-01')[0]?.status).toBe('warn');
    expect(expiryChecks('w', profile('2026-12-01'), '2026-06-01')[0]?.status).toBe('ok');
    expect(expiryChecks('w', profile(null), '2026-06-01')).toEqual([]);
  });

  test('site: DNS failure, TLS failure, and the clock against the Date header', async () => {
    const f = fakeFactory({ now: NOW });
    const noDns = await checkSite(f, deps(dated(0), Object.assign(new Error('nope'), { code: 'ENOTFOUND' })), site);
    expect(noDns).toEqual([
      expect.objectContaining({ check: 'site', status: 'fail', message: 'DNS: acme.atlassian.net does not resolve (ENOTFOUND)' }),
    ]);
    const tls = await checkSite(f, deps(withCode('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT')), site);
    expect(tls[0]).toMatchObject({ status: 'fail', message: 'TLS: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)' });
    expect(tls[0]?.fix).toContain('NODE_EXTRA_CA_CERTS');
    const statuses = async (offset: number) => (await checkSite(f, deps(dated(offset)), site)).map((c) => `${c.check}:${c.status}`);
    expect(await statuses(5)).toEqual(['site:ok', 'clock:ok']);
    expect(await statuses(-120)).toEqual(['site:ok', 'clock:warn']);
    const skewed = await checkSite(f, deps(dated(-3600)), site);
    expect(skewed[1]).toMatchObject({ check: 'clock', status: 'fail', message: "this machine's clock is 3600 s ahead of the site's" });
  });

  test("site: a site with a context path keeps it (Data Center under /jira, the sandbox's /dc-bitbucket)", async () => {
    const answer = deps(dated(0));
    await checkSite(fakeFactory({ now: NOW }), answer, {
      site: 'https://git.corp.example.com/bitbucket/',
      insecure: false,
      path: '/rest/api/1.0/x',
    });
    expect(answer.asked).toEqual(['https://git.corp.example.com/bitbucket/rest/api/1.0/x']);
  });

  test('proxy and CA: what the environment sets, a missing CA file, insecure profiles', async () => {
    const ca = join(root, 'ca.pem');
    await writeFile(ca, 'pem');
    const env = { HTTPS_PROXY: 'http://user:secret@proxy:3128', NODE_EXTRA_CA_CERTS: ca };
    const checks = await checkProxyAndCa(fakeFactory({ env }), {
      defaultProfile: null,
      profiles: { dc: cloudProfile({ insecure: true }) },
    });
    expect(checks.map((c) => [c.check, c.status])).toEqual([
      ['proxy', 'ok'],
      ['ca', 'ok'],
      ['ca', 'warn'],
    ]);
    expect(checks[0]?.message).toContain('http://***@proxy:3128');
    expect(checks[0]?.message).not.toContain('secret');
    const missing = await checkProxyAndCa(fakeFactory({ env: { NODE_EXTRA_CA_CERTS: join(root, 'none.pem') } }), null);
    expect(missing[1]).toMatchObject({ check: 'ca', status: 'fail' });
  });

  test('release: a newer version warns, the same is ok, an unreachable registry warns, off skips; ATL_UPDATE_URL is asked', async () => {
    const env = { ATL_UPDATE_URL: 'http://127.0.0.1:9/atl/latest' };
    const newer = deps(new Response('{"version":"1.2.0"}'));
    expect(await checkRelease(fakeFactory({ env }), newer)).toEqual([
      expect.objectContaining({ status: 'warn', message: 'atl 1.2.0 is out (this is 0.0.0-test)', fix: 'npm install -g atl@latest' }),
    ]);
    expect(newer.asked).toEqual(['http://127.0.0.1:9/atl/latest']);
    expect((await checkRelease(fakeFactory({ env }), deps(new Response('{"version":"0.0.0-test"}'))))[0]?.status).toBe('ok');
    const offline = await checkRelease(fakeFactory({ env }), deps(withCode('connect ECONNREFUSED', 'ECONNREFUSED')));
    expect(offline[0]).toMatchObject({ status: 'warn', message: expect.stringContaining('connect ECONNREFUSED') });
    expect(await checkRelease(fakeFactory({ env: { ATL_UPDATE_URL: 'off' } }), deps(new Error('not asked')))).toEqual([]);
  });

  test('newerVersion compares x.y.z, a pre-release below its release', () => {
    expect(newerVersion('0.2.0', '0.1.9')).toBe(true);
    expect(newerVersion('0.1.0', '0.1.0')).toBe(false);
    expect(newerVersion('0.1.0', '0.1.0-rc.1')).toBe(true);
    expect(newerVersion('0.1.0-rc.1', '0.1.0')).toBe(false);
    expect(newerVersion('0.10.0', '0.9.0')).toBe(true);
  });
});

describe('atl doctor', () => {
  test('prints each check with its mark and fix, a summary, and exits 1 when one fails', async () => {
    const f = fakeFactory({
      env: { ATL_UPDATE_URL: 'off', NODE_EXTRA_CA_CERTS: join(root, 'missing.pem') },
      config: { defaultProfile: null, profiles: {} },
    });
    expect((await runArgv(f, ['doctor'])).code).toBe(1);
    expect(f.out.text).toContain(`✓ node: Node ${process.versions.node}\n`);
    expect(f.out.text).toContain(
      `✗ ca ${join(root, 'missing.pem')}: NODE_EXTRA_CA_CERTS=${join(root, 'missing.pem')} is not a readable file\n  fix: `,
    );
    expect(f.out.text).toMatch(/\d+ ok, 0 warnings, 1 failed\n$/);
  });

  test('--json: a list of {check, subject, status, message, fix}; all ok is exit 0', async () => {
    const f = fakeFactory({ json: true, env: { ATL_UPDATE_URL: 'off' }, config: { defaultProfile: null, profiles: {} } });
    expect((await runArgv(f, ['doctor'])).code).toBe(0);
    const checks = JSON.parse(f.out.text) as Array<Record<string, unknown>>;
    expect(checks.map((c) => c.check)).toEqual(['node', 'config', 'keyring', 'proxy']);
    expect(Object.keys(checks[0]!)).toEqual(['check', 'subject', 'status', 'message', 'fix']);
  });
});
