/**
 * Test doubles for the Jira layer and commands: an in-memory HttpClient answering from route
 * handlers (recording every request), and a Factory whose terminal is a pair of string buffers.
 */
import { PassThrough, Writable } from 'node:stream';
import type { Deployment, Profile, ResolvedCredentials } from '../auth/types.js';
import { AtlError } from '../errors.js';
import type { Factory, Prompter } from '../factory.js';
import { codeForStatus } from '../http/errors.js';
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
    const data = (await route.handler(request)) as T;
    return { status: 200, headers: new Headers(), data, url: this.baseUrl + pathOrUrl };
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

class Buffered extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface FakeFactory extends Factory {
  out: Buffered;
  err: Buffered;
  http: FakeHttp;
  stdinText(text: string): void;
  /** The URLs f.openBrowser() was given; none is opened. */
  opened: string[];
}

export interface FakeFactoryOptions {
  deployment?: Deployment;
  http?: FakeHttp;
  json?: boolean;
  debug?: boolean;
  tty?: boolean;
  prompter?: Partial<Prompter>;
  profile?: Partial<Profile>;
  /** What f.now() says; the real time without it. */
  now?: Date;
}

export function fakeFactory(options: FakeFactoryOptions = {}): FakeFactory {
  const deployment = options.deployment ?? 'cloud';
  const http = options.http ?? new FakeHttp(deployment === 'cloud' ? 'https://example.atlassian.net' : 'https://jira.example.com');
  const out = new Buffered();
  const err = new Buffered();
  const stdin = new PassThrough();
  let stdinEnded = false;
  const tty = options.tty ?? false;
  const io: IOStreams = {
    stdin: Object.assign(stdin, { isTTY: tty }),
    stdout: out,
    stderr: err,
    isStdoutTTY: () => tty,
    isStdinTTY: () => tty,
    colorEnabled: () => false,
    terminalWidth: () => 120,
    canPrompt: () => tty,
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
    ...options.profile,
  };
  const credentials: ResolvedCredentials = {
    profileName: 'default',
    profileSource: 'default',
    profile,
    siteSource: 'profile',
    token: 'not-a-real-token',
    tokenSource: 'file',
    ignoredEnv: [],
  };
  const notUsed = () => Promise.reject(new Error('not used in these tests'));
  const opened: string[] = [];
  const f: FakeFactory = {
    version: '0.0.0-test',
    env: {},
    io,
    globals: { profile: undefined, json: options.json ?? false, debug: options.debug ?? false, noInput: !tty, noColor: true },
    configDir: () => '/nonexistent',
    stateDir: () => '/nonexistent-state',
    configStore: notUsed,
    secretStore: notUsed,
    credentials: async () => credentials,
    httpClient: async () => http,
    prompter: async () =>
      ({
        input: async () => '',
        password: async () => '',
        confirm: async () => false,
        select: async () => {
          throw new Error('unexpected select');
        },
        ...options.prompter,
      }) as Prompter,
    openBrowser: async (url) => {
      opened.push(url);
      return true;
    },
    now: () => (options.now === undefined ? new Date() : new Date(options.now)),
    opened,
    out,
    err,
    http,
    stdinText(text: string) {
      stdin.end(text);
      stdinEnded = true;
    },
  };
  // Commands that read stdin must not hang in tests that gave none.
  queueMicrotask(() => {
    if (!stdinEnded && !tty) stdin.end();
  });
  return f;
}

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
