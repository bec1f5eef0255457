import { homedir } from 'node:os';
import { join } from 'node:path';
import { AtlError } from './errors.js';
import type { ConfigStore, ResolvedCredentials, SecretStore, StorageKind } from './auth/types.js';
import type { HttpClient } from './http/types.js';
import { systemIOStreams, type IOStreams } from './iostreams.js';

export interface GlobalOptions {
  profile: string | undefined;
  json: boolean;
  debug: boolean;
  noInput: boolean;
  noColor: boolean;
  /** --output FILE: stdout goes to this file (undefined without it, or with `--output -`). */
  output?: string;
}

/** The products a profile can reach; each has its own base URL (see src/auth/endpoints.ts). */
export type Product = 'jira' | 'confluence' | 'bitbucket';

/** The prompts a command may show; only reached when io.canPrompt() is true. */
export interface Prompter {
  input(message: string, options?: { default?: string; validate?: (value: string) => true | string }): Promise<string>;
  password(message: string): Promise<string>;
  confirm(message: string, defaultValue?: boolean): Promise<boolean>;
  select<T extends string>(message: string, choices: ReadonlyArray<{ value: T; name?: string; description?: string }>): Promise<T>;
}

/**
 * What every command receives. Everything that touches the outside world (files, keyring,
 * network, terminal) comes from here, built lazily so that a command only pays for what it uses,
 * and tests can replace any part.
 */
export interface Factory {
  readonly version: string;
  readonly env: NodeJS.ProcessEnv;
  readonly io: IOStreams;
  /** Set by the CLI once the global flags are parsed. */
  globals: GlobalOptions;
  configDir(): string;
  /** Machine-local state: the file store's key, state.json, and on Windows the locks (see stateDirFrom). */
  stateDir(): string;
  configStore(): Promise<ConfigStore>;
  /** The secret store of that kind, or the default one (keyring when it works, else the file). */
  secretStore(kind?: StorageKind): Promise<SecretStore>;
  /** The credentials this run uses (--profile, ATL_* variables, config, secret store). */
  credentials(): Promise<ResolvedCredentials>;
  /** An HTTP client for a product, authenticated with the run's credentials. */
  httpClient(product: Product): Promise<HttpClient>;
  prompter(): Promise<Prompter>;
}

/** A variable set to '' (as `HOME= atl …` does) counts as unset: joined, it would give a relative dir. */
function envDir(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The home directory: $HOME, else the OS's idea of it; on Windows %USERPROFILE% first, the home
 * Windows programs (and the tools `auth import` reads from) use, since Git Bash or MSYS2 may set
 * HOME elsewhere. Never '' (that would make every dir under it relative).
 */
export function homeDirFrom(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, osHome: () => string = homedir): string {
  const home = (platform === 'win32' ? envDir(env, 'USERPROFILE') : undefined) ?? envDir(env, 'HOME') ?? osHome();
  if (home !== '') return home;
  throw new AtlError('config', 'cannot tell where your home directory is: HOME is empty and the system reports none', {
    hint: 'set HOME to your home directory, or set ATL_CONFIG_DIR and ATL_STATE_DIR',
  });
}

/** Config dir: $ATL_CONFIG_DIR, else $XDG_CONFIG_HOME/atl, else ~/.config/atl (%APPDATA%\atl on Windows). */
export function configDirFrom(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, osHome: () => string = homedir): string {
  return atlDir(env, platform, osHome, { own: 'ATL_CONFIG_DIR', xdg: 'XDG_CONFIG_HOME', windows: 'APPDATA', underHome: ['.config'] });
}

/**
 * State dir, where the file store's key and state.json live, apart from the config dir so that a
 * copy of the config dir alone (a backup, a dotfiles repo) cannot decrypt credentials.enc:
 * $ATL_STATE_DIR, else $XDG_STATE_HOME/atl, else ~/.local/state/atl (%LOCALAPPDATA%\atl on
 * Windows, which never roams to other machines as %APPDATA% may; the locks live there too).
 */
export function stateDirFrom(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, osHome: () => string = homedir): string {
  return atlDir(env, platform, osHome, { own: 'ATL_STATE_DIR', xdg: 'XDG_STATE_HOME', windows: 'LOCALAPPDATA', underHome: ['.local', 'state'] });
}

/** The variables naming one of atl's dirs, most specific first, and its place under the home dir. */
interface DirSources {
  own: string;
  xdg: string;
  windows: string;
  underHome: readonly string[];
}

function atlDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, osHome: () => string, sources: DirSources): string {
  const own = envDir(env, sources.own);
  if (own) return own;
  const xdg = envDir(env, sources.xdg);
  if (xdg) return join(xdg, 'atl');
  const windows = envDir(env, sources.windows);
  if (platform === 'win32' && windows) return join(windows, 'atl');
  return join(homeDirFrom(env, platform, osHome), ...sources.underHome, 'atl');
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
}

/** `platform` is for tests that simulate another OS's dirs and lock places. */
export function createFactory(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Factory {
  const f: Factory = {
    version: __ATL_VERSION__,
    env,
    io: systemIOStreams(env, () => f.globals),
    globals: { profile: undefined, json: false, debug: false, noInput: false, noColor: false },
    configDir: () => configDirFrom(env, platform),
    stateDir: () => stateDirFrom(env, platform),
    configStore: once(async () => {
      const { fileConfigStore } = await import('./auth/config.js');
      return fileConfigStore(join(f.configDir(), 'config.yaml'), { stateDir: f.stateDir(), platform });
    }),
    secretStore: async (kind) => {
      const { openSecretStore } = await import('./auth/secrets/index.js');
      // A person at a terminal can answer the macOS Keychain dialog, so keyring calls wait for it there.
      const terminal = f.io.isStdinTTY() || f.io.stderr.isTTY === true;
      return openSecretStore({ configDir: f.configDir(), stateDir: f.stateDir(), kind, env, stderr: f.io.stderr, platform: process.platform, terminal });
    },
    credentials: once(async () => {
      const { resolveCredentials } = await import('./auth/resolve.js');
      return resolveCredentials(f);
    }),
    httpClient: async (product) => {
      const { clientForProduct } = await import('./auth/endpoints.js');
      return clientForProduct(f, product);
    },
    prompter: once(async () => {
      const { inquirerPrompter } = await import('./prompter.js');
      return inquirerPrompter();
    }),
  };
  return f;
}
