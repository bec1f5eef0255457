/**
 * config.yaml's contents: the rules a valid config follows (validateConfig) and the profile-name
 * rules. Reading and writing the file is ./config-store.ts; parsing and rendering the YAML is
 * ./config-document.ts, which imports these rules.
 */
import { usageError } from '../errors.js';
import { profileNameProblem } from './profile-name.js';
import type { AuthType, BitbucketLogin, ConfigFile, ConfluenceLogin, Deployment, GlobalDefaults, Profile, StorageKind } from './types.js';

const AUTH_TYPES: readonly AuthType[] = ['basic', 'bearer'];
const DEPLOYMENTS: readonly Deployment[] = ['cloud', 'datacenter'];
const STORAGE_KINDS: readonly StorageKind[] = ['keyring', 'file'];
export const TOP_KEYS = ['defaultProfile', 'profiles', 'defaults'] as const;
/** The global defaults (`defaults:` in config.yaml, `atl config set KEY VALUE`), with what each value must be. */
export const DEFAULT_KEYS = {
  editor: 'a command line, e.g. "code --wait"',
  pager: 'a command line, e.g. "less -R"',
  output: 'text or json',
} as const;
export type DefaultKey = keyof typeof DEFAULT_KEYS;
const PROFILE_KEYS = [
  'site',
  'email',
  'authType',
  'deployment',
  'storage',
  'scoped',
  'cloudId',
  'tokenExpiresAt',
  'insecure',
  'readOnly',
  'defaultProject',
  'defaultBoard',
  'bitbucket',
  'confluence',
] as const;
const BITBUCKET_KEYS = ['email', 'authType', 'workspace', 'storage', 'site', 'deployment'] as const;
const CONFLUENCE_KEYS = ['site', 'email', 'authType', 'deployment', 'storage', 'tokenExpiresAt'] as const;

export const emptyConfig = (): ConfigFile => ({ defaultProfile: null, profiles: {} });

export type Fail = (keys: string[], message: string, at: 'key' | 'value') => never;

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Map);

/**
 * Checks a config given as plain data (parsed YAML, or what a command built) and returns it in
 * canonical form, with defaults for the optional profile keys. `fail` reports the first problem.
 */
export function validateConfig(raw: unknown, fail: Fail): ConfigFile {
  if (!isRecord(raw)) fail([], `the file must be a mapping with ${TOP_KEYS.join(' and ')}, not ${describe(raw)}`, 'value');
  for (const key of Object.keys(raw)) {
    if (!(TOP_KEYS as readonly string[]).includes(key)) fail([key], `unknown key ${key} (expected ${TOP_KEYS.join(', ')})`, 'key');
  }
  const profilesRaw = raw.profiles ?? {};
  if (!isRecord(profilesRaw)) fail(['profiles'], `profiles must be a mapping of profile names, not ${describe(profilesRaw)}`, 'value');
  const profiles: Record<string, Profile> = {};
  for (const [name, value] of Object.entries(profilesRaw)) {
    const nameProblem = profileNameProblem(name);
    if (nameProblem) fail(['profiles', name], `profile name ${JSON.stringify(name)} ${nameProblem}`, 'key');
    profiles[name] = validateProfile(name, value, fail);
  }
  const defaultProfile = raw.defaultProfile ?? null;
  if (defaultProfile !== null && typeof defaultProfile !== 'string') {
    fail(['defaultProfile'], `defaultProfile must be a profile name or null, not ${describe(defaultProfile)}`, 'value');
  }
  if (defaultProfile !== null && !Object.hasOwn(profiles, defaultProfile)) {
    const known = Object.keys(profiles);
    fail(
      ['defaultProfile'],
      `defaultProfile ${JSON.stringify(defaultProfile)} is not a profile in this file (known: ${known.length ? known.join(', ') : 'none'})`,
      'value',
    );
  }
  const defaults = raw.defaults === undefined || raw.defaults === null ? undefined : validateDefaults(raw.defaults, fail);
  return defaults === undefined ? { defaultProfile, profiles } : { defaultProfile, profiles, defaults };
}

/** A global default's value, or what is wrong with it (shared by config.yaml's rules and `atl config set`). */
export function defaultValueProblem(key: DefaultKey, value: unknown): string | null {
  if (key === 'output') return value === 'text' || value === 'json' ? null : `defaults.output must be text or json, not ${describe(value)}`;
  return typeof value === 'string' && value.trim() !== '' ? null : `defaults.${key} must be ${DEFAULT_KEYS[key]}, not ${describe(value)}`;
}

function validateDefaults(value: unknown, fail: Fail): GlobalDefaults {
  const keys = Object.keys(DEFAULT_KEYS);
  if (!isRecord(value)) fail(['defaults'], `defaults must be a mapping with some of ${keys.join(', ')}, not ${describe(value)}`, 'value');
  const defaults: GlobalDefaults = {};
  for (const [key, item] of Object.entries(value)) {
    if (!keys.includes(key)) fail(['defaults', key], `unknown key defaults.${key} (expected one of ${keys.join(', ')})`, 'key');
    if (item === null) continue;
    const problem = defaultValueProblem(key as DefaultKey, item);
    if (problem) fail(['defaults', key], problem, 'value');
    (defaults as Record<string, string>)[key] = item as string;
  }
  return defaults;
}

/**
 * The name among `names` that differs from `name` only in case, or null (`except` is left out: the
 * profile being renamed). Windows Credential Manager compares names ignoring case, so two such
 * profiles would share one keyring entry and overwrite each other's token.
 */
export function nameDifferingInCase(names: Iterable<string>, name: string, except?: string): string | null {
  const folded = name.toLowerCase();
  for (const other of names) if (other !== name && other !== except && other.toLowerCase() === folded) return other;
  return null;
}

/** Exit 2 when `name` differs only in case from another profile; `useInstead` says how to use that one. */
export function assertProfileNameFreeIgnoringCase(
  config: ConfigFile,
  name: string,
  useInstead: (existing: string) => string,
  except?: string,
): void {
  const existing = nameDifferingInCase(Object.keys(config.profiles), name, except);
  if (existing === null) return;
  throw usageError(
    `a profile named "${existing}" already exists, and profile names are compared ignoring case (the Windows credential store does)`,
    `${useInstead(existing)}, or pick another name`,
  );
}

function validateProfile(name: string, value: unknown, fail: Fail): Profile {
  const at = ['profiles', name];
  const dotted = (key: string) => `profiles.${name}.${key}`;
  if (!isRecord(value)) fail(at, `profiles.${name} must be a mapping with at least site, not ${describe(value)}`, 'value');
  for (const key of Object.keys(value)) {
    if (!(PROFILE_KEYS as readonly string[]).includes(key)) {
      fail([...at, key], `unknown key ${dotted(key)} (expected one of ${PROFILE_KEYS.join(', ')})`, 'key');
    }
  }
  const field = (key: string): unknown => (value[key] === undefined ? undefined : value[key]);
  const site = field('site');
  if (typeof site !== 'string' || !isHttpUrl(site)) {
    if (site === undefined) fail(at, `${dotted('site')} is missing`, 'key');
    fail([...at, 'site'], `${dotted('site')} must be an http(s) URL, not ${describe(site)}`, 'value');
  }
  const profile: Profile = {
    site,
    email: optionalString(field('email'), [...at, 'email'], dotted('email'), fail),
    authType: oneOf(field('authType'), AUTH_TYPES, 'basic', [...at, 'authType'], dotted('authType'), fail),
    deployment: oneOf(field('deployment'), DEPLOYMENTS, defaultDeployment(site), [...at, 'deployment'], dotted('deployment'), fail),
    storage: oneOf(field('storage'), STORAGE_KINDS, 'keyring', [...at, 'storage'], dotted('storage'), fail),
    scoped: boolean(field('scoped'), false, [...at, 'scoped'], dotted('scoped'), fail),
    cloudId: optionalString(field('cloudId'), [...at, 'cloudId'], dotted('cloudId'), fail),
    tokenExpiresAt: optionalDate(field('tokenExpiresAt'), [...at, 'tokenExpiresAt'], dotted('tokenExpiresAt'), fail),
  };
  if (field('insecure') !== undefined) profile.insecure = boolean(field('insecure'), false, [...at, 'insecure'], dotted('insecure'), fail);
  if (field('readOnly') !== undefined) profile.readOnly = boolean(field('readOnly'), false, [...at, 'readOnly'], dotted('readOnly'), fail);
  const project = optionalString(field('defaultProject'), [...at, 'defaultProject'], dotted('defaultProject'), fail);
  if (project !== null) profile.defaultProject = project;
  const board = field('defaultBoard');
  if (board !== undefined && board !== null) {
    if (typeof board !== 'number' || !Number.isSafeInteger(board) || board <= 0)
      fail(
        [...at, 'defaultBoard'],
        `${dotted('defaultBoard')} must be a board id (a positive whole number), not ${describe(board)}`,
        'value',
      );
    profile.defaultBoard = board;
  }
  const bitbucket = field('bitbucket');
  if (bitbucket === null) profile.bitbucket = null;
  else if (bitbucket !== undefined) profile.bitbucket = validateBitbucket(bitbucket, [...at, 'bitbucket'], dotted('bitbucket'), fail);
  const confluence = field('confluence');
  if (confluence === null) profile.confluence = null;
  else if (confluence !== undefined) profile.confluence = validateConfluence(confluence, [...at, 'confluence'], dotted('confluence'), fail);
  return profile;
}

function unknownKeys(value: Record<string, unknown>, allowed: readonly string[], at: string[], dotted: string, fail: Fail): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) fail([...at, key], `unknown key ${dotted}.${key} (expected one of ${allowed.join(', ')})`, 'key');
  }
}

function requiredSite(value: unknown, at: string[], dotted: string, fail: Fail): string {
  if (typeof value === 'string' && isHttpUrl(value)) return value;
  if (value === undefined) return fail(at, `${dotted}.site is missing`, 'key');
  return fail([...at, 'site'], `${dotted}.site must be an http(s) URL, not ${describe(value)}`, 'value');
}

function validateConfluence(value: unknown, at: string[], dotted: string, fail: Fail): ConfluenceLogin {
  if (!isRecord(value)) fail(at, `${dotted} must be a mapping or null, not ${describe(value)}`, 'value');
  unknownKeys(value, CONFLUENCE_KEYS, at, dotted, fail);
  const site = requiredSite(value.site, at, dotted, fail);
  return {
    site,
    email: optionalString(value.email, [...at, 'email'], `${dotted}.email`, fail),
    authType: oneOf(value.authType, AUTH_TYPES, 'basic', [...at, 'authType'], `${dotted}.authType`, fail),
    deployment: oneOf(value.deployment, DEPLOYMENTS, defaultDeployment(site), [...at, 'deployment'], `${dotted}.deployment`, fail),
    storage: oneOf(value.storage, STORAGE_KINDS, 'keyring', [...at, 'storage'], `${dotted}.storage`, fail),
    tokenExpiresAt: optionalDate(value.tokenExpiresAt, [...at, 'tokenExpiresAt'], `${dotted}.tokenExpiresAt`, fail),
  };
}

function validateBitbucket(value: unknown, at: string[], dotted: string, fail: Fail): BitbucketLogin {
  if (!isRecord(value)) fail(at, `${dotted} must be a mapping or null, not ${describe(value)}`, 'value');
  unknownKeys(value, BITBUCKET_KEYS, at, dotted, fail);
  const login: BitbucketLogin = {
    email: optionalString(value.email, [...at, 'email'], `${dotted}.email`, fail),
    authType: oneOf(value.authType, AUTH_TYPES, 'basic', [...at, 'authType'], `${dotted}.authType`, fail),
    workspace: optionalString(value.workspace, [...at, 'workspace'], `${dotted}.workspace`, fail),
    storage: oneOf(value.storage, STORAGE_KINDS, 'keyring', [...at, 'storage'], `${dotted}.storage`, fail),
  };
  // A site means a Data Center server; Bitbucket Cloud has neither site nor deployment.
  const deployment = oneOf(
    value.deployment,
    DEPLOYMENTS,
    value.site == null ? 'cloud' : 'datacenter',
    [...at, 'deployment'],
    `${dotted}.deployment`,
    fail,
  );
  if (deployment === 'datacenter') {
    login.site = requiredSite(value.site, at, dotted, fail);
    login.deployment = 'datacenter';
  } else if (value.site != null) {
    fail(
      [...at, 'site'],
      `${dotted}.site is for Bitbucket Data Center; Bitbucket Cloud has no site (remove it, or set deployment: datacenter)`,
      'key',
    );
  }
  return login;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function defaultDeployment(site: string): Deployment {
  const host = new URL(site).hostname.toLowerCase();
  return host.endsWith('.atlassian.net') || host.endsWith('.jira.com') ? 'cloud' : 'datacenter';
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T, at: string[], dotted: string, fail: Fail): T {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const choices = allowed.length === 2 ? `${allowed[0]} or ${allowed[1]}` : allowed.join(', ');
  return fail(at, `${dotted} must be ${choices}, not ${describe(value)}`, 'value');
}

function optionalString(value: unknown, at: string[], dotted: string, fail: Fail): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  return fail(at, `${dotted} must be a string or null, not ${describe(value)}`, 'value');
}

function boolean(value: unknown, fallback: boolean, at: string[], dotted: string, fail: Fail): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  return fail(at, `${dotted} must be true or false, not ${describe(value)}`, 'value');
}

function optionalDate(value: unknown, at: string[], dotted: string, fail: Fail): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && isCalendarDate(value)) return value;
  return fail(at, `${dotted} must be a date as YYYY-MM-DD or null, not ${describe(value)}`, 'value');
}

/** YYYY-MM-DD naming a real day (2025-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** The config as plain data in the canonical key order, as it is written. */
export function toPlain(config: ConfigFile): Record<string, unknown> {
  const profiles: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(config.profiles)) {
    const out: Record<string, unknown> = {
      site: p.site,
      email: p.email,
      authType: p.authType,
      deployment: p.deployment,
      storage: p.storage,
      scoped: p.scoped,
      cloudId: p.cloudId,
      tokenExpiresAt: p.tokenExpiresAt,
    };
    if (p.insecure !== undefined) out.insecure = p.insecure;
    if (p.readOnly !== undefined) out.readOnly = p.readOnly;
    if (p.defaultProject !== undefined) out.defaultProject = p.defaultProject;
    if (p.defaultBoard !== undefined) out.defaultBoard = p.defaultBoard;
    if (p.bitbucket !== undefined) out.bitbucket = p.bitbucket === null ? null : definedKeys(p.bitbucket, BITBUCKET_KEYS);
    if (p.confluence !== undefined) out.confluence = p.confluence === null ? null : definedKeys(p.confluence, CONFLUENCE_KEYS);
    profiles[name] = out;
  }
  const out: Record<string, unknown> = { defaultProfile: config.defaultProfile, profiles };
  if (config.defaults !== undefined && Object.keys(config.defaults).length > 0)
    out.defaults = definedKeys(config.defaults, Object.keys(DEFAULT_KEYS));
  return out;
}

/** The keys of `value` in `keys`' order, leaving out the absent ones (a Bitbucket Cloud login has no site). */
function definedKeys<T extends object>(value: T, keys: readonly string[]): Record<string, unknown> {
  const record = value as Record<string, unknown>;
  return Object.fromEntries(keys.filter((key) => record[key] !== undefined).map((key) => [key, record[key]]));
}
