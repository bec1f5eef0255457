import { createServer as createHttpServer, request as httpRequest, type Server as HttpServer } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { AtlError } from '../errors.js';
import { createHttpClient } from './client.js';
import { isTlsFailure } from './errors.js';
import { formatWait } from './retry.js';
import { captureStream, sendJson, startTestServer, startTlsTestServer, testClientOptions, type TestServer } from './test-server.js';

const TOKEN = 'tok-SECRET-123456';
const BASIC = `Basic ${Buffer.from(`me@example.com:${TOKEN}`).toString('base64')}`;

async function caught(promise: Promise<unknown>): Promise<AtlError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AtlError) return err;
    throw err;
  }
  throw new Error('expected the request to fail');
}

let server: TestServer;
/** A second origin (different port) for cross-origin redirects. */
let other: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  other = await startTestServer();
});
afterAll(async () => {
  await server.close();
  await other.close();
});
beforeEach(() => {
  server.requests.length = 0;
  other.requests.length = 0;
});

describe('requests', () => {
  test('sends Basic auth, Accept, User-Agent, JSON body and repeated query keys', async () => {
    server.handle((_req, res) => sendJson(res, 200, { ok: true }));
    const client = createHttpClient(testClientOptions(server.url));
    const data = await client.post(
      '/rest/api/3/thing?x=1',
      { a: 1 },
      { query: { fields: ['summary', 'status'], n: 5, skip: undefined, flag: false } },
    );
    expect(data).toEqual({ ok: true });
    const [req] = server.requests;
    expect(req!.method).toBe('POST');
    expect(req!.url).toBe('/rest/api/3/thing?x=1&fields=summary&fields=status&n=5&flag=false');
    expect(req!.headers.authorization).toBe(BASIC);
    expect(req!.headers.accept).toBe('application/json');
    expect(req!.headers['user-agent']).toBe('atl/0.0.0-test');
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.body).toBe('{"a":1}');
  });

  test('sends Bearer auth and keeps the base URL path (context path / gateway)', async () => {
    server.handle((_req, res) => sendJson(res, 200, []));
    const client = createHttpClient(testClientOptions(`${server.url}/jira/`, { auth: { type: 'bearer', token: TOKEN } }));
    expect(client.baseUrl).toBe(`${server.url}/jira`);
    await client.get('/rest/api/2/myself');
    expect(server.requests[0]!.url).toBe('/jira/rest/api/2/myself');
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  test('anonymous client sends no Authorization; string bodies go as they are', async () => {
    server.handle((_req, res) => res.end('plain'));
    const client = createHttpClient(testClientOptions(server.url, { auth: null }));
    const text = await client.post('/x', 'raw text', { responseType: 'text' });
    expect(text).toBe('plain');
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(server.requests[0]!.headers['content-type']).not.toBe('application/json');
    expect(server.requests[0]!.body).toBe('raw text');
  });

  test('empty body is null; bytes come back as Uint8Array; DELETE and PUT', async () => {
    server.handle((req, res) => {
      if (req.method === 'DELETE') {
        res.statusCode = 204;
        res.end();
      } else res.end(Buffer.from([1, 2, 3]));
    });
    const client = createHttpClient(testClientOptions(server.url));
    expect(await client.delete('/x')).toBeNull();
    expect(await client.put('/x', { a: 1 }, { responseType: 'bytes' })).toEqual(new Uint8Array([1, 2, 3]));
  });

  test('a body that arrives in many chunks comes back whole: bytes as a plain Uint8Array, JSON parsed; blank JSON is null; a BOM is dropped', async () => {
    const big = Buffer.alloc(300_000, 7);
    const json = { issues: Array.from({ length: 2000 }, (_, i) => ({ id: String(i), summary: `ünïcode ${i} ${'x'.repeat(100)}` })) };
    server.handle((req, res) => {
      if (req.url === '/bytes') {
        // Written in pieces with pauses so the client reads several chunks.
        let sent = 0;
        const next = (): void => {
          if (sent >= big.length) return void res.end();
          res.write(big.subarray(sent, sent + 50_000));
          sent += 50_000;
          setTimeout(next, 2);
        };
        return next();
      }
      if (req.url === '/blank') return void res.end(' \n\t ');
      if (req.url === '/bom') return void res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]));
      res.end(JSON.stringify(json));
    });
    const client = createHttpClient(testClientOptions(server.url));
    const bytes = await client.get<Uint8Array>('/bytes', { responseType: 'bytes' });
    expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
    expect(bytes.byteLength).toBe(big.length);
    expect(Buffer.from(bytes).equals(big)).toBe(true);
    expect(await client.get('/json')).toEqual(json);
    expect(await client.get('/blank')).toBeNull();
    expect(await client.get('/blank', { responseType: 'text' })).toBe(' \n\t ');
    expect(await client.get('/bom')).toEqual({ a: 1 });
  });

  test('allowErrorStatus returns the error response instead of throwing (HTML stays text)', async () => {
    server.handle((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html>nope</html>');
    });
    const client = createHttpClient(testClientOptions(server.url));
    const response = await client.request('/missing', { allowErrorStatus: true });
    expect(response.status).toBe(404);
    expect(response.data).toBe('<html>nope</html>');
  });

  test('invalid JSON in a 2xx body is a failure saying so, not a stack', async () => {
    server.handle((_req, res) => res.end('{"oops":'));
    const err = await caught(createHttpClient(testClientOptions(server.url)).get('/x'));
    expect(err.code).toBe('failure');
    expect(err.exitCode).toBe(1);
    expect(err.message).toMatch(/invalid JSON/);
    expect(err.status).toBe(200);
  });
});

describe('a token that cannot be a header value', () => {
  test('a bearer token with a line break is a usage error that does not quote it (fetch would), and nothing is sent', () => {
    let thrown: unknown;
    try {
      createHttpClient(testClientOptions(server.url, { auth: { type: 'bearer', token: `${TOKEN}\nrest` } }));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AtlError);
    expect((thrown as AtlError).code).toBe('usage');
    expect((thrown as AtlError).message).not.toContain(TOKEN);
    expect(server.requests).toHaveLength(0);
    // Trailing whitespace (a token file's newline) is trimmed by fetch, so it is accepted.
    expect(() => createHttpClient(testClientOptions(server.url, { auth: { type: 'bearer', token: `${TOKEN}\r\n` } }))).not.toThrow();
  });

  test("a caller's header value fetch refuses is reported with the client's secrets redacted", async () => {
    const client = createHttpClient(testClientOptions(server.url));
    const err = await caught(client.get('/x', { headers: { 'x-echo': `${TOKEN}\nmore` } }));
    // Named by header, never quoted: the value could be a secret the client does not know.
    expect(err.message).toBe('the value of header "x-echo" holds a line break or NUL character');
    expect(err.message).not.toContain(TOKEN);
    expect(err.exitCode).toBe(2);
    expect(server.requests).toHaveLength(0);
  });
});

describe('errors quote Atlassian and map to exit codes', () => {
  const cases: Array<[number, unknown, string, number, RegExp]> = [
    [401, { errorMessages: ['You are not authenticated.'], errors: {} }, 'auth', 3, /You are not authenticated/],
    [403, { message: 'Forbidden for this space' }, 'forbidden', 3, /Forbidden for this space/],
    [
      404,
      { errors: [{ status: 404, code: 'NOT_FOUND', title: 'Not Found', detail: 'Page 42 missing' }] },
      'not_found',
      4,
      /Not Found: Page 42 missing/,
    ],
    [400, { errorMessages: [], errors: { summary: 'Summary is required.' } }, 'bad_request', 2, /summary: Summary is required/],
    [
      409,
      { type: 'error', error: { message: 'Branch exists', detail: 'main already there' } },
      'conflict',
      1,
      /Branch exists; main already there/,
    ],
    [500, { message: 'boom' }, 'server', 5, /boom/],
  ];
  test.each(cases)('HTTP %i', async (status, body, code, exitCode, message) => {
    server.handle((_req, res) => sendJson(res, status, body));
    // POST so the 500 is not retried.
    const err = await caught(createHttpClient(testClientOptions(server.url)).post('/x', {}));
    expect(err.code).toBe(code);
    expect(err.exitCode).toBe(exitCode);
    expect(err.status).toBe(status);
    expect(err.message).toMatch(message);
  });

  test('401 hint points at atl auth status', async () => {
    server.handle((_req, res) => sendJson(res, 401, {}));
    const err = await caught(createHttpClient(testClientOptions(server.url)).get('/x'));
    expect(err.hint).toBe('check the token and email, and run `atl auth status`');
  });
});

describe('retries', () => {
  test('429 with Retry-After seconds: waits that long, says so once, then succeeds (POST too)', async () => {
    let n = 0;
    server.handle((_req, res) => (n++ === 0 ? sendJson(res, 429, {}, { 'retry-after': '3' }) : sendJson(res, 200, { done: true })));
    const options = testClientOptions(server.url);
    const client = createHttpClient(options);
    expect(await client.post('/x', { a: 1 })).toEqual({ done: true });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.body).toBe('{"a":1}');
    expect(options.waits).toEqual([3000]);
    const host = new URL(server.url).host;
    expect(options.stderr.text()).toBe(`atl: rate limited by ${host}; retrying in 3s (retry 1 of 3)\n`);
  });

  test('429 with Retry-After as an HTTP date', async () => {
    let n = 0;
    const when = new Date(Date.now() + 10_000).toUTCString();
    server.handle((_req, res) => (n++ === 0 ? sendJson(res, 429, {}, { 'retry-after': when }) : sendJson(res, 200, {})));
    const options = testClientOptions(server.url);
    await createHttpClient(options).get('/x');
    expect(options.waits).toHaveLength(1);
    // The date has one-second resolution: the wait is between 8 and 10 seconds, never the backoff.
    expect(options.waits[0]).toBeGreaterThan(8000);
    expect(options.waits[0]).toBeLessThanOrEqual(10_000);
  });

  test('503 on GET: 4 attempts with capped jittered backoff, then a server error', async () => {
    server.handle((_req, res) => sendJson(res, 503, { message: 'down for maintenance' }));
    const options = testClientOptions(server.url);
    const err = await caught(createHttpClient(options).get('/x'));
    expect(server.requests).toHaveLength(4);
    // random() = 0.5: 3/4 of 1s, 2s, 4s.
    expect(options.waits).toEqual([750, 1500, 3000]);
    expect(err.code).toBe('server');
    expect(err.exitCode).toBe(5);
    expect(err.message).toMatch(/down for maintenance/);
    // Only waits over a second are announced.
    expect(options.stderr.text().trim().split('\n')).toHaveLength(2);
  });

  test('503 on POST and PATCH is not retried; on PUT and DELETE it is', async () => {
    server.handle((_req, res) => sendJson(res, 503, {}));
    const client = createHttpClient(testClientOptions(server.url));
    await caught(client.post('/x', {}));
    await caught(client.request('/x', { method: 'PATCH', body: {} }));
    expect(server.requests).toHaveLength(2);
    server.requests.length = 0;
    await caught(client.put('/x', {}));
    expect(server.requests).toHaveLength(4);
  });

  test('a Retry-After longer than the per-wait cap stops at once and says why', async () => {
    server.handle((_req, res) => sendJson(res, 429, {}, { 'retry-after': '120' }));
    const options = testClientOptions(server.url);
    const err = await caught(createHttpClient(options).get('/x'));
    expect(server.requests).toHaveLength(1);
    expect(options.waits).toEqual([]);
    expect(err.code).toBe('rate_limited');
    expect(err.exitCode).toBe(5);
    expect(err.hint).toMatch(/wait 120s/);
  });

  test('a plain-http server reached with https: one attempt, a TLS error with the http:// hint', async () => {
    server.handle((_req, res) => sendJson(res, 200, {}));
    const https = server.url.replace(/^http:/, 'https:');
    const options = testClientOptions(https);
    const err = await caught(createHttpClient(options).get('/x'));
    expect(err.message).toMatch(/TLS error: the server did not answer in TLS/);
    expect(err.hint).toContain(`http://${new URL(https).host}`);
    expect(options.waits).toEqual([]);
    expect(options.stderr.text()).toBe('');
  });

  test('connection refused: GET retried then network error (exit 5); POST tried once', async () => {
    const closed = await startTestServer();
    const url = closed.url;
    await closed.close();
    const options = testClientOptions(url);
    const client = createHttpClient(options);
    const err = await caught(client.get('/x'));
    expect(err.code).toBe('network');
    expect(err.exitCode).toBe(5);
    expect(err.message).toMatch(/connection refused/);
    expect(options.waits).toHaveLength(3);
    // Each retry is said with its cause from the first one, counted in retries (issue 11 item 4).
    const host = new URL(url).host;
    expect(options.stderr.text()).toBe(
      options.waits
        .map((ms, i) => `atl: could not reach ${host}: connection refused; retrying in ${formatWait(ms)} (retry ${i + 1} of 3)\n`)
        .join(''),
    );
    options.waits.length = 0;
    await caught(client.post('/x', {}));
    expect(options.waits).toHaveLength(0);
  });

  test('a body cut mid-stream is a network error, retried on GET', async () => {
    let n = 0;
    server.handle((_req, res) => {
      if (n++ === 0) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"partial":');
        setImmediate(() => res.socket?.destroy());
      } else sendJson(res, 200, { whole: true });
    });
    const options = testClientOptions(server.url);
    expect(await createHttpClient(options).get('/x')).toEqual({ whole: true });
    expect(server.requests).toHaveLength(2);
  });

  test('a body cut mid-stream on POST fails as a network error', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
      setImmediate(() => res.socket?.destroy());
    });
    const err = await caught(createHttpClient(testClientOptions(server.url)).post('/x', {}));
    expect(err.code).toBe('network');
    expect(err.message).toMatch(/closed before the response was complete/);
    expect(server.requests).toHaveLength(1);
  });

  test('a readOnly POST (a search) is retried like a GET: 503, then a cut body, then answered', async () => {
    let n = 0;
    server.handle((_req, res) => {
      n += 1;
      if (n === 1) return sendJson(res, 503, {});
      if (n === 2) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"issues":');
        return setImmediate(() => res.socket?.destroy());
      }
      return sendJson(res, 200, { issues: [] });
    });
    const options = testClientOptions(server.url);
    expect(await createHttpClient(options).post('/rest/api/3/search/jql', { jql: 'project = A' }, { readOnly: true })).toEqual({
      issues: [],
    });
    expect(server.requests.map((r) => r.body)).toEqual(Array(3).fill('{"jql":"project = A"}'));
    expect(options.waits).toHaveLength(2);
  });

  test('429 without Retry-After: X-RateLimit-Reset (ISO 8601) is waited out, else Beta-Retry-After', async () => {
    let n = 0;
    server.handle((_req, res) => {
      n += 1;
      if (n === 1) return sendJson(res, 429, {}, { 'x-ratelimit-reset': new Date(Date.now() + 20_000).toISOString() });
      if (n === 2) return sendJson(res, 429, {}, { 'beta-retry-after': '7' });
      return sendJson(res, 200, { ok: true });
    });
    const options = testClientOptions(server.url);
    expect(await createHttpClient(options).get('/x')).toEqual({ ok: true });
    expect(options.waits).toHaveLength(2);
    expect(options.waits[0]).toBeGreaterThan(18_000);
    expect(options.waits[0]).toBeLessThanOrEqual(20_000);
    expect(options.waits[1]).toBe(7000);
  });

  test('a change cut off or timed out says it may have been made, and how to check; a refused one does not', async () => {
    server.handle((_req, res) => {
      res.writeHead(201, { 'content-length': '100' });
      res.write('{"key":');
      setImmediate(() => res.socket?.destroy());
    });
    const client = createHttpClient(testClientOptions(server.url));
    const cut = await caught(client.post('/rest/api/3/issue', {}, { checkApplied: 'look for it with `atl jira search --created -1h`' }));
    expect(cut.code).toBe('network');
    expect(cut.hint).toBe(
      'the server may have made the change before the answer was lost: look for it with `atl jira search --created -1h`',
    );
    const patched = await caught(client.request('/x', { method: 'PATCH', body: {} }));
    expect(patched.hint).toBe(
      'the server may have made the change before the answer was lost: check whether it was applied before trying again',
    );
    expect(patched.hint).not.toMatch(/try again later/);

    server.handle(() => undefined);
    const slow = await caught(createHttpClient(testClientOptions(server.url, { env: { ATL_TIMEOUT: '100ms' } })).post('/x', {}));
    expect(slow.code).toBe('timeout');
    expect(slow.hint).toMatch(
      /^the server may have made the change before the answer was lost: check whether it was applied before trying again; .*ATL_TIMEOUT/,
    );

    const closed = await startTestServer();
    await closed.close();
    const refused = await caught(createHttpClient(testClientOptions(closed.url)).post('/x', {}));
    expect(refused.hint).not.toMatch(/may have made the change/);
  });

  test('ATL_TIMEOUT: a silent server times out (exit 5), GET retried and then answered', async () => {
    let n = 0;
    server.handle((_req, res) => {
      if (n++ === 0) return; // never answers; closed when the client gives up
      sendJson(res, 200, { late: false });
    });
    const options = testClientOptions(server.url, { env: { ATL_TIMEOUT: '150ms' } });
    expect(await createHttpClient(options).get('/x')).toEqual({ late: false });
    expect(server.requests).toHaveLength(2);

    server.handle(() => undefined);
    const err = await caught(createHttpClient(testClientOptions(server.url, { env: { ATL_TIMEOUT: '150ms' } })).post('/x', {}));
    expect(err.code).toBe('timeout');
    expect(err.exitCode).toBe(5);
    expect(err.message).toMatch(/did not answer within 150ms/);
  });

  test('a bad ATL_TIMEOUT is a usage error', () => {
    expect(() => createHttpClient(testClientOptions(server.url, { env: { ATL_TIMEOUT: 'soon' } }))).toThrow(
      expect.objectContaining({ code: 'usage', exitCode: 2 }),
    );
  });
});

describe('redirects and where credentials go', () => {
  test('same-origin redirect keeps Authorization', async () => {
    server.handle((req, res) => {
      if (req.url === '/old') {
        res.writeHead(301, { location: '/new' });
        res.end();
      } else sendJson(res, 200, { at: req.url });
    });
    const response = await createHttpClient(testClientOptions(server.url)).request('/old');
    expect(response.data).toEqual({ at: '/new' });
    expect(response.url).toBe(`${server.url}/new`);
    expect(server.requests[1]!.headers.authorization).toBe(BASIC);
  });

  test('cross-origin redirect drops Authorization and Cookie', async () => {
    server.handle((_req, res) => {
      res.writeHead(302, { location: `${other.url}/landing` });
      res.end();
    });
    other.handle((_req, res) => sendJson(res, 200, { landed: true }));
    const client = createHttpClient(testClientOptions(server.url));
    expect(await client.get('/start', { headers: { cookie: 'session=abc' } })).toEqual({ landed: true });
    expect(server.requests[0]!.headers.authorization).toBe(BASIC);
    expect(server.requests[0]!.headers.cookie).toBe('session=abc');
    expect(other.requests[0]!.headers.authorization).toBeUndefined();
    expect(other.requests[0]!.headers.cookie).toBeUndefined();
  });

  test('303 after POST becomes GET without a body; 307 keeps method and body', async () => {
    server.handle((req, res) => {
      if (req.url === '/see-other') {
        res.writeHead(303, { location: '/result' });
        res.end();
      } else if (req.url === '/temp') {
        res.writeHead(307, { location: '/result' });
        res.end();
      } else sendJson(res, 200, { method: req.method, body: req.body });
    });
    const client = createHttpClient(testClientOptions(server.url));
    expect(await client.post('/see-other', { a: 1 })).toEqual({ method: 'GET', body: '' });
    expect(server.requests[1]!.headers['content-type']).toBeUndefined();
    expect(await client.post('/temp', { a: 1 })).toEqual({ method: 'POST', body: '{"a":1}' });
  });

  test('more than 5 redirects is an error', async () => {
    server.handle((_req, res) => {
      res.writeHead(302, { location: '/loop' });
      res.end();
    });
    const err = await caught(createHttpClient(testClientOptions(server.url)).get('/loop'));
    expect(err.message).toMatch(/too many redirects/);
    expect(server.requests).toHaveLength(6);
  });

  test('an absolute URL on another origin gets no Authorization', async () => {
    other.handle((_req, res) => sendJson(res, 200, {}));
    await createHttpClient(testClientOptions(server.url)).get(`${other.url}/elsewhere`, { headers: { authorization: 'Bearer x' } });
    expect(other.requests[0]!.headers.authorization).toBeUndefined();
  });

  test('an absolute URL on our origin keeps Authorization', async () => {
    server.handle((_req, res) => sendJson(res, 200, {}));
    await createHttpClient(testClientOptions(server.url)).get(`${server.url}/2.0/next?page=2`);
    expect(server.requests[0]!.headers.authorization).toBe(BASIC);
  });

  test('credentials over plain http are refused except to loopback', () => {
    for (const base of ['http://example.atlassian.net', 'http://10.0.0.5:8080/jira', 'http://[fe80::1]']) {
      expect(() => createHttpClient(testClientOptions(base))).toThrow(expect.objectContaining({ code: 'usage', exitCode: 2 }));
    }
    expect(() => createHttpClient(testClientOptions('http://jira.corp.example/jira'))).toThrow(
      expect.objectContaining({ hint: expect.stringContaining('https://jira.corp.example/jira') }),
    );
    for (const base of ['http://localhost:8080', 'http://127.0.0.2', 'http://[::1]:9000', 'https://example.atlassian.net']) {
      expect(() => createHttpClient(testClientOptions(base))).not.toThrow();
    }
    // Without credentials plain http is fine.
    expect(() => createHttpClient(testClientOptions('http://example.com', { auth: null }))).not.toThrow();
  });
});

describe('debug output and redaction', () => {
  test('debug blocks show method, URL, status, headers with secrets redacted', async () => {
    server.handle((_req, res) => sendJson(res, 200, {}, { 'set-cookie': 'JSESSIONID=abc123; Path=/' }));
    const options = testClientOptions(server.url, { debug: true });
    await createHttpClient(options).get('/rest/api/3/search', {
      query: { jql: 'project = A', access_token: 'qs-secret-1', apiKey: 'k-secret-2' },
      headers: { cookie: 'c=d' },
    });
    const out = options.stderr.text();
    expect(out).toMatch(
      /--> GET http:\/\/127\.0\.0\.1:\d+\/rest\/api\/3\/search\?jql=project\+%3D\+A&access_token=\[redacted\]&apiKey=\[redacted\]/,
    );
    expect(out).toMatch(/<-- 200 OK http:\/\/127\.0\.0\.1:\d+\/rest\/api\/3\/search\?\S+ \(\d+ ms\)/);
    expect(out).toMatch(/authorization: \[redacted\]/);
    expect(out).toMatch(/cookie: \[redacted\]/);
    expect(out).toMatch(/set-cookie: \[redacted\]/);
    expect(out).toMatch(/user-agent: atl\/0\.0\.0-test/);
    for (const secret of [TOKEN, BASIC.slice(6), 'qs-secret-1', 'k-secret-2', 'abc123', 'c=d']) expect(out).not.toContain(secret);
  });

  test('a server echoing the token cannot make it appear in the error or the debug output', async () => {
    server.handle((req, res) =>
      sendJson(
        res,
        400,
        { errorMessages: [`bad token ${TOKEN}`, `header was ${String(req.headers.authorization)}`], errors: {} },
        { 'x-echo': TOKEN },
      ),
    );
    const options = testClientOptions(server.url, { debug: true });
    const err = await caught(createHttpClient(options).post('/x', {}));
    const everything = `${err.message}\n${err.hint ?? ''}\n${JSON.stringify(err.toJSON())}\n${options.stderr.text()}`;
    expect(err.message).toContain('bad token [redacted]');
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(BASIC.slice(6));
  });

  test('bearer tokens are redacted too', async () => {
    const token = 'bearer-TOKEN-abcdef';
    server.handle((_req, res) => sendJson(res, 404, { message: `no such thing for ${token}` }));
    const options = testClientOptions(server.url, { auth: { type: 'bearer', token }, debug: true });
    const err = await caught(createHttpClient(options).get('/x'));
    expect(`${err.message}${options.stderr.text()}`).not.toContain(token);
  });
});

describe('proxy', () => {
  let proxy: HttpServer;
  let proxyUrl: string;
  const proxied: string[] = [];

  beforeAll(async () => {
    // A minimal forward proxy: CONNECT tunnels (what undici uses) and absolute-form requests.
    proxy = createHttpServer((req, res) => {
      proxied.push(`${req.method} ${req.url}`);
      const target = new URL(req.url!);
      const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(upstream);
    });
    proxy.on('connect', (req, socket, head) => {
      proxied.push(`CONNECT ${req.url}`);
      const [host, port] = req.url!.split(':');
      const upstream = connect(Number(port), host!, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  });

  test('HTTP_PROXY is used; NO_PROXY bypasses it', async () => {
    server.handle((_req, res) => sendJson(res, 200, { via: 'server' }));
    proxied.length = 0;
    const port = new URL(server.url).port;
    const viaProxy = createHttpClient(testClientOptions(server.url, { env: { HTTP_PROXY: proxyUrl } }));
    expect(await viaProxy.get('/p')).toEqual({ via: 'server' });
    expect(proxied.join('\n')).toContain(`127.0.0.1:${port}`);

    proxied.length = 0;
    const bypass = createHttpClient(testClientOptions(server.url, { env: { http_proxy: proxyUrl, NO_PROXY: '127.0.0.1' } }));
    expect(await bypass.get('/p')).toEqual({ via: 'server' });
    expect(proxied).toEqual([]);
  });
});

describe('insecure TLS', () => {
  test('without insecure a self-signed site fails as a certificate problem; with it, it works and warns once', async () => {
    const tls = await startTlsTestServer();
    try {
      const strict = await caught(createHttpClient(testClientOptions(tls.url)).post('/x', {}));
      expect(strict.code).toBe('network');
      expect(strict.message).toMatch(/certificate/i);

      const stderr = captureStream();
      const first = createHttpClient(testClientOptions(tls.url, { insecure: true, stderr }));
      const second = createHttpClient(testClientOptions(tls.url, { insecure: true, stderr }));
      expect(await first.get('/x')).toEqual({ secure: 'ish' });
      expect(await second.get('/x')).toEqual({ secure: 'ish' });
      expect(stderr.text().match(/WARNING: TLS certificate verification is OFF/g)).toHaveLength(1);
    } finally {
      await tls.close();
    }
  });
});

describe('permanent failures are not retried', () => {
  test('a refused certificate on GET: one attempt, no wait, reported as TLS with the NODE_EXTRA_CA_CERTS hint', async () => {
    const tls = await startTlsTestServer();
    try {
      const options = testClientOptions(tls.url);
      const err = await caught(createHttpClient(options).get('/x'));
      expect(options.waits).toEqual([]);
      expect(tls.connections()).toBe(1);
      expect(err.code).toBe('network');
      expect(err.exitCode).toBe(5);
      expect(err.message).toMatch(/TLS certificate problem \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)/);
      expect(err.hint).toMatch(/NODE_EXTRA_CA_CERTS/);
      expect(isTlsFailure(err)).toBe(true);
    } finally {
      await tls.close();
    }
  });

  test.each(['http://127.0.0.1:6000', 'http://127.0.0.1:0'])('an unusable port (%s) on GET: one attempt, no wait', async (base) => {
    const options = testClientOptions(base);
    const err = await caught(createHttpClient(options).get('/x'));
    expect(options.waits).toEqual([]);
    expect(err.code).toBe('network');
    expect(isTlsFailure(err)).toBe(false);
  });
});

describe('multipart bodies', () => {
  test('FormData goes as multipart, directly and through a proxy (undici fetch)', async () => {
    server.handle((req, res) => sendJson(res, 200, { type: req.headers['content-type'], body: req.body }));
    for (const env of [{}, { HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1' }]) {
      const form = new FormData();
      form.append('file', new Blob(['hello attachment']), 'a.txt');
      const data = await createHttpClient(testClientOptions(server.url, { env })).post<{ type: string; body: string }>('/upload', form);
      expect(data.type).toMatch(/^multipart\/form-data; boundary=/);
      expect(data.body).toContain('filename="a.txt"');
      expect(data.body).toContain('hello attachment');
    }
  });
});
