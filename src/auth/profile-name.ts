/**
 * The one rule for profile names. A name becomes a keyring account (`<profile>` and
 * `<profile>:bitbucket`), the suffix of ATL_TOKEN_<PROFILE>, and a key in config.yaml, so it is
 * kept plain: letters, digits, ".", "_" and "-", starting with a letter or digit, at most 64
 * characters. Login, init, rename, import and the config loader all apply this rule.
 */
import { usageError } from '../errors.js';

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const PROFILE_NAME_RULE = 'letters, digits, ".", "_" and "-", starting with a letter or digit, at most 64 characters';

/** Why `name` cannot be a profile name, or null when it can. */
export function profileNameProblem(name: string): string | null {
  if (name.trim() === '') return 'is empty';
  if (!PROFILE_NAME.test(name)) return `is not a valid profile name (use ${PROFILE_NAME_RULE})`;
  return null;
}

export function isValidProfileName(name: string): boolean {
  return profileNameProblem(name) === null;
}

/** `name` when it is a valid profile name; otherwise exit 2 saying the rule. */
export function assertValidProfileName(name: string): string {
  if (!isValidProfileName(name)) throw usageError(`invalid profile name "${name}"`, `use ${PROFILE_NAME_RULE}`);
  return name;
}
