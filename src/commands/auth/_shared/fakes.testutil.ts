// In-memory stand-ins for the Factory's parts, so auth logic is tested without disk, keyring or network.
import { PassThrough } from 'node:stream';
import { AtlError } from '../../../errors.js';
import type { Factory, GlobalOptions, Prompter } from '../../../factory.js';
import type { ClientMaker, ClientTarget } from '../../../auth/endpoints.js';
import type { ConfigFile, ConfigStore, Profile, SecretStore, StorageKind } from '../../../auth/types.js';
import type { HttpClient, HttpResponse, RequestOptions } from '../../../http/types.js';
import type { IOStreams } from '../../../iostreams.js';

export function memoryConfig(initial: ConfigFile = { defaultProfile: null, profiles: {} }): ConfigStore & { current: ConfigFile; writes: number } {
  const store = {
    path: '/fake/config.yaml',
    current: structuredClone(initial),
    writes: 0,
    read: async () => structuredClone(store.current),
    update: async (mutate: (c: ConfigFile) => void | Promise<void>) => {
      const next = structuredClone(store.current);
      await mutate(next);
      store.current = next;
      store.writes++;
      return structuredClone(next);
    },
  };
  return store;
}

export function memorySecrets(kind: StorageKind, initial: Record<string, string> = {}): SecretStore & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    kind,
    data,
    get: async (account) => data.get(account) ?? null,
    set: async (account, secret) => void data.set(account, secret),
    delete: async (account) => data.delete(account),
  };
}

export interface FakeFactory extends Factory {
  stdoutText(): string;
  stderrText(): string;
  config: ReturnType<typeof memoryConfig>;
  stores: Record<StorageKind, ReturnType<typeof memorySecrets>>;
}

export function fakeFactory(options: {
  env?: NodeJS.ProcessEnv;
  globals?: Partial<GlobalOptions>;
  config?: ConfigFile;
  keyring?: Record<string, string>;
  file?: Record<string, string>;
  /** The store `secretStore()` picks with no kind. */
  defaultStorage?: StorageKind;
  canPrompt?: boolean;
  prompter?: Prompter;
  configDir?: string;
} = {}): FakeFactory {
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  const stderr = new PassThrough();
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const io: IOStreams = {
    stdin: new PassThrough(),
    stdout,
    stderr,
    isStdoutTTY: () => false,
    isStdinTTY: () => options.canPrompt === true,
    colorEnabled: () => false,
    terminalWidth: () => 160,
    canPrompt: () => options.canPrompt === true,
  };
  const config = memoryConfig(options.config);
  const stores = { keyring: memorySecrets('keyring', options.keyring), file: memorySecrets('file', options.file) };
  const f: FakeFactory = {
    version: '0.0.0-test',
    env: options.env ?? {},
    io,
    globals: { profile: undefined, json: false, debug: false, noInput: false, noColor: true, ...options.globals },
    configDir: () => options.configDir ?? '/nonexistent/atl-test',
    configStore: async () => config,
    secretStore: async (kind) => stores[kind ?? options.defaultStorage ?? 'file'],
    credentials: async () => {
      const { resolveCredentials } = await import('../../../auth/resolve.js');
      return resolveCredentials(f);
    },
    httpClient: async () => {
      throw new Error('use a ClientMaker in tests');
    },
    prompter: async () => {
      if (!options.prompter) throw new Error('no prompter in this test');
      return options.prompter;
    },
    stdoutText: () => out,
    stderrText: () => err,
    config,
    stores,
  };
  return f;
}

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
      if (typeof data === 'number') throw new AtlError(data === 401 ? 'auth' : data === 403 ? 'forbidden' : 'failure', `HTTP ${data}`, { status: data });
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
