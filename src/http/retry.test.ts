import { describe, expect, test } from 'vitest';
import {
  DEFAULT_TIMEOUT_MS,
  MAX_WAIT_MS,
  backoffDelay,
  formatWait,
  isRetriableFailure,
  isRetriableStatus,
  parseRetryAfter,
  planRetry,
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
