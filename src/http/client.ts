/**
 * The one HTTP client every command uses to talk to Atlassian.
 *
 * One `request()` is: build the URL (url.ts) → up to MAX_ATTEMPTS attempts (retry.ts), each of
 * which follows redirects by hand and reads the whole body within the per-request timeout →
 * parse the body, or turn a failure into an AtlError (errors.ts).
 *
 * Security rules it enforces:
 * - credentials only to baseUrl's origin: an absolute URL elsewhere, or a redirect to another
 *   origin, loses Authorization and Cookie headers;
 * - credentials never over plain http:// except to loopback (usage error, exit 2, at creation);
 * - everything it writes (debug blocks, retry notices, error messages) passes through
 *   redactSecrets with the client's own password/token, so a server echoing the token cannot
 *   make us print it.
 */
import { AtlError } from '../errors.js';
import {
  changeMayHaveAppliedError,
  httpError,
  invalidJsonError,
  isPermanentNetworkFailure,
  networkError,
  networkFailureKind,
  timeoutError,
} from './errors.js';
import { HeaderMap, type HeaderReader } from './headers.js';
import { redactHeaders, redactSecrets, redactUrl, rememberSecret } from './redact.js';
import {
  ANNOUNCE_WAIT_OVER_MS,
  MAX_ATTEMPTS,
  formatWait,
  isRetriableFailure,
  isRetriableStatus,
  planRetry,
  serverWaitMs,
  timeoutFromEnv,
} from './retry.js';
import { mayChange, pathUnderBase, readOnlyRefusal } from './read-only.js';
import { loadTransport, type TransportChoice } from './transport.js';
import type { FetchResponse, HttpAuth, HttpClient, HttpClientOptions, HttpResponse, RequestOptions, StreamBody } from './types.js';
import { MAX_REDIRECTS, assertCredentialsAllowed, buildUrl, normaliseBaseUrl, redirectStep } from './url.js';

/** What fetch accepts as a body (no DOM lib here, so taken from RequestInit). */
type FetchBody = NonNullable<RequestInit['body']>;

/** A body as the client holds it between attempts: bytes it can resend, or a stream it can reopen. */
type RequestBody = FetchBody | StreamBody;

function isStreamBody(body: unknown): body is StreamBody {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'stream' && 'open' in body;
}

/** Streams that have already shown the insecure-TLS warning: once per run, however many clients. */
const warnedInsecure = new WeakSet<object>();

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What an HTTP header value may hold once its ends are trimmed (RFC 9110 field-vchar, SP, HTAB). */
const HEADER_VALUE_CHARS = /^[\t\x20-\x7e\x80-\xff]*$/;

function authorizationValue(auth: HttpAuth): string | null {
  if (auth === null) return null;
  // fetch rejects such a header with an error that quotes the whole value, token included; say
  // what is wrong without it. (Basic credentials are base64, which is always a valid value.)
  if (auth.type === 'bearer' && !HEADER_VALUE_CHARS.test(auth.token.trim())) {
    throw new AtlError('usage', 'the token contains a line break or another character a token cannot have', {
      hint: 'copy the token again as one line (an editor or terminal may have wrapped it)',
    });
  }
  if (auth.type === 'basic') return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
  return `Bearer ${auth.token}`;
}

/** Everything that must never be printed: the secret itself and the header value built from it. */
function secretsOf(auth: HttpAuth, authorization: string | null): string[] {
  if (auth === null) return [];
  const secret = auth.type === 'basic' ? auth.password : auth.token;
  const out = [secret];
  if (authorization) out.push(authorization.slice(authorization.indexOf(' ') + 1));
  return out;
}

/**
 * FormData, told by its tag: `instanceof FormData` would load Node's bundled undici in every
 * process that sends a body (see headers.ts), for the few commands that upload a form.
 */
function isFormData(body: unknown): body is FormData {
  return Object.prototype.toString.call(body) === '[object FormData]';
}

/** Bodies fetch can send as they are; anything else is JSON. */
function isRawBody(body: unknown): body is string | Uint8Array | ArrayBuffer | Blob | URLSearchParams {
  return (
    typeof body === 'string' ||
    body instanceof Uint8Array ||
    body instanceof ArrayBuffer ||
    body instanceof Blob ||
    body instanceof URLSearchParams
  );
}

interface RawResponse {
  status: number;
  statusText: string;
  headers: HeaderReader;
  url: URL;
  bytes: Uint8Array;
  /** With responseType 'stream' and a 2xx status: the body, unread (`bytes` is then empty). */
  stream?: ReadableStream<Uint8Array>;
}

/** One decoder for every body: decode() without `stream` keeps no state between calls. */
const utf8 = new TextDecoder();

/**
 * The whole body as one array. Read by hand rather than with arrayBuffer(), which copies every
 * body once more after joining its chunks (a 100-issue search page is ~165 KB). The saving is
 * small: profiles put it at 10-20 ms over 100 pages, below what `npm run bench` can resolve.
 */
export async function readBody(response: FetchResponse): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.byteLength;
  }
  const joined = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
  // A plain Uint8Array view, as arrayBuffer() gave: callers of responseType 'bytes' get no Buffer.
  return new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength);
}

/**
 * A streamed response body whose every wait for data is timed (`restart` on each chunk), which
 * says when it ends however it ends (`finish`), and whose failures are AtlErrors (`failure`).
 */
function timedBody(
  body: ReadableStream<Uint8Array>,
  hooks: { restart(): void; finish(): void; failure(err: unknown): AtlError },
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  hooks.restart();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          hooks.finish();
          controller.close();
          return;
        }
        hooks.restart();
        controller.enqueue(value);
      } catch (err) {
        hooks.finish();
        controller.error(hooks.failure(err));
      }
    },
    async cancel(reason) {
      hooks.finish();
      await reader.cancel(reason).catch(() => undefined);
    },
  });
}

/** Methods whose request changes nothing on the server, whatever became of it. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Why an attempt did not produce a response. */
class AttemptFailure extends Error {
  constructor(
    readonly error: AtlError,
    /** Another attempt would fail the same way (a refused certificate, a bad port). */
    readonly permanent = false,
    /** The request may have reached the server (cut, reset, timed out), so a change may have been made. */
    readonly mayHaveArrived = false,
  ) {
    super(error.message);
  }
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const baseUrl = normaliseBaseUrl(options.baseUrl);
  const baseOrigin = new URL(baseUrl).origin;
  if (options.auth !== null) assertCredentialsAllowed(baseUrl);
  const defaultTimeoutMs = timeoutFromEnv(options.env);
  const authorization = authorizationValue(options.auth);
  const secrets = secretsOf(options.auth, authorization);
  for (const secret of secrets) rememberSecret(secret);
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const insecure = options.insecure === true;

  /** The single way this client writes to stderr. */
  const say = (text: string): void => {
    options.stderr.write(redactSecrets(text.endsWith('\n') ? text : `${text}\n`, secrets));
  };
  const scrub = (error: AtlError): AtlError => {
    const message = redactSecrets(error.message, secrets);
    const hint = error.hint === undefined ? undefined : redactSecrets(error.hint, secrets);
    if (message === error.message && hint === error.hint) return error;
    return new AtlError(error.code, message, {
      exitCode: error.exitCode,
      ...(hint === undefined ? {} : { hint }),
      ...(error.status === undefined ? {} : { status: error.status }),
    });
  };

  /** Any error leaving the client: AtlErrors scrubbed; others (fetch's TypeErrors quote header values) too. */
  const scrubAny = (err: unknown): unknown => {
    if (err instanceof AtlError) return scrub(err);
    if (err instanceof Error && redactSecrets(err.message, secrets) !== err.message) {
      // Not kept as `cause`: --debug prints the cause's stack, message and all.
      return new AtlError('failure', redactSecrets(err.message, secrets));
    }
    return err;
  };

  let transport: Promise<TransportChoice> | undefined;
  const getTransport = (): Promise<TransportChoice> => {
    if (!transport) {
      if (insecure && !warnedInsecure.has(options.stderr)) {
        warnedInsecure.add(options.stderr);
        say(
          `atl: WARNING: TLS certificate verification is OFF for ${new URL(baseUrl).host} (profile setting insecure: true). ` +
            'Anyone on the network path can read your token; use NODE_EXTRA_CA_CERTS with your CA instead.',
        );
      }
      transport = loadTransport(options.env, insecure).then((choice) => {
        if (options.debug && choice.description !== 'direct') say(`atl: transport: ${choice.description}`);
        return choice;
      });
    }
    return transport;
  };

  function debugRequest(method: string, url: URL, headers: HeaderMap): void {
    if (!options.debug) return;
    const lines = [`--> ${method} ${redactUrl(url)}`];
    for (const [name, value] of redactHeaders(headers)) lines.push(`    ${name}: ${value}`);
    say(lines.join('\n'));
  }

  function debugResponse(response: FetchResponse, url: URL, elapsedMs: number): void {
    if (!options.debug) return;
    const lines = [`<-- ${response.status} ${response.statusText} ${redactUrl(url)} (${Math.round(elapsedMs)} ms)`];
    for (const [name, value] of redactHeaders(response.headers)) lines.push(`    ${name}: ${value}`);
    say(lines.join('\n'));
  }

  /** One attempt: fetch, follow redirects by hand, read the whole body, all within `timeoutMs`. */
  async function attempt(
    startUrl: URL,
    startMethod: string,
    startHeaders: HeaderMap,
    body: RequestBody | undefined,
    timeoutMs: number,
    callerSignal: AbortSignal | undefined,
    streamed: boolean,
  ): Promise<RawResponse> {
    const { fetch } = await getTransport();
    const controller = new AbortController();
    let timedOut = false;
    const expire = (): void => {
      timedOut = true;
      controller.abort();
    };
    let timer = setTimeout(expire, timeoutMs);
    /** Set once a streamed body is handed over: its reader then owns the timer and the listener. */
    let handedOver = false;
    const onCallerAbort = (): void => controller.abort();
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    let url = startUrl;
    let method = startMethod;
    let headers = startHeaders;
    let sendBody = body;
    const failed = (err: unknown, elapsedMs: number): AttemptFailure => {
      if (callerSignal?.aborted) return new AttemptFailure(new AtlError('interrupted', 'request cancelled'));
      const error = timedOut ? timeoutError(url, timeoutMs) : networkError(url, err);
      if (options.debug) say(`<-- ${error.message} ${redactUrl(url)} (${Math.round(elapsedMs)} ms)`);
      if (timedOut) return new AttemptFailure(error, false, true);
      return new AttemptFailure(error, isPermanentNetworkFailure(url, err), networkFailureKind(url, err) === 'unknown');
    };
    try {
      if (callerSignal?.aborted) throw new AttemptFailure(new AtlError('interrupted', 'request cancelled'));
      for (let hop = 0; ; hop++) {
        debugRequest(method, url, headers);
        const started = performance.now();
        let response: FetchResponse;
        try {
          const init: RequestInit & { duplex?: 'half' } = {
            method,
            headers: headers.toRecord(),
            redirect: 'manual',
            signal: controller.signal,
          };
          if (isStreamBody(sendBody)) {
            init.body = sendBody.open();
            init.duplex = 'half'; // what fetch asks of a stream body (undici's, used with a proxy)
          } else if (sendBody !== undefined) {
            init.body = sendBody;
          }
          response = await fetch(url, init);
        } catch (err) {
          throw failed(err, performance.now() - started);
        }
        debugResponse(response, url, performance.now() - started);
        const next = redirectStep(response.status, response.headers.get('location'), url, method, headers);
        if (next) {
          await response.body?.cancel().catch(() => undefined);
          if (hop >= MAX_REDIRECTS) {
            throw new AtlError('failure', `too many redirects (more than ${MAX_REDIRECTS}) starting at ${redactUrl(startUrl)}`);
          }
          url = next.url;
          method = next.method;
          headers = next.headers;
          if (!next.keepBody) sendBody = undefined;
          continue;
        }
        const responseHeaders = response.headers;
        const ok = response.status >= 200 && response.status < 300;
        if (streamed && ok && response.body !== null) {
          handedOver = true;
          const stream = timedBody(response.body, {
            restart: () => {
              clearTimeout(timer);
              timer = setTimeout(expire, timeoutMs);
            },
            finish: () => {
              clearTimeout(timer);
              callerSignal?.removeEventListener('abort', onCallerAbort);
            },
            failure: (err) => {
              if (callerSignal?.aborted) return new AtlError('interrupted', 'request cancelled');
              return scrub(timedOut ? timeoutError(url, timeoutMs) : networkError(url, err));
            },
          });
          return {
            status: response.status,
            statusText: response.statusText,
            headers: responseHeaders,
            url,
            bytes: new Uint8Array(0),
            stream,
          };
        }
        let bytes: Uint8Array;
        try {
          bytes = await readBody(response);
        } catch (err) {
          throw failed(err, performance.now() - started);
        }
        return { status: response.status, statusText: response.statusText, headers: responseHeaders, url, bytes };
      }
    } finally {
      if (!handedOver) {
        clearTimeout(timer);
        callerSignal?.removeEventListener('abort', onCallerAbort);
      }
    }
  }

  /**
   * One line on stderr before a retry: a wait over a second, or any wait after the host was not
   * reached (a mistyped or down host is said at once, not after the quiet first retry).
   */
  function retryNotice(what: string, waitMs: number, nextAttempt: number, always = false): void {
    if (!always && waitMs <= ANNOUNCE_WAIT_OVER_MS) return;
    // Counted in retries, the first retry being 1 (an earlier count of attempts began at 2).
    say(`atl: ${what}; retrying in ${formatWait(waitMs)} (retry ${nextAttempt - 1} of ${MAX_ATTEMPTS - 1})`);
  }

  async function request<T = unknown>(pathOrUrl: string, requestOptions: RequestOptions = {}): Promise<HttpResponse<T>> {
    const method = (requestOptions.method ?? 'GET').toUpperCase();
    let url: URL;
    try {
      url = buildUrl(baseUrl, pathOrUrl, requestOptions.query);
    } catch {
      throw new AtlError('usage', `invalid URL or path: ${redactSecrets(pathOrUrl, secrets)}`);
    }
    const ourOrigin = url.origin === baseOrigin;
    // A read-only run refuses a change here, before anything is encoded or sent.
    if (options.readOnlyRun && mayChange(method, pathUnderBase(url, baseUrl))) {
      const reason = await options.readOnlyRun.reason();
      if (reason !== null) throw scrub(readOnlyRefusal(options.readOnlyRun, reason, method, url));
    }

    const headers = new HeaderMap({ accept: 'application/json', 'user-agent': options.userAgent });
    let body: RequestBody | undefined;
    if (requestOptions.body !== undefined) {
      if (isFormData(requestOptions.body)) {
        // Encoded here once: the multipart bytes replay on retries and redirects, and undici's own
        // fetch (used with a proxy) does not recognise Node's global FormData class.
        const encoded = new Response(requestOptions.body);
        body = new Uint8Array(await encoded.arrayBuffer());
        headers.set('content-type', encoded.headers.get('content-type') ?? 'multipart/form-data');
      } else if (isStreamBody(requestOptions.body)) {
        body = requestOptions.body;
        headers.set('content-type', body.contentType);
        headers.set('content-length', String(body.length));
      } else if (isRawBody(requestOptions.body)) {
        body = requestOptions.body as RequestBody;
      } else {
        body = JSON.stringify(requestOptions.body);
        headers.set('content-type', 'application/json');
      }
    }
    try {
      for (const [name, value] of Object.entries(requestOptions.headers ?? {})) headers.set(name, value);
      if (ourOrigin && authorization && !headers.has('authorization')) headers.set('authorization', authorization);
    } catch (err) {
      // HeaderMap names the header, never its value; nothing has been sent.
      throw err instanceof TypeError ? scrub(new AtlError('usage', err.message)) : scrubAny(err);
    }
    if (ourOrigin) {
      if (headers.has('authorization')) assertCredentialsAllowed(url);
    } else {
      // Not our site: whatever credentials the caller or we hold stay home.
      for (const name of ['authorization', 'cookie', 'proxy-authorization']) headers.delete(name);
    }

    const timeoutMs = requestOptions.timeoutMs ?? defaultTimeoutMs;
    const readOnly = requestOptions.readOnly === true;
    const host = url.host;
    let waitedMs = 0;
    let raw: RawResponse | undefined;
    let note: string | undefined;
    for (let attemptNo = 1; ; attemptNo++) {
      try {
        raw = await attempt(url, method, headers, body, timeoutMs, requestOptions.signal, requestOptions.responseType === 'stream');
      } catch (err) {
        if (!(err instanceof AttemptFailure)) throw scrubAny(err);
        const failure = err.error;
        if (failure.code === 'interrupted' || err.permanent) throw scrub(failure);
        if (!isRetriableFailure(method, readOnly)) {
          const changed = err.mayHaveArrived && !readOnly && !READ_METHODS.has(method);
          throw scrub(changed ? changeMayHaveAppliedError(failure, requestOptions.checkApplied) : failure);
        }
        const plan = planRetry(attemptNo, null, waitedMs, random);
        if (!plan.retry) throw scrub(failure);
        // Not reached: said with its cause (host not found, connection refused) at the first retry.
        const timedOut = failure.code === 'timeout';
        retryNotice(timedOut ? `no answer in time from ${host}` : failure.message, plan.waitMs, attemptNo + 1, !timedOut);
        await sleep(plan.waitMs);
        waitedMs += plan.waitMs;
        continue;
      }
      if (!isRetriableStatus(method, raw.status, readOnly)) break;
      const plan = planRetry(attemptNo, serverWaitMs(raw.headers), waitedMs, random);
      if (!plan.retry) {
        note = plan.reason ?? (attemptNo > 1 ? `gave up after ${attemptNo} attempts` : undefined);
        break;
      }
      retryNotice(`${raw.status === 429 ? 'rate limited by' : `HTTP ${raw.status} from`} ${host}`, plan.waitMs, attemptNo + 1);
      await sleep(plan.waitMs);
      waitedMs += plan.waitMs;
    }

    const ok = raw.status >= 200 && raw.status < 300;
    if (!ok && !requestOptions.allowErrorStatus) {
      const text = utf8.decode(raw.bytes);
      throw scrub(httpError({ status: raw.status, method, url: raw.url, body: text, ...(note ? { note } : {}) }));
    }
    return { status: raw.status, headers: raw.headers, url: raw.url.toString(), data: decodeBody<T>(raw, requestOptions, ok, method) };
  }

  const client: HttpClient = {
    baseUrl,
    request,
    async get<T>(pathOrUrl: string, opts?: Omit<RequestOptions, 'method'>): Promise<T> {
      return (await request<T>(pathOrUrl, { ...opts, method: 'GET' })).data;
    },
    async post<T>(pathOrUrl: string, body?: unknown, opts?: Omit<RequestOptions, 'method' | 'body'>): Promise<T> {
      return (await request<T>(pathOrUrl, { ...opts, method: 'POST', body })).data;
    },
    async put<T>(pathOrUrl: string, body?: unknown, opts?: Omit<RequestOptions, 'method' | 'body'>): Promise<T> {
      return (await request<T>(pathOrUrl, { ...opts, method: 'PUT', body })).data;
    },
    async delete<T>(pathOrUrl: string, opts?: Omit<RequestOptions, 'method'>): Promise<T> {
      return (await request<T>(pathOrUrl, { ...opts, method: 'DELETE' })).data;
    },
  };
  return client;
}

/**
 * The body as the caller asked for it. JSON: empty → null; invalid JSON in a 2xx is an error,
 * in an error response (allowErrorStatus) the text is returned as it is, since error pages are often HTML.
 */
function decodeBody<T>(raw: RawResponse, options: RequestOptions, ok: boolean, method: string): T {
  // The caller names T; we can only promise the shape the server sent, as every HTTP client does.
  const type = options.responseType ?? 'json';
  if (raw.stream) return raw.stream as T;
  if (type === 'bytes') return raw.bytes as T;
  const text = utf8.decode(raw.bytes);
  if (type === 'text') return text as T;
  if (method === 'HEAD') return null as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    // Only here is the body checked for being blank (JSON.parse rejects a blank text): trimming
    // every page of a long listing just to find it was not blank cost time on each one.
    if (text.trim() === '') return null as T;
    if (!ok) return text as T;
    throw invalidJsonError(raw.url, raw.status);
  }
}
