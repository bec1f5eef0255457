import { expect, test } from 'vitest';
import { AtlError } from '../errors.js';
import { buildCql, cqlDate } from './cql.js';

test('flags become CQL clauses in a fixed order, ANDed, newest change first', () => {
  expect(
    buildCql(undefined, { space: 'DOCS', type: 'page', title: 'Getting', text: 'release notes', label: ['a,b', 'c'], modified: '-7d' }),
  ).toBe(
    'space = "DOCS" AND type = page AND title ~ "Getting" AND text ~ "release notes" AND label = "a" AND label = "b" AND label = "c" ' +
      'AND lastmodified >= now("-7d") ORDER BY lastmodified DESC',
  );
});

test("the user's CQL is kept in parentheses before the flags, and its own ORDER BY wins", () => {
  expect(buildCql('label = x OR label = y ORDER BY title', { space: 'DOCS' })).toBe(
    '(label = x OR label = y) AND space = "DOCS" ORDER BY title',
  );
  expect(buildCql('type = blogpost', {})).toBe('type = blogpost ORDER BY lastmodified DESC');
});

test('values are quoted so any text is safe', () => {
  expect(buildCql(undefined, { title: 'say "hi" \\ bye' })).toBe('title ~ "say \\"hi\\" \\\\ bye" ORDER BY lastmodified DESC');
});

test('--modified takes what jira search takes, spelled as CQL date functions', () => {
  expect(cqlDate('modified', 'today')).toBe('startOfDay()');
  expect(cqlDate('modified', 'week')).toBe('startOfWeek()');
  expect(cqlDate('modified', '-2w')).toBe('now("-2w")');
  expect(cqlDate('modified', '2026-01-31')).toBe('"2026-01-31"');
  expect(() => cqlDate('modified', 'yesterday')).toThrow(/invalid --modified value "yesterday"/);
});

test('nothing to search for is a usage error naming the flags', () => {
  let error: unknown;
  try {
    buildCql(undefined, {});
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(AtlError);
  expect((error as AtlError).exitCode).toBe(2);
  expect((error as AtlError).hint).toContain('--space KEY');
});
