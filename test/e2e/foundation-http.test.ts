// Through the built binary: the HTTP client's retries, redirects, http refusal, redaction,
// timeouts, proxies and interrupts, and the error/exit-code contract, as a user meets them.
// One sandbox for the file; each case injects faults on its own path so cases can run at once.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTlsTestServer } from '../../src/http/test-server.js';
import { ATL_BIN, type AtlResult } from '../support/atl.js';
import { sandboxHomes } from '../support/homes.js';

const { sandbox, newHome } = await sandboxHomes({ seed: 'demo' });
const { email, token } = sandbox.credentials.cloud;
const home = await newHome({ secrets: [token], email });
/** A run as the sandbox's Cloud user, through ATL_* variables (no stored profile needed). */
const cloudEnv: Record<string, string> = { ATL_SITE: sandbox.url, ATL_EMAIL: email, ATL_API_TOKEN: token, ATL_DEPLOYMENT: 'cloud' };

afterAll(async () => {
  await home.assertNoSecretsLeaked();
});

const atl = (args: readonly string[], env: Record<string, string | undefined> = {}): Promise<AtlResult> =>
  home.run(args, { env: { ...cloudEnv, ...env } });

/** The path of `atl jira issue view KEY`'s first request, matched exactly (DEMO-1 must not match DEMO-10). */
const issuePath = (key: string): RegExp => new RegExp(`^/rest/api/3/issue/${key}$`);
const requestsTo = (path: RegExp) => sandbox.requests.filter((r) => path.test(r.path));

function expectNoStackTrace(result: AtlResult): void {
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr).not.toMatch(/AtlError|TypeError/);
}

/** The last stderr line as the `--json` error object. */
function jsonError(result: AtlResult): { error: Record<string, unknown> } {
  const last = result.stderr.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as { error: Record<string, unknown> };
}

describe('--debug', () => {
  test.concurrent('logs method, URL, status, time and headers; Authorization, cookies and token-like query values are [redacted]', async () => {
    const cookie = (await fetch(`${sandbox.url}/rest/api/3/serverInfo`)).headers.get('set-cookie') ?? '';
    const cookieValue = /atlassian\.xsrf\.token=([^;]+)/.exec(cookie)?.[1];
    expect(cookieValue).toBeTruthy();
    // A same-origin redirect to a URL carrying a token in its query, as some SSO setups send.
    sandbox.faults.add({
      path: issuePath('DEMO-2'),
      type: 'redirect',
      location: `${sandbox.url}/rest/api/3/issue/DEMO-2?access_token=tok-in-query-0123456789`,
    });
    const result = await atl(['jira', 'issue', 'view', 'DEMO-2', '--debug', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ key: 'DEMO-2' });
    const err = result.stderr;
    expect(err).toMatch(new RegExp(`^--> GET ${sandbox.url}/rest/api/3/issue/DEMO-2$`, 'm'));
    expect(err).toMatch(/^<-- 302 Found http:\S+\/rest\/api\/3\/issue\/DEMO-2 \(\d+ ms\)$/m);
    expect(err).toMatch(/^--> GET http:\S+\/rest\/api\/3\/issue\/DEMO-2\?access_token=\[redacted\]$/m);
    expect(err).toMatch(/^<-- 200 OK http:\S+ \(\d+ ms\)$/m);
    expect(err).toMatch(/^ {4}authorization: \[redacted\]$/m);
    expect(err).toMatch(/^ {4}set-cookie: \[redacted\]$/m);
    expect(err).toMatch(/^ {4}user-agent: atl\/\d+\.\d+\.\d+/m);
    expect(err).toMatch(/^ {4}accept: application\/json$/m);
    expect(err).not.toContain('tok-in-query-0123456789');
    expect(err).not.toContain(cookieValue!);
    expect(err).not.toMatch(/Basic [A-Za-z0-9+/=]{8,}/);
    await home.assertNoSecretsLeaked();
  });
});

describe('retries', () => {
  test.concurrent('429 with Retry-After is waited out (one line on stderr) and retried', async () => {
    sandbox.faults.add({ path: issuePath('DEMO-3'), type: 'status', status: 429, retryAfter: 2 });
    const result = await atl(['jira', 'issue', 'view', 'DEMO-3', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ key: 'DEMO-3' });
    expect(requestsTo(issuePath('DEMO-3')).map((r) => r.status)).toEqual([429, 200]);
    expect(result.stderr).toBe(`atl: rate limited by ${new URL(sandbox.url).host}; retrying in 2s (retry 1 of 3)\n`);
  });

  test.concurrent('502/503/504 on GET are retried; a short wait is not announced', async () => {
    sandbox.faults.add({ path: issuePath('DEMO-4'), type: 'status', status: 503, retryAfter: 0 });
    sandbox.faults.add({ path: issuePath('DEMO-4'), type: 'status', status: 502, retryAfter: 0 });
    sandbox.faults.add({ path: issuePath('DEMO-4'), type: 'status', status: 504, retryAfter: 0 });
    const result = await atl(['jira', 'issue', 'view', 'DEMO-4', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(requestsTo(issuePath('DEMO-4')).map((r) => r.status)).toEqual([503, 502, 504, 200]);
    expect(result.stderr).toBe('');
  });

  test.concurrent('still failing after 4 attempts: exit 5, error and hint, JSON error with the status', async () => {
    sandbox.faults.add({ path: issuePath('DEMO-5'), type: 'status', status: 503, retryAfter: 0, times: 4 });
    const result = await atl(['jira', 'issue', 'view', 'DEMO-5', '--json']);
    expect(result.code).toBe(5);
    expect(result.stdout).toBe('');
    expect(requestsTo(issuePath('DEMO-5'))).toHaveLength(4);
    expect(result.stderr).toMatch(/^error: .*\(HTTP 503\)$/m);
    expect(result.stderr).toMatch(/^hint: gave up after 4 attempts/m);
    const { error } = jsonError(result);
    expect(Object.keys(error)).toEqual(['code', 'message', 'hint', 'status']);
    expect(error).toMatchObject({ code: 'server', status: 503 });
    expectNoStackTrace(result);
  });

  test.concurrent('a 429 asking for a long wait is not sat out: exit 5 at once, saying why', async () => {
    sandbox.faults.add({ path: issuePath('DEMO-6'), type: 'status', status: 429, retryAfter: 3600 });
    const result = await atl(['jira', 'issue', 'view', 'DEMO-6']);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/^hint: the server asked to wait 3600s before retrying/m);
    expect(requestsTo(issuePath('DEMO-6'))).toHaveLength(1);
  });
});

describe('broken responses', () => {
  test.concurrent('malformed JSON: a clean error, exit 1, no stack trace', async () => {
    sandbox.faults.add({ path: issuePath('DEMO-7'), type: 'malformed' });
    const result = await atl(['jira', 'issue', 'view', 'DEMO-7', '--json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: the server sent invalid JSON \(HTTP 200 from [^)]+\/rest\/api\/3\/issue\/DEMO-7\)$/m);
    expect(result.stderr).toMatch(/^hint: /m);
    expect(jsonError(result).error).toMatchObject({ code: 'failure', status: 200 });
    expectNoStackTrace(result);
  });

  test.concurrent('a body cut mid-way on GET is retried', async () => {
    sandbox.faults.add({ path: issuePath('DEMO-8'), type: 'cut' });
    const result = await atl(['jira', 'issue', 'view', 'DEMO-8', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ key: 'DEMO-8' });
    expect(requestsTo(issuePath('DEMO-8')).map((r) => r.fault ?? 'ok')).toEqual(['cut', 'ok']);
  });
});

describe('security', () => {
  test.concurrent('a redirect to another origin drops the Authorization header; the same origin keeps it', async () => {
    // "Another origin": a second server that records what arrives and answers as Jira would.
    const arrived: Array<string | undefined> = [];
    const other = createServer((req, res) => {
      arrived.push(req.headers.authorization);
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ errorMessages: ['You are not authenticated.'], errors: {} }));
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      sandbox.faults.add({ path: issuePath('DEMO-9'), type: 'redirect', location: `${otherUrl}/rest/api/3/issue/DEMO-9`, status: 307 });
      const result = await atl(['jira', 'issue', 'view', 'DEMO-9', '--json']);
      expect(requestsTo(issuePath('DEMO-9')).map((r) => r.fault)).toEqual(['redirect']);
      expect(arrived).toEqual([undefined]);
      expect(result.code).toBe(3);
      expect(jsonError(result).error).toMatchObject({ code: 'auth', status: 401 });
    } finally {
      other.closeAllConnections();
      await new Promise((resolve) => other.close(resolve));
    }
    // Control: a same-origin redirect is followed with the credentials (the issue is served).
    sandbox.faults.add({ path: issuePath('DEMO-10'), type: 'redirect', location: `${sandbox.url}/rest/api/3/issue/DEMO-10?redirected=1` });
    const same = await atl(['jira', 'issue', 'view', 'DEMO-10', '--json']);
    expect(same.code, same.stderr).toBe(0);
    expect(requestsTo(issuePath('DEMO-10')).map((r) => r.credential)).toEqual(['anonymous', 'cloud-api-token']);
  });

  test.concurrent('a plain http:// site that is not loopback is refused before anything is sent: exit 2 and a hint', async () => {
    const viaEnv = await atl(['jira', 'me', '--json'], { ATL_SITE: 'http://jira.example.com' });
    expect(viaEnv.code).toBe(2);
    expect(viaEnv.stderr).toMatch(/^error: refusing to send credentials over plain http to jira\.example\.com$/m);
    expect(viaEnv.stderr).toMatch(/^hint: use https:\/\/jira\.example\.com/m);
    expect(jsonError(viaEnv).error).toMatchObject({ code: 'usage' });
    const login = await home.run(
      ['auth', 'login', '--profile', 'plainhttp', '--site', 'http://jira.example.com', '--email', 'me@example.com', '--token-stdin'],
      {
        input: 'plain-http-token-123456\n',
      },
    );
    home.addSecret('plain-http-token-123456', 'me@example.com');
    expect(login.code).toBe(2);
    expect(login.stderr).toMatch(/^hint: use https:\/\//m);
    // Loopback over http is fine (that is how the sandbox is reached).
    expect((await atl(['jira', 'me', '--json'])).code).toBe(0);
  });

  test.concurrent('a 401 says what to check; --json adds exactly {"error":{code,message,hint,status}} on stderr', async () => {
    const result = await atl(['jira', 'me', '--json'], { ATL_API_TOKEN: 'wrong-token-for-401-test' });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^error: .*\(HTTP 401\)$/);
    // Every 401 names where to create a token.
    const hint =
      'check the token and email, and run `atl auth status`; create a token at https://id.atlassian.com/manage-profile/security/api-tokens';
    expect(lines[1]).toBe(`hint: ${hint}`);
    expect(JSON.parse(lines[2]!)).toEqual({
      error: { code: 'auth', message: lines[0]!.slice('error: '.length), hint, status: 401 },
    });
    expectNoStackTrace(result);
  });

  test.concurrent('404 is exit 4; the stack trace appears only with --debug', async () => {
    const plain = await atl(['jira', 'issue', 'view', 'NOPE-404']);
    expect(plain.code).toBe(4);
    expect(plain.stderr).toMatch(/^error: /);
    expectNoStackTrace(plain);
    const debug = await atl(['jira', 'issue', 'view', 'NOPE-404', '--debug']);
    expect(debug.code).toBe(4);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe('timeouts and interrupts', () => {
  test.concurrent('POST is never retried on a cut body or a timeout (it may have applied): exit 5, clean errors', async () => {
    // One test for both: the two faults share the path, and the first added matches first.
    const path = /^\/rest\/api\/3\/issue$/;
    const posts = () => requestsTo(path).filter((r) => r.method === 'POST');
    sandbox.faults.add({ path, method: 'POST', type: 'cut' });
    const cut = await atl([
      'jira',
      'issue',
      'create',
      '--project',
      'DEMO',
      '--type',
      'Task',
      '--summary',
      'cut on create',
      '--no-input',
      '--json',
    ]);
    expect(cut.code).toBe(5);
    expect(cut.stdout).toBe('');
    expect(cut.stderr).toMatch(/^error: could not reach [^:]+:\d+: connection closed before the response was complete$/m);
    expect(jsonError(cut).error).toMatchObject({ code: 'network' });
    // Never just "try again"; the issue may exist, and here is how to find it.
    expect(jsonError(cut).error.hint).toBe(
      'the server may have made the change before the answer was lost: look for it with `atl jira search --project DEMO --reporter me --created -1h` before creating it again',
    );
    expect(posts()).toHaveLength(1);
    expectNoStackTrace(cut);

    sandbox.faults.add({ path, method: 'POST', type: 'delay', ms: 5_000 });
    const slow = await atl(['jira', 'issue', 'create', '--project', 'OPS', '--type', 'Task', '--summary', 'slow create', '--no-input'], {
      ATL_TIMEOUT: '300ms',
    });
    expect(slow.code).toBe(5);
    expect(slow.stderr).toMatch(/^error: \S+ did not answer within 300ms$/m);
    expect(slow.stderr).toMatch(/^hint: .*ATL_TIMEOUT/m);
    expect(slow.stderr).toMatch(
      /^hint: the server may have made the change before the answer was lost: look for it with `atl jira search --project OPS --reporter me --created -1h`/m,
    );
    expect(slow.stderr).not.toMatch(/^hint: try again/m);
    expect(posts()).toHaveLength(2);
    expectNoStackTrace(slow);
  });

  test.concurrent('a slow GET times out and is retried', async () => {
    sandbox.faults.add({ path: issuePath('DEMO-11'), type: 'delay', ms: 3_000 });
    const result = await atl(['jira', 'issue', 'view', 'DEMO-11', '--json'], { ATL_TIMEOUT: '0.5' });
    expect(result.code, result.stderr).toBe(0);
    expect(requestsTo(issuePath('DEMO-11')).length).toBeGreaterThanOrEqual(2);
  });

  test.concurrent('an invalid ATL_TIMEOUT is a usage error', async () => {
    const result = await atl(['jira', 'me'], { ATL_TIMEOUT: 'soon' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: invalid ATL_TIMEOUT value: "soon"$/m);
    expect(result.stderr).toMatch(/^hint: /m);
  });

  test.concurrent('Ctrl-C while waiting on a slow response exits 130', async () => {
    const path = issuePath('DEMO-12');
    sandbox.faults.add({ path, type: 'delay', ms: 15_000 });
    const child = spawn(process.execPath, [ATL_BIN, 'jira', 'issue', 'view', 'DEMO-12'], {
      env: { ...home.env, ...cloudEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 25_000); // a safety net, not an assertion
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Interrupt once the request has reached the sandbox, i.e. atl is waiting on the response.
    while (requestsTo(path).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGINT');
    const code = await exit;
    clearTimeout(guard);
    home.outputs.push(stdout, stderr);
    expect(code).toBe(130);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe('interrupted');
  });
});

describe('permanent failures', () => {
  test.concurrent('a refused TLS certificate is not retried, and login reports it as TLS with the NODE_EXTRA_CA_CERTS hint', async () => {
    const tls = await startTlsTestServer();
    try {
      const me = await atl(['jira', 'me'], { ATL_SITE: tls.url });
      expect(me.code).toBe(5);
      expect(me.stderr).toMatch(
        /^error: could not reach localhost:\d+: TLS certificate problem \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)/m,
      );
      expect(me.stderr).toMatch(/^hint: .*NODE_EXTRA_CA_CERTS/m);
      // With the steps that put the system's CAs in a PEM file, here Linux's bundle.
      expect(me.stderr).toContain('\n    export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt');
      expect(me.stderr).toContain('NODE_OPTIONS=--use-system-ca');
      // One connection: not retried (no timing asserted; a busy machine makes any bound flaky).
      expect(tls.connections()).toBe(1);

      const login = await home.run(['auth', 'login', '--site', tls.url, '--email', email, '--token-stdin', '--no-verify'], {
        env: { ATL_CONFIG_DIR: `${home.home}/tls-login-config` },
        input: `${token}\n`,
        timeoutMs: 30_000,
      });
      expect(login.code).toBe(5);
      expect(login.stderr).toMatch(/^error: could not reach localhost:\d+: TLS certificate problem/m);
      expect(login.stderr).toMatch(/^hint: .*NODE_EXTRA_CA_CERTS/m);
      expect(login.stderr).not.toMatch(/Cloud or Data Center/);
      expect(tls.connections()).toBe(2);

      // On Windows (simulated) the steps are PowerShell's.
      const windows = await atl(['jira', 'me'], {
        ATL_SITE: tls.url,
        NODE_OPTIONS: `--require ${resolve(import.meta.dirname, '../support/windows-platform.cjs')}`,
      });
      expect(windows.code).toBe(5);
      expect(windows.stderr).toMatch(/^hint: .*NODE_EXTRA_CA_CERTS/m);
      expect(windows.stderr).toContain('\n    Get-ChildItem Cert:\\LocalMachine\\Root | ForEach-Object {');
      expect(windows.stderr).not.toContain('ca-certificates.crt');
    } finally {
      await tls.close();
    }
  });

  test.concurrent('a port fetch refuses to use is not retried', async () => {
    const result = await atl(['jira', 'me'], { ATL_SITE: 'http://127.0.0.1:6000' });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/^error: could not reach 127\.0\.0\.1:6000: .*bad port/m);
    // A retry after an unreachable host is always announced (client.ts retryNotice), so none was made.
    expect(result.stderr).not.toMatch(/retrying/);
  });
});

describe('proxies', () => {
  let proxy: Server;
  let proxyUrl: string;
  /** What the proxy was asked for: `CONNECT host:port` or `GET absolute-url`, and any auth header seen. */
  const seen: Array<{ request: string; authorization: string | undefined }> = [];

  beforeAll(async () => {
    proxy = createServer((req, res) => {
      // Plain (non-tunnelled) proxying: forward to the target.
      seen.push({ request: `${req.method} ${req.url}`, authorization: req.headers.authorization });
      void (async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
        const answer = await fetch(req.url!, { method: req.method, headers, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
        res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(Buffer.from(await answer.arrayBuffer()));
      })().catch(() => res.writeHead(502).end());
    });
    proxy.on('connect', (req, socket, head) => {
      seen.push({ request: `CONNECT ${req.url}`, authorization: req.headers.authorization });
      const [host, port] = (req.url ?? '').split(/:(?=\d+$)/);
      if (host !== '127.0.0.1') {
        // Nothing real out there in a test: refuse, as a proxy with no route would.
        socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
        return;
      }
      const upstream = connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  });

  const seenFor = (host: string) => seen.filter((s) => s.request.includes(host));

  test.concurrent('HTTP_PROXY carries requests to an http site', async () => {
    const result = await atl(['jira', 'me', '--json', '--debug'], { HTTP_PROXY: proxyUrl });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ emailAddress: 'demo@example.com' });
    expect(seenFor(new URL(sandbox.url).host).length).toBeGreaterThan(0);
    expect(result.stderr).toContain(`atl: transport: proxy http=${proxyUrl}`);
  });

  test.concurrent('NO_PROXY exempts a host from HTTP_PROXY', async () => {
    // localhost: another name for the sandbox, so this case's traffic is told apart from the one above.
    const site = `http://localhost:${new URL(sandbox.url).port}`;
    const result = await atl(['jira', 'me', '--json'], { http_proxy: proxyUrl, NO_PROXY: 'localhost', ATL_SITE: site });
    expect(result.code, result.stderr).toBe(0);
    expect(seenFor('localhost')).toEqual([]);
  });

  test.concurrent('HTTPS_PROXY is used for an https site, and the token stays inside the tunnel', async () => {
    const result = await atl(['jira', 'me'], { HTTPS_PROXY: proxyUrl, ATL_SITE: 'https://jira.atl-proxy-test.invalid' });
    const connects = seenFor('jira.atl-proxy-test.invalid');
    expect(connects.length).toBeGreaterThan(0);
    expect(connects[0]).toEqual({ request: 'CONNECT jira.atl-proxy-test.invalid:443', authorization: undefined });
    expect(result.code).toBe(5);
    expectNoStackTrace(result);
  });

  test.concurrent('NO_PROXY bypasses HTTPS_PROXY for matching hosts', async () => {
    const result = await atl(['jira', 'me'], {
      HTTPS_PROXY: proxyUrl,
      NO_PROXY: '.bypass-test.invalid',
      ATL_SITE: 'https://jira.bypass-test.invalid',
    });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/^error: could not reach jira\.bypass-test\.invalid: host not found$/m);
    expect(seenFor('bypass-test.invalid')).toEqual([]);
  });
});

describe('output', () => {
  test.concurrent('no colour codes when not a terminal, even without NO_COLOR; none with --no-color either', async () => {
    for (const extra of [[], ['--no-color']]) {
      const result = await atl(['jira', 'project', 'list', ...extra], { NO_COLOR: undefined, COLUMNS: '100' });
      expect(result.code).toBe(0);
      expect(result.stdout + result.stderr).not.toContain('\u001b');
    }
  });

  test.concurrent('COLUMNS: tables are aligned and no line is wider than the terminal', async () => {
    const result = await atl(['jira', 'search', '--project', 'DEMO', '--limit', '5'], { COLUMNS: '60' });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    // At 60 columns PRIORITY, TYPE and ASSIGNEE make way for the summary.
    expect(lines[0]).toMatch(/^KEY {2,}STATUS {2,}UPDATED {2,}SUMMARY$/);
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(60);
    // Aligned: the SUMMARY column starts at the same place on every line.
    const summaryAt = lines[0]!.indexOf('SUMMARY');
    for (const line of lines.slice(1)) expect(line.slice(summaryAt - 2, summaryAt), line).toBe('  ');
    expect(result.stdout).toContain('…');
  });

  test.concurrent('piped without COLUMNS: tab-separated for scripts', async () => {
    const result = await atl(['jira', 'project', 'list']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('KEY\tNAME\tTYPE\tLEAD');
  });
});
