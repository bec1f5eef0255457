// `atl sandbox` as users run it: the built binary in the foreground, its printed URL and demo
// credentials answering a curl-style request, and Ctrl-C ending it.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ATL_BIN, ATL_RUN_TIMEOUT_MS, createTestHome, type TestHome } from '../support/atl.js';
import { startAtl } from '../support/running.js';

/** Runs a bash script with the home's environment; its output joins what the secret scanner checks. */
function runShell(home: TestHome, script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', script], { env: home.env, timeout: ATL_RUN_TIMEOUT_MS }, (err, stdout, stderr) => {
      home.outputs.push(stdout, stderr);
      if (err && typeof err.code !== 'number') reject(err);
      else resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
    });
  });
}

describe('atl sandbox', () => {
  let home: TestHome;
  beforeAll(async () => {
    home = await createTestHome();
  });
  afterAll(async () => {
    await home?.cleanup();
  });

  test.concurrent('prints URLs and login commands with no token in argv; the printed lines work as pasted; Ctrl-C exits 130', async () => {
    const running = startAtl(home, ['sandbox', '--port', '0'], /curl -K - \S+\/rest\/api\/3\/myself\n/);
    try {
      const stdout = await running.output;
      const url = /Jira Cloud \+ Confluence +(http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout)?.[1];
      expect(url, stdout).toBeDefined();
      const token = /^ {2}export ATL_SANDBOX_CLOUD_TOKEN=(\S+)$/m.exec(stdout)?.[1];
      expect(token, stdout).toBeDefined();
      const email = 'demo@example.com';
      // No printed command takes a token as an argument; logins read it from stdin.
      expect(stdout).not.toMatch(/--token (?!-)/);
      expect(stdout).not.toContain('curl -u');
      const loginLine = `printf %s "$ATL_SANDBOX_CLOUD_TOKEN" | atl auth login --site ${url} --email ${email} --token-stdin`;
      expect(stdout).toContain(`  ${loginLine}\n`);
      expect(stdout).toContain(
        `printf %s "$ATL_SANDBOX_DC_TOKEN" | atl auth login --profile sandbox-dc --site ${url}/dc --deployment datacenter --bearer --token-stdin`,
      );
      expect(stdout).toContain(`export ATL_GATEWAY_URL=${url} ATL_BITBUCKET_URL=${url}/2.0`);
      expect(stdout).toMatch(/--email svc-demo@serviceaccount\.atlassian\.com --scoped --cloud-id [0-9a-f-]{36} --token-stdin/);
      expect(stdout).toContain(`printf 'user = "%s:%s"\\n' ${email} "$ATL_SANDBOX_CLOUD_TOKEN" | curl -K - ${url}/rest/api/3/myself`);
      // The service accounts with too few scopes, for trying what a refusal looks like.
      expect(stdout).toMatch(
        /atl auth login --profile sandbox-svc-confluence .*--email svc-confluence@serviceaccount\.atlassian\.com --scoped/,
      );
      expect(stdout).toMatch(/atl auth login --profile sandbox-svc-no-user .*--email svc-no-user@serviceaccount\.atlassian\.com --scoped/);
      expect(stdout).toMatch(/atl auth login --profile sandbox-bb-no-user --bitbucket --email demo@example\.com/);

      const curlAnswer = await fetch(`${url}/rest/api/3/myself`, {
        headers: { Authorization: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`, Accept: 'application/json' },
      });
      expect(curlAnswer.status).toBe(200);
      expect(await curlAnswer.json()).toMatchObject({ emailAddress: 'demo@example.com', accountType: 'atlassian', active: true });
      const wrong = await fetch(`${url}/rest/api/3/myself`, {
        headers: { Authorization: `Basic ${Buffer.from(`${email}:nope`).toString('base64')}` },
      });
      expect(wrong.status).toBe(401);

      // The printed export and login lines work as pasted into a shell, and atl then talks to the sandbox.
      const exports = stdout.match(/^ {2}export .*$/gm) ?? [];
      expect(exports.length).toBe(12);
      const script = [`atl() { "${process.execPath}" "${ATL_BIN}" "$@"; }`, ...exports, loginLine, 'atl jira me --json'].join('\n');
      const shell = await runShell(home, script);
      expect(shell.code, shell.stderr).toBe(0);
      expect(JSON.parse(shell.stdout.slice(shell.stdout.indexOf('{')))).toMatchObject({ emailAddress: email });
      home.addSecret(token!, email);
      await home.assertNoSecretsLeaked();

      running.child.kill('SIGINT');
      const { code } = await running.exit;
      expect(code).toBe(130);
      await expect(fetch(`${url}/_edge/tenant_info`)).rejects.toThrow();
    } finally {
      running.child.kill('SIGKILL');
    }
  });

  test.concurrent('on Windows (simulated) it prints PowerShell lines: $env: assignments and logins that pipe the variable', async () => {
    const windows = { NODE_OPTIONS: `--require ${resolve(import.meta.dirname, '../support/windows-platform.cjs')}` };
    const running = startAtl(home, ['sandbox', '--port', '0'], /curl\.exe -K - \S+\/rest\/api\/3\/myself\n/, windows);
    try {
      const stdout = await running.output;
      const url = /Jira Cloud \+ Confluence +(http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout)?.[1];
      expect(url, stdout).toBeDefined();
      const token = /^ {2}\$env:ATL_SANDBOX_CLOUD_TOKEN='([^']+)'$/m.exec(stdout)?.[1];
      expect(token, stdout).toBeDefined();
      expect(stdout).toContain(`  $env:ATL_GATEWAY_URL='${url}'\n  $env:ATL_BITBUCKET_URL='${url}/2.0'\n`);
      expect(stdout).toContain(`  $env:ATL_SANDBOX_CLOUD_TOKEN | atl auth login --site ${url} --email demo@example.com --token-stdin\n`);
      expect(stdout).toContain(
        `  $env:ATL_SANDBOX_DC_TOKEN | atl auth login --profile sandbox-dc --site ${url}/dc --deployment datacenter --bearer --token-stdin\n`,
      );
      expect(stdout.match(/^ {2}\$env:\w+='[^']*'$/gm)?.length).toBe(13);
      expect(stdout).not.toMatch(/export |printf/);
      // The token printed is the one the sandbox takes.
      const answer = await fetch(`${url}/rest/api/3/myself`, {
        headers: { Authorization: `Basic ${Buffer.from(`demo@example.com:${token}`).toString('base64')}` },
      });
      expect(answer.status).toBe(200);
      running.child.kill('SIGTERM');
      expect((await running.exit).code).toBe(0);
    } finally {
      running.child.kill('SIGKILL');
    }
  });

  test.concurrent('--json prints one line with the URLs and credentials; SIGTERM stops it cleanly', async () => {
    const running = startAtl(home, ['sandbox', '--port', '0', '--seed', 'empty', '--json'], /\}\n/);
    try {
      const info = JSON.parse(await running.output) as {
        url: string;
        dcUrl: string;
        bitbucketUrl: string;
        bitbucketDcUrl: string;
        cloudId: string;
        seed: string;
        credentials: { datacenter: { token: string }; bitbucketAccessToken: { token: string }; bitbucketDatacenter: { token: string } };
      };
      expect(info).toMatchObject({
        seed: 'empty',
        dcUrl: `${info.url}/dc`,
        bitbucketUrl: `${info.url}/2.0`,
        bitbucketDcUrl: `${info.url}/dc-bitbucket`,
      });
      expect(Object.keys(info.credentials)).toEqual(
        expect.arrayContaining([
          'serviceAccountConfluence',
          'serviceAccountNoUser',
          'bitbucketNoUser',
          'bitbucketDatacenter',
          'bitbucketDatacenterAccessToken',
        ]),
      );
      const bitbucketDc = await fetch(`${info.bitbucketDcUrl}/rest/api/1.0/application-properties`, {
        headers: { Authorization: `Bearer ${info.credentials.bitbucketDatacenter.token}` },
      });
      expect(bitbucketDc.headers.get('x-ausername')).toBe('demo');
      const dc = await fetch(`${info.dcUrl}/rest/api/2/myself`, {
        headers: { Authorization: `Bearer ${info.credentials.datacenter.token}` },
      });
      expect(await dc.json()).toMatchObject({ name: 'demo', emailAddress: 'demo@example.com' });
      const tenant = await fetch(`${info.url}/_edge/tenant_info`);
      expect(await tenant.json()).toEqual({ cloudId: info.cloudId });
      running.child.kill('SIGTERM');
      expect((await running.exit).code).toBe(0);
    } finally {
      running.child.kill('SIGKILL');
    }
  });

  test.concurrent('--host accepts other loopback addresses (::1, localhost) and prints URLs with them', async () => {
    for (const [host, shown] of [
      ['::1', '[::1]'],
      ['localhost', 'localhost'],
    ] as const) {
      const running = startAtl(home, ['sandbox', '--host', host, '--port', '0', '--json'], /\}\n/);
      try {
        const info = JSON.parse(await running.output) as { url: string };
        expect(info.url.startsWith(`http://${shown}:`), info.url).toBe(true);
        const tenant = await fetch(`${info.url}/_edge/tenant_info`);
        expect(tenant.status).toBe(200);
        running.child.kill('SIGTERM');
        expect((await running.exit).code).toBe(0);
      } finally {
        running.child.kill('SIGKILL');
      }
    }
  });

  test.concurrent('refuses a non-loopback host and a bad port with exit 2', async () => {
    const host = await home.run(['sandbox', '--host', '0.0.0.0', '--port', '0']);
    expect(host.code).toBe(2);
    expect(host.stderr).toMatch(/^error: refusing to listen on 0\.0\.0\.0/);
    expect(host.stdout).toBe('');
    const port = await home.run(['sandbox', '--port', '70000']);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port must be a whole number from 0 to 65535');
  });
});
