// In-memory stand-ins for the Factory's parts, so the auth logic and the `atl auth` commands are
// unit-tested without disk, keyring or network. Test-only: nothing outside *.test.ts imports it.
import { PassThrough, Writable } from 'node:stream';
import { AtlError } from '../errors.js';
import { codeForStatus, httpError } from '../http/errors.js';
import type { Factory, GlobalOptions, Prompter } from '../factory.js';
import type { HttpClient, HttpResponse, RequestOptions } from '../http/types.js';
import type { IOStreams } from '../iostreams.js';
import type { ClientMaker, ClientTarget } from './endpoints.js';
import type { ConfigFile, ConfigStore, Profile, SecretStore, StorageKind } from './types.js';

/** config.yaml in memory; `updates` counts the writes that went through. */
export class MemoryConfigStore implements ConfigStore {
  readonly path = '/fake/config.yaml';
  config: ConfigFile;
  /** When set, the next update() throws it after running the mutation (a refused write). */
  failNextUpdate: Error | null = null;
  updates = 0;

  constructor(config: Partial<ConfigFile> = {}) {
    this.config = { defaultProfile: null, profiles: {}, ...structuredClone(config) };
  }

  async read(): Promise<ConfigFile> {
    return structuredClone(this.config);
  }

  async update(mutate: (config: ConfigFile) => void | Promise<void>): Promise<ConfigFile> {
    const draft = structuredClone(this.config);
    await mutate(draft);
    if (this.failNextUpdate) {
      const err = this.failNextUpdate;
      this.failNextUpdate = null;
      throw err;
    }
    this.updates += 1;
    this.config = draft;
    return structuredClone(draft);
  }
}

/** A secret store in memory; `failSet`/`failDelete` make chosen accounts fail, to test rollback. */
export class MemorySecretStore implements SecretStore {
  readonly secrets: Map<string, string>;
  readonly failSet = new Set<string>();
  readonly failDelete = new Set<string>();

  constructor(
    readonly kind: StorageKind,
    initial: Record<string, string> = {},
  ) {
    this.secrets = new Map(Object.entries(initial));
  }

  async get(account: string): Promise<string | null> {
    return this.secrets.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    if (this.failSet.has(account)) throw new Error(`keyring refused to store ${account}`);
    this.secrets.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    if (this.failDelete.has(account)) throw new Error(`keyring refused to delete ${account}`);
    return this.secrets.delete(account);
  }
}

/**
 * A secret store that compares account names ignoring case, as Windows Credential Manager does:
 * `work` and `Work` are one entry, and writing either replaces it (the last spelling is kept).
 */
export class CaseInsensitiveSecretStore extends MemorySecretStore {
  private keyOf(account: string): string | undefined {
    const folded = account.toLowerCase();
    return [...this.secrets.keys()].find((key) => key.toLowerCase() === folded);
  }

  override async get(account: string): Promise<string | null> {
    return super.get(this.keyOf(account) ?? account);
  }

  override async set(account: string, secret: string): Promise<void> {
    const key = this.keyOf(account);
    if (key !== undefined && !this.failSet.has(account)) this.secrets.delete(key);
    return super.set(account, secret);
  }

  override async delete(account: string): Promise<boolean> {
    return super.delete(this.keyOf(account) ?? account);
  }
}

export interface FakeOptions {
  config?: Partial<ConfigFile>;
  env?: NodeJS.ProcessEnv;
  /** Shorthands for globals.profile and globals.json. */
  profile?: string;
  json?: boolean;
  globals?: Partial<GlobalOptions>;
  /** What the keyring and the encrypted file hold at the start. */
  keyring?: Record<string, string>;
  file?: Record<string, string>;
  /** The store `secretStore()` picks with no kind (default: file). */
  defaultStorage?: StorageKind;
  /** Both stores compare account names ignoring case (Windows Credential Manager). */
  caseInsensitiveStores?: boolean;
  canPrompt?: boolean;
  /** A prompter of the test's own; without it, prompts take `answers` in order. */
  prompter?: Prompter;
  /** Answers for prompts, taken in order; a prompt with no answer left fails the test. */
  answers?: Array<string | boolean>;
  configDir?: string;
  /** The state dir (state.json, the file store's key); a dir that does not exist by default. */
  stateDir?: string;
  /** What f.now() says; the real time without it. */
  now?: Date;
}

export interface FakeFactory extends Factory {
  config: MemoryConfigStore;
  stores: Record<StorageKind, MemorySecretStore>;
  stdoutText(): string;
  stderrText(): string;
  /** The messages of the prompts shown through `answers`. */
  prompts: string[];
  /** The URLs f.openBrowser() was given; none is opened. */
  opened: string[];
}

/** A stream that keeps what is written to it (a command's stderr, a notice), for assertions. */
export function collector(): { stream: Writable; text: () => string } {
  const stream = capture();
  return { stream, text: stream.text };
}

function capture(): Writable & { text: () => string } {
  let text = '';
  // _write runs synchronously on write(), so the text is complete as soon as a command returns.
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  return Object.assign(stream, { text: () => text });
}

export function fakeFactory(options: FakeOptions = {}): FakeFactory {
  const stdout = capture();
  const stderr = capture();
  const canPrompt = options.canPrompt ?? false;
  const io: IOStreams = {
    stdin: new PassThrough(),
    stdout,
    stderr,
    isStdoutTTY: () => false,
    isStdinTTY: () => canPrompt,
    colorEnabled: () => false,
    terminalWidth: () => 160,
    canPrompt: () => canPrompt,
  };
  const config = new MemoryConfigStore(options.config);
  const SecretStoreClass = options.caseInsensitiveStores ? CaseInsensitiveSecretStore : MemorySecretStore;
  const stores: Record<StorageKind, MemorySecretStore> = {
    keyring: new SecretStoreClass('keyring', options.keyring),
    file: new SecretStoreClass('file', options.file),
  };
  const answers = [...(options.answers ?? [])];
  const prompts: string[] = [];
  const opened: string[] = [];
  const next = (message: string): string | boolean => {
    prompts.push(message);
    if (answers.length === 0) throw new Error(`unexpected prompt: ${message}`);
    return answers.shift()!;
  };
  const answering: Prompter = {
    input: async (message) => String(next(message)),
    password: async (message) => String(next(message)),
    confirm: async (message) => next(message) === true,
    select: async (message) => next(message) as never,
  };
  const globals: GlobalOptions = {
    profile: options.profile,
    json: options.json ?? false,
    debug: false,
    noInput: !canPrompt,
    noColor: true,
    ...options.globals,
  };
  const f: FakeFactory = {
    version: '0.0.0-test',
    env: options.env ?? {},
    io,
    globals,
    configDir: () => options.configDir ?? '/nonexistent/atl-test',
    stateDir: () => options.stateDir ?? '/nonexistent/atl-test-state',
    configStore: async () => config,
    secretStore: async (kind) => stores[kind ?? options.defaultStorage ?? 'file'],
    credentials: async () => {
      const { resolveCredentials } = await import('./resolve.js');
      return resolveCredentials(f);
    },
    httpClient: async () => {
      throw new Error('use a ClientMaker (fakeMaker) in tests');
    },
    prompter: async () => options.prompter ?? answering,
    openBrowser: async (url) => {
      opened.push(url);
      return true;
    },
    now: () => (options.now === undefined ? new Date() : new Date(options.now)),
    opened,
    config,
    stores,
    stdoutText: () => stdout.text(),
    stderrText: () => stderr.text(),
    prompts,
  };
  return f;
}

/** A Cloud profile exactly as `auth login` saves it (with `bitbucket: null`). */
export const cloudProfile = (overrides: Partial<Profile> = {}): Profile => ({
  site: 'https://acme.atlassian.net',
  email: 'me@acme.com',
  authType: 'basic',
  deployment: 'cloud',
  storage: 'file',
  scoped: false,
  cloudId: null,
  tokenExpiresAt: null,
  bitbucket: null,
  ...overrides,
});

/** A Cloud profile as a person may write it in config.yaml (no `bitbucket` key). */
export function sampleProfile(overrides: Partial<Profile> = {}): Profile {
  const { bitbucket: _absent, ...profile } = cloudProfile({ site: 'https://work.atlassian.net', email: 'me@work.example' });
  return { ...profile, ...overrides };
}

/** The AtlError a promise rejects with; fails the test when it resolves or throws something else. */
export async function atlErrorOf(promise: Promise<unknown>): Promise<AtlError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AtlError) return err;
    throw err;
  }
  throw new Error('expected an AtlError, but the call succeeded');
}

export interface FakeCall {
  baseUrl: string;
  auth: ClientTarget['auth'];
  path: string;
}

/** A server by URL: `routes['https://x/rest/api/3/myself']` answers a request or returns a status. */
export type FakeRoute = (call: FakeCall) => unknown;

export function fakeMaker(routes: Record<string, FakeRoute>): ClientMaker & { calls: FakeCall[] } {
  const calls: FakeCall[] = [];
  const make = async (target: ClientTarget): Promise<HttpClient> => {
    const request = async <T>(path: string, _options?: RequestOptions): Promise<HttpResponse<T>> => {
      const call = { baseUrl: target.baseUrl, auth: target.auth, path };
      calls.push(call);
      const route = routes[`${target.baseUrl}${path}`];
      if (!route) throw new AtlError('not_found', `no route ${target.baseUrl}${path}`, { status: 404 });
      const data = route(call);
      // A status is the error the real client throws for it, with the client's own mapping.
      if (typeof data === 'number') throw new AtlError(codeForStatus(data), `HTTP ${data}`, { status: data });
      return { status: 200, headers: new Headers(), data: data as T, url: `${target.baseUrl}${path}` };
    };
    return {
      baseUrl: target.baseUrl,
      request,
      get: async <T>(path: string, options?: RequestOptions) => (await request<T>(path, options)).data,
      post: async <T>(path: string) => (await request<T>(path)).data,
      put: async <T>(path: string) => (await request<T>(path)).data,
      delete: async <T>(path: string) => (await request<T>(path)).data,
    };
  };
  return Object.assign(make, { calls });
}

/** Basic credentials check for a fake route. */
export const basicIs = (call: FakeCall, user: string, password: string): boolean =>
  call.auth?.type === 'basic' && call.auth.username === user && call.auth.password === password;

/** Refusals exactly as the HTTP layer makes them from the gateway's and Bitbucket's answers. */
export const gatewayScopeRefusal = (path: string) =>
  httpError({
    status: 401,
    method: 'GET',
    url: new URL(`https://api.atlassian.com${path}`),
    body: '{"code":401,"message":"Unauthorized; scope does not match"}',
  });
export const bitbucketScopeRefusal = (path: string) =>
  httpError({
    status: 403,
    method: 'GET',
    url: new URL(`https://api.bitbucket.org/2.0${path}`),
    body: '{"type":"error","error":{"message":"Your credentials lack one or more required privilege scopes.","detail":{"required":["read:user:bitbucket"],"granted":[]}}}',
  });
