import { AtlError, usageError } from '../errors.js';
import { redactUserinfo } from '../http/redact.js';
import type { Factory, Product } from '../factory.js';
import type { ClientMaker, HttpAuth, HttpClient } from '../http/types.js';
import { isAppPassword, withAppPasswordHint } from './app-password.js';
import { withCloudId, withCloudIdCheck } from './cloud-id.js';
import { isExpired, localDate, warnIfExpiring } from './expiry.js';
import { PRODUCT_LABELS, readOnlyRunOf } from './read-only-run.js';
import { noConfluenceTokenError, noTokenError, resolveBitbucket, resolveConfluence } from './resolve.js';
import { mapClientErrors, withScopeHints } from './scopes.js';
import { bitbucketDcSiteOf, isLoopbackHost } from './site.js';
import { bitbucketDcTokenPage, CLOUD_TOKEN_PAGE, tokenPage, withTokenPage } from './token-page.js';
import type { AuthType, BitbucketLogin, Profile } from './types.js';

export const DEFAULT_GATEWAY_URL = 'https://api.atlassian.com';
export const DEFAULT_BITBUCKET_URL = 'https://api.bitbucket.org/2.0';

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * The variables that send tokens elsewhere than Atlassian's own gateway and Bitbucket API. They
 * exist for tests and the sandbox, so they are honoured only for loopback hosts unless
 * ATL_ALLOW_URL_OVERRIDE=1, and a run that uses one says so on stderr (see clientMaker).
 */
const URL_OVERRIDES = {
  // Only `/ex/...` is reached through the gateway (the sandbox serves its site on the same origin).
  ATL_GATEWAY_URL: { default: DEFAULT_GATEWAY_URL, what: 'the Atlassian gateway', under: '/ex/' },
  ATL_BITBUCKET_URL: { default: DEFAULT_BITBUCKET_URL, what: 'the Bitbucket API', under: '' },
} as const;
type UrlOverrideName = keyof typeof URL_OVERRIDES;

export interface UrlOverride {
  variable: UrlOverrideName;
  url: string;
}

/** The override in `variable`, checked; null when unset. Exit 2 for a host it may not send tokens to. */
export function urlOverride(env: NodeJS.ProcessEnv, variable: UrlOverrideName): UrlOverride | null {
  const value = env[variable];
  if (value === undefined || value === '') return null;
  // A Data Center site is a login's server (resolveBitbucket), not a replacement for Bitbucket Cloud's API.
  if (variable === 'ATL_BITBUCKET_URL' && bitbucketDcSiteOf(value) !== null) return null;
  const shown = redactUserinfo(value);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw usageError(`${variable} is not a URL: ${shown}`, `unset ${variable} to use ${URL_OVERRIDES[variable].default}`);
  }
  if (!isLoopbackHost(parsed.href) && env.ATL_ALLOW_URL_OVERRIDE !== '1') {
    throw usageError(
      `${variable}=${shown} is not a loopback address; it replaces ${URL_OVERRIDES[variable].what}, so atl honours it only for localhost (tests, the sandbox)`,
      `unset ${variable}, or set ATL_ALLOW_URL_OVERRIDE=1 if your tokens are really meant for that host`,
    );
  }
  return { variable, url: trimSlash(value) };
}

/** Every override set in the environment, checked (for `auth status`). */
export function urlOverrides(env: NodeJS.ProcessEnv): UrlOverride[] {
  return (Object.keys(URL_OVERRIDES) as UrlOverrideName[]).flatMap((name) => urlOverride(env, name) ?? []);
}

export function gatewayUrl(env: NodeJS.ProcessEnv): string {
  return urlOverride(env, 'ATL_GATEWAY_URL')?.url ?? DEFAULT_GATEWAY_URL;
}

export function bitbucketUrl(env: NodeJS.ProcessEnv): string {
  return urlOverride(env, 'ATL_BITBUCKET_URL')?.url ?? DEFAULT_BITBUCKET_URL;
}

/**
 * The base URL of a Bitbucket login: Cloud's API root (`.../2.0`, ATL_BITBUCKET_URL may replace it),
 * or a Data Center server's site, under which product code asks `/rest/api/1.0/...`.
 */
export function bitbucketBaseUrl(login: Pick<BitbucketLogin, 'site'>, env: NodeJS.ProcessEnv): string {
  return login.site === undefined ? bitbucketUrl(env) : trimSlash(login.site);
}

/** The notice line of an override, e.g. `notice: ATL_GATEWAY_URL overrides the Atlassian gateway: http://127.0.0.1:1234`. */
export const urlOverrideNotice = (o: UrlOverride): string =>
  `notice: ${o.variable} overrides ${URL_OVERRIDES[o.variable].what}: ${redactUserinfo(o.url)}`;

/** Overrides already announced, per run (the factory), so each is said once. */
const announced = new WeakMap<Factory, Set<UrlOverrideName>>();

/**
 * Says on stderr, once per run, that a client goes to an overridden URL; refuses (exit 2) one that
 * is not allowed, whichever code built the base URL.
 */
export function announceUrlOverride(f: Factory, baseUrl: string): void {
  for (const name of Object.keys(URL_OVERRIDES) as UrlOverrideName[]) {
    const value = f.env[name];
    if (value === undefined || value === '') continue;
    const root = trimSlash(value);
    const under = URL_OVERRIDES[name].under;
    if (!(under === '' ? baseUrl === root || baseUrl.startsWith(`${root}/`) : baseUrl.startsWith(`${root}${under}`))) continue;
    const override = urlOverride(f.env, name);
    if (override === null) continue;
    let said = announced.get(f);
    if (!said) announced.set(f, (said = new Set()));
    if (said.has(name)) continue;
    said.add(name);
    f.io.stderr.write(`${urlOverrideNotice(override)}\n`);
  }
}

/** The products served at a site (or its gateway path), rather than at bitbucket.org. */
type SiteProduct = 'jira' | 'confluence';

/**
 * Service Management's REST API (`/rest/servicedeskapi`) is the Jira site's: the same base URL,
 * gateway path (`/ex/jira/{cloudId}`), token and token page; so a JSM client is a Jira client.
 */
export function siteProductOf(product: Exclude<Product, 'bitbucket'>): SiteProduct {
  return product === 'jsm' ? 'jira' : product;
}

/**
 * Where a product's REST API lives for a profile. Scoped tokens work only through the gateway,
 * `/ex/jira/{cloudId}` and `/ex/confluence/{cloudId}`. Confluence paths are the same relative to
 * every base: Cloud puts it under `/wiki` (on the gateway too), Data Center at the site itself.
 */
export function baseUrlFor(
  product: SiteProduct,
  profile: Pick<Profile, 'site' | 'deployment' | 'scoped' | 'cloudId'>,
  env: NodeJS.ProcessEnv,
): string {
  if (profile.scoped) {
    if (!profile.cloudId) {
      throw new AtlError('config', 'the profile is scoped but has no cloudId', {
        hint: 'run `atl auth login --scoped` again (with --cloud-id <id>)',
      });
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
    throw new AtlError('config', 'Basic authentication needs an email', {
      hint: 'run `atl auth login` with --email, or --bearer for a personal access token',
    });
  }
  return { type: 'basic', username: email, password: token };
}

// Declared in ../http/types.ts, where ./cloud-id.ts can import them without importing this module.
export type { ClientMaker, ClientTarget } from '../http/types.js';

/** One maker per run, so what is cached per maker (a site's cloud ID) is asked once per run. */
const makers = new WeakMap<Factory, ClientMaker>();

export function clientMaker(f: Factory): ClientMaker {
  const known = makers.get(f);
  if (known) return known;
  const make: ClientMaker = async (target) => {
    announceUrlOverride(f, target.baseUrl);
    const { createHttpClient } = await import('../http/client.js');
    return createHttpClient({
      baseUrl: target.baseUrl,
      auth: target.auth,
      userAgent: `atl/${f.version}`,
      stderr: f.io.stderr,
      debug: f.globals.debug,
      env: f.env,
      insecure: target.insecure === true,
      // Every client of the run, whichever product: a read-only run refuses changes in the client itself.
      readOnlyRun: readOnlyRunOf(f, target.product),
    });
  };
  makers.set(f, make);
  return make;
}

/**
 * A Jira or Confluence client for a profile: through the gateway when it is scoped, with the
 * site's cloud ID when it has none, and 404s checked against it (./cloud-id.ts).
 */
export async function siteClient(
  product: SiteProduct,
  profile: Pick<Profile, 'site' | 'deployment' | 'scoped' | 'cloudId' | 'insecure'>,
  auth: HttpAuth,
  make: ClientMaker,
  env: NodeJS.ProcessEnv,
  label: string = PRODUCT_LABELS[product],
): Promise<HttpClient> {
  // A gateway override atl may not use is refused before anything is asked of the site.
  if (profile.scoped) gatewayUrl(env);
  const target = await withCloudId(profile, make);
  const client = await make({ baseUrl: baseUrlFor(product, target, env), auth, insecure: profile.insecure === true, product: label });
  return withCloudIdCheck(client, target, make);
}

/** A 401 after the stored expiry date is almost surely that: say so instead of a bare 401. */
export function withExpiryHint(
  client: HttpClient,
  expiresAt: string | null,
  profileName: string | null,
  today: string = localDate(),
): HttpClient {
  if (!isExpired(expiresAt, today)) return client;
  const label = profileName === null ? 'this run' : `profile "${profileName}"`;
  const explain = (err: unknown): never => {
    if (err instanceof AtlError && err.status === 401) {
      throw new AtlError('auth', `${err.message} (the token of ${label} probably expired on ${expiresAt})`, {
        status: 401,
        hint: `run \`atl auth login${profileName === null ? '' : ` --profile ${profileName}`}\` again with a new token`,
        cause: err,
      });
    }
    throw err;
  };
  return mapClientErrors(client, explain);
}

/** An authenticated client for a product, with this run's credentials; warns about expiry once a day. */
export async function clientForProduct(f: Factory, product: Product, make: ClientMaker = clientMaker(f)): Promise<HttpClient> {
  if (product === 'bitbucket') {
    const bitbucket = await resolveBitbucket(f);
    if (bitbucket.token === null) throw noTokenError(bitbucket.profileName, true);
    const { login } = bitbucket;
    const client = await make({
      baseUrl: bitbucketBaseUrl(login, f.env),
      auth: httpAuth(login.authType, login.email, bitbucket.token),
      product: PRODUCT_LABELS.bitbucket,
    });
    if (login.site !== undefined) {
      // Data Center: no scopes to name; every 401 says where its tokens are made.
      const page = bitbucketDcTokenPage(login.site);
      return mapClientErrors(client, (err) => {
        throw withTokenPage(err, page);
      });
    }
    const hinted = withScopeHints(client, 'bitbucket', '/2.0');
    if (isAppPassword(bitbucket.token)) {
      const profileName = bitbucket.profileName;
      return mapClientErrors(hinted, (err) => {
        throw withAppPasswordHint(err, profileName);
      });
    }
    // An access token (Bearer) is made in the repository or workspace settings, not on a page of ours to name.
    if (bitbucket.login.authType !== 'basic') return hinted;
    return mapClientErrors(hinted, (err) => {
      throw withTokenPage(err, CLOUD_TOKEN_PAGE);
    });
  }
  if (product === 'confluence') {
    // The profile's own Confluence login when it has one, else its site login (resolveConfluence).
    const confluence = await resolveConfluence(f);
    if (confluence.token === null) {
      throw confluence.from === 'site' ? noTokenError(confluence.profileName, false) : noConfluenceTokenError(confluence.profileName);
    }
    const { login } = confluence;
    if (confluence.from === 'site') await warnIfExpiring(f, confluence.profileName, login.tokenExpiresAt);
    const target = { site: login.site, deployment: login.deployment, scoped: confluence.scoped, cloudId: confluence.cloudId };
    const client = await siteClient(
      'confluence',
      { ...target, insecure: confluence.insecure },
      httpAuth(login.authType, login.email, confluence.token),
      make,
      f.env,
    );
    return withSiteHints(client, target, 'confluence', login.tokenExpiresAt, confluence.profileName, f);
  }
  const credentials = await f.credentials();
  if (credentials.token === null) throw noTokenError(credentials.profileName, false);
  const { profile } = credentials;
  await warnIfExpiring(f, credentials.profileName, profile.tokenExpiresAt);
  const site = siteProductOf(product);
  const auth = httpAuth(profile.authType, profile.email, credentials.token);
  const client = await siteClient(site, profile, auth, make, f.env, PRODUCT_LABELS[product]);
  return withSiteHints(client, profile, site, profile.tokenExpiresAt, credentials.profileName, f);
}

/** The hints a Jira or Confluence client's errors carry: an expired token, missing scopes, where tokens are made. */
function withSiteHints(
  client: HttpClient,
  profile: Pick<Profile, 'site' | 'deployment' | 'scoped'>,
  site: SiteProduct,
  expiresAt: string | null,
  profileName: string | null,
  f: Factory,
): HttpClient {
  const hinted = withExpiryHint(client, expiresAt, profileName, localDate(f.now()));
  const scoped = profile.scoped ? withScopeHints(hinted, site, site === 'confluence' ? '/wiki' : '') : hinted;
  // Every 401 says where a new token comes from: the account page on Cloud, the PAT page on Data Center.
  const page = tokenPage(profile, site);
  return mapClientErrors(scoped, (err) => {
    throw withTokenPage(err, page);
  });
}
