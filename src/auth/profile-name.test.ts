import { describe, expect, test } from 'vitest';
import { AtlError } from '../errors.js';
import { validateConfig } from './config.js';
import { assertValidProfileName, isValidProfileName, profileNameProblem } from './profile-name.js';

// Before, login, import and the config loader each had a rule of their own: `-x` and `.hidden`
// passed import and the loader but not login; `a b` failed all three with different words.
describe('one rule for profile names', () => {
  test.each(['default', 'work', 'my-dc.2', 'CI_bot', 'a', 'x'.repeat(64), '9lives'])('%s is valid', (name) => {
    expect(profileNameProblem(name)).toBeNull();
    expect(assertValidProfileName(name)).toBe(name);
  });

  test.each(['', '  ', '-x', '_x', '.hidden', '..', 'a b', 'a:b', 'a/b', 'a\\b', 'ünï', 'x'.repeat(65)])(
    '%j is refused, with exit 2 naming the rule',
    (name) => {
      expect(isValidProfileName(name)).toBe(false);
      let thrown: unknown;
      try {
        assertValidProfileName(name);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(AtlError);
      expect((thrown as AtlError).exitCode).toBe(2);
      expect((thrown as AtlError).message).toBe(`invalid profile name "${name}"`);
      expect((thrown as AtlError).hint).toBe(
        'use letters, digits, ".", "_" and "-", starting with a letter or digit, at most 64 characters',
      );
    },
  );

  test('the config loader applies the same rule to the names in config.yaml', () => {
    const failures: string[] = [];
    const fail = (path: readonly (string | number)[], message: string): never => {
      failures.push(`${path.join('.')}: ${message}`);
      throw new Error(message);
    };
    expect(() => validateConfig({ profiles: { '-x': { site: 'https://w.atlassian.net' } } }, fail)).toThrow();
    expect(failures).toEqual([`profiles.-x: profile name "-x" ${profileNameProblem('-x')}`]);
  });
});
