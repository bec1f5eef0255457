import { usageError } from '../../../errors.js';
import type { Factory } from '../../../factory.js';
import type { ConfigFile, Profile } from '../../../auth/types.js';

import { profilePrecedence, unknownProfileError } from '../../../auth/resolve.js';

export { profileTokenEnvName } from '../../../auth/resolve.js';

export { assertValidProfileName, isValidProfileName } from '../../../auth/profile-name.js';

/** The profile called `name`, or exit 4 listing the ones that exist. */
export function requireProfile(config: ConfigFile, name: string): Profile {
  const profile = Object.hasOwn(config.profiles, name) ? config.profiles[name] : undefined;
  if (!profile) throw unknownProfileError(name, config);
  return profile;
}

/** The profile a command would run with (profilePrecedence), whether or not it exists; null when none applies. */
export function activeProfileName(f: Factory, config: ConfigFile): string | null {
  return profilePrecedence(f, config)?.name ?? null;
}

/** `cloud/basic`, `datacenter/bearer`, `cloud/scoped`, plus `+confluence`/`+bitbucket` for the product logins kept. */
export function profileType(profile: Profile): string {
  const kind = profile.scoped ? 'scoped' : profile.authType;
  return `${profile.deployment}/${kind}${profile.confluence ? '+confluence' : ''}${profile.bitbucket ? '+bitbucket' : ''}`;
}

/** Renames a key of an object keeping its position, so config.yaml keeps the user's order. */
export function renameKey<T>(record: Record<string, T>, from: string, to: string): void {
  const entries = Object.entries(record);
  for (const [key] of entries) delete record[key];
  for (const [key, value] of entries) record[key === from ? to : key] = value;
}

/** The `atl auth login` line that stores a token for this profile again (never with the token). */
export function loginCommandFor(name: string, profile: Profile, login: 'token' | 'bitbucket' | 'confluence' = 'token'): string {
  const words = ['atl auth login', `--profile ${name}`];
  if (login === 'bitbucket' && profile.bitbucket) {
    const b = profile.bitbucket;
    words.push('--bitbucket');
    if (b.site !== undefined) words.push(`--site ${b.site}`);
    if (b.authType === 'bearer') words.push('--bearer');
    else if (b.email) words.push(`${b.site === undefined ? '--email' : '--username'} ${b.email}`);
    if (b.workspace) words.push(`--workspace ${b.workspace}`);
  } else if (login === 'confluence' && profile.confluence) {
    const c = profile.confluence;
    words.push('--confluence', `--site ${c.site}`);
    if (c.authType === 'bearer') words.push('--bearer');
    else if (c.email) words.push(`--email ${c.email}`);
    if (c.deployment === 'datacenter' && c.authType !== 'bearer') words.push('--deployment datacenter');
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
  if (name === undefined)
    throw usageError(`say which profile to ${command}`, `atl auth ${command} <name> (or --profile <name>); \`atl auth list\` shows them`);
  return name;
}
