// `--debug` against a server that echoes the token back: in response headers (names atl does not
// know as secret, Set-Cookie, Location, Link), in JSON bodies of errors and retried answers. Both
// layers of src/http/redact.ts are needed: the structural one (secret headers, token-like query
// values) for credentials atl never knew, such as a session the server hands out, and the last
// one (every known secret in free text) for its own token under any header name or in any body.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestHome, type AtlResult, type TestHome } from '../support/atl.js';

const EMAIL = 'echo@example.com';
const TOKEN = 'ATATT3xEchoedBackToken0123456789abcdefXYZ';
const BASIC = Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64');
/** A credential the server issues: atl never knew it, so only the structural layer can hide it. */
const SESSION = 'srv-session-9f8e7d6c5b4a39281706';
const FORBIDDEN = [
  TOKEN,
  BASIC,
  `Basic ${BASIC}`,
  encodeURIComponent(TOKEN),
  Buffer.from(TOKEN).toString('base64'),
  TOKEN.slice(6, 30),
  SESSION,
];

let server: Server;
let site: string;
let home: TestHome;
const seen: string[] = [];

/** Headers echoing what the client sent, under names no redaction rule knows, and the server's own credentials. */
function echoHeaders(req: IncomingMessage): Record<string, string | string[]> {
  const authorization = req.headers.authorization ?? '';
  return {
    'content-type': 'application/json',
    'x-echo': TOKEN,
    'x-echo-authorization': authorization,
    'x-request-note': `you sent ${authorization.slice('Basic '.length)}`,
    'set-cookie': [`JSESSIONID=${SESSION}; Path=/; HttpOnly`, `atl.xsrf.token=${TOKEN}; Path=/`],
    'x-auth-token': SESSION,
    location: `/login.jsp?os_destination=%2F&access_token=${SESSION}&token=${TOKEN}`,
    link: `<${site}/rest/api/3/myself?token=${SESSION}>; rel="self"`,
  };
}

function answer(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', site).pathname;
  seen.push(`${req.method} ${path}`);
  const headers = echoHeaders(req);
  if (path === '/rest/api/3/myself') {
    // The first call is refused as overloaded (retried), quoting the token; the second answers.
    if (seen.filter((s) => s.endsWith('/myself')).length % 2 === 1) {
      res
        .writeHead(503, { ...headers, 'retry-after': '0' })
        .end(JSON.stringify({ errorMessages: [`overloaded while serving ${TOKEN}`], token: TOKEN }));
      return;
    }
    res.writeHead(200, headers).end(
      JSON.stringify({
        accountId: 'echo-1',
        displayName: 'Echo User',
        emailAddress: EMAIL,
        active: true,
        timeZone: 'UTC',
        self: `${site}/rest/api/3/myself?token=${TOKEN}`,
        echo: TOKEN,
      }),
    );
    return;
  }
  res.writeHead(404, headers).end(
    JSON.stringify({
      errorMessages: [`Issue does not exist or you (${TOKEN}, ${req.headers.authorization}) may not see it`],
      errors: { token: TOKEN },
    }),
  );
}

beforeAll(async () => {
  server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  home = await createTestHome({ ATL_SITE: site, ATL_EMAIL: EMAIL, ATL_API_TOKEN: TOKEN, ATL_DEPLOYMENT: 'cloud' });
  for (const secret of FORBIDDEN) home.secrets.add(secret);
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await home?.cleanup();
});

function expectNothingSecret(result: AtlResult): void {
  for (const [stream, text] of [
    ['stdout', result.stdout],
    ['stderr', result.stderr],
  ] as const) {
    for (const secret of FORBIDDEN)
      expect(
        text.includes(secret),
        `${stream} holds ${secret === SESSION ? 'the server session' : 'the token'} (${secret.slice(0, 12)}…):\n${text}`,
      ).toBe(false);
  }
}

test('a successful call after a retry: every echoed header and body is redacted in --debug, yet the debug output is there', async () => {
  const result = await home.run(['jira', 'me', '--debug']);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toContain('Echo User');
  expectNothingSecret(result);
  // The headers were printed (so the redaction was exercised), with their values replaced.
  expect(result.stderr).toMatch(/^--> GET .*\/rest\/api\/3\/myself$/m);
  expect(result.stderr).toMatch(/^<-- 503 /m);
  expect(result.stderr).toMatch(/^<-- 200 /m);
  expect(result.stderr).toMatch(/^ {4}x-echo: \[redacted\]$/im);
  expect(result.stderr).toMatch(/^ {4}x-echo-authorization: (Basic )?\[redacted\]$/im);
  expect(result.stderr).toMatch(/^ {4}x-auth-token: \[redacted\]$/im);
  expect(result.stderr).toMatch(/^ {4}set-cookie: \[redacted\]$/im);
  expect(result.stderr).toMatch(/^ {4}location: \/login\.jsp\?.*access_token=\[redacted\]/im);
  expect(result.stderr).toMatch(/^ {4}authorization: \[redacted\]$/im);
  await home.assertNoSecretsLeaked();
});

test('an error whose body quotes the token and the Authorization header: exit 4, the message shown with them redacted', async () => {
  const result = await home.run(['jira', 'issue', 'view', 'ECHO-1', '--debug']);
  expect(result.code, result.stderr).toBe(4);
  expect(result.stderr).toMatch(/^<-- 404 /m);
  expect(result.stderr).toContain('may not see it');
  expect(result.stderr).toContain('[redacted]');
  expectNothingSecret(result);
  await home.assertNoSecretsLeaked();
});

test('--json output of the echoing call holds no token either', async () => {
  const result = await home.run(['--json', 'jira', 'issue', 'view', 'ECHO-2', '--debug']);
  expect(result.code).toBe(4);
  expectNothingSecret(result);
});
