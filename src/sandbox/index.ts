/**
 * The sandbox: a local, stateful fake Atlassian on one `node:http` server, shipped as
 * `atl sandbox` and started in-process by tests.
 *
 * One port answers as a Jira Cloud site and Confluence (`/rest/...`, `/wiki/...`,
 * `/_edge/tenant_info`), Jira and Confluence Data Center (`/dc/...`), the api.atlassian.com gateway
 * (`/ex/jira/{cloudId}/...`, `/ex/confluence/{cloudId}/...`), Bitbucket Cloud (`/2.0/...`) and
 * Bitbucket Data Center (`/dc-bitbucket/...`).
 * A request goes through: control plane (`/__sandbox/...`) → fault injection (faults.ts) →
 * mount resolution (router.ts) → authentication (auth.ts) → route → scope check (scopes.ts, from
 * Atlassian's specs) → handler.
 * Every exchange is logged without secrets (`requests`) and, in test mode, handed to a contract
 * validator whose complaints collect in `violations`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { AtlError } from '../errors.js';
import { authenticate, generateCredentials, secretsOf, type SandboxCredentials } from './auth.js';
import { FaultSpecError, Faults, faultFromJson, type FaultAction } from './faults.js';
import type { ProductModule, Seed } from './products.js';
import { productModules } from './registry.js';
import { bitbucketScopeError, defaultMessage, gatewayError, jiraError, productError, wwwAuthenticate } from './responses.js';
import { resolveMount, Router } from './router.js';
import { closestAlternative, satisfies, scopeRequirementOf } from './scopes.js';
import type { ContractValidator, CredentialKind, Identity, Mount, Realm, SandboxRequest, SandboxResponse } from './types.js';

export type { ContractExchange, ContractValidator, Identity, SandboxRequest, SandboxResponse } from './types.js';
export type { FaultSpec, FaultAction } from './faults.js';
export type { SandboxCredentials } from './auth.js';
export type { ProductContext, ProductModule, Seed } from './products.js';
export { Router } from './router.js';

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only (127.0.0.0/8, ::1, localhost): the demo credentials are printed and logged. */
  host?: string;
  seed?: Seed;
  /** Test mode: every exchange is checked; complaints collect in `violations`. */
  validator?: ContractValidator;
  /** Route modules served in addition to productModules (tests use it for routes no product has yet). */
  extraModules?: readonly ProductModule[];
  /**
   * The Cloud user's API token, instead of a fresh one: `atl sandbox --login` passes the token its
   * saved profile holds, so the profile keeps working from one start to the next.
   */
  cloudToken?: string;
  /** The Bitbucket Data Center user's personal access token, instead of a fresh one (as cloudToken). */
  bitbucketDcToken?: string;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  /** The query string with token-like values replaced by `[redacted]`. */
  query: string;
  mount: Mount | 'control' | 'none';
  /** How the request authenticated: a credential kind, `anonymous`, or `rejected` (a 401). */
  credential: CredentialKind | 'anonymous' | 'rejected';
  /** Email, or workspace for a Bitbucket access token; never a secret. */
  identity: string | null;
  status: number;
  /** The injected fault, when one was applied. */
  fault?: FaultAction['type'];
}

export interface Sandbox {
  /** The Cloud site: Jira at `/rest/...`, Confluence at `/wiki`. */
  readonly url: string;
  /** Jira Data Center, and Confluence Data Center (same mount; the path tells them apart). */
  readonly dcUrl: string;
  /** The api.atlassian.com stand-in: `${gatewayUrl}/ex/jira/${cloudId}/...`. */
  readonly gatewayUrl: string;
  /** Bitbucket Cloud API base (`.../2.0`). */
  readonly bitbucketUrl: string;
  /** Bitbucket Data Center's site (its API is under `/rest/api/1.0`). */
  readonly bitbucketDcUrl: string;
  readonly cloudId: string;
  readonly port: number;
  readonly credentials: SandboxCredentials;
  /** Every secret of `credentials` (and Basic encodings), for secret scanners. */
  readonly secrets: readonly string[];
  readonly faults: Faults;
  readonly requests: RequestLogEntry[];
  readonly violations: string[];
  stop(): Promise<void>;
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (h.startsWith('::ffff:')) return isLoopbackHost(h.slice(7));
  return isIP(h) === 4 && h.startsWith('127.');
}

const MAX_BODY_BYTES = 20 * 1024 * 1024;
const SECRET_QUERY_KEYS = /^(access_token|token|jwt|password|api[_-]?key|secret|signature|sig)$/i;

function redactQuery(query: URLSearchParams): string {
  const copy = new URLSearchParams();
  for (const [key, value] of query) copy.append(key, SECRET_QUERY_KEYS.test(key) ? '[redacted]' : value);
  return copy.toString();
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const isJsonType = (contentType: string | undefined) => contentType !== undefined && /[/+]json\b/i.test(contentType);

/** The realm a path belongs to, for error shapes of faults and early failures. */
function realmOf(pathname: string, cloudId: string): { realm: Realm; productPath: string } {
  const resolved = resolveMount(pathname, cloudId);
  return resolved.kind === 'none' ? { realm: 'jira', productPath: pathname } : { realm: resolved.realm, productPath: resolved.productPath };
}

interface Outcome {
  response: SandboxResponse;
  mount: RequestLogEntry['mount'];
  credential: RequestLogEntry['credential'];
  identity: Identity | null;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) {
    throw new AtlError('usage', `the sandbox only listens on loopback, not ${host}`, {
      hint: 'its demo credentials are printed and accepted by anyone who can reach it; use --host 127.0.0.1',
    });
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AtlError('usage', `invalid port: ${port}`);

  const cloudId = randomUUID();
  // Sites (Cloud and Data Center) set a session-ish XSRF cookie on every answer, as Jira does;
  // clients must not echo it (atl's --debug shows `set-cookie: [redacted]`).
  const xsrfCookie = `atlassian.xsrf.token=${randomUUID()}_lin; Path=/; SameSite=Lax`;
  const credentials = generateCredentials();
  if (options.cloudToken !== undefined) {
    if (options.cloudToken.trim() === '') throw new AtlError('usage', 'the sandbox Cloud token is empty');
    credentials.cloud.token = options.cloudToken;
  }
  if (options.bitbucketDcToken !== undefined) {
    if (options.bitbucketDcToken.trim() === '') throw new AtlError('usage', 'the sandbox Bitbucket token is empty');
    credentials.bitbucketDatacenter.token = options.bitbucketDcToken;
  }
  const router = new Router();
  for (const module of [...productModules, ...(options.extraModules ?? [])]) {
    module.register(router, { seed: options.seed ?? 'demo', cloudId, credentials });
  }

  const faults = new Faults();
  const requests: RequestLogEntry[] = [];
  const violations: string[] = [];
  const stopping = new AbortController();
  let siteUrl = '';

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        stopping.signal.removeEventListener('abort', done);
        resolve();
      }
      stopping.signal.addEventListener('abort', done, { once: true });
    });
  }

  async function dispatch(
    method: string,
    pathname: string,
    query: URLSearchParams,
    req: IncomingMessage,
    rawBody: Buffer,
    body: unknown,
  ): Promise<Outcome> {
    const resolved = resolveMount(pathname, cloudId);
    if (resolved.kind === 'none') return { response: jiraError(404, 'Not Found'), mount: 'none', credential: 'anonymous', identity: null };
    if (resolved.kind === 'unknown-cloud') {
      return { response: gatewayError(404, 'Not Found'), mount: 'gateway', credential: 'anonymous', identity: null };
    }
    const { mount, realm, flavour, productPath, prefix } = resolved;
    const unauthorized = (message: string, scopeError = false): Outcome => {
      const base = mount === 'gateway' ? gatewayError(401, message) : productError(realm, 401, message, productPath);
      return {
        response: { ...base, headers: { 'WWW-Authenticate': wwwAuthenticate(mount, siteUrl, scopeError) } },
        mount,
        credential: 'rejected',
        identity: null,
      };
    };

    const auth = authenticate(req.headers.authorization, mount, credentials);
    if (auth.kind === 'denied') return unauthorized(auth.reason);
    const identity = auth.kind === 'ok' ? auth.identity : null;
    const credential = identity ? identity.kind : 'anonymous';

    const match = router.match(realm, flavour, method, productPath);
    if (match.kind === 'not-found') {
      return { response: productError(realm, 404, defaultMessage(404), productPath), mount, credential, identity };
    }
    if (match.kind === 'method-not-allowed') {
      const response = productError(realm, 405, 'Method Not Allowed', productPath);
      return { response: { ...response, headers: { Allow: match.allowed.join(', ') } }, mount, credential, identity };
    }
    const { route, params } = match;
    // The gateway never serves anonymous requests, even for routes a site answers anonymously.
    if (!identity && (!route.anonymous || mount === 'gateway')) {
      return unauthorized(mount === 'gateway' ? 'Unauthorized' : 'Client must be authenticated to access this resource.');
    }
    if (identity?.scopes && (mount === 'gateway' || mount === 'bitbucket')) {
      const held = identity.scopes;
      const requirement = scopeRequirementOf(realm, method, productPath);
      if (requirement === null) {
        // Refused, as a real gateway refuses what it knows no scope for; in test mode it is also a
        // violation, so a route served without a scope entry in the specs fails its tests loudly.
        if (options.validator)
          violations.push(`${method} ${pathname}: no scopes for this operation in Atlassian's specs (src/sandbox/scopes.generated.json)`);
      }
      if (requirement === null || !satisfies(held, requirement.alternatives)) {
        if (mount === 'gateway') return unauthorized('Unauthorized; scope does not match', true);
        const required = requirement === null ? [] : closestAlternative(held, requirement.alternatives);
        return { response: bitbucketScopeError(required, held), mount, credential, identity };
      }
    }

    const request: SandboxRequest = {
      method,
      path: productPath,
      params,
      query,
      headers: req.headers,
      body,
      rawBody,
      identity,
      flavour,
      mount,
      baseUrl: `${siteUrl}${prefix}`,
      siteUrl,
    };
    try {
      return { response: await route.handler(request), mount, credential, identity };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { response: productError(realm, 500, `sandbox handler failed: ${message}`, productPath), mount, credential, identity };
    }
  }

  function applyFault(fault: FaultAction, pathname: string, res: ServerResponse): number | null {
    const { realm, productPath } = realmOf(pathname, cloudId);
    switch (fault.type) {
      case 'status': {
        const base = productError(realm, fault.status, defaultMessage(fault.status), productPath);
        const headers: Record<string, string> = { 'Content-Type': 'application/json;charset=UTF-8' };
        if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
        res.writeHead(fault.status, headers).end(JSON.stringify(fault.body ?? base.body));
        return fault.status;
      }
      case 'redirect':
        res.writeHead(fault.status ?? 302, { Location: fault.location, 'Content-Length': '0' }).end();
        return fault.status ?? 302;
      case 'malformed':
        res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8' }).end('{"errorMessages":["truncated", <html>');
        return 200;
      case 'cut': {
        const partial = '{"values":[{"id":"10000","key":"DEMO-1","fields":{"summary":"cut';
        // Promise more bytes than are sent, then drop the connection: the client sees a body that ends early.
        res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': String(partial.length * 4) });
        res.write(partial, () => res.socket?.destroy());
        return 200;
      }
      case 'delay':
      case 'skew':
        return null;
    }
  }

  function control(req: IncomingMessage, res: ServerResponse, pathname: string, rawBody: Buffer): number {
    const send = (status: number, body?: unknown) => {
      if (body === undefined) res.writeHead(status).end();
      else res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      return status;
    };
    if (!isLoopbackHost(req.socket.remoteAddress ?? '')) return send(403, { error: 'the control API answers loopback clients only' });
    // The request log (no secrets in it), for scripts and benchmarks that count what a client sent.
    if (pathname === '/__sandbox/requests') return req.method === 'GET' ? send(200, requests) : send(405, { error: 'use GET' });
    if (pathname !== '/__sandbox/faults') return send(404, { error: 'unknown control path; use /__sandbox/faults or /__sandbox/requests' });
    if (req.method === 'DELETE') {
      faults.clear();
      return send(204);
    }
    if (req.method === 'GET') {
      return send(
        200,
        faults.list().map((f) => ({ id: f.id, remaining: f.remaining, ...f.spec, path: String(f.spec.path) })),
      );
    }
    if (req.method !== 'POST') return send(405, { error: 'use POST, GET or DELETE' });
    try {
      const parsed: unknown = JSON.parse(rawBody.toString('utf8') || 'null');
      const specs = Array.isArray(parsed) ? parsed : [parsed];
      const added = specs.map((spec) => faultFromJson(spec));
      const active = added.map((spec) => faults.add(spec));
      return send(
        201,
        active.map((f) => ({ id: f.id, remaining: f.remaining })),
      );
    } catch (err) {
      const message = err instanceof FaultSpecError ? err.message : 'body must be JSON';
      return send(400, { error: message });
    }
  }

  function send(res: ServerResponse, method: string, response: SandboxResponse): unknown {
    const headers: Record<string, string> = { ...response.headers };
    let payload: Buffer | undefined;
    let sentJson: unknown;
    if (response.body === undefined) {
      payload = undefined;
    } else if (Buffer.isBuffer(response.body)) {
      payload = response.body;
    } else if (typeof response.body === 'string') {
      headers['Content-Type'] ??= 'text/plain;charset=UTF-8';
      payload = Buffer.from(response.body);
    } else {
      const text = JSON.stringify(response.body);
      sentJson = JSON.parse(text);
      headers['Content-Type'] ??= 'application/json;charset=UTF-8';
      payload = Buffer.from(text);
    }
    if (payload) headers['Content-Length'] = String(payload.length);
    res.writeHead(response.status, headers);
    res.end(method === 'HEAD' ? undefined : payload);
    return sentJson;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const pathname = url.pathname;
    const query = url.searchParams;
    const entry: RequestLogEntry = {
      method,
      path: pathname,
      query: redactQuery(query),
      mount: 'none',
      credential: 'anonymous',
      identity: null,
      status: 0,
    };
    requests.push(entry);

    let rawBody: Buffer;
    try {
      rawBody = await readBody(req);
    } catch {
      entry.status = 413;
      if (!res.headersSent && !res.destroyed) res.writeHead(413).end();
      return;
    }

    if (pathname.startsWith('/__sandbox/')) {
      entry.mount = 'control';
      entry.status = control(req, res, pathname, rawBody);
      return;
    }

    const contentType = req.headers['content-type'];
    let body: unknown;
    let badJson = false;
    if (rawBody.length > 0) {
      if (isJsonType(contentType)) {
        try {
          body = JSON.parse(rawBody.toString('utf8'));
        } catch {
          badJson = true;
          body = rawBody.toString('utf8');
        }
      } else {
        body = rawBody.toString('utf8');
      }
    }
    const validate = (status: number, responseBody: unknown, responseContentType: string | undefined, fault?: string) => {
      if (!options.validator) return;
      try {
        const found = options.validator.check({
          method,
          path: pathname,
          query,
          requestContentType: contentType,
          requestBody: isJsonType(contentType) && !badJson ? body : undefined,
          status,
          responseContentType,
          responseBody,
          ...(fault ? { fault } : {}),
        });
        for (const violation of found) violations.push(`${method} ${pathname} → ${status}: ${violation}`);
      } catch (err) {
        violations.push(`${method} ${pathname} → ${status}: validator failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    };

    const fault = faults.take(method, pathname);
    if (fault) {
      entry.fault = fault.type;
      if (fault.type === 'delay') {
        await sleep(fault.ms);
      } else if (fault.type === 'skew') {
        // Node adds no Date of its own to a response that has one.
        res.setHeader('Date', new Date(Date.now() + fault.seconds * 1000).toUTCString());
      } else {
        entry.status = applyFault(fault, pathname, res) ?? 0;
        // The response is deliberately wrong; only the request is the client's to get right.
        validate(entry.status, undefined, undefined, fault.type);
        return;
      }
    }
    if (res.destroyed) return; // the client went away while a delay ran

    let outcome: Outcome;
    if (badJson) {
      const { realm, productPath } = realmOf(pathname, cloudId);
      outcome = {
        response: productError(realm, 400, 'Unexpected character in the request body: it is not valid JSON.', productPath),
        mount: 'none',
        credential: 'anonymous',
        identity: null,
      };
    } else {
      outcome = await dispatch(method, pathname, query, req, rawBody, body);
    }
    const response = outcome.response;
    if (response.status === 401 && !Object.keys(response.headers ?? {}).some((h) => h.toLowerCase() === 'www-authenticate')) {
      const mount = outcome.mount === 'control' || outcome.mount === 'none' ? 'site' : outcome.mount;
      response.headers = { ...response.headers, 'WWW-Authenticate': wwwAuthenticate(mount, siteUrl) };
    }
    if (outcome.mount === 'site' || outcome.mount === 'dc') response.headers = { ...response.headers, 'Set-Cookie': xsrfCookie };
    // Bitbucket Data Center names the authenticated user on every answer; clients read "me" from it.
    if (outcome.mount === 'dc-bitbucket' && outcome.identity?.username) {
      response.headers = { ...response.headers, 'X-AUSERNAME': outcome.identity.username, 'X-AUSERID': outcome.identity.accountId ?? '' };
    }
    entry.mount = outcome.mount;
    entry.credential = outcome.credential;
    entry.identity = outcome.identity ? (outcome.identity.email ?? outcome.identity.workspace) : null;
    entry.status = response.status;
    const sentJson = send(res, method, response);
    validate(response.status, sentJson, res.getHeader('content-type')?.toString());
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      if (!res.headersSent && !res.destroyed) res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`sandbox error: ${message}`);
    });
  });
  // Keep-alive sockets must not hold stop() open.
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE')
        reject(new AtlError('usage', `port ${port} is already in use`, { hint: 'pick another with --port, or --port 0 for a free one' }));
      else if (err.code === 'EADDRNOTAVAIL') reject(new AtlError('usage', `cannot listen on ${host}`));
      else reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('sandbox server has no TCP address');
  const hostForUrl = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  siteUrl = `http://${hostForUrl}:${address.port}`;

  let stopped: Promise<void> | undefined;
  return {
    url: siteUrl,
    dcUrl: `${siteUrl}/dc`,
    gatewayUrl: siteUrl,
    bitbucketUrl: `${siteUrl}/2.0`,
    bitbucketDcUrl: `${siteUrl}/dc-bitbucket`,
    cloudId,
    port: address.port,
    credentials,
    secrets: secretsOf(credentials),
    faults,
    requests,
    violations,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        stopping.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
