/**
 * The subset of fetch the client uses, over node:http and node:https.
 *
 * Why not Node's built-in fetch: on Node 20 and 22 its HTTP parser (llhttp) is WebAssembly that
 * is compiled afresh in every process on the first request, about 0.2 s of CPU — as much as the
 * rest of a typical `atl jira …` run together (see bench/). A CLI starts a new process per command,
 * so that cost is paid every time. node:http parses in native code and costs nothing to start.
 *
 * It behaves as fetch does where the client depends on it: `redirect: 'manual'` (redirects are
 * returned, never followed: the client follows them itself so that credentials never cross
 * origins), `signal` aborts the request and the body, gzip/deflate/br bodies are decoded, a
 * connection failure rejects with TypeError("fetch failed") whose cause is the system error, a
 * body cut mid-stream errors with TypeError("terminated"), and the ports the fetch standard
 * blocks are refused ("bad port"), so direct and proxied runs (undici's fetch) agree.
 */
import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import type { Readable } from 'node:stream';
import { HeaderMap } from './headers.js';
import type { FetchFunction, FetchResponse } from './types.js';

/** The fetch standard's "bad ports" (https://fetch.spec.whatwg.org/#port-blocking). */
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117,
  119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636,
  989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** Statuses whose response has no body (a Response with one cannot even be built). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

const fetchFailed = (cause: unknown): TypeError => new TypeError('fetch failed', { cause });

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** The request body as bytes (what the client sends: strings, bytes, form parameters, blobs). */
async function bodyBytes(body: RequestInit['body'], headers: Record<string, string>): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (body instanceof URLSearchParams) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
    return Buffer.from(body.toString(), 'utf8');
  }
  if (body instanceof Blob) {
    if (body.type) headers['content-type'] ??= body.type;
    return Buffer.from(await body.arrayBuffer());
  }
  // FormData is turned into bytes by the client before it calls fetch; streams are piped (nodeFetch).
  // (No `instanceof FormData` here: touching that global loads Node's bundled undici; see headers.ts.)
  throw new TypeError(`unsupported request body (${Object.prototype.toString.call(body)})`);
}

function requestHeaders(init: RequestInit): Record<string, string> {
  // The client passes a plain object; HeaderMap lower-cases and joins whatever else a caller gives.
  const out = new HeaderMap(init.headers as Record<string, string> | Iterable<[string, string]> | undefined).toRecord();
  // As fetch does: ask for compressed bodies (large JSON listings shrink ten-fold) and decode them.
  out['accept-encoding'] ??= 'gzip, deflate, br';
  return out;
}

/** The response body decoded as its Content-Encoding says (one coding; anything else is passed on as is). */
async function decoded(res: IncomingMessage): Promise<Readable> {
  const coding = String(res.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== 'deflate' && coding !== 'br') return res;
  const zlib = await import('node:zlib');
  const decoder =
    coding === 'br'
      ? zlib.createBrotliDecompress()
      : coding === 'deflate'
        ? zlib.createInflate()
        : zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  res.on('error', (err) => decoder.destroy(err));
  return res.pipe(decoder);
}

/**
 * The body as a web stream, pulled (so a slow reader holds the socket back), with a failure
 * mid-stream reported as undici's fetch reports it: TypeError("terminated") with the cause.
 */
function webBody(source: Readable, res: IncomingMessage): ReadableStream<Uint8Array> {
  let failure: unknown;
  // IncomingMessage says "aborted" when the connection closes before the body is complete.
  res.on('aborted', () => (failure ??= Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' })));
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = (await iterator.next()) as IteratorResult<Buffer>;
        if (next.done) {
          if (failure !== undefined || !res.complete) throw failure ?? new Error('other side closed');
          controller.close();
        } else {
          controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
        }
      } catch (err) {
        controller.error(
          err instanceof DOMException && err.name === 'AbortError' ? err : new TypeError('terminated', { cause: failure ?? err }),
        );
      }
    },
    async cancel() {
      await iterator.return?.();
      res.destroy();
    },
  });
}

/** What fetch's Response offers the client, without building one (see headers.ts for why). */
function responseFrom(res: IncomingMessage, body: ReadableStream<Uint8Array> | null): FetchResponse {
  const headers = new HeaderMap();
  // Set-Cookie is kept apart by fetch; the client never reads cookies, so they are joined like the rest.
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  return { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers, body };
}

export const nodeFetch: FetchFunction = async (url, init) => {
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw abortReason(signal);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fetchFailed(new Error(`unsupported protocol ${url.protocol}`));
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  if (BAD_PORTS.has(port)) throw fetchFailed(new Error('bad port'));
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = requestHeaders(init);
  // A stream body (a file being uploaded) is piped as it is read; its length is the caller's header.
  const streamed = init.body instanceof ReadableStream ? init.body : undefined;
  const payload = streamed ? undefined : await bodyBytes(init.body, headers);
  if (payload !== undefined) headers['content-length'] = String(payload.byteLength);
  else if (!streamed && method !== 'GET' && method !== 'HEAD') headers['content-length'] = '0';
  const source = streamed
    ? (await import('node:stream')).Readable.fromWeb(streamed as import('node:stream/web').ReadableStream)
    : undefined;
  const transport = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const options: RequestOptions = { method, headers };

  return new Promise<FetchResponse>((resolve, reject) => {
    let request: ClientRequest;
    let responded = false;
    const onAbort = (): void => {
      const reason = abortReason(signal!);
      request.destroy(reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError'));
      if (!responded) reject(reason);
    };
    try {
      request = transport.request(url, options, (res) => {
        responded = true;
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 599) {
          res.destroy();
          reject(fetchFailed(new Error(`invalid HTTP status ${status}`)));
          return;
        }
        if (method === 'HEAD' || NULL_BODY_STATUSES.has(status)) {
          res.resume();
          signal?.removeEventListener('abort', onAbort);
          resolve(responseFrom(res, null));
          return;
        }
        res.once('end', () => signal?.removeEventListener('abort', onAbort));
        decoded(res).then(
          (source) => resolve(responseFrom(res, webBody(source, res))),
          (err: unknown) => reject(fetchFailed(err)),
        );
      });
    } catch (err) {
      // Invalid header values and the like are refused before anything is sent.
      reject(fetchFailed(err));
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', (err) => {
      if (responded) return; // the body's reader sees it
      signal?.removeEventListener('abort', onAbort);
      reject(signal?.aborted ? abortReason(signal) : fetchFailed(err));
    });
    if (source) {
      // A failing source (a file that cannot be read) fails the request, as fetch does.
      source.once('error', (err) => request.destroy(err));
      // Whatever ends the request (an early answer, an abort, a reset) closes the file too.
      request.once('close', () => source.destroy());
      source.pipe(request);
    } else {
      request.end(payload);
    }
  });
};
