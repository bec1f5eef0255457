/**
 * The fetch function the client sends with. Plain runs use ./node-fetch.ts, fetch's interface
 * over node:http (Node's built-in fetch compiles its WebAssembly HTTP parser in every process,
 * about 0.2 s of CPU per command; see that file). Only when a proxy variable is set, or the
 * profile turns TLS verification off, is the `undici` package loaded (lazily, it is large) to get a dispatcher, and then undici's own
 * fetch is used with it: Node's bundled undici and the npm one are different copies, and a
 * dispatcher from one is not guaranteed to work with the other's fetch.
 *
 * Proxy variables: HTTPS_PROXY / HTTP_PROXY / NO_PROXY, lower-case first (as curl and undici do).
 * Plain http:// is allowed only to loopback hosts, on the grounds that the token never leaves the
 * machine; HTTP_PROXY would carry it, in clear, to wherever the proxy is. So plain http to loopback
 * goes through the proxy only when the proxy is on loopback too, and otherwise goes direct.
 * NODE_EXTRA_CA_CERTS is applied by Node to every TLS connection, both fetches included.
 */
import { nodeFetch } from './node-fetch.js';
import { redactUrl } from './redact.js';
import type { FetchFunction } from './types.js';
import { isLoopbackHost } from './url.js';

export interface ProxySettings {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
}

function firstSet(env: NodeJS.ProcessEnv, names: readonly string[]): string {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return value.trim();
  }
  return '';
}

/** The proxy settings in `env`, or null when no proxy is configured (NO_PROXY alone changes nothing). */
export function proxySettings(env: NodeJS.ProcessEnv): ProxySettings | null {
  const httpProxy = firstSet(env, ['http_proxy', 'HTTP_PROXY']);
  const httpsProxy = firstSet(env, ['https_proxy', 'HTTPS_PROXY']);
  if (!httpProxy && !httpsProxy) return null;
  return { httpProxy, httpsProxy, noProxy: firstSet(env, ['no_proxy', 'NO_PROXY']) };
}

function isLoopbackUrl(text: string): boolean {
  try {
    return isLoopbackHost(new URL(text).hostname);
  } catch {
    return false;
  }
}

export interface TransportChoice {
  fetch: FetchFunction;
  /** What was chosen, for --debug. */
  description: string;
}

export async function loadTransport(env: NodeJS.ProcessEnv, insecure: boolean): Promise<TransportChoice> {
  const proxy = proxySettings(env);
  if (!proxy && !insecure) {
    return { fetch: nodeFetch, description: 'direct' };
  }
  const loaded = await import('undici');
  // undici is CommonJS: bundled by esbuild into ESM its exports sit under `default`; under Node's own
  // loader (tests) they are also named. Take whichever is there.
  const undici = loaded.default ?? loaded;
  const tls = insecure ? { rejectUnauthorized: false } : undefined;
  const dispatcher = proxy
    ? new undici.EnvHttpProxyAgent({
        // Passed explicitly (empty string = none) so undici does not read process.env behind our back.
        httpProxy: proxy.httpProxy,
        httpsProxy: proxy.httpsProxy,
        noProxy: proxy.noProxy,
        ...(tls ? { connect: tls, requestTls: tls } : {}),
      })
    : new undici.Agent({ connect: { rejectUnauthorized: false } });
  const httpProxyOnLoopback = proxy !== null && proxy.httpProxy !== '' && isLoopbackUrl(proxy.httpProxy);
  const direct = proxy && !httpProxyOnLoopback ? new undici.Agent(tls ? { connect: tls } : {}) : dispatcher;
  const dispatcherFor = (url: URL) => (url.protocol === 'http:' && isLoopbackHost(url.hostname) ? direct : dispatcher);
  const description = [
    proxy
      ? `proxy http=${redactUrl(proxy.httpProxy) || '-'} https=${redactUrl(proxy.httpsProxy) || '-'} no_proxy=${proxy.noProxy || '-'}`
      : 'direct',
    insecure ? 'TLS verification off' : '',
  ]
    .filter(Boolean)
    .join(', ');
  return {
    // undici's fetch types are its own copies of the DOM types (Response, Headers, RequestInit);
    // they match at run time, so we cross between them through unknown.
    fetch: (url, init) =>
      undici.fetch(url, {
        ...(init as unknown as Parameters<typeof undici.fetch>[1]),
        dispatcher: dispatcherFor(url),
      }) as unknown as Promise<Response>,
    description,
  };
}
