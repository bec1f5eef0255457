/**
 * The Factory's shape, and nothing else: every module may import these types without importing
 * what builds them. The real Factory is made in ./create-factory.ts (loaded by app.ts alone); the
 * dir rules live in ./dirs.ts. This module imports only types, so it can never close an import cycle.
 */
import type { ConfigStore, ResolvedCredentials, SecretStore, StorageKind } from './auth/types.js';
import type { HttpClient } from './http/types.js';
import type { IOStreams } from './iostreams.js';
import type { Product } from './products.js';

export interface GlobalOptions {
  profile: string | undefined;
  /** --json, or --jq (which implies it). */
  json: boolean;
  /** --jq EXPR: the JSON output goes through jq (src/cmdutil/jq.ts). */
  jq?: string;
  debug: boolean;
  noInput: boolean;
  noColor: boolean;
  /** --output FILE: stdout goes to this file (undefined without it, or with `--output -`). */
  output?: string;
  /** `--output -` was given: stdout is the output, asked for by name (a download streams there). */
  outputStdout?: boolean;
  /** --read-only: every request that could change something is refused (also ATL_READ_ONLY, a profile's readOnly). */
  readOnly?: boolean;
  /** The command being run, as typed after `atl` (`jira issue create`), for messages that name it. */
  command?: string;
}

/**
 * The products a profile can reach (the list is src/products.ts), each with a client from
 * `httpClient` (base URLs in src/auth/endpoints.ts) and a context function beside its API calls,
 * as `jiraContext(f)` in src/jira/context.ts.
 */
export type { Product } from './products.js';

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
  /**
   * Opens `url` in the user's browser when a person is there to see it (src/browser.ts); false when
   * nothing was opened. Commands print the URL first, so a false is no error.
   */
  openBrowser(url: string): Promise<boolean>;
  /** Opens `initial` in the user's editor (VISUAL/EDITOR, src/editor.ts) and returns what was saved. */
  editText(initial: string, name?: string, alternative?: string): Promise<string>;
  /** The directory the run started in: where `.atl.yaml` and the git branch are looked up from; a test fixes it. */
  cwd(): string;
  /** The time now, for what a person is shown (token expiry, "today"); a test fixes it. Retry timers keep Date.now(). */
  now(): Date;
}
