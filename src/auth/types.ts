export type AuthType = 'basic' | 'bearer';
export type Deployment = 'cloud' | 'datacenter';
export type StorageKind = 'keyring' | 'file';

/**
 * A Bitbucket login kept on a profile (it has its own token, secret account `<profile>:bitbucket`):
 * Bitbucket Cloud, or a Bitbucket Data Center server when `site` is set.
 */
export interface BitbucketLogin {
  /** Cloud: the Atlassian account email (Basic). Data Center: the username for Basic, or null. */
  email: string | null;
  authType: AuthType;
  /** The default workspace (Cloud) or project key (Data Center). */
  workspace: string | null;
  storage: StorageKind;
  /**
   * Bitbucket Data Center's site (its REST API is `<site>/rest/api/1.0`), stored with
   * `deployment: datacenter`. Both are absent for Bitbucket Cloud (api.bitbucket.org).
   */
  site?: string;
  deployment?: Deployment;
}

/**
 * A Confluence login of a profile's own, beside its site (Jira) login: on Data Center, Confluence
 * is usually another server with its own personal access token. Secret account `<profile>:confluence`.
 * Without one, Confluence is reached through the profile's own site and token.
 */
export interface ConfluenceLogin {
  site: string;
  email: string | null;
  authType: AuthType;
  deployment: Deployment;
  storage: StorageKind;
  /** YYYY-MM-DD */
  tokenExpiresAt: string | null;
}

/** One profile as stored in config.yaml. Never holds a secret. */
export interface Profile {
  site: string;
  email: string | null;
  authType: AuthType;
  deployment: Deployment;
  storage: StorageKind;
  /** Requests go through the api.atlassian.com gateway (scoped service-account token). */
  scoped: boolean;
  cloudId: string | null;
  /** YYYY-MM-DD */
  tokenExpiresAt: string | null;
  /** Skip TLS verification (self-signed Data Center). Off by default. */
  insecure?: boolean;
  /** Every request that could change something is refused (read-only mode). Off by default. */
  readOnly?: boolean;
  /**
   * The Jira project key and board id another tool used by default (jira-cli's `project.key` and
   * `board.id`), kept by `atl auth import` so they are not lost. No command reads them yet.
   */
  defaultProject?: string;
  defaultBoard?: number;
  bitbucket?: BitbucketLogin | null;
  confluence?: ConfluenceLogin | null;
}

/** config.yaml's `defaults:`, set with `atl config set KEY VALUE`. */
export interface GlobalDefaults {
  /** The editor for Markdown bodies; wins over VISUAL and EDITOR, as gh's does. */
  editor?: string;
  pager?: string;
  output?: 'text' | 'json';
}

export interface ConfigFile {
  defaultProfile: string | null;
  profiles: Record<string, Profile>;
  defaults?: GlobalDefaults;
}

/** `local`: named by the nearest `.atl.yaml`. */
export type ProfileSource = 'flag' | 'env' | 'local' | 'default' | 'env-only';
export type SiteSource = 'profile' | 'env';
export type TokenSource = 'env-profile' | 'env' | 'keyring' | 'file' | 'none';

/** The credentials a command runs with, and where each value came from. */
export interface ResolvedCredentials {
  profileName: string | null;
  profileSource: ProfileSource;
  /** The effective profile: stored values with environment overrides applied. */
  profile: Profile;
  siteSource: SiteSource;
  token: string | null;
  tokenSource: TokenSource;
  /**
   * The variable the token came from (`ATL_TOKEN_<P>`, `ATL_API_TOKEN` or its alias `ATL_TOKEN`),
   * null or absent when it did not come from the environment.
   */
  tokenEnv?: string | null;
  /** Environment variables that were set but ignored (e.g. ATL_SITE with --profile). */
  ignoredEnv: string[];
}

/** config.yaml, read and written safely (see src/auth/config.ts). */
export interface ConfigStore {
  readonly path: string;
  /** The parsed file; an empty config when it does not exist. Throws AtlError naming file and line when invalid. */
  read(): Promise<ConfigFile>;
  /** Read-modify-write under a lock, written atomically (temp file, fsync, rename), mode 0600. */
  update(mutate: (config: ConfigFile) => void | Promise<void>): Promise<ConfigFile>;
}

/** Where tokens live: the OS keyring or the encrypted file. Accounts are `<profile>`, `<profile>:bitbucket` and `<profile>:confluence`. */
export interface SecretStore {
  readonly kind: StorageKind;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** True when something was removed. */
  delete(account: string): Promise<boolean>;
}
