import { AtlError, notFoundError, notLoggedInError } from '../errors.js';
import type { Factory } from '../factory.js';
import { localConfig } from './local-config.js';
import { KeyringUnavailableError } from './secrets/keyring.js';
import { bitbucketDcSiteOf, isCloudHost, normalizeSite } from './site.js';
import type {
  AuthType,
  BitbucketLogin,
  ConfigFile,
  ConfluenceLogin,
  Deployment,
  Profile,
  ProfileSource,
  ResolvedCredentials,
  StorageKind,
  TokenSource,
} from './types.js';

const envValue = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
};

/** A profile name as a variable suffix: upper-cased, every character outside A–Z and 0–9 as `_`. */
const envSuffix = (profile: string): string => profile.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/** `ATL_TOKEN_<P>`, the profile's own token variable. */
export function profileTokenEnvName(profile: string): string {
  return `ATL_TOKEN_${envSuffix(profile)}`;
}

/** `ATL_BITBUCKET_TOKEN_<P>`, the profile's own Bitbucket token variable (same mangling as ATL_TOKEN_<P>). */
export function profileBitbucketTokenEnvName(profile: string): string {
  return `ATL_BITBUCKET_TOKEN_${envSuffix(profile)}`;
}

/**
 * The variables of the run's token, most specific last: `ATL_TOKEN` is another name for
 * `ATL_API_TOKEN` (atla users know `ATLA_TOKEN`); when both are set `ATL_API_TOKEN` wins, being the
 * name every atl document uses, and `ATL_TOKEN` is reported as ignored.
 */
export const API_TOKEN_VARIABLES = ['ATL_API_TOKEN', 'ATL_TOKEN'] as const;

/** The run's API token from the environment and the variable it came from, or null. */
export function apiTokenFromEnv(env: NodeJS.ProcessEnv): { name: (typeof API_TOKEN_VARIABLES)[number]; value: string } | null {
  for (const name of API_TOKEN_VARIABLES) {
    const value = envValue(env, name);
    if (value !== undefined) return { name, value };
  }
  return null;
}

/**
 * config.yaml requires every profile to have a site; a profile made by `auth login --bitbucket`
 * alone gets Bitbucket's site, and has no Jira/Confluence login.
 */
export const BITBUCKET_ONLY_SITE = 'https://bitbucket.org';
export const hasSiteLogin = (profile: Pick<Profile, 'site'>): boolean => profile.site !== '' && profile.site !== BITBUCKET_ONLY_SITE;

/** The secret-store account of a profile's Jira/Confluence token, of its Bitbucket token, and of its own Confluence login's. */
export const secretAccount = (profile: string): string => profile;
export const bitbucketAccount = (profile: string): string => `${profile}:bitbucket`;
export const confluenceAccount = (profile: string): string => `${profile}:confluence`;

/** `ATL_CONFLUENCE_TOKEN_<P>`, the token of the profile's Confluence login (same mangling as ATL_TOKEN_<P>). */
export function profileConfluenceTokenEnvName(profile: string): string {
  return `ATL_CONFLUENCE_TOKEN_${envSuffix(profile)}`;
}

/** Which profile this run uses, before any secret is read. */
export interface SelectedProfile {
  name: string;
  source: Exclude<ProfileSource, 'env-only'>;
  profile: Profile;
}

/** No token for the profile (or its Bitbucket login): the one wording for every command. */
export function noTokenError(profileName: string | null, bitbucket: boolean): AtlError {
  const flag = profileName !== null && profileName !== 'default' ? ` --profile ${profileName}` : '';
  return new AtlError(
    'auth',
    bitbucket ? `no Bitbucket token for profile "${profileName ?? ''}"` : `no token for profile "${profileName ?? ''}"`,
    {
      hint: bitbucket
        ? `run \`atl auth login --bitbucket${flag}\`, or set ${profileName === null ? '' : `${profileBitbucketTokenEnvName(profileName)} or `}ATL_BITBUCKET_TOKEN`
        : `run \`atl auth login${flag}\`, or set ${profileName === null ? 'ATL_API_TOKEN' : `${profileTokenEnvName(profileName)} or ATL_API_TOKEN`}`,
    },
  );
}

/** A profile name that is no profile: exit 4 listing the known ones. The one wording for every command. */
export function unknownProfileError(name: string, config: ConfigFile): AtlError {
  const known = Object.keys(config.profiles).sort();
  return notFoundError(
    `profile "${name}" not found`,
    known.length > 0 ? `known profiles: ${known.join(', ')}` : 'no profiles yet: run `atl auth login` to add one',
  );
}

/**
 * Profiles exist but none is the default, and the run names none: say so and how to choose,
 * rather than "not logged in" (the user did log in). `profiles` is for `auth status`.
 */
export class NoDefaultProfileError extends AtlError {
  constructor(readonly profiles: readonly string[]) {
    super('auth', `there is no default profile; the profiles are: ${profiles.join(', ')}`, {
      hint: 'make one the default with `atl auth switch NAME`, or choose one for a run with --profile NAME or ATL_PROFILE=NAME',
    });
  }
}

/** The error for a run that found no profile to use: none chosen among some, or none at all. */
export function noProfileError(config: ConfigFile): AtlError {
  const names = Object.keys(config.profiles).sort();
  return names.length > 0 ? new NoDefaultProfileError(names) : notLoggedInError();
}

/**
 * The precedence of profiles, in one place: --profile (or an explicit name), else ATL_PROFILE, else
 * the profile of the nearest `.atl.yaml` (`local`), else the default profile. Only the name and
 * where it came from; whether it exists is selectProfile's.
 */
export function profilePrecedence(
  f: Factory,
  config: ConfigFile,
  explicit?: string,
  local?: string,
): { name: string; source: SelectedProfile['source'] } | null {
  const fromFlag = explicit ?? f.globals.profile;
  if (fromFlag !== undefined) return { name: fromFlag, source: 'flag' };
  const fromEnv = envValue(f.env, 'ATL_PROFILE');
  if (fromEnv !== undefined) return { name: fromEnv, source: 'env' };
  if (local !== undefined) return { name: local, source: 'local' };
  return config.defaultProfile === null ? null : { name: config.defaultProfile, source: 'default' };
}

/**
 * The profile this run uses (see profilePrecedence). A name given by flag, ATL_PROFILE or
 * `.atl.yaml` that is no profile is exit 4 listing the known ones; null when there is no profile
 * to use at all. A `.atl.yaml` profile is passed over when no profile is stored at all: a run
 * from ATL_SITE and a token alone (CI) in a checkout whose `.atl.yaml` names the team's profile.
 */
export async function selectProfile(f: Factory, config: ConfigFile, explicit?: string): Promise<SelectedProfile | null> {
  const stored = Object.keys(config.profiles).length > 0;
  const local = explicit === undefined && f.globals.profile === undefined && stored ? await localConfig(f) : null;
  const chosen = profilePrecedence(f, config, explicit, local?.settings.profile);
  if (chosen === null) return null;
  const profile = Object.hasOwn(config.profiles, chosen.name) ? config.profiles[chosen.name] : undefined;
  if (profile) return { ...chosen, profile };
  if (chosen.source === 'default') return null;
  const error = unknownProfileError(chosen.name, config);
  if (chosen.source !== 'local') throw error;
  throw new AtlError('config', `${local!.path} names profile "${chosen.name}", which is not a profile`, {
    hint: `${error.hint ?? ''}; fix it with \`atl config set profile NAME --local\``,
  });
}

/** Reads a secret: null only when the store answered and holds nothing for the account. */
export async function readSecret(f: Factory, kind: StorageKind, account: string): Promise<string | null> {
  try {
    const store = await f.secretStore(kind);
    return await store.get(account);
  } catch (err) {
    // A broken config or secret file, or a keyring that could not be asked (locked, timed out,
    // turned off), must be reported, not read as "not logged in".
    if (err instanceof AtlError && (err.code === 'config' || err instanceof KeyringUnavailableError)) throw err;
    return null;
  }
}

function parseAuthType(value: string | undefined): AuthType | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (lower === 'bearer' || lower === 'pat') return 'bearer';
  if (lower === 'basic') return 'basic';
  throw new AtlError('usage', `ATL_AUTH_TYPE must be basic or bearer, not "${value}"`);
}

function parseDeployment(value: string | undefined): Deployment | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (lower === 'cloud') return 'cloud';
  if (lower === 'datacenter' || lower === 'dc' || lower === 'server') return 'datacenter';
  throw new AtlError('usage', `ATL_DEPLOYMENT must be cloud or datacenter, not "${value}"`);
}

/**
 * A site from ATL_SITE with no stored profile to say which deployment it is. Nothing may be
 * asked over the network here (every command resolves credentials), so: Cloud hosts are Cloud;
 * otherwise a Bearer token is a Data Center PAT and Basic means Cloud. ATL_DEPLOYMENT overrides.
 */
function guessDeployment(site: string, authType: AuthType, env: NodeJS.ProcessEnv): Deployment {
  const explicit = parseDeployment(envValue(env, 'ATL_DEPLOYMENT'));
  if (explicit) return explicit;
  if (isCloudHost(site)) return 'cloud';
  return authType === 'bearer' ? 'datacenter' : 'cloud';
}

export interface ResolveOptions {
  /** A profile named on the command line as an argument (`atl auth token work`): same as --profile. */
  profile?: string;
}

/**
 * The credentials this run uses, following the precedence table of the README:
 * 1. --profile P: P's values; token ATL_TOKEN_<P>, else the store. ATL_SITE/EMAIL/API_TOKEN ignored.
 * 2. Else ATL_PROFILE or the default profile; ATL_SITE/ATL_EMAIL override; token ATL_TOKEN_<P>,
 *    else ATL_API_TOKEN, else the store.
 * 3. No profile: ATL_SITE + ATL_API_TOKEN (+ ATL_EMAIL for Basic) make an ephemeral profile.
 * 5. Otherwise exit 3, not logged in. (Row 4, Bitbucket, is resolveBitbucket below.)
 */
export async function resolveCredentials(f: Factory, options: ResolveOptions = {}): Promise<ResolvedCredentials> {
  const config = await (await f.configStore()).read();
  const env = f.env;
  const selected = await selectProfile(f, config, options.profile);

  if (selected === null) return ephemeralCredentials(env, config);

  const ignoredEnv: string[] = [];
  const profile: Profile = { ...selected.profile };
  let siteSource: ResolvedCredentials['siteSource'] = 'profile';
  let token: string | null = null;
  let tokenSource: TokenSource = 'none';

  const profileEnvName = profileTokenEnvName(selected.name);
  const profileEnvToken = envValue(env, profileEnvName);
  const apiToken = apiTokenFromEnv(env);
  let tokenEnv: string | null = null;

  if (selected.source === 'flag') {
    for (const name of ['ATL_PROFILE', 'ATL_SITE', 'ATL_EMAIL', ...API_TOKEN_VARIABLES, 'ATL_AUTH_TYPE']) {
      if (envValue(env, name) !== undefined) ignoredEnv.push(name);
    }
  } else {
    if (apiToken?.name === 'ATL_API_TOKEN' && envValue(env, 'ATL_TOKEN') !== undefined) ignoredEnv.push('ATL_TOKEN');
    const site = envValue(env, 'ATL_SITE');
    if (site !== undefined) {
      profile.site = normalizeSite(site);
      siteSource = 'env';
    }
    const email = envValue(env, 'ATL_EMAIL');
    if (email !== undefined) profile.email = email;
  }

  if (profileEnvToken !== undefined) {
    token = profileEnvToken;
    tokenSource = 'env-profile';
    tokenEnv = profileEnvName;
  } else if (selected.source !== 'flag' && apiToken !== null) {
    token = apiToken.value;
    tokenSource = 'env';
    tokenEnv = apiToken.name;
  } else {
    token = await readSecret(f, profile.storage, secretAccount(selected.name));
    if (token !== null) tokenSource = profile.storage;
  }

  if (siteSource === 'env' && (tokenSource === 'keyring' || tokenSource === 'file')) {
    assertStoredTokenSite(selected.name, selected.profile.site, profile.site);
  }

  // ATL_AUTH_TYPE describes ATL_API_TOKEN; it cannot change how a stored token is sent.
  if (selected.source !== 'flag' && envValue(env, 'ATL_AUTH_TYPE') !== undefined) {
    if (tokenSource === 'env') profile.authType = parseAuthType(envValue(env, 'ATL_AUTH_TYPE'))!;
    else ignoredEnv.push('ATL_AUTH_TYPE');
  }
  // A token from the environment has its own lifetime: the stored expiry describes the stored one.
  if (tokenSource === 'env') profile.tokenExpiresAt = null;

  return { profileName: selected.name, profileSource: selected.source, profile, siteSource, token, tokenSource, tokenEnv, ignoredEnv };
}

/**
 * A stored token goes only to the site it was saved for: ATL_SITE may point a run elsewhere only
 * with a token that also comes from the environment. Otherwise anyone who can set a variable
 * (a CI config, a sourced .env file) could collect the stored token of the default profile.
 */
function assertStoredTokenSite(profileName: string, savedSite: string, requestedSite: string): void {
  if (sameSite(savedSite, requestedSite)) return;
  throw new AtlError(
    'auth',
    `ATL_SITE is ${requestedSite}, but the stored token of profile "${profileName}" belongs to ${savedSite}; atl sends a stored token only to its own site`,
    {
      hint: `unset ATL_SITE, or give a token for ${requestedSite} in ATL_API_TOKEN (or ${profileTokenEnvName(profileName)}), or log in a profile for that site: atl auth login --profile <name> --site ${requestedSite}`,
    },
  );
}

/** Whether two sites are the same once normalised (scheme, host, port and path). */
export function sameSite(a: string, b: string): boolean {
  try {
    return normalizeSite(a) === normalizeSite(b);
  } catch {
    return false;
  }
}

/**
 * Row 3: CI with only ATL_* variables. Built in memory; nothing is written anywhere. ATL_SCOPED=1
 * without ATL_CLOUD_ID leaves cloudId null: the first client asks the site for it (see
 * withCloudId in ./cloud-id.ts), as login does, since nothing here may use the network.
 */
function ephemeralCredentials(env: NodeJS.ProcessEnv, config: ConfigFile): ResolvedCredentials {
  const site = envValue(env, 'ATL_SITE');
  const apiToken = apiTokenFromEnv(env);
  if (site === undefined || apiToken === null) throw noProfileError(config);
  const authType = parseAuthType(envValue(env, 'ATL_AUTH_TYPE')) ?? 'basic';
  const email = envValue(env, 'ATL_EMAIL') ?? null;
  if (authType === 'basic' && email === null) {
    throw new AtlError('auth', `not logged in: ATL_SITE and ${apiToken.name} are set but ATL_EMAIL is not`, {
      hint: 'set ATL_EMAIL for an API token (or ATL_AUTH_TYPE=bearer for a personal access token), or run `atl auth login`',
    });
  }
  const normalized = normalizeSite(site);
  const cloudId = envValue(env, 'ATL_CLOUD_ID') ?? null;
  const ignoredEnv = apiToken.name === 'ATL_API_TOKEN' && envValue(env, 'ATL_TOKEN') !== undefined ? ['ATL_TOKEN'] : [];
  return {
    profileName: null,
    profileSource: 'env-only',
    profile: {
      site: normalized,
      email,
      authType,
      deployment: guessDeployment(normalized, authType, env),
      // Not stored anywhere; "file" only because the type has no "none".
      storage: 'file',
      scoped: envValue(env, 'ATL_SCOPED') === '1',
      cloudId,
      tokenExpiresAt: null,
      bitbucket: null,
    },
    siteSource: 'env',
    token: apiToken.value,
    tokenSource: 'env',
    tokenEnv: apiToken.name,
    ignoredEnv,
  };
}

/** `env-profile`: ATL_BITBUCKET_TOKEN_<P>, as `env-profile` is ATL_TOKEN_<P> for the site token. */
export type BitbucketTokenSource = 'env-profile' | 'env' | 'keyring' | 'file' | 'none';

export interface ResolvedBitbucket {
  profileName: string | null;
  /** The stored login, or one made up for an environment token. */
  login: BitbucketLogin;
  token: string | null;
  tokenSource: BitbucketTokenSource;
  /** Which variable the token came from, when it came from the environment. */
  envName: string | null;
  /** Whether the profile has a stored Bitbucket login. */
  stored: boolean;
}

/**
 * Row 4: ATL_BITBUCKET_TOKEN_<P>, else ATL_BITBUCKET_TOKEN, else BITBUCKET_TOKEN, else the
 * profile's stored Bitbucket token.
 * An environment token without a stored login is sent as Bearer (an access token) unless
 * ATL_BITBUCKET_EMAIL says it is an API token to send with that email. ATL_BITBUCKET_URL naming a
 * server off bitbucket.org makes that login a Data Center one at that site (a CI login with no
 * profile); a stored token is never sent there unless it was stored for that site.
 */
export async function resolveBitbucket(f: Factory, options: ResolveOptions = {}): Promise<ResolvedBitbucket> {
  const config = await (await f.configStore()).read();
  const selected = await selectProfile(f, config, options.profile);
  const stored = selected?.profile.bitbucket ?? null;
  const envNames = [...(selected ? [profileBitbucketTokenEnvName(selected.name)] : []), 'ATL_BITBUCKET_TOKEN', 'BITBUCKET_TOKEN'];
  const envName = envNames.find((name) => envValue(f.env, name) !== undefined) ?? null;
  const envEmail = envValue(f.env, 'ATL_BITBUCKET_EMAIL') ?? null;
  // ATL_BITBUCKET_URL off bitbucket.org is a Data Center server: the run's login there, unless it is the stored login's own.
  const envSite = bitbucketDcSiteOf(envValue(f.env, 'ATL_BITBUCKET_URL'));
  const envServer = envSite !== null && !(stored?.site !== undefined && sameSite(stored.site, envSite)) ? envSite : null;
  const login: BitbucketLogin =
    stored && envServer === null
      ? { ...stored }
      : {
          email: envEmail,
          authType: envEmail === null ? 'bearer' : 'basic',
          workspace: envValue(f.env, 'ATL_BITBUCKET_WORKSPACE') ?? null,
          storage: 'file',
          ...(envServer === null ? {} : { site: envServer, deployment: 'datacenter' as const }),
        };
  if (envName !== null) {
    if (stored && envServer === null && envEmail !== null) {
      login.email = envEmail;
      login.authType = 'basic';
    }
    const tokenSource = selected && envName === profileBitbucketTokenEnvName(selected.name) ? 'env-profile' : 'env';
    return { profileName: selected?.name ?? null, login, token: envValue(f.env, envName)!, tokenSource, envName, stored: stored !== null };
  }
  if (selected && stored) {
    const token = await readSecret(f, stored.storage, bitbucketAccount(selected.name));
    if (envServer !== null && token !== null) {
      throw new AtlError(
        'auth',
        `ATL_BITBUCKET_URL is ${envServer}, but the stored Bitbucket token of profile "${selected.name}" belongs to ${stored.site ?? 'Bitbucket Cloud'}; atl sends a stored token only to its own server`,
        { hint: `set ATL_BITBUCKET_TOKEN to a token of ${envServer}, or unset ATL_BITBUCKET_URL` },
      );
    }
    return { profileName: selected.name, login, token, tokenSource: token === null ? 'none' : stored.storage, envName: null, stored: true };
  }
  if (selected === null) {
    if (Object.keys(config.profiles).length > 0) throw noProfileError(config);
    throw new AtlError('auth', 'not logged in to Bitbucket', {
      hint: 'run `atl auth login --bitbucket` to add a Bitbucket login, or set ATL_BITBUCKET_TOKEN (or BITBUCKET_TOKEN)',
    });
  }
  return { profileName: selected.name, login, token: null, tokenSource: 'none', envName: null, stored: false };
}

export interface ResolvedConfluence {
  profileName: string | null;
  /**
   * `confluence`: the profile's own Confluence login (stored, or made up for ATL_CONFLUENCE_TOKEN);
   * `site`: the profile's site login, which reaches Confluence when there is no Confluence login
   * (Cloud `<site>/wiki`, or the gateway for a scoped token).
   */
  from: 'confluence' | 'site';
  /** Where Confluence is and how to log in there, with ATL_CONFLUENCE_URL applied. */
  login: ConfluenceLogin;
  /** The site login's gateway settings (`from: site` only; a Confluence login is never scoped). */
  scoped: boolean;
  cloudId: string | null;
  insecure: boolean;
  /** Whether the profile stores a Confluence login. */
  stored: boolean;
  token: string | null;
  tokenSource: TokenSource;
  /** The variable the token came from, when it came from the environment. */
  tokenEnv: string | null;
  /** `env` when ATL_CONFLUENCE_URL set the site. */
  siteSource: 'profile' | 'env';
  ignoredEnv: string[];
}

/**
 * The environment names a Confluence login atl cannot use (ATL_CONFLUENCE_URL against a stored
 * token of another site, ATL_CONFLUENCE_TOKEN with no site): a mistake to report, never to read
 * as "no Confluence login".
 */
export class ConfluenceEnvironmentError extends AtlError {}

/** No token for the profile's Confluence login: the one wording for every command. */
export function noConfluenceTokenError(profileName: string | null): AtlError {
  const flag = profileName !== null && profileName !== 'default' ? ` --profile ${profileName}` : '';
  return new AtlError('auth', `no Confluence token for profile "${profileName ?? ''}"`, {
    hint: `run \`atl auth login${flag} --confluence --site ...\`, or set ${profileName === null ? '' : `${profileConfluenceTokenEnvName(profileName)} or `}ATL_CONFLUENCE_TOKEN`,
  });
}

/**
 * Where this run reaches Confluence, and with which token (README, "Which credentials a command uses"):
 * - a token in ATL_CONFLUENCE_TOKEN_<P>, else ATL_CONFLUENCE_TOKEN (as the Bitbucket token variables):
 *   with the profile's Confluence login, or, without one, a login made up from ATL_CONFLUENCE_URL (else
 *   the profile's site), ATL_CONFLUENCE_EMAIL (Basic; without it the token is sent as Bearer);
 * - else the profile's Confluence login and its stored token;
 * - else the profile's site login, as before Confluence logins existed.
 * ATL_CONFLUENCE_URL replaces the site (not the deployment) as ATL_SITE does the profile's: ignored
 * with --profile, and a stored token is never sent to another site than its own.
 */
export async function resolveConfluence(f: Factory, options: ResolveOptions = {}): Promise<ResolvedConfluence> {
  const config = await (await f.configStore()).read();
  const env = f.env;
  const selected = await selectProfile(f, config, options.profile);
  const stored = selected?.profile.confluence ?? null;
  const ignoredEnv: string[] = [];
  let url = envValue(env, 'ATL_CONFLUENCE_URL');
  if (url !== undefined && selected?.source === 'flag') {
    ignoredEnv.push('ATL_CONFLUENCE_URL');
    url = undefined;
  }
  const overrideSite = url === undefined ? undefined : normalizeSite(url);
  const envNames = [...(selected ? [profileConfluenceTokenEnvName(selected.name)] : []), 'ATL_CONFLUENCE_TOKEN'];
  const tokenEnv = envNames.find((name) => envValue(env, name) !== undefined) ?? null;
  const base = { profileName: selected?.name ?? null, scoped: false, cloudId: null, insecure: false, stored: stored !== null, ignoredEnv };
  const siteSource = overrideSite === undefined ? 'profile' : 'env';

  if (tokenEnv !== null) {
    const tokenSource: TokenSource = selected && tokenEnv === profileConfluenceTokenEnvName(selected.name) ? 'env-profile' : 'env';
    const token = envValue(env, tokenEnv)!;
    if (stored)
      return {
        ...base,
        from: 'confluence',
        login: { ...stored, site: overrideSite ?? stored.site },
        token,
        tokenSource,
        tokenEnv,
        siteSource,
      };
    const site = overrideSite ?? (selected && hasSiteLogin(selected.profile) ? selected.profile.site : undefined);
    if (site === undefined) {
      throw new ConfluenceEnvironmentError('auth', `${tokenEnv} is set, but there is no Confluence site to send it to`, {
        hint: 'set ATL_CONFLUENCE_URL to the Confluence site, or log in: atl auth login --confluence --site ...',
      });
    }
    const email = envValue(env, 'ATL_CONFLUENCE_EMAIL') ?? null;
    const authType: AuthType = email === null ? 'bearer' : 'basic';
    // As for ATL_SITE alone: Cloud hosts are Cloud; elsewhere a Bearer token is a Data Center PAT.
    const deployment: Deployment = isCloudHost(site) ? 'cloud' : authType === 'bearer' ? 'datacenter' : 'cloud';
    const login: ConfluenceLogin = { site, email, authType, deployment, storage: 'file', tokenExpiresAt: null };
    return { ...base, from: 'confluence', login, token, tokenSource, tokenEnv, siteSource };
  }

  if (selected && stored) {
    const token = await readSecret(f, stored.storage, confluenceAccount(selected.name));
    if (overrideSite !== undefined && token !== null) assertStoredConfluenceTokenSite(selected.name, stored.site, overrideSite);
    const login = { ...stored, site: overrideSite ?? stored.site };
    return { ...base, from: 'confluence', login, token, tokenSource: token === null ? 'none' : stored.storage, tokenEnv: null, siteSource };
  }

  const credentials = options.profile === undefined ? await f.credentials() : await resolveCredentials(f, options);
  const { profile } = credentials;
  if (overrideSite !== undefined && (credentials.tokenSource === 'keyring' || credentials.tokenSource === 'file')) {
    assertStoredConfluenceTokenSite(credentials.profileName ?? '', profile.site, overrideSite);
  }
  return {
    profileName: credentials.profileName,
    from: 'site',
    login: {
      site: overrideSite ?? profile.site,
      email: profile.email,
      authType: profile.authType,
      deployment: profile.deployment,
      storage: profile.storage,
      tokenExpiresAt: profile.tokenExpiresAt,
    },
    scoped: profile.scoped,
    cloudId: profile.cloudId,
    insecure: profile.insecure === true,
    stored: false,
    token: credentials.token,
    tokenSource: credentials.tokenSource,
    tokenEnv: credentials.tokenEnv ?? null,
    siteSource: overrideSite === undefined ? credentials.siteSource : 'env',
    ignoredEnv: [...credentials.ignoredEnv, ...ignoredEnv],
  };
}

/** assertStoredTokenSite for ATL_CONFLUENCE_URL. */
function assertStoredConfluenceTokenSite(profileName: string, savedSite: string, requestedSite: string): void {
  if (sameSite(savedSite, requestedSite)) return;
  throw new ConfluenceEnvironmentError(
    'auth',
    `ATL_CONFLUENCE_URL is ${requestedSite}, but the stored token of profile "${profileName}" belongs to ${savedSite}; atl sends a stored token only to its own site`,
    {
      hint: `unset ATL_CONFLUENCE_URL, or give a token for ${requestedSite} in ATL_CONFLUENCE_TOKEN (or ${profileConfluenceTokenEnvName(profileName)}), or log in: atl auth login --profile ${profileName} --confluence --site ${requestedSite}`,
    },
  );
}
