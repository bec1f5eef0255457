// End-to-end: where `atl auth` keeps things, and that nothing it keeps is ever lost or leaked.
//  - keyring storage with a real Secret Service (gnome-keyring in a private D-Bus session, started
//    through scripts/with-keyring.sh), skipped with a printed reason where the tools are missing;
//  - concurrent logins keep every profile and token;
//  - kill -9 inside the write window of config.yaml / credentials.enc leaves the old file intact;
//  - a corrupt config.yaml is reported with file and line by every command and left byte-identical.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, watch } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/auth/config-document.js';
import { fileSecretStore } from '../../src/auth/secrets/index.js';
import { ATL_BIN, ok, type TestHome } from '../support/atl.js';
import { sandboxHomes, storeDirs } from '../support/homes.js';
import { skipOn, skipOrFail, skipWithout } from '../support/prerequisite.js';

const ROOT = resolve(import.meta.dirname, '../..');
const WITH_KEYRING = join(ROOT, 'scripts/with-keyring.sh');

const { sandbox, newHome: newSandboxHome } = await sandboxHomes();

/** A fresh HOME pointed at the sandbox, also knowing `extraSecrets` (tokens used with me@work.example). */
const newHome = (extraSecrets: readonly string[] = []) => newSandboxHome({ secrets: extraSecrets, email: 'me@work.example' });

/** Runs `atl auth token` and drops its stdout from the scanned outputs: it is the one place a token may appear. */
async function tokenOf(h: TestHome, args: readonly string[] = []): Promise<{ code: number; token: string }> {
  const result = await h.run(['auth', 'token', ...args]);
  h.outputs.splice(h.outputs.indexOf(result.stdout), 1);
  return { code: result.code, token: result.stdout.replace(/\n$/, '') };
}

const configPath = (h: TestHome) => join(h.configDir, 'config.yaml');

async function filesUnder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort();
  } catch {
    return [];
  }
}

/** No file under the config dir holds a token, raw or encoded, whatever the file (credentials.enc included). */
async function assertNoTokenInAnyFile(dir: string, tokens: readonly string[]): Promise<void> {
  for (const file of await filesUnder(dir)) {
    const bytes = await readFile(file);
    for (const token of tokens) {
      for (const form of [token, Buffer.from(token).toString('base64'), Buffer.from(token).toString('hex'), token.slice(4, 20)]) {
        expect(bytes.includes(form), `a token (as ${form === token ? 'is' : 'encoded'}) is in ${file}`).toBe(false);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Keyring storage with a real Secret Service
// ---------------------------------------------------------------------------------------------

function haveTool(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const missingKeyringTools = ['dbus-run-session', 'gnome-keyring-daemon'].filter((tool) => !haveTool(tool));
// The Secret Service is Linux's keyring; on macOS and Windows these tests have nothing to start.
const skipKeyring =
  skipOn(['darwin', 'win32'], 'keyring e2e tests', 'they drive a Linux Secret Service (gnome-keyring on D-Bus)') ||
  skipWithout(
    'keyring e2e tests',
    missingKeyringTools.length > 0
      ? `${missingKeyringTools.join(' and ')} not installed (apt-get install dbus gnome-keyring libsecret-1-0; .ci/run does this in CI)`
      : null,
  );

interface KeyringSession {
  /** The environment that points `atl` at this session's Secret Service. */
  env: Record<string, string>;
  /** Reads accounts of service `atl` straight from the Secret Service, bypassing atl. */
  read(accounts: readonly string[]): Promise<Record<string, string | null>>;
  stop(): Promise<void>;
}

/**
 * Starts scripts/with-keyring.sh around a `cat` that lives until we close its stdin: one private
 * D-Bus session with an unlocked gnome-keyring for the whole file, whose bus address every `atl`
 * run gets. The user's own keyring is never touched.
 */
function startKeyringSession(): Promise<KeyringSession> {
  return new Promise((resolvePromise, reject) => {
    // Its own process group, so that a session that never comes up can be ended whole.
    const session = spawn(WITH_KEYRING, ['sh', '-c', 'printf "BUS=%s\\n" "$DBUS_SESSION_BUS_ADDRESS"; exec cat'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let started = false;
    const closed = new Promise<void>((done) => session.on('close', () => done()));
    const giveUp = setTimeout(() => {
      if (session.pid !== undefined) process.kill(-session.pid, 'SIGKILL');
      reject(new Error(`gnome-keyring did not come up within 60 s: ${stderr.trim()}`));
    }, 60_000);
    session.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    session.on('error', reject);
    session.on('close', (code) => {
      clearTimeout(giveUp);
      if (!started) reject(new Error(`with-keyring.sh exited with ${code}: ${stderr.trim()}`));
    });
    session.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const match = /^BUS=(.+)$/m.exec(stdout);
      if (started || !match) return;
      started = true;
      clearTimeout(giveUp);
      const env = { DBUS_SESSION_BUS_ADDRESS: match[1]! };
      resolvePromise({
        env,
        read: (accounts) => readKeyring(env, accounts),
        stop: async () => {
          session.stdin.end();
          await closed;
        },
      });
    });
  });
}

/** A separate node process reading the Secret Service with @napi-rs/keyring (the native addon stays out of vitest's process). */
function readKeyring(env: Record<string, string>, accounts: readonly string[]): Promise<Record<string, string | null>> {
  const code = `
    import { AsyncEntry } from '@napi-rs/keyring';
    const out = {};
    for (const account of JSON.parse(process.env.ACCOUNTS)) out[account] = (await new AsyncEntry('atl', account).getPassword()) ?? null;
    process.stdout.write(JSON.stringify(out));`;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env, ACCOUNTS: JSON.stringify(accounts) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status === 0) resolvePromise(JSON.parse(stdout) as Record<string, string | null>);
      else reject(new Error(`reading the keyring failed: ${stderr}`));
    });
  });
}

describe.skipIf(skipKeyring)('keyring storage (gnome-keyring Secret Service)', () => {
  let keyring: KeyringSession | null = null;
  let unavailable = '';

  beforeAll(async () => {
    try {
      keyring = await startKeyringSession();
    } catch (err) {
      unavailable = err instanceof Error ? err.message : String(err);
      // Under CI a Secret Service that cannot start fails the file here; elsewhere each test skips.
      if (process.env.CI) throw new Error(`could not start gnome-keyring: ${unavailable}; under CI this is a failure, not a skip`);
      console.log(`keyring e2e tests skipped: could not start gnome-keyring: ${unavailable}`);
    }
  });
  afterAll(async () => {
    await keyring?.stop();
  });

  /** A HOME whose runs reach the session keyring (no ATL_KEYRING=off). */
  async function keyringHome(skip: (note: string) => never): Promise<{ h: TestHome; kr: KeyringSession }> {
    if (keyring === null) skipOrFail(skip, 'keyring e2e test', `gnome-keyring did not start: ${unavailable}`);
    const h = await newHome();
    delete h.env.ATL_KEYRING;
    Object.assign(h.env, keyring.env);
    return { h, kr: keyring };
  }

  const cloud = () => sandbox.credentials.cloud;

  test.concurrent('login --storage keyring; status, token and logout read and remove the keyring secret; no token in any file', async ({
    skip,
  }) => {
    const { h, kr } = await keyringHome(skip);
    const login = await ok(
      h,
      ['--profile', 'kr-login', 'auth', 'login', '--site', sandbox.url, '--email', cloud().email, '--token-stdin', '--storage', 'keyring'],
      cloud().token,
    );
    expect(login).toContain('token in the keyring');
    expect(await kr.read(['kr-login'])).toEqual({ 'kr-login': cloud().token });
    expect(await readFile(configPath(h), 'utf8')).toMatch(/kr-login:\n(?: {4}.*\n)*? {4}storage: keyring\n/);
    // The keyring holds the token: no credentials.enc or key file was made, only config.yaml.
    expect(await filesUnder(h.configDir)).toEqual([configPath(h)]);

    const status = await h.run(['--profile', 'kr-login', 'auth', 'status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      profile: 'kr-login',
      storage: 'keyring',
      tokenSource: 'keyring',
      hasKeyringToken: true,
      hasFileToken: false,
      hasEnvToken: false,
      authenticated: true,
      user: { displayName: cloud().displayName },
    });
    expect(await tokenOf(h, ['kr-login'])).toEqual({ code: 0, token: cloud().token });

    await ok(h, ['auth', 'logout', 'kr-login']);
    expect(await kr.read(['kr-login'])).toEqual({ 'kr-login': null });
    const after = await h.run(['--profile', 'kr-login', 'auth', 'status', '--offline', '--json']);
    expect(after.code).toBe(3);
    expect(JSON.parse(after.stdout)).toMatchObject({
      profile: 'kr-login',
      storage: 'keyring',
      tokenSource: 'none',
      hasKeyringToken: false,
    });
    expect((await tokenOf(h, ['kr-login'])).code).toBe(3);
    // The profile stays for a re-login.
    expect(await ok(h, ['auth', 'list'])).toContain('kr-login');

    await assertNoTokenInAnyFile(h.configDir, sandbox.secrets);
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('rename moves both keyring secrets (site and Bitbucket); delete removes them', async ({ skip }) => {
    const { h, kr } = await keyringHome(skip);
    const bb = sandbox.credentials.bitbucket;
    await ok(
      h,
      ['--profile', 'kr-old', 'auth', 'login', '--site', sandbox.url, '--email', cloud().email, '--token-stdin', '--storage', 'keyring'],
      cloud().token,
    );
    await ok(
      h,
      ['--profile', 'kr-old', 'auth', 'login', '--bitbucket', '--email', bb.email, '--token-stdin', '--storage', 'keyring'],
      bb.token,
    );
    const accounts = ['kr-old', 'kr-old:bitbucket', 'kr-new', 'kr-new:bitbucket'];
    expect(await kr.read(accounts)).toEqual({
      'kr-old': cloud().token,
      'kr-old:bitbucket': bb.token,
      'kr-new': null,
      'kr-new:bitbucket': null,
    });

    await ok(h, ['auth', 'rename', 'kr-old', 'kr-new']);
    expect(await kr.read(accounts)).toEqual({
      'kr-old': null,
      'kr-old:bitbucket': null,
      'kr-new': cloud().token,
      'kr-new:bitbucket': bb.token,
    });
    expect(await tokenOf(h, ['kr-new'])).toEqual({ code: 0, token: cloud().token });
    expect(await tokenOf(h, ['kr-new', '--bitbucket'])).toEqual({ code: 0, token: bb.token });
    const status = JSON.parse(await ok(h, ['auth', 'status', '--json']));
    expect(status).toMatchObject({ profile: 'kr-new', profileSource: 'default', tokenSource: 'keyring', authenticated: true });
    await assertNoTokenInAnyFile(h.configDir, sandbox.secrets);

    await ok(h, ['auth', 'delete', 'kr-new', '--yes']);
    expect(await kr.read(accounts)).toEqual({ 'kr-old': null, 'kr-old:bitbucket': null, 'kr-new': null, 'kr-new:bitbucket': null });
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('without --storage the keyring is chosen when it works, silently; else the file, with a notice', async ({ skip }) => {
    const { h, kr } = await keyringHome(skip);
    const login = await h.run(
      ['--profile', 'kr-default', 'auth', 'login', '--site', sandbox.url, '--email', cloud().email, '--token-stdin'],
      { input: cloud().token },
    );
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).not.toContain('notice');
    expect(login.stdout).toContain('token in the keyring');
    expect(await kr.read(['kr-default'])).toEqual({ 'kr-default': cloud().token });
    expect(await filesUnder(h.configDir)).toEqual([configPath(h)]);
    expect(JSON.parse(await ok(h, ['auth', 'list', '--json']))).toMatchObject([{ name: 'kr-default', storage: 'keyring' }]);

    // The same login where the Secret Service cannot be reached: the file store, said in one line.
    const other = await newHome();
    delete other.env.ATL_KEYRING;
    other.env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${join(other.home, 'no-such-bus')}`;
    const fallback = await other.run(
      ['--profile', 'kr-fallback', 'auth', 'login', '--site', sandbox.url, '--email', cloud().email, '--token-stdin'],
      { input: cloud().token },
    );
    expect(fallback.code, fallback.stderr).toBe(0);
    expect(fallback.stderr).toBe(
      `notice: no OS keyring available; tokens are stored encrypted in ${join(other.configDir, 'credentials.enc')}\n`,
    );
    expect(fallback.stdout).toContain('token in the encrypted file');
    expect(await kr.read(['kr-fallback'])).toEqual({ 'kr-fallback': null });
    expect(await fileSecretStore(storeDirs(other), {}).get('kr-fallback')).toBe(cloud().token);

    await assertNoTokenInAnyFile(h.configDir, sandbox.secrets);
    await assertNoTokenInAnyFile(other.configDir, sandbox.secrets);
    await h.assertNoSecretsLeaked();
    await other.assertNoSecretsLeaked();
  });
});

// ---------------------------------------------------------------------------------------------
// Concurrent logins
// ---------------------------------------------------------------------------------------------

const tokenFor = (profile: string) => `ATATT3x-e2e-${profile}-token-${profile.length}`;

/** A login that needs no server: --no-verify, file storage. */
const offlineLogin = (profile: string) => [
  '--profile',
  profile,
  'auth',
  'login',
  '--site',
  `${profile}.atlassian.net`,
  '--email',
  'me@work.example',
  '--token-stdin',
  '--storage',
  'file',
  '--no-verify',
];

describe('concurrent logins', () => {
  test.concurrent('three `atl auth login` at once, repeated in fresh homes: every profile and token kept, one default', async () => {
    for (let round = 0; round < 4; round++) {
      const profiles = ['alpha', 'beta', 'gamma'].map((p) => `${p}${round}`);
      const h = await newHome(profiles.map(tokenFor));
      const results = await Promise.all(profiles.map((p) => h.run(offlineLogin(p), { input: tokenFor(p) })));
      for (const r of results) expect(r.code, r.stderr).toBe(0);

      const listed = JSON.parse(await ok(h, ['auth', 'list', '--json'])) as Array<{ name: string; default: boolean; site: string }>;
      expect(listed.map((p) => p.name).sort()).toEqual([...profiles].sort());
      for (const p of listed) expect(p.site).toBe(`https://${p.name}.atlassian.net`);
      expect(listed.filter((p) => p.default)).toHaveLength(1);
      // The tokens, read from the store directly (`auth token` itself is tested above): each login kept its own.
      const store = fileSecretStore(storeDirs(h), h.env);
      for (const p of profiles) expect(await store.get(p)).toBe(tokenFor(p));
      // No lock or temp file is left behind by a clean run.
      expect((await readdir(h.configDir)).sort()).toEqual(['config.yaml', 'credentials.enc']);
      expect(await readdir(storeDirs(h).stateDir)).toEqual(['credentials.key']);
      await h.assertNoSecretsLeaked();
    }
  });

  test.concurrent('logins racing a rename, a switch and a logout in the same home lose nothing', async () => {
    const h = await newHome(['base', 'one', 'two', 'three', 'moved'].map(tokenFor));
    await ok(h, offlineLogin('base'), tokenFor('base'));
    await ok(h, offlineLogin('moved'), tokenFor('moved'));
    const results = await Promise.all([
      h.run(offlineLogin('one'), { input: tokenFor('one') }),
      h.run(['auth', 'rename', 'moved', 'renamed']),
      h.run(offlineLogin('two'), { input: tokenFor('two') }),
      h.run(['auth', 'switch', 'base']),
      h.run(offlineLogin('three'), { input: tokenFor('three') }),
    ]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const listed = JSON.parse(await ok(h, ['auth', 'list', '--json'])) as Array<{ name: string; default: boolean }>;
    expect(listed.map((p) => p.name).sort()).toEqual(['base', 'one', 'renamed', 'three', 'two']);
    expect(listed.find((p) => p.default)?.name).toBe('base');
    for (const p of ['base', 'one', 'two', 'three']) expect(await tokenOf(h, [p])).toEqual({ code: 0, token: tokenFor(p) });
    expect(await tokenOf(h, ['renamed'])).toEqual({ code: 0, token: tokenFor('moved') });
    await h.assertNoSecretsLeaked();
  });
});

// ---------------------------------------------------------------------------------------------
// kill -9 during a write
// ---------------------------------------------------------------------------------------------

interface Spawned {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>;
}

/** Starts `atl` without waiting for it, so the test can stop or kill it at a chosen moment. */
function spawnAtl(h: TestHome, args: readonly string[], input: string): Spawned {
  const child = spawn(process.execPath, [ATL_BIN, ...args], { env: h.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin!.on('error', () => undefined);
  child.stdin!.end(input);
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolveDone) =>
    child.on('close', (code, signal) => {
      h.outputs.push(stdout, stderr);
      resolveDone({ code, signal, stdout });
    }),
  );
  return { child, done };
}

/** config.yaml parses and validates (with the same code atl uses); returns its profile names. */
async function parsedProfiles(h: TestHome): Promise<string[]> {
  const text = await readFile(configPath(h), 'utf8');
  return Object.keys(loadConfig(configPath(h), text).config.profiles);
}

describe('kill -9 during a write', () => {
  /**
   * Hitting the write window reliably: the temp file's name carries the writer's pid
   * (`.config.yaml.tmp-<pid>-…`). We watch the config dir (inotify), and the moment that temp file
   * is created — or, on alternate rounds, first written to — we SIGSTOP the writer, check the temp
   * file is still there (so the rename has not happened: we are inside the window), and SIGKILL it.
   */
  test.concurrent('a writer frozen and killed between temp file and rename leaves config.yaml and credentials.enc intact', async () => {
    const MIN_ROUNDS = 12;
    const MAX_ROUNDS = 24;
    const h = await newHome(Array.from({ length: MAX_ROUNDS }, (_, i) => tokenFor(`p${i}`)));
    await ok(h, offlineLogin('p0'), tokenFor('p0'));
    const completed = ['p0'];
    const hits: string[] = [];
    const targets = ['config.yaml', 'credentials.enc'] as const;
    const hitsOn = (target: string) => hits.filter((hit) => hit.startsWith(`${target} `)).length;
    // Each file must be hit inside its own write window: a config.yaml written in place (no temp
    // file) never is, and that must fail here. A round that comes too late (the rename done before
    // the stop) is a miss; extra rounds, up to MAX_ROUNDS, make a slow machine's misses harmless.
    for (let i = 1; i < MIN_ROUNDS || (i < MAX_ROUNDS && targets.some((t) => hitsOn(t) === 0)); i++) {
      const target = targets[i % 2]!;
      const onWrite = Math.floor(i / 2) % 2 === 1; // created vs first written to
      const before = { config: await readFile(configPath(h)), credentials: await readFile(join(h.configDir, 'credentials.enc')) };
      const run = spawnAtl(h, offlineLogin(`p${i}`), tokenFor(`p${i}`));
      const prefix = `.${target}.tmp-${run.child.pid}-`;
      const state: { outcome: 'pending' | 'killed' | 'missed' } = { outcome: 'pending' };
      const watcher = watch(h.configDir, (event, name) => {
        if (state.outcome !== 'pending' || !name?.startsWith(prefix) || (onWrite && event !== 'change')) return;
        process.kill(run.child.pid!, 'SIGSTOP');
        if (existsSync(join(h.configDir, name))) {
          state.outcome = 'killed';
          process.kill(run.child.pid!, 'SIGKILL');
        } else {
          state.outcome = 'missed'; // Too late: the rename is done. Let it finish.
          process.kill(run.child.pid!, 'SIGCONT');
        }
      });
      const result = await run.done;
      watcher.close();
      if (state.outcome === 'killed') {
        hits.push(`${target} ${onWrite ? 'written' : 'created'}`);
        expect(result.signal).toBe('SIGKILL');
        // The old file, byte for byte: a reader never sees a half-written one. (The secret is
        // written before the profile, so a kill while writing credentials.enc leaves both old.)
        if (target === 'credentials.enc') expect(await readFile(join(h.configDir, 'credentials.enc'))).toEqual(before.credentials);
        expect(await readFile(configPath(h))).toEqual(before.config);
      } else {
        expect(result.code).toBe(0);
        completed.push(`p${i}`);
      }
      expect((await parsedProfiles(h)).sort()).toEqual([...completed].sort());
    }
    console.log(`kill -9 inside the write window: ${hits.length} of ${completed.length - 1 + hits.length} (${hits.join(', ')})`);
    for (const target of targets) expect(hitsOn(target), `no kill landed inside the ${target} write window`).toBeGreaterThan(0);

    // Every profile of a completed login is whole, with its token; the killed writers' stale
    // locks do not block the next login.
    const listed = JSON.parse(await ok(h, ['auth', 'list', '--json'])) as Array<{ name: string }>;
    expect(listed.map((p) => p.name).sort()).toEqual([...completed].sort());
    for (const p of completed) expect(await tokenOf(h, [p])).toEqual({ code: 0, token: tokenFor(p) });
    await ok(h, offlineLogin('p5'), tokenFor('p5'));
    expect(await parsedProfiles(h)).toContain('p5');
    expect(await tokenOf(h, ['p5'])).toEqual({ code: 0, token: tokenFor('p5') });
    await h.assertNoSecretsLeaked();
  });

  test.concurrent('many logins killed at random moments: the config always parses and holds every completed login', async () => {
    const count = 24;
    const profiles = Array.from({ length: count }, (_, i) => `r${i}`);
    const h = await newHome(profiles.map(tokenFor));
    const seedStart = Date.now();
    await ok(h, offlineLogin('seed'), tokenFor('seed'));
    // The kill comes at a random moment within 1.5 times what a login takes on this machine now
    // (a fixed 600 ms killed every login before its writes on a loaded machine, testing nothing).
    let window = 1.5 * (Date.now() - seedStart);
    const completed = ['seed'];
    const killed: string[] = [];
    // Four at a time, each killed at a random moment: before, during or after its writes.
    for (let i = 0; i < count; i += 4) {
      const batch = profiles.slice(i, i + 4);
      const outcomes = await Promise.all(
        batch.map(async (p) => {
          const started = Date.now();
          const run = spawnAtl(h, offlineLogin(p), tokenFor(p));
          const timer = setTimeout(() => run.child.kill('SIGKILL'), Math.random() * window);
          const result = await run.done;
          clearTimeout(timer);
          return { p, ok: result.code === 0 && result.stdout.includes(`Saved profile "${p}"`), ms: Date.now() - started };
        }),
      );
      for (const o of outcomes) (o.ok ? completed : killed).push(o.p);
      const finished = outcomes.filter((o) => o.ok).map((o) => o.ms);
      window = finished.length > 0 ? 1.5 * Math.max(...finished) : window * 2;
      const present = await parsedProfiles(h);
      for (const p of completed) expect(present).toContain(p);
    }
    const listed = JSON.parse(await ok(h, ['auth', 'list', '--json'])) as Array<{ name: string }>;
    for (const p of completed) expect(listed.map((l) => l.name)).toContain(p);
    // A killed login either left no profile or a whole one with its token (the secret is stored first).
    for (const p of listed.map((l) => l.name)) expect(await tokenOf(h, [p])).toEqual({ code: 0, token: tokenFor(p) });
    console.log(`kill -9 at random moments: ${completed.length - 1} logins completed, ${killed.length} killed`);
    // Both outcomes happened, so the kills landed at varied moments rather than all before or all after.
    expect(completed.length - 1, 'no login outlived its kill').toBeGreaterThan(0);
    expect(killed.length, 'no login was killed').toBeGreaterThan(0);
    await h.assertNoSecretsLeaked();
  });
});

// ---------------------------------------------------------------------------------------------
// A corrupt config is reported and left byte-identical
// ---------------------------------------------------------------------------------------------

const CORRUPT = {
  // Line 6, column 12: a second `:` makes a nested mapping in a compact one.
  'YAML syntax error': {
    text: '# my atl profiles\ndefaultProfile: work\nprofiles:\n  work:\n    site: https://work.atlassian.net\n    email: me@work.example: x\n    storage: file\n',
    where: ':6:12:',
    message: /invalid YAML/,
  },
  // Line 7, column 5: a key atl does not know (a typo of a real one is the usual case).
  'unknown key': {
    text: '# my atl profiles\ndefaultProfile: work\nprofiles:\n  work:\n    site: https://work.atlassian.net\n    email: me@work.example\n    authTyp: basic\n    storage: file\n',
    where: ':7:5:',
    message: /unknown key profiles\.work\.authTyp/,
  },
  // Line 3, column 8: the first alias of a "billion laughs" file (9^9 strings once expanded).
  'YAML alias bomb': {
    text: [
      '# my atl profiles',
      'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
      ...'bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`),
      '',
    ].join('\n'),
    where: ':3:8:',
    message: /too many YAML aliases/,
  },
} as const;

const WRITERS: Record<string, readonly string[]> = {
  login: [
    '--profile',
    'work',
    'auth',
    'login',
    '--site',
    'work.atlassian.net',
    '--email',
    'me@work.example',
    '--token-stdin',
    '--storage',
    'file',
    '--no-verify',
  ],
  switch: ['auth', 'switch', 'work'],
  rename: ['auth', 'rename', 'work', 'other'],
  logout: ['auth', 'logout', 'work'],
  delete: ['auth', 'delete', 'work', '--yes'],
  import: ['auth', 'import', '--from', 'atlcli', '--storage', 'file'],
};
const READERS: Record<string, readonly string[]> = {
  status: ['auth', 'status', '--offline'],
  list: ['auth', 'list'],
  token: ['auth', 'token'],
  'jira search': ['jira', 'search', '--jql', 'project = ABC'],
};
const CORRUPT_TOKEN = 'ATATT3x-e2e-corrupt-config-token-0001';

describe('a corrupt config.yaml: exit 2 naming file and line, and the file is left byte-identical', () => {
  // Every command meets one kind of corruption, the kinds taking turns (each meets readers and
  // writers): the file is read in one place for all of them, so the whole matrix would test that place
  // three times over, at one atl run each.
  const kinds = Object.entries(CORRUPT);
  const cases = Object.entries({ ...WRITERS, ...READERS }).map(([command, args], i) => {
    const [kind, corrupt] = kinds[i % kinds.length]!;
    return { kind, corrupt, command, args };
  });
  test.concurrent.each(cases)('$command with a $kind', async ({ corrupt, command, args }) => {
    const h = await newHome([CORRUPT_TOKEN]);
    await mkdir(h.configDir, { recursive: true, mode: 0o700 });
    await writeFile(configPath(h), corrupt.text, { mode: 0o600 });
    if (command === 'import') {
      const atlcli = join(h.home, '.atlcli/credentials.json');
      await mkdir(dirname(atlcli), { recursive: true });
      await writeFile(
        atlcli,
        JSON.stringify({
          profiles: { imported: { baseUrl: 'https://imported.atlassian.net', email: 'me@work.example', apiToken: CORRUPT_TOKEN } },
        }),
      );
    }
    const before = await readFile(configPath(h));
    const filesBefore = await filesUnder(h.configDir);

    const result = await h.run(args, { input: CORRUPT_TOKEN });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`${configPath(h)}${corrupt.where}`);
    expect(result.stderr).toMatch(corrupt.message);
    expect(result.stdout).toBe('');
    expect(await readFile(configPath(h))).toEqual(before);
    // Nothing else was written either: no secret stored for a login that cannot be saved.
    expect(await filesUnder(h.configDir)).toEqual(filesBefore);
    await h.assertNoSecretsLeaked();
  });
});

test('a config.yaml saved as UTF-16 (PowerShell 5.1 `>`) is exit 2 naming the file and UTF-16, and left untouched', async () => {
  const h = await newHome([CORRUPT_TOKEN]);
  await mkdir(h.configDir, { recursive: true, mode: 0o700 });
  const text = 'defaultProfile: work\nprofiles:\n  work:\n    site: https://work.atlassian.net\n';
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  await writeFile(configPath(h), utf16, { mode: 0o600 });

  const result = await h.run(['auth', 'list']);
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toContain(`error: ${configPath(h)} is saved as UTF-16; save it as UTF-8`);
  expect(result.stdout).toBe('');
  expect((await readFile(configPath(h))).equals(utf16)).toBe(true);
});
