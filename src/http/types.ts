import type { HeaderReader } from './headers.js';
import type { ReadOnlyRun } from './read-only.js';

/** What the HTTP client sends as Authorization. `null` means an anonymous request. */
export type HttpAuth = { type: 'basic'; username: string; password: string } | { type: 'bearer'; token: string } | null;

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];

export interface RequestOptions {
  method?: string;
  /** Appended to the URL; arrays repeat the key; undefined/null values are left out. */
  query?: Record<string, QueryValue>;
  /**
   * A plain value is sent as JSON; a string, Uint8Array, ArrayBuffer, Blob or URLSearchParams is sent
   * as it is; FormData is sent as multipart/form-data (encoded in memory); a StreamBody (files on
   * disk, see multipart.ts) is streamed.
   */
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * How to read the body: JSON (default; empty body → null), text, raw bytes, or `stream`: a 2xx
   * body is handed over unread as a ReadableStream<Uint8Array> (downloads), which the caller must
   * read to the end or cancel. Error statuses are read and thrown as usual.
   */
  responseType?: 'json' | 'text' | 'bytes' | 'stream';
  /**
   * Per-request timeout in ms; default from ATL_TIMEOUT or 30 s. For a `stream` response it covers
   * the wait for the headers and then each wait for more of the body, not the whole download.
   */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Return non-2xx responses instead of throwing, for callers that show any status as it came.
   * Their `data` is the parsed JSON, or the body text when it is not JSON (HTML error pages).
   */
  allowErrorStatus?: boolean;
  /**
   * This request only reads, whatever its method: a POST that carries a query too big for a URL
   * (Jira Cloud `search/jql`, `search/approximate-count`, `expression/eval`, Confluence CQL...).
   * It is then retried exactly like a GET (5xx, network errors, cut bodies, timeouts). See retry.ts.
   */
  readOnly?: boolean;
  /**
   * For a change (POST, PATCH, PUT, DELETE): how the user can check whether it was made, for the
   * hint shown when the answer is cut off or times out (e.g. the search that finds a new issue).
   */
  checkApplied?: string;
}

/**
 * A request body too big to hold in memory (files on disk): sent as a stream with a known length.
 * `open()` starts it afresh, so a retry or a 307/308 redirect sends it again from the beginning.
 */
export interface StreamBody {
  readonly kind: 'stream';
  /** Sent as Content-Type (for multipart, with its boundary). */
  readonly contentType: string;
  /** Sent as Content-Length. */
  readonly length: number;
  open(): ReadableStream<Uint8Array>;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: HeaderReader;
  data: T;
  /** The final URL after redirects. */
  url: string;
}

export interface HttpClient {
  /** Base URL that relative paths are resolved against (no trailing slash). */
  readonly baseUrl: string;
  /** `pathOrUrl` is a path under baseUrl ("/rest/api/3/myself") or an absolute URL on the same origin. */
  request<T = unknown>(pathOrUrl: string, options?: RequestOptions): Promise<HttpResponse<T>>;
  get<T = unknown>(pathOrUrl: string, options?: Omit<RequestOptions, 'method'>): Promise<T>;
  post<T = unknown>(pathOrUrl: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>): Promise<T>;
  put<T = unknown>(pathOrUrl: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>): Promise<T>;
  delete<T = unknown>(pathOrUrl: string, options?: Omit<RequestOptions, 'method'>): Promise<T>;
}

export interface HttpClientOptions {
  baseUrl: string;
  auth: HttpAuth;
  userAgent: string;
  /** Where debug lines, retry notices and warnings go (normally the process's stderr). */
  stderr: NodeJS.WritableStream;
  debug: boolean;
  env: NodeJS.ProcessEnv;
  /** Skip TLS verification (per-profile `insecure: true`). Warned loudly. */
  insecure?: boolean;
  /**
   * A read-only run: a request that may change something (./read-only.ts) is refused before it is
   * sent, when `reason()` says the run is read-only. Set by the one place clients are made (src/auth/endpoints.ts).
   */
  readOnlyRun?: ReadOnlyRun;
  /** Used by tests to make waits instant. */
  sleep?: (ms: number) => Promise<void>;
  /** Used by tests to make jitter deterministic. */
  random?: () => number;
}

/** What the client reads of a fetch response: node-fetch.ts builds exactly this; undici's Response fits it. */
export interface FetchResponse {
  status: number;
  statusText: string;
  headers: HeaderReader;
  body: ReadableStream<Uint8Array> | null;
}

/** What the client needs from fetch; node-fetch.ts and undici's fetch fit it. */
export type FetchFunction = (url: URL, init: RequestInit) => Promise<FetchResponse>;

/** Where a client made by a ClientMaker sends its requests, and as whom. */
export interface ClientTarget {
  baseUrl: string;
  /** The product the client speaks to, named in a read-only refusal (`Jira`, `Confluence`...). */
  product?: string;
  auth: HttpAuth;
  insecure?: boolean;
}

/** Builds an HTTP client with atl's user agent, debug and stderr. The one place clients are made (src/auth/endpoints.ts). */
export type ClientMaker = (target: ClientTarget) => Promise<HttpClient>;
