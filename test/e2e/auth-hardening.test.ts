// End-to-end: the hardening around credentials and config — tokens bound to their
// sites, URL overrides, ownership and modes of the config dir (like ssh's StrictModes), where the
// file store's key lives, and start-up work done only when a config file exists.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { chmod, chown, cp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { TestHome } from '../support/atl.js';
import { sandboxHomes, storeDirs } from '../support/homes.js';
import { expectMode } from '../support/modes.js';
import { skipFileModeTest } from '../support/prerequisite.js';

const { sandbox, newHome } = await sandboxHomes();
const RECORD_MODULES = resolve(import.meta.dirname, '../support/record-modules.mjs');
const DIST_CHUNKS = resolve(import.meta.dirname, '../../dist/chunks');

/** The built chunks that hold the yaml library (found by a message only it has). */
async function yamlChunks(): Promise<string[]> {
  const found: string[] = [];
  for (const name of (await readdir(DIST_CHUNKS)).filter((n) => n.endsWith('.js'))) {
    if ((await readFile(join(DIST_CHUNKS, name), 'utf8')).includes('Excessive alias count')) found.push(name);
  }
  return found;
}

describe('the YAML parser is loaded only when there is a config file', () => {
  test('a run with only ATL_* variables loads no yaml chunk; with a config.yaml it does', async () => {
    const chunks = await yamlChunks();
    expect(chunks.length).toBeGreaterThan(0);
    const h = await newHome();
    const { cloud } = sandbox.credentials;
    const log = join(h.home, 'modules.log');
    const env = { NODE_OPTIONS: `--import ${RECORD_MODULES}`, ATL_TEST_MODULE_LOG: log };
    const loadedChunks = async () =>
      (await readFile(log, 'utf8')).split('\n').filter((url) => chunks.some((chunk) => url.endsWith(`/${chunk}`)));

    const ci = await h.run(['jira', 'me', '--json'], {
      env: { ...env, ATL_SITE: sandbox.url, ATL_EMAIL: cloud.email, ATL_API_TOKEN: cloud.token },
    });
    expect(ci.code, ci.stderr).toBe(0);
    expect(JSON.parse(ci.stdout)).toMatchObject({ emailAddress: cloud.email });
    expect(await loadedChunks()).toEqual([]);

    // The same recorder sees the chunk when a config file has to be parsed: the check above can fail.
    const login = await h.run(['auth', 'login', '--site', sandbox.url, '--email', cloud.email, '--token-stdin'], { input: cloud.token });
    expect(login.code, login.stderr).toBe(0);
    await rm(log);
    const stored = await h.run(['jira', 'me', '--json'], { env });
    expect(stored.code, stored.stderr).toBe(0);
    expect((await loadedChunks()).length).toBeGreaterThan(0);
    await h.assertNoSecretsLeaked();
  });
});

/**
 * Another server on loopback that records what reaches it: requests (answered 401) and proxy
 * CONNECTs (refused). It stands for a host a stored token must never be sent to.
 */
async function startRecorder(): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} auth=${req.headers.authorization === undefined ? 'no' : 'yes'}`);
    res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"who are you"}');
  });
  server.on('connect', (req, socket) => {
    seen.push(`CONNECT ${req.url}`);
    // A refusal from the proxy is final (not retried like a dropped connection).
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((done) => server.close(() => done())) };
}

const recorder = await startRecorder();
afterAll(() => recorder.close());

describe('a stored token goes only to its own site', () => {
  test('ATL_SITE naming another host with a stored token is exit 3, and that host gets no request', async () => {
    const h = await newHome();
    const { cloud } = sandbox.credentials;
    const login = await h.run(['auth', 'login', '--site', sandbox.url, '--email', cloud.email, '--token-stdin'], { input: cloud.token });
    expect(login.code, login.stderr).toBe(0);
    const before = recorder.seen.length;
    const other = `${recorder.url}/stored-token-probe`;

    for (const args of [
      ['jira', 'me'],
      ['auth', 'status'],
      ['auth', 'test'],
    ]) {
      const r = await h.run(args, { env: { ATL_SITE: other } });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(3);
      expect(r.stderr).toContain(`the stored token of profile "default" belongs to ${sandbox.url}`);
      expect(r.stderr).toMatch(/hint: unset ATL_SITE, or give a token for .* in ATL_API_TOKEN/);
    }
    expect(recorder.seen.slice(before).filter((line) => line.includes('/stored-token-probe'))).toEqual([]);

    // The same override with a token from the environment is honoured: the recorder is reachable.
    const ephemeral = await h.run(['jira', 'me'], { env: { ATL_SITE: other, ATL_API_TOKEN: 'env-token-for-the-other-host' } });
    expect(ephemeral.code).toBe(3);
    expect(
      recorder.seen.slice(before).filter((line) => line.startsWith('GET /stored-token-probe/') && line.endsWith('auth=yes')).length,
    ).toBeGreaterThan(0);
    // ATL_SITE naming the profile's own site keeps working with the stored token.
    const same = await h.run(['jira', 'me', '--json'], { env: { ATL_SITE: `${sandbox.url}/` } });
    expect(same.code, same.stderr).toBe(0);
    await h.assertNoSecretsLeaked();
  });
});

describe('ATL_GATEWAY_URL and ATL_BITBUCKET_URL only for loopback unless ATL_ALLOW_URL_OVERRIDE=1', () => {
  test('ATL_BITBUCKET_URL=https://example.invalid is exit 2 before any request; allowed, it is used and said on stderr', async () => {
    const h = await newHome();
    const { bitbucket } = sandbox.credentials;
    const login = await h.run(['auth', 'login', '--bitbucket', '--email', bitbucket.email, '--token-stdin'], { input: bitbucket.token });
    expect(login.code, login.stderr).toBe(0);
    // Every request leaves through the recorder as a proxy, so "no request" is observable.
    const env = { ATL_BITBUCKET_URL: 'https://example.invalid/2.0', HTTPS_PROXY: recorder.url };
    const before = recorder.seen.length;

    for (const args of [
      ['auth', 'test'],
      ['auth', 'status'],
    ]) {
      const refused = await h.run(args, { env });
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr).toContain('ATL_BITBUCKET_URL=https://example.invalid/2.0 is not a loopback address');
      expect(refused.stderr).toContain('ATL_ALLOW_URL_OVERRIDE=1');
    }
    expect(recorder.seen.slice(before)).toEqual([]);

    const allowed = await h.run(['auth', 'test'], { env: { ...env, ATL_ALLOW_URL_OVERRIDE: '1' } });
    expect(allowed.code).not.toBe(2);
    expect(allowed.stderr.match(/^notice: .*$/gm)).toEqual([
      'notice: ATL_BITBUCKET_URL overrides the Bitbucket API: https://example.invalid/2.0',
    ]);
    expect(recorder.seen.slice(before)).toContain('CONNECT example.invalid:443');
    await h.assertNoSecretsLeaked();
  });

  test("the sandbox's loopback overrides are used with one notice per run, and auth status reports them", async () => {
    const h = await newHome();
    const { bitbucket } = sandbox.credentials;
    const login = await h.run(['auth', 'login', '--bitbucket', '--email', bitbucket.email, '--token-stdin'], { input: bitbucket.token });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).toContain(`notice: ATL_BITBUCKET_URL overrides the Bitbucket API: ${sandbox.bitbucketUrl}\n`);
    const status = await h.run(['auth', 'status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).urlOverrides).toEqual([
      { variable: 'ATL_GATEWAY_URL', url: sandbox.gatewayUrl },
      { variable: 'ATL_BITBUCKET_URL', url: sandbox.bitbucketUrl },
    ]);
    expect(status.stderr).toBe(`notice: ATL_BITBUCKET_URL overrides the Bitbucket API: ${sandbox.bitbucketUrl}\n`);
    const text = await h.run(['auth', 'status', '--offline']);
    expect(text.stdout).toContain(`Overrides:      ATL_GATEWAY_URL=${sandbox.gatewayUrl}, ATL_BITBUCKET_URL=${sandbox.bitbucketUrl}\n`);
    await h.assertNoSecretsLeaked();
  });
});

describe('a token on the command line', () => {
  test('auth login --token warns that argv is visible and names --token-stdin; the login still works', async () => {
    const h = await newHome();
    const { cloud } = sandbox.credentials;
    const argv = await h.run(['auth', 'login', '--site', sandbox.url, '--email', cloud.email, '--token', cloud.token]);
    expect(argv.code, argv.stderr).toBe(0);
    expect(argv.stderr).toMatch(
      /^warning: a token given with --token is visible to other processes and stays in your shell history; use --token-stdin .* or let atl prompt for it$/m,
    );
    const me = await h.run(['jira', 'me', '--json']);
    expect(me.code, me.stderr).toBe(0);

    const stdin = await h.run(['--profile', 'two', 'auth', 'login', '--site', sandbox.url, '--email', cloud.email, '--token-stdin'], {
      input: cloud.token,
    });
    expect(stdin.code, stdin.stderr).toBe(0);
    expect(stdin.stderr).not.toContain('warning');
    await h.assertNoSecretsLeaked();
  });
});

describe("the file store's key lives in the state dir, not beside credentials.enc", () => {
  const MARKER = 'ATATT3x-e2e-state-dir-key-marker-0001';

  async function loggedIn() {
    const h = await newHome({ secrets: [MARKER] });
    const login = await h.run(
      ['auth', 'login', '--site', 'example.atlassian.net', '--email', 'me@example.com', '--token-stdin', '--no-verify'],
      { input: MARKER },
    );
    expect(login.code, login.stderr).toBe(0);
    return h;
  }
  const tokenOf = async (h: TestHome) => {
    const r = await h.run(['auth', 'token']);
    h.outputs.splice(h.outputs.indexOf(r.stdout), 1); // the one output allowed to hold it
    return r;
  };

  test('the key is created under ~/.local/state/atl (%LOCALAPPDATA%\\atl on Windows); a copy of the config dir alone in another home cannot decrypt', async () => {
    const h = await loggedIn();
    const stateDir = process.platform === 'win32' ? join(h.home, 'AppData', 'Local', 'atl') : join(h.home, '.local', 'state', 'atl');
    expect(storeDirs(h).stateDir).toBe(stateDir);
    expect(await readdir(stateDir)).toEqual(['credentials.key']);
    expect((await readdir(h.configDir)).sort()).toEqual(['config.yaml', 'credentials.enc']);

    const other = await newHome();
    await cp(h.configDir, other.configDir, { recursive: true });
    const stolen = await other.run(['auth', 'token']);
    expect(stolen.code).toBe(2);
    expect(stolen.stdout).toBe('');
    expect(stolen.stderr).toContain(`${join(storeDirs(other).stateDir, 'credentials.key')} is missing`);
    await h.assertNoSecretsLeaked();
    await other.assertNoSecretsLeaked();
  });

  test('a credentials.key an older atl left in the config dir is moved on first use, with a notice, and the tokens still read', async () => {
    const h = await loggedIn();
    const { stateDir } = storeDirs(h);
    await rename(join(stateDir, 'credentials.key'), join(h.configDir, 'credentials.key'));
    const first = await tokenOf(h);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(`${MARKER}\n`);
    expect(first.stderr).toBe(
      `notice: moved ${join(h.configDir, 'credentials.key')} to ${join(stateDir, 'credentials.key')}, so that a copy of the config dir alone cannot decrypt the stored tokens\n`,
    );
    expect((await readdir(h.configDir)).sort()).toEqual(['config.yaml', 'credentials.enc']);
    await expectMode(join(stateDir, 'credentials.key'), 0o600);
    const second = await tokenOf(h);
    expect(second.stdout).toBe(`${MARKER}\n`);
    expect(second.stderr).toBe('');
    await h.assertNoSecretsLeaked();
  });

  test('ATL_STATE_DIR moves it; a short ATL_CREDENTIALS_KEY is exit 2 with the openssl hint and stores nothing', async () => {
    const h = await newHome({ secrets: [MARKER] });
    const stateDir = join(h.home, 'my-state');
    const login = await h.run(
      ['auth', 'login', '--site', 'example.atlassian.net', '--email', 'me@example.com', '--token-stdin', '--no-verify'],
      { input: MARKER, env: { ATL_STATE_DIR: stateDir } },
    );
    expect(login.code, login.stderr).toBe(0);
    expect(await readdir(stateDir)).toEqual(['credentials.key']);

    const weak = await newHome({ secrets: [MARKER] });
    const refused = await weak.run(
      ['auth', 'login', '--site', 'example.atlassian.net', '--email', 'me@example.com', '--token-stdin', '--no-verify'],
      { input: MARKER, env: { ATL_CREDENTIALS_KEY: 'hunter2' } },
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('error: ATL_CREDENTIALS_KEY is too weak to encrypt tokens with: it is 7 characters long');
    expect(refused.stderr).toContain('openssl rand -base64 32');
    await expect(stat(join(weak.configDir, 'credentials.enc'))).rejects.toMatchObject({ code: 'ENOENT' });
    const strong = await weak.run(
      ['auth', 'login', '--site', 'example.atlassian.net', '--email', 'me@example.com', '--token-stdin', '--no-verify'],
      { input: MARKER, env: { ATL_CREDENTIALS_KEY: randomBytes(32).toString('base64') } },
    );
    expect(strong.code, strong.stderr).toBe(0);
    await h.assertNoSecretsLeaked();
    await weak.assertNoSecretsLeaked();
  });
});

describe.skipIf(skipFileModeTest('the StrictModes e2e tests'))(
  'a config dir or file someone else controls is refused, like ssh StrictModes',
  () => {
    const MARKER = 'ATATT3x-e2e-strict-modes-marker-0001';
    const login = (h: TestHome) =>
      h.run(['auth', 'login', '--site', 'example.atlassian.net', '--email', 'me@example.com', '--token-stdin', '--no-verify'], {
        input: MARKER,
      });

    test('a config dir made 0775 is exit 2 naming it with `chmod 700`, for readers and writers, and is left as it is', async () => {
      const h = await newHome({ secrets: [MARKER] });
      expect((await login(h)).code).toBe(0);
      await chmod(h.configDir, 0o775);
      for (const args of [
        ['auth', 'token'],
        ['auth', 'status', '--offline'],
        ['auth', 'logout'],
      ]) {
        const r = await h.run(args);
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain(`error: ${h.configDir} can be written by its group (mode 0775)`);
        expect(r.stderr).toContain(`hint: run: chmod 700 ${h.configDir}`);
      }
      expect((await stat(h.configDir)).mode & 0o777).toBe(0o775);
      await chmod(h.configDir, 0o700);
      const token = await h.run(['auth', 'token']);
      h.outputs.splice(h.outputs.indexOf(token.stdout), 1); // the one output allowed to hold it
      expect(token.stdout).toBe(`${MARKER}\n`);
      await h.assertNoSecretsLeaked();
    });

    test('a group-writable config.yaml is exit 2 with `chmod 600`, and the file is left byte-identical', async () => {
      const h = await newHome({ secrets: [MARKER] });
      expect((await login(h)).code).toBe(0);
      const path = join(h.configDir, 'config.yaml');
      await chmod(path, 0o664);
      const before = await readFile(path);
      const r = await h.run(
        ['--profile', 'two', 'auth', 'login', '--site', 'two.atlassian.net', '--email', 'me@example.com', '--token-stdin', '--no-verify'],
        { input: MARKER },
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`error: ${path} can be written by its group (mode 0664)`);
      expect(r.stderr).toContain(`hint: run: chmod 600 ${path}`);
      expect(await readFile(path)).toEqual(before);
      expect((await stat(path)).mode & 0o777).toBe(0o664);
      await h.assertNoSecretsLeaked();
    });

    test.skipIf(process.getuid?.() !== 0)(
      'as root, credentials.enc owned by another user (chown 65534) is exit 2 naming it, with the chown fix',
      async () => {
        const h = await newHome({ secrets: [MARKER] });
        expect((await login(h)).code).toBe(0);
        const path = join(h.configDir, 'credentials.enc');
        await chown(path, 65534, 65534);
        const r = await h.run(['auth', 'token']);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain(`error: ${path} is owned by another user (uid 65534, not 0)`);
        expect(r.stderr).toContain(`sudo chown 0 ${path}`);
        await h.assertNoSecretsLeaked();
      },
    );
  },
);
