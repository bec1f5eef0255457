import { describe, expect, test } from 'vitest';
import { closeMatches, editDistance } from './suggest.js';

describe('closeMatches', () => {
  test('a prefix, a typo or a different case finds the candidate; unrelated names do not', () => {
    const keys = ['DEMO', 'OPS', 'DESIGN', 'MARKETING'];
    expect(closeMatches('DEM', keys)).toEqual(['DEMO']);
    expect(closeMatches('demo', keys)).toEqual(['DEMO']);
    expect(closeMatches('DMEO', keys)).toEqual([]);
    expect(closeMatches('DEMOX', keys)).toEqual(['DEMO']);
    expect(closeMatches('MARKETNG', keys)).toEqual(['MARKETING']);
    expect(closeMatches('ZZZ', keys)).toEqual([]);
    expect(closeMatches('', keys)).toEqual([]);
  });

  test('closest first, at most max, no repeats', () => {
    expect(closeMatches('Backend', ['Frontend', 'Backend API', 'Backends', 'Backend API'], 2)).toEqual(['Backend API', 'Backends']);
  });

  test('editDistance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});
