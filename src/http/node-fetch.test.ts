import { createServer } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nodeFetch } from './node-fetch.js';
import type { FetchResponse } from './types.js';
import { startTestServer, startTlsTestServer, type TestServer } from './test-server.js';

/** The body as text; nodeFetch gives the client only a stream (it builds no web Response; see headers.ts). */
const text = (response: FetchResponse): Promise<string> => new Response(response.body).text();

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** A server per test would race on the shared handler; these tests each use their own path. */
const at = (path: string) => new URL(path, server.url);

/** The code at the bottom of an error's cause chain. */
function causeCode(err: unknown): string | undefined {
  let current = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a rejection'),
    (err: unknown) => err,
  );
}

describe('nodeFetch: fetch over node:http, as the client uses it', () => {
  test('sends method, headers and body; returns status, headers (repeated ones too) and the body', async () => {
    server.handle((req, res) => {
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.setHeader('x-echo', String(req.headers['x-mine']));
      res.statusCode = 201;
      res.end(`${req.method} ${req.body} ${req.headers['content-length']}`);
    });
    const response = await nodeFetch(at('/echo'), { method: 'post', headers: new Headers({ 'x-mine': 'v1' }), body: 'héllo' });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-echo')).toBe('v1');
    // Joined as other repeated headers are: the client never reads cookies.
    expect(response.headers.get('set-cookie')).toBe('a=1, b=2');
    // Content-Length counts UTF-8 bytes, not characters.
    expect(await text(response)).toBe('POST héllo 6');
  });

  test('byte bodies and form parameters are sent as given, with a form content type', async () => {
    server.handle((req, res) => res.end(`${req.headers['content-type']}|${req.body}`));
    const bytes = await nodeFetch(at('/bytes'), { method: 'PUT', body: new TextEncoder().encode('raw') });
    expect(await text(bytes)).toBe('undefined|raw');
    const form = await nodeFetch(at('/form'), { method: 'POST', body: new URLSearchParams({ q: 'a b' }) });
    expect(await text(form)).toBe('application/x-www-form-urlencoded;charset=UTF-8|q=a+b');
  });

  test.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('asks for compressed bodies and decodes %s', async (coding, compress) => {
    server.handle((req, res) => {
      res.setHeader('content-encoding', coding);
      res.setHeader('x-asked', String(req.headers['accept-encoding']));
      res.end(compress(Buffer.from(JSON.stringify({ coding, text: 'ünïcødé'.repeat(100) }))));
    });
    const response = await nodeFetch(at(`/compressed-${coding}`), {});
    expect(response.headers.get('x-asked')).toBe('gzip, deflate, br');
    expect(JSON.parse(await text(response))).toEqual({ coding, text: 'ünïcødé'.repeat(100) });
  });

  test('a redirect is returned, not followed (the client follows them itself, keeping credentials at home)', async () => {
    server.handle((_req, res) => {
      res.writeHead(302, { location: 'https://elsewhere.example/' });
      res.end();
    });
    const response = await nodeFetch(at('/redirect'), { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://elsewhere.example/');
    expect(server.requests.filter((r) => r.url === '/redirect')).toHaveLength(1);
  });

  test('204 and HEAD give a null body', async () => {
    server.handle((_req, res) => {
      res.statusCode = 204;
      res.end();
    });
    expect((await nodeFetch(at('/empty'), { method: 'DELETE' })).body).toBeNull();
    server.handle((_req, res) => res.end());
    const head = await nodeFetch(at('/head'), { method: 'HEAD' });
    expect([head.status, head.body]).toEqual([200, null]);
  });

  test('a refused connection rejects as fetch does: TypeError("fetch failed") caused by ECONNREFUSED', async () => {
    // A port that was just free: listen, note it, close.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const err = await rejection(nodeFetch(new URL(`http://127.0.0.1:${port}/`), {}));
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toBe('fetch failed');
    expect(causeCode(err)).toBe('ECONNREFUSED');
  });

  test('the ports the fetch standard blocks are refused before connecting ("bad port"), as undici does', async () => {
    const err = await rejection(nodeFetch(new URL('http://127.0.0.1:6000/'), {}));
    expect((err as Error).message).toBe('fetch failed');
    expect(((err as Error).cause as Error).message).toBe('bad port');
  });

  test('a body cut mid-stream errors the reader with TypeError("terminated"), as undici does', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('only part of it');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const response = await nodeFetch(at('/cut'), {});
    const err = await rejection(text(response));
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toBe('terminated');
  });

  test('aborting before the response rejects with the abort reason, and the server sees the request go', async () => {
    let closed!: () => void;
    const serverSawClose = new Promise<void>((resolve) => (closed = resolve));
    server.handle((req) => {
      req.socket.on('close', () => closed());
      // Never answers.
    });
    const controller = new AbortController();
    const pending = nodeFetch(at('/hang'), { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    const err = await rejection(pending);
    expect((err as Error).name).toBe('AbortError');
    await serverSawClose;
  });

  test('aborting while the body streams errors the reader', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('the start');
    });
    const controller = new AbortController();
    const response = await nodeFetch(at('/slow-body'), { signal: controller.signal });
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('the start');
    controller.abort();
    await expect(reader.read()).rejects.toBeDefined();
  });

  test('an aborted signal rejects at once, sending nothing', async () => {
    const before = server.requests.length;
    const err = await rejection(nodeFetch(at('/never'), { signal: AbortSignal.abort() }));
    expect((err as Error).name).toBe('AbortError');
    expect(server.requests.length).toBe(before);
  });

  test('https: an untrusted certificate rejects with the TLS code as the cause', async () => {
    const tls = await startTlsTestServer();
    try {
      const err = await rejection(nodeFetch(new URL(tls.url), {}));
      expect((err as Error).message).toBe('fetch failed');
      expect(causeCode(err)).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
    } finally {
      await tls.close();
    }
  });
});
