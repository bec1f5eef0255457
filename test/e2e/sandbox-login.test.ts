// `atl sandbox --login` (issue 11 item 12): one command to try atl. It saves a profile named
// "sandbox" (token in the secret store, never on argv or in any output), prints commands to try
// with --profile sandbox, and the profile keeps working after the sandbox is stopped and started.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createTestHome, runAtl, type TestHome } from '../support/atl.js';
import { startAtl } from '../support/running.js';

const homes: TestHome[] = [];
afterAll(async () => {
  await Promise.all(homes.map((home) => home.cleanup()));
});

async function newHome(): Promise<TestHome> {
  const home = await createTestHome();
  homes.push(home);
  return home;
}

const READY = /in another terminal:\n(?:.*\n)+\n/;

/** Runs `atl sandbox --login ...` until it is ready; returns its stdout and a stop() that waits for it to end. */
async function startLogin(home: TestHome, args: readonly string[] = []) {
  const running = startAtl(home, ['sandbox', '--login', ...args], READY);
  const stdout = await running.output;
  home.outputs.push(stdout);
  return {
    stdout,
    url: /^atl sandbox is running at (\S+) /m.exec(stdout)![1]!,
    async stop() {
      running.child.kill('SIGTERM');
      const { code, stderr } = await running.exit;
      home.outputs.push(stderr);
      expect(code).toBe(0);
    },
  };
}

/** The stored token, read outside the recorded outputs (it becomes a secret the scanner looks for). */
async function storedToken(home: TestHome): Promise<string> {
  const { code, stdout } = await runAtl(['auth', 'token', '--profile', 'sandbox'], { env: home.env });
  expect(code).toBe(0);
  const token = stdout.trim();
  home.addSecret(token, 'demo@example.com');
  return token;
}

/** The saved profile reaches the running sandbox. */
async function expectProfileWorks(home: TestHome): Promise<void> {
  const view = await home.run(['jira', 'issue', 'view', 'DEMO-1', '--profile', 'sandbox']);
  expect(view.code, view.stderr).toBe(0);
}

const configYaml = (home: TestHome) => readFile(join(home.configDir, 'config.yaml'), 'utf8');

describe('atl sandbox --login', () => {
  test.concurrent('saves profile "sandbox", prints commands to try and no token; they work; after a restart the profile still does', async () => {
    const home = await newHome();
    const first = await startLogin(home, ['--port', '0']);
    expect(first.stdout).toContain(`✓ Saved profile "sandbox" for it (Jira Cloud as demo@example.com, token in the encrypted file).`);
    const commands = [...first.stdout.matchAll(/^ {2}atl (.+ --profile sandbox)$/gm)].map((m) => m[1]!);
    expect(commands).toContain('jira search --project DEMO --profile sandbox');
    // Confluence and Service Management are on the same site: the same login reaches them.
    expect(commands).toContain('confluence page tree DOCS --profile sandbox');
    expect(commands).toContain('jsm request list --desk HELP --profile sandbox');
    // And its Bitbucket login is to the sandbox's Bitbucket Data Center.
    expect(commands).toContain('bitbucket pr list --repo DEMO/demo-web --profile sandbox');
    expect(commands.length).toBeGreaterThan(3);
    expect(first.stdout).not.toMatch(/export |TOKEN|ATATT/);
    const token = await storedToken(home);
    // Every printed command runs green against it (quoted arguments as a shell would read them).
    for (const command of commands) {
      const argv = [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
      // In the home: `docs pull DOCS ./docs` writes a folder where it runs.
      const run = await home.run(argv, { cwd: home.home });
      expect(run.code, `atl ${command}\n${run.stderr}`).toBe(0);
    }
    const config = await configYaml(home);
    expect(config).toContain(`site: ${first.url}`);
    await first.stop();

    // Started again (no --port): the profile's port and token are taken up again, nothing to redo.
    const second = await startLogin(home);
    expect(second.url).toBe(first.url);
    expect(await storedToken(home)).toBe(token);
    expect(await configYaml(home)).toBe(config);
    await expectProfileWorks(home);
    // The Bitbucket token was handed back too.
    const repos = await home.run(['bitbucket', 'repo', 'list', '--profile', 'sandbox']);
    expect(repos.code, repos.stderr).toBe(0);
    expect(repos.stdout).toContain('DEMO/demo-web');
    await second.stop();
    await home.assertNoSecretsLeaked();
  });

  test.concurrent('the profile port in use: it listens on another, says so, and the profile follows', async () => {
    const home = await newHome();
    const first = await startLogin(home, ['--port', '0']);
    await first.stop();
    const port = Number(new URL(first.url).port);
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const second = await startLogin(home);
      const moved = Number(new URL(second.url).port);
      expect(moved).not.toBe(port);
      expect(second.stdout).toContain(`Port ${port} is in use, so it listens on port ${moved}; profile "sandbox" now points there.`);
      await expectProfileWorks(home);
      await second.stop();
      // --port given and taken: the usual error, nothing saved.
      const taken = await home.run(['sandbox', '--login', '--port', String(port)]);
      expect(taken.code).toBe(2);
      expect(taken.stderr).toContain(`error: port ${port} is already in use`);
      expect(await configYaml(home)).toContain(`site: ${second.url}`);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  test.concurrent('a profile "sandbox" of another site is kept: exit 2 with a hint; --force replaces it and says so', async () => {
    const home = await newHome();
    const login = await home.run(
      [
        'auth',
        'login',
        '--profile',
        'sandbox',
        '--site',
        'https://example.atlassian.net',
        '--email',
        'me@example.com',
        '--token-stdin',
        '--no-verify',
      ],
      { input: 'my-real-token-0123456789' },
    );
    expect(login.code, login.stderr).toBe(0);
    home.addSecret('my-real-token-0123456789', 'me@example.com');
    const refused = await home.run(['sandbox', '--login', '--port', '0']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'error: profile "sandbox" is https://example.atlassian.net as me@example.com, not this sandbox; --login would replace it\n' +
        'hint: keep it under another name first (atl auth rename sandbox NAME), or pass --force to replace it\n',
    );
    expect(await configYaml(home)).toContain('site: https://example.atlassian.net');

    const forced = await startLogin(home, ['--port', '0', '--force']);
    expect(forced.stdout).toContain('Replaced profile "sandbox", which was https://example.atlassian.net as me@example.com (--force).');
    await expectProfileWorks(home);
    await forced.stop();
    await home.assertNoSecretsLeaked();
  });

  test.concurrent('--json: the URLs and the profile name, no credentials', async () => {
    const home = await newHome();
    const running = startAtl(home, ['sandbox', '--login', '--port', '0', '--json'], /\}\n/);
    const line = JSON.parse(await running.output) as Record<string, unknown>;
    expect(Object.keys(line).sort()).toEqual([
      'bitbucketDcUrl',
      'bitbucketUrl',
      'cloudId',
      'dcUrl',
      'gatewayUrl',
      'profile',
      'seed',
      'url',
    ]);
    expect(line.profile).toBe('sandbox');
    running.child.kill('SIGTERM');
    expect((await running.exit).code).toBe(0);
  });

  test.concurrent('--force without --login is a usage error', async () => {
    const home = await newHome();
    const run = await home.run(['sandbox', '--force']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: --force applies only with --login');
  });
});
