import { describe, expect, test } from 'vitest';
import { faultFromJson, FaultSpecError, Faults } from './faults.js';

describe('Faults', () => {
  test('a fault applies to the next N matching requests, then is gone', () => {
    const faults = new Faults();
    faults.add({ path: '/rest/api/3/myself', type: 'status', status: 429, retryAfter: 2, times: 2 });
    expect(faults.take('GET', '/rest/api/2/myself')).toBeNull();
    expect(faults.take('GET', '/rest/api/3/myself')).toEqual({ type: 'status', status: 429, retryAfter: 2 });
    expect(faults.take('GET', '/rest/api/3/myself?x')).toMatchObject({ status: 429 });
    expect(faults.take('GET', '/rest/api/3/myself')).toBeNull();
    expect(faults.list()).toHaveLength(0);
  });

  test('`after` lets that many matching requests through first (a fault in the middle of paging)', () => {
    const faults = new Faults();
    faults.add({ path: '/2.0/repositories', type: 'status', status: 503, after: 2, times: 1 });
    expect(faults.take('GET', '/2.0/repositories/ws/r/pullrequests')).toBeNull();
    expect(faults.take('GET', '/2.0/repositories/ws/r/pullrequests')).toBeNull();
    expect(faults.take('GET', '/2.0/repositories/ws/r/pullrequests')).toEqual({ type: 'status', status: 503 });
    expect(faults.take('GET', '/2.0/repositories/ws/r/pullrequests')).toBeNull();
    expect(() => faults.add({ path: '/x', type: 'cut', after: -1 })).toThrow('after must be a whole number');
  });

  test('method filter, RegExp paths, first added wins, clear()', () => {
    const faults = new Faults();
    faults.add({ path: /^\/rest\/api\/3\/issue\/[A-Z]+-\d+$/g, method: 'put', type: 'status', status: 503 });
    faults.add({ path: '/rest/', type: 'delay', ms: 5, times: 5 });
    expect(faults.take('GET', '/rest/api/3/issue/DEMO-1')).toEqual({ type: 'delay', ms: 5 });
    expect(faults.take('PUT', '/rest/api/3/issue/DEMO-1')).toEqual({ type: 'status', status: 503 });
    faults.clear();
    expect(faults.take('GET', '/rest/x')).toBeNull();
  });

  test('bad specs are refused with a reason', () => {
    const faults = new Faults();
    expect(() => faults.add({ path: '/x', type: 'status', status: 99 })).toThrow(FaultSpecError);
    expect(() => faults.add({ path: '/x', type: 'status', status: 500, times: 0 })).toThrow(/times/);
    expect(() => faults.add({ path: 'x', type: 'cut' })).toThrow(/start with/);
    expect(() => faults.add({ path: '/x', type: 'redirect', location: '/relative' })).toThrow(/absolute/);
    expect(() => faults.add({ path: '/x', type: 'delay', ms: -1 })).toThrow(/ms/);
  });

  test('faultFromJson reads the HTTP form, with pathPattern for regular expressions', () => {
    const spec = faultFromJson({ pathPattern: '^/2\\.0/', type: 'malformed', times: 3 });
    expect(spec.path).toBeInstanceOf(RegExp);
    expect((spec.path as RegExp).test('/2.0/user')).toBe(true);
    expect(faultFromJson({ path: '/wiki', type: 'cut' })).toEqual({ path: '/wiki', type: 'cut' });
    expect(() => faultFromJson({ type: 'cut' })).toThrow(/path/);
    expect(() => faultFromJson({ pathPattern: '(', type: 'cut' })).toThrow(/regular expression/);
    expect(() => faultFromJson({ path: '/x', type: 'explode' })).toThrow(/type must be/);
    expect(() => faultFromJson([1])).toThrow(/object/);
  });

  test('faultFromJson infers a missing type from the other keys (as a hand-typed curl leaves it out)', () => {
    expect(faultFromJson({ path: '/rest/api/3/search/jql', times: 1, status: 429, retryAfter: '2' })).toEqual({
      path: '/rest/api/3/search/jql',
      times: 1,
      status: 429,
      retryAfter: '2',
      type: 'status',
    });
    expect(faultFromJson({ path: '/x', location: 'http://other.example/' })).toMatchObject({ type: 'redirect' });
    expect(faultFromJson({ path: '/x', ms: 50 })).toMatchObject({ type: 'delay' });
    expect(faultFromJson({ path: '/x', seconds: -3600 })).toMatchObject({ type: 'skew', seconds: -3600 });
    expect(() => faultFromJson({ path: '/x', type: 'skew', seconds: 'soon' })).toThrow(/seconds must be a number/);
    expect(() => faultFromJson({ path: '/x' })).toThrow(/type must be/);
  });
});
