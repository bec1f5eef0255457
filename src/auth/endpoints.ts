import { AtlError } from '../errors.js';
import type { Factory, Product } from '../factory.js';
import type { HttpAuth, HttpClient } from '../http/types.js';
import { isExpired, warnIfExpiring } from './expiry.js';
import { resolveBitbucket } from './resolve.js';
import { mapClientErrors, withScopeHints } from './scopes.js';
import type { AuthType, Profile } from './types.js';

export const DEFAULT_GATEWAY_URL = 'https://api.atlassian.com';
export const DEFAULT_BITBUCKET_URL = 'https://api.bitbucket.org/2.0';

const trimSlash = (url: string) => url.replace(/\/+$/, '');

export function gatewayUrl(env: NodeJS.ProcessEnv): string {
  return trimSlash(env.ATL_GATEWAY_URL || DEFAULT_GATEWAY_URL);
}

export function bitbucketUrl(env: NodeJS.ProcessEnv): string {
  return trimSlash(env.ATL_BITBUCKET_URL || DEFAULT_BITBUCKET_URL);
}

type SiteProduct = Exclude<Product, 'bitbucket'>;

/**
 * Where a product's REST API lives for a profile. Scoped tokens work only through the gateway,
 * `/ex/jira/{cloudId}` and `/ex/confluence/{cloudId}`. Confluence paths are the same relative to
 * every base: Cloud puts it under `/wiki` (on the gateway too), Data Center at the site itself.
 */
export function baseUrlFor(product: SiteProduct, profile: Pick<Profile, 'site' | 'deployment' | 'scoped' | 'cloudId'>, env: NodeJS.ProcessEnv): string {
  if (profile.scoped) {
    if (!profile.cloudId) {
      throw new AtlError('config', 'the profile is scoped but has no cloudId', { hint: 'run `atl auth login --scoped` again (with --cloud-id <id>)' });
    }
    const base = `${gatewayUrl(env)}/ex/${product}/${encodeURIComponent(profile.cloudId)}`;
    return product === 'confluence' ? `${base}/wiki` : base;
  }
  const site = trimSlash(profile.site);
  if (product === 'confluence' && profile.deployment === 'cloud') return `${site}/wiki`;
  return site;
}

export function httpAuth(authType: AuthType, email: string | null, token: string): HttpAuth {
  if (authType === 'bearer') return { type: 'bearer', token };
  if (email === null || email === '') {
    throw new AtlError('config', 'Basic authentication needs an email', { hint: 'run `atl auth login` with --email, or --bearer for a personal access token' });
  }
  return { type: 'basic', username: email, password: token };
}

export interface ClientTarget {
  baseUrl: string;
  auth: HttpAuth;
  insecure?: boolean;
}

/** Builds an HTTP client with atl's user agent, debug and stderr. The one place clients are made. */
export type ClientMaker = (target: ClientTarget) => Promise<HttpClient>;

export function clientMaker(f: Factory): ClientMaker {
  return async (target) => {
    const { createHttpClient } = await import('../http/client.js');
    return createHttpClient({
      baseUrl: target.baseUrl,
      auth: target.auth,
      userAgent: `atl/${f.version}`,
      stderr: f.io.stderr,
      debug: f.globals.debug,
      env: f.env,
      insecure: target.insecure === true,
    });
  };
}

/** A 401 after the stored expiry date is almost surely that: say so instead of a bare 401. */
export function withExpiryHint(client: HttpClient, expiresAt: string | null, profileName: string | null): HttpClient {
  if (!isExpired(expiresAt)) return client;
  const label = profileName === null ? 'this run' : `profile "${profileName}"`;
  const explain = (err: unknown): never => {
    if (err instanceof AtlError && err.status === 401) {
      throw new AtlError('auth', `${err.message} (the token of ${label} probably expired on ${expiresAt})`, {
        status: 401,
        hint: `create a new token and run \`atl auth login${profileName === null ? '' : ` --profile ${profileName}`}\` again`,
        cause: err,
      });
    }
    throw err;
  };
  return mapClientErrors(client, explain);
}

function noToken(profileName: string | null, bitbucket: boolean): AtlError {
  const flag = profileName !== null && profileName !== 'default' ? ` --profile ${profileName}` : '';
  return new AtlError('auth', bitbucket ? `no Bitbucket token for profile "${profileName ?? ''}"` : `no token for profile "${profileName ?? ''}"`, {
    hint: bitbucket
      ? `run \`atl auth login --bitbucket${flag}\`, or set ATL_BITBUCKET_TOKEN`
      : `run \`atl auth login${flag}\`, or set ${profileName === null ? 'ATL_API_TOKEN' : `ATL_TOKEN_${profileName.toUpperCase().replace(/[^A-Z0-9]/g, '_')} or ATL_API_TOKEN`}`,
  });
}

/** An authenticated client for a product, with this run's credentials; warns about expiry once a day. */
export async function clientForProduct(f: Factory, product: Product, make: ClientMaker = clientMaker(f)): Promise<HttpClient> {
  if (product === 'bitbucket') {
    const bitbucket = await resolveBitbucket(f);
    if (bitbucket.token === null) throw noToken(bitbucket.profileName, true);
    const client = await make({ baseUrl: bitbucketUrl(f.env), auth: httpAuth(bitbucket.login.authType, bitbucket.login.email, bitbucket.token) });
    return withScopeHints(client, 'bitbucket', '/2.0');
  }
  const credentials = await f.credentials();
  if (credentials.token === null) throw noToken(credentials.profileName, false);
  const { profile } = credentials;
  await warnIfExpiring(f, credentials.profileName, profile.tokenExpiresAt);
  const client = await make({
    baseUrl: baseUrlFor(product, profile, f.env),
    auth: httpAuth(profile.authType, profile.email, credentials.token),
    insecure: profile.insecure === true,
  });
  const hinted = withExpiryHint(client, profile.tokenExpiresAt, credentials.profileName);
  return profile.scoped ? withScopeHints(hinted, product, product === 'confluence' ? '/wiki' : '') : hinted;
}
