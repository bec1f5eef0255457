import { AtlError, notFoundError, usageError } from '../../../errors.js';
import type { Factory } from '../../../factory.js';
import type { ConfigFile, Profile } from '../../../auth/types.js';

export { profileTokenEnvName } from '../../../auth/resolve.js';

/** Profile names become keyring accounts and env variable suffixes, so keep them plain. */
const PROFILE_NAME = /^[A-Za-z0-9._-]+$/;

export function isValidProfileName(name: string): boolean {
  // `..`-style names are allowed by the pattern but read like paths; reject names made of dots only.
  return PROFILE_NAME.test(name) && !/^\.+$/.test(name) && name.length <= 64;
}

export function assertValidProfileName(name: string): void {
  if (!isValidProfileName(name)) {
    throw usageError(
      `invalid profile name "${name}"`,
      'use letters, digits, "-", "_" and "." only (at most 64 characters)',
    );
  }
}

export function knownProfilesText(config: ConfigFile): string {
  const names = Object.keys(config.profiles);
  return names.length === 0 ? 'no profiles exist yet: run `atl auth login` to add one' : `known profiles: ${names.join(', ')}`;
}

/** The profile called `name`, or exit 4 listing the ones that exist. */
export function requireProfile(config: ConfigFile, name: string): Profile {
  const profile = Object.hasOwn(config.profiles, name) ? config.profiles[name] : undefined;
  if (!profile) throw notFoundError(`no profile named "${name}"`, knownProfilesText(config));
  return profile;
}

/**
 * The profile a command would run with, following the precedence of issue 3: `--profile`, else
 * ATL_PROFILE, else the default profile. Null when none applies.
 */
export function activeProfileName(f: Factory, config: ConfigFile): string | null {
  if (f.globals.profile) return f.globals.profile;
  if (f.env.ATL_PROFILE) return f.env.ATL_PROFILE;
  return config.defaultProfile ?? null;
}

/** `cloud/basic`, `datacenter/bearer`, `cloud/scoped`, plus `+bitbucket` when a Bitbucket login is kept. */
export function profileType(profile: Profile): string {
  const kind = profile.scoped ? 'scoped' : profile.authType;
  return `${profile.deployment}/${kind}${profile.bitbucket ? '+bitbucket' : ''}`;
}

export const notLoggedInAnywhere = (): AtlError =>
  new AtlError('auth', 'not logged in: there is no profile', {
    hint: 'run `atl auth login` to add one',
  });

/** Renames a key of an object keeping its position, so config.yaml keeps the user's order. */
export function renameKey<T>(record: Record<string, T>, from: string, to: string): void {
  const entries = Object.entries(record);
  for (const [key] of entries) delete record[key];
  for (const [key, value] of entries) record[key === from ? to : key] = value;
}

/** The `atl auth login` line that stores a token for this profile again (never with the token). */
export function loginCommandFor(name: string, profile: Profile, login: 'token' | 'bitbucket' = 'token'): string {
  const words = ['atl auth login', `--profile ${name}`];
  if (login === 'bitbucket' && profile.bitbucket) {
    const b = profile.bitbucket;
    words.push('--bitbucket');
    if (b.authType === 'bearer') words.push('--bearer');
    else if (b.email) words.push(`--email ${b.email}`);
    if (b.workspace) words.push(`--workspace ${b.workspace}`);
  } else {
    words.push(`--site ${profile.site}`);
    if (profile.authType === 'bearer') words.push('--bearer');
    else if (profile.email) words.push(`--email ${profile.email}`);
    if (profile.deployment === 'datacenter') words.push('--deployment datacenter');
    if (profile.scoped) words.push('--scoped', ...(profile.cloudId ? [`--cloud-id ${profile.cloudId}`] : []));
  }
  words.push('--token-stdin');
  return words.join(' ');
}

/**
 * The profile a command acts on when it may be named either way: `atl auth delete X` or, as atlcli
 * writes it, `atl auth delete --profile X`. Two different names is a mistake, not a choice.
 */
export function profileArgument(arg: string | undefined, flag: string | undefined, command: string): string {
  if (arg !== undefined && flag !== undefined && arg !== flag) {
    throw usageError(`--profile ${flag} and the argument "${arg}" name different profiles`, `name one: atl auth ${command} ${arg}`);
  }
  const name = arg ?? flag;
  if (name === undefined) throw usageError(`say which profile to ${command}`, `atl auth ${command} <name> (or --profile <name>); \`atl auth list\` shows them`);
  return name;
}
