/**
 * When and how long the HTTP client waits before trying a request again.
 *
 * What is retried:
 * - 429 Too Many Requests, on any method (the server did not act on the request);
 * - 502/503/504 on GET, HEAD, PUT and DELETE (idempotent), never POST or PATCH (might have applied);
 * - network errors, cut bodies and timeouts on GET and HEAD only (the request may have arrived);
 * - never a permanent failure: a TLS certificate the client refuses, a port fetch will not use
 *   (errors.ts `isPermanentNetworkFailure`): another attempt gives the same answer.
 *
 * Read-only POSTs: some reads are POSTs because their query is too big for a URL (Jira Cloud
 * `/rest/api/3/search/jql`, `/search/approximate-count`, `/expression/eval`). They change nothing,
 * so they set `readOnly: true` in RequestOptions and are retried exactly like a GET. Every later
 * read-only POST (Confluence CQL search, JSM/Assets searches, Bitbucket queries...) must set it too,
 * or one transient 503 fails a whole listing.
 *
 * How long to wait, when the server says: `Retry-After` (seconds or an HTTP date); without it,
 * Atlassian's `X-RateLimit-Reset` (an ISO 8601 time such as 2024-06-10T12:00Z; epoch seconds are
 * accepted too), then `Beta-Retry-After` (seconds, sent by Atlassian's newer rate limiter).
 *
 * Limits (chosen so an interactive run never hangs for long, and scripts still ride out a
 * short rate-limit burst):
 * - at most MAX_ATTEMPTS (4) attempts in all, i.e. 3 waits;
 * - no single wait longer than MAX_WAIT_MS (30 s): when the server's Retry-After asks for more,
 *   we give up at once and report it, rather than hammer it early or sit silently for minutes;
 * - no more than TOTAL_WAIT_MS (60 s) of waiting across all attempts of one request.
 * Without Retry-After the wait is capped exponential backoff with "equal jitter":
 * half of min(MAX_WAIT_MS, BASE_DELAY_MS * 2^(n-1)) plus a random share of the other half.
 */
import { AtlError } from '../errors.js';
import type { HeaderReader } from './headers.js';

export const MAX_ATTEMPTS = 4;
export const MAX_WAIT_MS = 30_000;
export const TOTAL_WAIT_MS = 60_000;
export const BASE_DELAY_MS = 1_000;
/** Waits longer than this are announced on stderr (one line each). */
export const ANNOUNCE_WAIT_OVER_MS = 1_000;
export const DEFAULT_TIMEOUT_MS = 30_000;

const SAFE_METHODS = new Set(['GET', 'HEAD']);
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** Whether a response status is worth another attempt for this method (`readOnly`: a POST that only reads). */
export function isRetriableStatus(method: string, status: number, readOnly = false): boolean {
  if (status === 429) return true;
  if (status === 502 || status === 503 || status === 504) return readOnly || IDEMPOTENT_METHODS.has(method.toUpperCase());
  return false;
}

/** Whether a network failure or timeout is worth another attempt for this method (`readOnly`: a POST that only reads). */
export function isRetriableFailure(method: string, readOnly = false): boolean {
  return readOnly || SAFE_METHODS.has(method.toUpperCase());
}

/**
 * Retry-After as milliseconds from `now`: delta-seconds ("120") or an HTTP date. Null when absent
 * or unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only accept something that looks like a date: Date.parse is lenient with plain words.
  if (!/[a-z]/i.test(text) || !/\d/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/**
 * Atlassian's X-RateLimit-Reset as milliseconds from `now`: an ISO 8601 time ("2024-06-10T12:00Z",
 * minute precision in Jira Cloud's docs) or, defensively, epoch seconds as other APIs send it.
 * Null when absent or unreadable; a time in the past means "now" (0).
 */
export function parseRateLimitReset(value: string | null | undefined, now: number = Date.now()): number | null {
  const text = value?.trim() ?? '';
  if (text === '') return null;
  // Ten digits and more are epoch seconds (a plain small number would be a delta, which this header never is).
  if (/^\d{9,}$/.test(text)) return Math.max(0, Number(text) * 1000 - now);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** How long the server asked us to wait, from whichever header it sent (see the top of this file); null when none. */
export function serverWaitMs(headers: HeaderReader, now: number = Date.now()): number | null {
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  if (retryAfter !== null) return retryAfter;
  const reset = parseRateLimitReset(headers.get('x-ratelimit-reset'), now);
  if (reset !== null) return reset;
  const beta = headers.get('beta-retry-after')?.trim() ?? '';
  return /^\d+$/.test(beta) ? Number(beta) * 1000 : null;
}

/** Capped exponential backoff with equal jitter, for the wait before attempt `nextAttempt` (2, 3, 4). */
export function backoffDelay(nextAttempt: number, random: () => number): number {
  const ceiling = Math.min(MAX_WAIT_MS, BASE_DELAY_MS * 2 ** Math.max(0, nextAttempt - 2));
  const half = ceiling / 2;
  return Math.round(half + random() * half);
}

export type RetryPlan =
  | { retry: true; waitMs: number }
  /** `reason` explains why we stopped when the server asked for a wait we will not make. */
  | { retry: false; reason?: string };

/**
 * Whether to try again after attempt `attempt` (1-based) failed, and how long to wait first.
 * `retryAfterMs` is the server's Retry-After, if any; `waitedMs` what this request already waited.
 */
export function planRetry(attempt: number, retryAfterMs: number | null, waitedMs: number, random: () => number): RetryPlan {
  if (attempt >= MAX_ATTEMPTS) return { retry: false };
  if (retryAfterMs !== null && retryAfterMs > MAX_WAIT_MS) {
    return { retry: false, reason: `the server asked to wait ${Math.ceil(retryAfterMs / 1000)}s before retrying` };
  }
  const waitMs = retryAfterMs ?? backoffDelay(attempt + 1, random);
  if (waitedMs + waitMs > TOTAL_WAIT_MS) {
    return { retry: false, reason: `gave up after waiting ${Math.round(waitedMs / 1000)}s in all` };
  }
  return { retry: true, waitMs };
}

/**
 * The per-request timeout from ATL_TIMEOUT: "45" and "45s" are seconds, "500ms" milliseconds,
 * "2m" minutes. Unset or empty means the 30 s default. Anything else is a usage error.
 */
export function timeoutFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.ATL_TIMEOUT;
  if (raw === undefined || raw.trim() === '') return DEFAULT_TIMEOUT_MS;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i.exec(raw);
  const amount = match ? Number(match[1]) : NaN;
  const unit = (match?.[2] ?? 's').toLowerCase();
  const ms = Math.round(amount * (unit === 'ms' ? 1 : unit === 'm' ? 60_000 : 1000));
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new AtlError('usage', `invalid ATL_TIMEOUT value: ${JSON.stringify(raw)}`, {
      hint: 'use a positive number of seconds, e.g. ATL_TIMEOUT=45, ATL_TIMEOUT=45s or ATL_TIMEOUT=500ms',
    });
  }
  return ms;
}

/** "3s", or "500ms" for waits under a second; rounded up so we never promise less than we wait. */
export function formatWait(ms: number): string {
  return ms < 1000 ? `${Math.ceil(ms)}ms` : `${Math.ceil(ms / 1000)}s`;
}
