/**
 * The one test kit: a fake Factory for every command and layer (its terminal a pair of string
 * buffers, config.yaml and the secret stores in memory, a clock and a browser that only records),
 * an in-memory HttpClient answering from route handlers (recording every request), `fakeMaker`
 * for code that makes its own clients, and `runArgv`, which runs argv through the real command tree.
 * A stubbed error status is the error the real client throws for it (`codeForStatus`), and a stub
 * no request reached fails the test (assertFakeRoutesUsed).
 */
import { PassThrough, Writable } from 'node:stream';
import type { ClientMaker, ClientTarget } from '../auth/endpoints.js';
import type {
  ConfigFile,
  ConfigStore,
  ConfluenceLogin,
  Deployment,
  Profile,
  ResolvedCredentials,
  SecretStore,
  StorageKind,
} from '../auth/types.js';
import { AtlError } from '../errors.js';
import type { Factory, GlobalOptions, Prompter } from '../factory.js';
import { codeForStatus, httpError as clientHttpError } from '../http/errors.js';
import type { HttpClient, HttpResponse, RequestOptions } from '../http/types.js';
import type { IOStreams } from '../iostreams.js';

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  body: unknown;
}

export type Handler = (request: FakeRequest) => unknown;

/** Throws what the real client throws for an error status: the code comes from the client's own mapping. */
export function httpError(status: number, message = `HTTP ${status}`): AtlError {
  return new AtlError(codeForStatus(status), message, { status });
}

/** Every FakeHttp made since the last check (see assertFakeRoutesUsed). */
const liveFakes = new Set<FakeHttp>();

/**
 * Fails when a route stubbed on a FakeHttp was never requested: a stub no request reaches means the
 * test no longer exercises what it claims to (a renamed endpoint, a changed query path). Run after
 * every test by test/support/fake-routes.setup.ts; it forgets the fakes it checked.
 */
export function assertFakeRoutesUsed(): void {
  const unused: string[] = [];
  for (const fake of liveFakes) unused.push(...fake.unusedRoutes());
  liveFakes.clear();
  if (unused.length > 0) throw new Error(`stubbed but never requested: ${unused.join(', ')} (remove the stub, or mark it with optional())`);
}

export class FakeHttp implements HttpClient {
  readonly requests: FakeRequest[] = [];
  private readonly routes: Array<{ method: string; path: string; pattern: RegExp; handler: Handler; used: boolean; optional: boolean }> =
    [];

  constructor(readonly baseUrl = 'https://example.atlassian.net') {
    liveFakes.add(this);
  }

  /** `path` may hold `*` for one path segment. The route must be requested before the test ends. */
  on(method: string, path: string, handler: Handler): this {
    const pattern = new RegExp(`^${path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]+')}$`);
    this.routes.unshift({ method, path, pattern, handler, used: false, optional: false });
    return this;
  }

  /** Like `on`, for a route a shared setup stubs that some tests never reach. */
  optional(method: string, path: string, handler: Handler): this {
    this.on(method, path, handler);
    this.routes[0]!.optional = true;
    return this;
  }

  /** The stubbed routes no request reached, as `METHOD path`. */
  unusedRoutes(): string[] {
    return this.routes.filter((r) => !r.used && !r.optional).map((r) => `${r.method} ${r.path}`);
  }

  async request<T>(pathOrUrl: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    const method = options.method ?? 'GET';
    const query: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined && v !== null) query[k] = v;
    const request: FakeRequest = {
      method,
      path: pathOrUrl,
      query,
      body: options.body === undefined ? undefined : structuredClone(options.body),
    };
    this.requests.push(request);
    const route = this.routes.find((r) => r.method === method && r.pattern.test(pathOrUrl));
    if (!route) throw httpError(404, `no fake route for ${method} ${pathOrUrl}`);
    route.used = true;
    const data = await route.handler(request);
    // answerWithHeaders (below): a route that answers with headers too, e.g. Data Center's X-AUSERNAME.
    if (typeof data === 'object' && data !== null && ANSWER_HEADERS in data) {
      const answer = data as ReturnType<typeof answerWithHeaders>;
      return { status: 200, headers: new Headers(answer[ANSWER_HEADERS]), data: answer.data as T, url: this.baseUrl + pathOrUrl };
    }
    return { status: 200, headers: new Headers(), data: data as T, url: this.baseUrl + pathOrUrl };
  }

  async get<T>(path: string, options: Omit<RequestOptions, 'method'> = {}): Promise<T> {
    return (await this.request<T>(path, { ...options, method: 'GET' })).data;
  }
  async post<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return (await this.request<T>(path, { ...options, method: 'POST', body })).data;
  }
  async put<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return (await this.request<T>(path, { ...options, method: 'PUT', body })).data;
  }
  async delete<T>(path: string, options: Omit<RequestOptions, 'method'> = {}): Promise<T> {
    return (await this.request<T>(path, { ...options, method: 'DELETE' })).data;
  }
}

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

class Buffered extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** A stream that keeps what is written to it (a command's stderr, a notice), for assertions. */
export function collector(): { stream: Writable; text: () => string } {
  const stream = new Buffered();
  return { stream, text: () => stream.text };
}

export interface FakeFactory extends Factory {
  out: Buffered;
  err: Buffered;
  http: FakeHttp;
  stdinText(text: string): void;
  /** The URLs f.openBrowser() was given; none is opened. */
  opened: string[];
  /** The texts f.editText() was given to start from; no editor is opened. */
  edited: string[];
  config: MemoryConfigStore;
  stores: Record<StorageKind, MemorySecretStore>;
  /** The messages of the prompts answered from `answers`. */
  prompts: string[];
}

export interface FakeFactoryOptions {
  deployment?: Deployment;
  /** What the user saves in the editor f.editText() opens. */
  editor?: string;
  http?: FakeHttp;
  /** Shorthands for globals.json, globals.debug and globals.profile (runArgv passes them as flags). */
  json?: boolean;
  debug?: boolean;
  profile?: string;
  globals?: Partial<GlobalOptions>;
  /** stdin and stdout are a terminal, so prompts are allowed. */
  tty?: boolean;
  /** Only stdin is a terminal (stdout piped): prompts are allowed. */
  canPrompt?: boolean;
  /** Prompt answers of the test's own; what it leaves out is answered from `answers`. */
  prompter?: Partial<Prompter>;
  /** Answers for prompts, taken in order; a prompt with no answer left fails the test. */
  answers?: Array<string | boolean>;
  /** Overrides of the Jira login the fake site has when the test gives neither `config` nor `env`. */
  siteProfile?: Partial<Profile>;
  /**
   * config.yaml. With it or `env`, credentials are resolved from them (and the stores) as the CLI
   * resolves them; with neither, the run is logged in to the fake site (`http`) with `siteProfile`.
   */
  config?: Partial<ConfigFile>;
  env?: NodeJS.ProcessEnv;
  /** What the keyring and the encrypted file hold at the start. */
  keyring?: Record<string, string>;
  file?: Record<string, string>;
  /** The store `secretStore()` picks with no kind (default: file). */
  defaultStorage?: StorageKind;
  /** Both stores compare account names ignoring case (Windows Credential Manager). */
  caseInsensitiveStores?: boolean;
  configDir?: string;
  /** The state dir (state.json, the file store's key); a dir that does not exist by default. */
  stateDir?: string;
  /** What f.now() says; the real time without it. */
  now?: Date;
  /** What f.cwd() says (where `.atl.yaml` and the git branch are looked for); a directory that does not exist by default. */
  cwd?: string;
}

export function fakeFactory(options: FakeFactoryOptions = {}): FakeFactory {
  const deployment = options.deployment ?? 'cloud';
  const http = options.http ?? new FakeHttp(deployment === 'cloud' ? 'https://example.atlassian.net' : 'https://jira.example.com');
  const out = new Buffered();
  const err = new Buffered();
  const stdin = new PassThrough();
  let stdinEnded = false;
  const tty = options.tty ?? false;
  const canPrompt = tty || options.canPrompt === true;
  const io: IOStreams = {
    stdin: Object.assign(stdin, { isTTY: canPrompt }),
    stdout: out,
    stderr: err,
    isStdoutTTY: () => tty,
    isStdinTTY: () => canPrompt,
    colorEnabled: () => false,
    terminalWidth: () => 120,
    canPrompt: () => canPrompt,
  };
  const config = new MemoryConfigStore(options.config);
  const SecretStoreClass = options.caseInsensitiveStores ? CaseInsensitiveSecretStore : MemorySecretStore;
  const stores: Record<StorageKind, MemorySecretStore> = {
    keyring: new SecretStoreClass('keyring', options.keyring),
    file: new SecretStoreClass('file', options.file),
  };
  const profile: Profile = {
    site: http.baseUrl,
    email: 'demo@example.com',
    authType: deployment === 'cloud' ? 'basic' : 'bearer',
    deployment,
    storage: 'file',
    scoped: false,
    cloudId: null,
    tokenExpiresAt: null,
    ...options.siteProfile,
  };
  const siteLogin: ResolvedCredentials = {
    profileName: 'default',
    profileSource: 'default',
    profile,
    siteSource: 'profile',
    token: 'not-a-real-token',
    tokenSource: 'file',
    ignoredEnv: [],
  };
  const answers = [...(options.answers ?? [])];
  const prompts: string[] = [];
  const next = (message: string): string | boolean => {
    prompts.push(message);
    if (answers.length === 0) throw new Error(`unexpected prompt: ${message}`);
    return answers.shift()!;
  };
  const prompter: Prompter = {
    input: async (message) => String(next(message)),
    password: async (message) => String(next(message)),
    confirm: async (message) => next(message) === true,
    select: async (message) => next(message) as never,
    ...options.prompter,
  };
  const opened: string[] = [];
  const edited: string[] = [];
  const f: FakeFactory = {
    version: '0.0.0-test',
    env: options.env ?? {},
    io,
    globals: {
      profile: options.profile,
      json: options.json ?? false,
      debug: options.debug ?? false,
      noInput: !canPrompt,
      noColor: true,
      ...options.globals,
    },
    configDir: () => options.configDir ?? '/nonexistent/atl-test',
    stateDir: () => options.stateDir ?? '/nonexistent/atl-test-state',
    configStore: async () => config,
    secretStore: async (kind) => stores[kind ?? options.defaultStorage ?? 'file'],
    credentials: async () => {
      if (options.config === undefined && options.env === undefined) return siteLogin;
      const { resolveCredentials } = await import('../auth/resolve.js');
      return resolveCredentials(f);
    },
    httpClient: async () => http,
    prompter: async () => prompter,
    openBrowser: async (url) => {
      opened.push(url);
      return true;
    },
    editText: async (initial) => {
      edited.push(initial);
      if (options.editor === undefined) throw new Error('not used in these tests: no editor text given (fakeFactory({ editor }))');
      return options.editor;
    },
    now: () => (options.now === undefined ? new Date() : new Date(options.now)),
    cwd: () => options.cwd ?? '/nonexistent/atl-test-cwd',
    edited,
    opened,
    out,
    err,
    http,
    config,
    stores,
    prompts,
    stdinText(text: string) {
      stdin.end(text);
      stdinEnded = true;
    },
  };
  // Commands that read stdin must not hang in tests that gave none.
  queueMicrotask(() => {
    if (!stdinEnded && !canPrompt && !stdin.writableEnded) stdin.end();
  });
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

/** A Confluence login of a profile's own as `auth login --confluence` saves it: Data Center, a PAT as Bearer. */
export const confluenceLogin = (overrides: Partial<ConfluenceLogin> = {}): ConfluenceLogin => ({
  site: 'https://wiki.corp.example.com',
  email: null,
  authType: 'bearer',
  deployment: 'datacenter',
  storage: 'file',
  tokenExpiresAt: null,
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

const ANSWER_HEADERS = Symbol('answer headers');

/** A fake route's answer with response headers (e.g. Bitbucket Data Center's X-AUSERNAME). */
export const answerWithHeaders = (data: unknown, headers: Record<string, string>) => ({ [ANSWER_HEADERS]: headers, data });

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
      if (typeof data === 'object' && data !== null && ANSWER_HEADERS in data) {
        const answer = data as ReturnType<typeof answerWithHeaders>;
        return { status: 200, headers: new Headers(answer[ANSWER_HEADERS]), data: answer.data as T, url: `${target.baseUrl}${path}` };
      }
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
  clientHttpError({
    status: 401,
    method: 'GET',
    url: new URL(`https://api.atlassian.com${path}`),
    body: '{"code":401,"message":"Unauthorized; scope does not match"}',
  });
export const bitbucketScopeRefusal = (path: string) =>
  clientHttpError({
    status: 403,
    method: 'GET',
    url: new URL(`https://api.bitbucket.org/2.0${path}`),
    body: '{"type":"error","error":{"message":"Your credentials lack one or more required privilege scopes.","detail":{"required":["read:user:bitbucket"],"granted":[]}}}',
  });

/**
 * Runs argv through the real command tree (src/cli.ts), as `atl` does, against a fake factory: the
 * flag declarations, their defaults and the --json refusal are tested too, which calling `run()`
 * with hand-built options skips. The globals the fake was made with (`json`, `debug`, `profile`)
 * go in as the global flags that set them, since the command line decides them. Returns the exit
 * code and the error a failing command ended in.
 */
export async function runArgv(f: Factory, argv: readonly string[]): Promise<{ code: number; error?: AtlError }> {
  const { runCli } = await import('../cli.js');
  const globals = [
    ...(f.globals.json && !argv.includes('--json') ? ['--json'] : []),
    ...(f.globals.debug && !argv.includes('--debug') ? ['--debug'] : []),
    ...(f.globals.profile !== undefined && !argv.includes('--profile') ? ['--profile', f.globals.profile] : []),
  ];
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await runCli(f, [...globals, ...argv]);
    return { code: typeof process.exitCode === 'number' ? process.exitCode : 0 };
  } catch (err) {
    if (err instanceof AtlError) return { code: err.exitCode, error: err };
    throw err;
  } finally {
    process.exitCode = before;
  }
}
