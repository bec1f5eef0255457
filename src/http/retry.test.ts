import { describe, expect, test } from 'vitest';
import {
  DEFAULT_TIMEOUT_MS,
  MAX_WAIT_MS,
  backoffDelay,
  formatWait,
  isRetriableFailure,
  isRetriableStatus,
  parseRateLimitReset,
  parseRetryAfter,
  planRetry,
  serverWaitMs,
  timeoutFromEnv,
} from './retry.js';

describe('isRetriableStatus', () => {
  test('429 on every method', () => {
    for (const method of ['GET', 'POST', 'PATCH', 'PUT', 'DELETE']) expect(isRetriableStatus(method, 429)).toBe(true);
  });
  test('502/503/504 only on idempotent methods', () => {
    for (const status of [502, 503, 504]) {
      for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'get']) expect(isRetriableStatus(method, status)).toBe(true);
      for (const method of ['POST', 'PATCH']) expect(isRetriableStatus(method, status)).toBe(false);
    }
  });
  test('other statuses are final', () => {
    for (const status of [200, 400, 401, 404, 500, 501]) expect(isRetriableStatus('GET', status)).toBe(false);
  });
  test('network failures only on GET and HEAD', () => {
    expect(isRetriableFailure('GET')).toBe(true);
    expect(isRetriableFailure('HEAD')).toBe(true);
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) expect(isRetriableFailure(method)).toBe(false);
  });
});

describe('read-only POSTs (searches) are retried like GETs', () => {
  test('502/503/504 and network failures on a readOnly POST are retried; on a plain POST or PATCH not', () => {
    for (const status of [502, 503, 504]) {
      expect(isRetriableStatus('POST', status, true)).toBe(true);
      expect(isRetriableStatus('POST', status, false)).toBe(false);
    }
    expect(isRetriableFailure('POST', true)).toBe(true);
    expect(isRetriableFailure('POST')).toBe(false);
    expect(isRetriableStatus('POST', 500, true)).toBe(false);
  });
});

describe('rate-limit headers besides Retry-After', () => {
  const now = Date.parse('2024-06-10T11:59:30Z');
  test('X-RateLimit-Reset: ISO 8601 as Atlassian sends it (minute precision), with seconds, or epoch seconds', () => {
    expect(parseRateLimitReset('2024-06-10T12:00Z', now)).toBe(30_000);
    expect(parseRateLimitReset('2024-06-10T12:00:05.000Z', now)).toBe(35_000);
    expect(parseRateLimitReset(String(now / 1000 + 12), now)).toBe(12_000);
    expect(parseRateLimitReset('2024-06-10T11:00Z', now)).toBe(0);
    for (const value of [null, undefined, '', 'soon', '12', '2024-06-10']) expect(parseRateLimitReset(value, now)).toBeNull();
  });
  test('serverWaitMs: Retry-After first, then X-RateLimit-Reset, then Beta-Retry-After', () => {
    expect(serverWaitMs(new Headers({ 'retry-after': '3', 'x-ratelimit-reset': '2024-06-10T12:00Z', 'beta-retry-after': '9' }), now)).toBe(
      3000,
    );
    expect(serverWaitMs(new Headers({ 'x-ratelimit-reset': '2024-06-10T12:00Z', 'beta-retry-after': '9' }), now)).toBe(30_000);
    expect(serverWaitMs(new Headers({ 'beta-retry-after': '9' }), now)).toBe(9000);
    expect(serverWaitMs(new Headers({ 'beta-retry-after': 'later' }), now)).toBeNull();
    expect(serverWaitMs(new Headers(), now)).toBeNull();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  test('delta seconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });
  test('HTTP date, relative to now; past dates mean now', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:12 GMT', now)).toBe(12_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  });
  test('missing or unreadable is null', () => {
    for (const value of [null, undefined, '', 'soon', '-5', '1.5']) expect(parseRetryAfter(value, now)).toBeNull();
  });
});

describe('backoff and planning', () => {
  test('exponential, capped, with jitter in the upper half', () => {
    expect(backoffDelay(2, () => 0)).toBe(500);
    expect(backoffDelay(2, () => 1)).toBe(1000);
    expect(backoffDelay(3, () => 0.5)).toBe(1500);
    expect(backoffDelay(4, () => 0.5)).toBe(3000);
    expect(backoffDelay(20, () => 1)).toBe(MAX_WAIT_MS);
  });
  test('at most 4 attempts', () => {
    expect(planRetry(3, null, 0, () => 0.5)).toEqual({ retry: true, waitMs: 3000 });
    expect(planRetry(4, null, 0, () => 0.5)).toEqual({ retry: false });
  });
  test('Retry-After wins over backoff, up to the per-wait cap', () => {
    expect(planRetry(1, 30_000, 0, () => 0.5)).toEqual({ retry: true, waitMs: 30_000 });
    const refused = planRetry(1, 31_000, 0, () => 0.5);
    expect(refused.retry).toBe(false);
  });
  test('total wait cap', () => {
    expect(planRetry(2, 20_000, 40_000, () => 0.5)).toEqual({ retry: true, waitMs: 20_000 });
    expect(planRetry(3, 20_000, 41_000, () => 0.5).retry).toBe(false);
  });
});

describe('timeoutFromEnv', () => {
  test('default when unset or empty', () => {
    expect(timeoutFromEnv({})).toBe(DEFAULT_TIMEOUT_MS);
    expect(timeoutFromEnv({ ATL_TIMEOUT: '' })).toBe(DEFAULT_TIMEOUT_MS);
  });
  test.each([
    ['45', 45_000],
    ['45s', 45_000],
    ['500ms', 500],
    ['1.5', 1500],
    ['2m', 120_000],
  ])('%s → %i ms', (value, ms) => {
    expect(timeoutFromEnv({ ATL_TIMEOUT: value })).toBe(ms);
  });
  test.each(['abc', '0', '-1', '10h', '5 seconds', 's'])('%s is a usage error', (value) => {
    expect(() => timeoutFromEnv({ ATL_TIMEOUT: value })).toThrow(expect.objectContaining({ code: 'usage', exitCode: 2 }));
  });
});

test('formatWait rounds up', () => {
  expect(formatWait(2001)).toBe('3s');
  expect(formatWait(3000)).toBe('3s');
  expect(formatWait(400)).toBe('400ms');
});
