import { describe, expect, test } from 'vitest';
import { HeaderMap, headerEntries } from './headers.js';

describe('HeaderMap', () => {
  test('names are case-insensitive and kept lower-case; repeated headers join as fetch joins them', () => {
    const headers = new HeaderMap({ Accept: 'application/json' });
    headers.append('X-Trace', 'a');
    headers.append('x-trace', ' b ');
    expect(headers.get('ACCEPT')).toBe('application/json');
    expect(headers.get('x-trace')).toBe('a, b');
    expect(headers.has('X-TRACE')).toBe(true);
    headers.delete('X-Trace');
    expect(headers.get('x-trace')).toBeNull();
    expect(headers.toRecord()).toEqual({ accept: 'application/json' });
  });

  test('iterates in name order, as fetch does, so debug output reads the same on both transports', () => {
    const headers = new HeaderMap([
      ['zeta', '1'],
      ['Alpha', '2'],
    ]);
    expect([...headers]).toEqual([
      ['alpha', '2'],
      ['zeta', '1'],
    ]);
    const seen: string[] = [];
    headers.forEach((value, name) => {
      seen.push(`${name}=${value}`);
    });
    expect(seen).toEqual(['alpha=2', 'zeta=1']);
  });

  test("copies another map or fetch's Headers", () => {
    expect(new HeaderMap(new HeaderMap({ a: '1' })).get('a')).toBe('1');
    expect(new HeaderMap(new Headers({ b: '2' })).get('B')).toBe('2');
  });

  test('refuses a value with a line break or a bad name, naming the header but never quoting the value', () => {
    const headers = new HeaderMap();
    expect(() => headers.set('authorization', 'Bearer secret\nx')).toThrow('the value of header "authorization" holds a line break');
    expect(() => headers.set('authorization', 'Bearer secret\nx')).not.toThrow(/secret/);
    expect(() => headers.append('bad name', 'v')).toThrow('"bad name" is not a valid HTTP header name');
  });
});

describe('headerEntries', () => {
  test('keeps names as given for a plain object, for printing', () => {
    expect([...headerEntries({ Location: '/x' })]).toEqual([['Location', '/x']]);
  });
});
