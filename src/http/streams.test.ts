// Streamed bodies both ways: multipart uploads read from disk as they are sent, and downloads
// handed over unread (responseType 'stream'), with the client's rules (credentials, retries,
// timeouts, errors) unchanged.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { AtlError } from '../errors.js';
import { createHttpClient } from './client.js';
import { multipartFiles } from './multipart.js';
import { sendJson, startTestServer, testClientOptions, type TestServer } from './test-server.js';

const TOKEN = 'tok-SECRET-123456';
const BASIC = `Basic ${Buffer.from(`me@example.com:${TOKEN}`).toString('base64')}`;

let server: TestServer;
let other: TestServer;
let dir: string;

beforeAll(async () => {
  server = await startTestServer();
  other = await startTestServer();
  dir = await mkdtemp(join(tmpdir(), 'atl-streams-'));
});
afterAll(async () => {
  await server.close();
  await other.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  server.requests.length = 0;
  other.requests.length = 0;
});

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe('multipart upload from disk', () => {
  test('sends each file as a part with its name and type, the announced length matching the body', async () => {
    const a = join(dir, 'notes.txt');
    const b = join(dir, 'say "hi".png');
    await writeFile(a, 'first file\n');
    await writeFile(b, Buffer.from([0, 1, 2, 255]));
    server.handle((_req, res) => sendJson(res, 200, []));
    const body = await multipartFiles([
      { field: 'file', path: a },
      { field: 'file', path: b },
    ]);
    await createHttpClient(testClientOptions(server.url)).post('/upload', body, { headers: { 'X-Atlassian-Token': 'no-check' } });
    const [req] = server.requests;
    const boundary = /boundary=(\S+)$/.exec(String(req!.headers['content-type']))![1]!;
    expect(req!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(req!.headers['x-atlassian-token']).toBe('no-check');
    expect(req!.headers.authorization).toBe(BASIC);
    expect(Number(req!.headers['content-length'])).toBe(body.length);
    expect(req!.body).toContain(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="notes.txt"\r\nContent-Type: text/plain\r\n\r\nfirst file\n\r\n`,
    );
    expect(req!.body).toContain('filename="say %22hi%22.png"\r\nContent-Type: image/png\r\n\r\n');
    expect(req!.body.endsWith(`--${boundary}--\r\n`)).toBe(true);
  });

  test('text fields (a comment with accents, minorEdit) go before the files, counted in the announced length', async () => {
    const a = join(dir, 'fields.txt');
    await writeFile(a, 'data');
    server.handle((_req, res) => sendJson(res, 200, {}));
    const body = await multipartFiles(
      [{ field: 'file', path: a }],
      [
        { field: 'minorEdit', value: 'true' },
        { field: 'comment', value: 'révision 2' },
      ],
    );
    await createHttpClient(testClientOptions(server.url)).put('/upload', body);
    const [req] = server.requests;
    const boundary = /boundary=(\S+)$/.exec(String(req!.headers['content-type']))![1]!;
    expect(Number(req!.headers['content-length'])).toBe(body.length);
    expect(Buffer.byteLength(req!.body)).toBe(body.length);
    expect(
      req!.body.startsWith(
        `--${boundary}\r\nContent-Disposition: form-data; name="minorEdit"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\ntrue\r\n`,
      ),
    ).toBe(true);
    expect(req!.body).toContain('name="comment"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nrévision 2\r\n');
    expect(req!.body.indexOf('name="comment"')).toBeLessThan(req!.body.indexOf('filename="fields.txt"'));
  });

  test('a 307 redirect and a retried 429 send the whole body again from the file', async () => {
    const file = join(dir, 'again.txt');
    await writeFile(file, 'x'.repeat(100_000));
    let calls = 0;
    server.handle((req, res) => {
      calls++;
      if (calls === 1) return res.writeHead(307, { location: '/second' }).end();
      if (calls === 2) return sendJson(res, 429, {}, { 'retry-after': '0' });
      return sendJson(res, 200, { size: req.body.length });
    });
    const body = await multipartFiles([{ field: 'file', path: file }]);
    const answer = await createHttpClient(testClientOptions(server.url)).post<{ size: number }>('/first', body);
    expect(server.requests.map((r) => r.url)).toEqual(['/first', '/second', '/first']);
    expect(server.requests.every((r) => r.body.length === body.length)).toBe(true);
    expect(answer.size).toBe(body.length);
  });

  test('a file that does not exist is refused before anything is sent', async () => {
    await expect(multipartFiles([{ field: 'file', path: join(dir, 'missing.bin') }])).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(multipartFiles([{ field: 'file', path: dir }])).rejects.toThrow(/is not a file/);
  });
});

describe('streamed download', () => {
  test('hands a 2xx body over unread; a redirect to another origin drops Authorization', async () => {
    other.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write('part one, ');
      setTimeout(() => res.end('part two'), 20);
    });
    server.handle((_req, res) => res.writeHead(303, { location: `${other.url}/media/file?token=signed` }).end());
    const response = await createHttpClient(testClientOptions(server.url)).request<ReadableStream<Uint8Array>>('/content/1', {
      responseType: 'stream',
    });
    expect(response.data).toBeInstanceOf(ReadableStream);
    expect(response.url).toBe(`${other.url}/media/file?token=signed`);
    expect(await text(response.data)).toBe('part one, part two');
    expect(server.requests[0]!.headers.authorization).toBe(BASIC);
    expect(other.requests[0]!.headers.authorization).toBeUndefined();
  });

  test('an error status is read and thrown as usual (404 → exit 4)', async () => {
    server.handle((_req, res) => sendJson(res, 404, { errorMessages: ['The attachment does not exist'], errors: {} }));
    const err = await createHttpClient(testClientOptions(server.url))
      .request('/content/2', { responseType: 'stream' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtlError);
    expect((err as AtlError).exitCode).toBe(4);
  });

  test('the timeout applies to each wait for data, not to the whole download', async () => {
    server.handle((_req, res) => {
      res.writeHead(200);
      // 4 chunks 150 ms apart: 450 ms in all, each wait under the 300 ms timeout.
      let n = 0;
      const timer = setInterval(() => {
        res.write(`chunk${n} `);
        if (++n === 4) {
          clearInterval(timer);
          res.end();
        }
      }, 150);
    });
    const client = createHttpClient(testClientOptions(server.url));
    const slow = await client.request<ReadableStream<Uint8Array>>('/slow', { responseType: 'stream', timeoutMs: 300 });
    expect(await text(slow.data)).toBe('chunk0 chunk1 chunk2 chunk3 ');

    server.handle((_req, res) => {
      res.writeHead(200);
      res.write('start ');
      // then nothing: the stalled body times out
    });
    const stalled = await client.request<ReadableStream<Uint8Array>>('/stalled', { responseType: 'stream', timeoutMs: 200 });
    const err = await text(stalled.data).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtlError);
    expect((err as AtlError).code).toBe('timeout');
  });
});
