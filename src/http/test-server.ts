/**
 * A throwaway node:http server for the HTTP layer's unit tests (not shipped: nothing in the CLI
 * imports it). Each test gives a handler; every request is recorded with its body.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpClientOptions } from './types.js';

export interface RecordedRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Returns nothing useful; `unknown` lets one-liners like `(req, res) => res.end()` type-check. */
export type Handler = (req: IncomingMessage & { body: string }, res: ServerResponse) => unknown;

export interface TestServer {
  /** http://127.0.0.1:<port> */
  url: string;
  requests: RecordedRequest[];
  /** Replaces the handler (tests sharing one server set theirs first). */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export async function startTestServer(handler: Handler = (_req, res) => res.end()): Promise<TestServer> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      Promise.resolve(current(Object.assign(req, { body }), res)).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle: (h) => {
      current = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A writable that keeps what was written, standing in for stderr. */
export function captureStream(): NodeJS.WritableStream & { text(): string } {
  const chunks: string[] = [];
  const stream = {
    write(chunk: string | Uint8Array): boolean {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    },
    text: () => chunks.join(''),
  };
  // Only write() is used by the client; the rest of the Writable interface is never touched.
  return stream as unknown as NodeJS.WritableStream & { text(): string };
}

/** Client options for tests: instant sleeps recorded in `waits`, fixed jitter, captured stderr. */
export function testClientOptions(
  baseUrl: string,
  overrides: Partial<HttpClientOptions> = {},
): HttpClientOptions & { waits: number[]; stderr: NodeJS.WritableStream & { text(): string } } {
  const waits: number[] = [];
  return {
    baseUrl,
    auth: { type: 'basic', username: 'me@example.com', password: 'tok-SECRET-123456' },
    userAgent: 'atl/0.0.0-test',
    debug: false,
    env: {},
    sleep: async (ms: number) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...overrides,
    stderr: (overrides.stderr as (NodeJS.WritableStream & { text(): string }) | undefined) ?? captureStream(),
    waits,
  };
}

export interface TlsTestServer {
  /** https://localhost:<port>, with a self-signed certificate for CN=localhost that nothing trusts. */
  url: string;
  /** TLS connections attempted (handshakes started), refused or not. */
  connections(): number;
  close(): Promise<void>;
}

/** An HTTPS server with a fresh self-signed certificate (made with openssl), for TLS failure tests. */
export async function startTlsTestServer(handler: Handler = (_req, res) => sendJson(res, 200, { secure: 'ish' })): Promise<TlsTestServer> {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { createServer: createHttpsServer } = await import('node:https');
  const dir = mkdtempSync(join(tmpdir(), 'atl-tls-'));
  let key: Buffer;
  let cert: Buffer;
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    key = readFileSync(join(dir, 'key.pem'));
    cert = readFileSync(join(dir, 'cert.pem'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  let connections = 0;
  const server = createHttpsServer({ key, cert }, (req, res) => {
    Promise.resolve(handler(Object.assign(req, { body: '' }), res)).catch(() => res.end());
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://localhost:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
