import { AtlError, toAtlError } from '../../../errors.js';
import type { Factory } from '../../../factory.js';
import { bitbucketBaseUrl, clientMaker, httpAuth, siteClient, type ClientMaker } from '../../../auth/endpoints.js';
import {
  apiTokenFromEnv,
  ConfluenceEnvironmentError,
  hasSiteLogin,
  profileTokenEnvName,
  readSecret,
  resolveBitbucket,
  resolveConfluence,
  secretAccount,
  type ResolvedBitbucket,
  type ResolvedConfluence,
} from '../../../auth/resolve.js';
import type { ResolvedCredentials } from '../../../auth/types.js';
import { isExpired, localDate } from '../../../auth/expiry.js';
import { KeyringUnavailableError } from '../../../auth/secrets/keyring.js';
import { keyringDisabled } from '../../../auth/secrets/index.js';
import { bitbucketDcTokenPage, CLOUD_TOKEN_PAGE, tokenPage, tokenPageText, withTokenPage } from '../../../auth/token-page.js';
import {
  checkBitbucketAs,
  checkConfluence,
  checkJira,
  verifyBitbucketLogin,
  verifyConfluenceLogin,
  verifySiteLogin,
  type VerifiedUser,
} from '../../../auth/verify.js';

/** The Bitbucket login of a run, or null when there is none (no stored login, no env token). */
export async function bitbucketOrNull(f: Factory, profile?: string): Promise<ResolvedBitbucket | null> {
  try {
    const resolved = await resolveBitbucket(f, profile === undefined ? {} : { profile });
    return resolved.stored || resolved.token !== null ? resolved : null;
  } catch (err) {
    if (err instanceof AtlError && err.code === 'auth') return null;
    throw err;
  }
}

/**
 * The run's own Confluence login (the profile's, or one made up for ATL_CONFLUENCE_TOKEN), or null
 * when Confluence goes through the profile's site login. A Confluence variable atl cannot use is
 * reported (thrown), not read as "none".
 */
export async function confluenceOrNull(f: Factory, profile?: string): Promise<ResolvedConfluence | null> {
  try {
    const resolved = await resolveConfluence(f, profile === undefined ? {} : { profile });
    return resolved.from === 'confluence' ? resolved : null;
  } catch (err) {
    if (err instanceof AtlError && err.code === 'auth' && !(err instanceof ConfluenceEnvironmentError)) return null;
    throw err;
  }
}

export interface TokenPresence {
  hasEnvToken: boolean;
  /** Null when the keyring could not be asked (then keyringError says why); false when it is turned off. */
  hasKeyringToken: boolean | null;
  hasFileToken: boolean;
  /** The "keyring unavailable: …" message, or null when the keyring answered or is turned off. */
  keyringError: string | null;
}

/** Where the secret stores hold a token for the profile (status reports all three). */
export async function tokenPresence(f: Factory, credentials: ResolvedCredentials): Promise<TokenPresence> {
  const name = credentials.profileName;
  if (name === null) return { hasEnvToken: credentials.token !== null, hasKeyringToken: false, hasFileToken: false, keyringError: null };
  const env = (key: string) => f.env[key] !== undefined && f.env[key] !== '';
  const hasEnvToken = env(profileTokenEnvName(name)) || (credentials.profileSource !== 'flag' && apiTokenFromEnv(f.env) !== null);
  const inKeyring = async (): Promise<Pick<TokenPresence, 'hasKeyringToken' | 'keyringError'>> => {
    try {
      return { hasKeyringToken: (await readSecret(f, 'keyring', secretAccount(name))) !== null, keyringError: null };
    } catch (err) {
      if (!(err instanceof KeyringUnavailableError)) throw err;
      // ATL_KEYRING=off: atl keeps nothing there, which is not a failure worth reporting.
      return keyringDisabled(f.env) ? { hasKeyringToken: false, keyringError: null } : { hasKeyringToken: null, keyringError: err.message };
    }
  };
  const [keyring, file] = await Promise.all([inKeyring(), readSecret(f, 'file', secretAccount(name))]);
  return { hasEnvToken, ...keyring, hasFileToken: file !== null };
}

export interface CheckResult {
  ok: boolean;
  user: VerifiedUser | null;
  error: string | null;
  hint: string | null;
  status: number | null;
}

function failed(err: unknown, page?: string): CheckResult {
  const error = toAtlError(page === undefined ? err : withTokenPage(err, page));
  return { ok: false, user: null, error: error.message, hint: error.hint ?? null, status: error.status ?? null };
}

/** Whether the site credentials work now (Jira myself, else Confluence), with the login hints. */
export async function checkSiteLogin(
  f: Factory,
  credentials: ResolvedCredentials,
  make: ClientMaker = clientMaker(f),
): Promise<CheckResult> {
  if (credentials.token === null) return { ok: false, user: null, error: 'no token', hint: null, status: null };
  try {
    const { user } = await verifySiteLogin({ ...credentials.profile, token: credentials.token }, make, f.env);
    return { ok: true, user, error: null, hint: null, status: null };
  } catch (err) {
    return noteExpiry(failed(err), credentials.profile.tokenExpiresAt, tokenPage(credentials.profile), localDate(f.now()));
  }
}

export async function checkBitbucketLogin(
  f: Factory,
  bitbucket: ResolvedBitbucket,
  make: ClientMaker = clientMaker(f),
): Promise<CheckResult> {
  const { token } = bitbucket;
  if (token === null) return { ok: false, user: null, error: 'no Bitbucket token', hint: null, status: null };
  return checkWith(() => verifyBitbucketLogin(bitbucket.login, token, make, f.env));
}

/** A login check's result: the user it verified, or its failure as `explain` words it. */
async function checkWith(
  verify: () => Promise<VerifiedUser>,
  explain: (result: CheckResult) => CheckResult = (r) => r,
): Promise<CheckResult> {
  try {
    return { ok: true, user: await verify(), error: null, hint: null, status: null };
  } catch (err) {
    return explain(failed(err));
  }
}

/** Whether the profile's own Confluence login works now (Confluence's user/current at its site). */
export async function checkConfluenceLogin(
  f: Factory,
  confluence: ResolvedConfluence,
  make: ClientMaker = clientMaker(f),
): Promise<CheckResult> {
  const { login, token } = confluence;
  if (token === null) return { ok: false, user: null, error: 'no Confluence token', hint: null, status: null };
  return checkWith(
    () => verifyConfluenceLogin(login, token, make, f.env),
    (result) => noteExpiry(result, login.tokenExpiresAt, tokenPage(login, 'confluence'), localDate(f.now())),
  );
}

/** A 401 after the stored expiry date: say what it most likely is. */
function noteExpiry<R extends CheckResult>(result: R, expiresAt: string | null, page: string, today: string): R {
  if (result.ok || result.status !== 401 || !isExpired(expiresAt, today)) return result;
  return {
    ...result,
    error: `${result.error ?? 'refused'} (the token probably expired on ${expiresAt})`,
    hint: `${tokenPageText(page)} and run \`atl auth login\` again`,
  };
}

export const BITBUCKET_LOGGED_OUT = 'logged out; `atl auth login --bitbucket` logs in again';
export const CONFLUENCE_LOGGED_OUT = 'logged out; `atl auth login --confluence` logs in again';

export type ProductCheck = CheckResult & { product: 'jira' | 'confluence' | 'bitbucket'; skipped: boolean };

/**
 * `auth test`: every product the profile can reach (or only those in `only`), each on its own. A
 * product the site does not have (404) is reported as not available, not as a failure.
 */
export async function checkEachProduct(
  f: Factory,
  credentials: ResolvedCredentials | null,
  bitbucket: ResolvedBitbucket | null,
  make: ClientMaker = clientMaker(f),
  only: ReadonlySet<ProductCheck['product']> | null = null,
  confluence: ResolvedConfluence | null = null,
): Promise<ProductCheck[]> {
  const wanted = (product: ProductCheck['product']) => only === null || only.has(product);
  const results: ProductCheck[] = [];
  const attempt = async (product: ProductCheck['product'], run: () => Promise<VerifiedUser>) => {
    try {
      results.push({ product, ok: true, skipped: false, user: await run(), error: null, hint: null, status: null });
    } catch (err) {
      if (err instanceof AtlError && err.status === 404) {
        results.push({ product, ok: true, skipped: true, user: null, error: 'not available on this site', hint: null, status: 404 });
      } else {
        const page =
          product === 'bitbucket'
            ? bitbucket?.login.site !== undefined
              ? bitbucketDcTokenPage(bitbucket!.login.site)
              : bitbucket?.login.authType === 'basic'
                ? CLOUD_TOKEN_PAGE
                : undefined
            : product === 'confluence' && confluence
              ? tokenPage(confluence.login, 'confluence')
              : credentials
                ? tokenPage(credentials.profile, product)
                : undefined;
        const expiresAt =
          product === 'bitbucket'
            ? null
            : product === 'confluence' && confluence
              ? confluence.login.tokenExpiresAt
              : (credentials?.profile.tokenExpiresAt ?? null);
        results.push(
          noteExpiry({ product, skipped: false, ...failed(err, page) }, expiresAt, page ?? CLOUD_TOKEN_PAGE, localDate(f.now())),
        );
      }
    }
  };
  // Confluence through the site login only when the profile has no Confluence login of its own.
  const siteProducts = (['jira', 'confluence'] as const).filter((p) => wanted(p) && (p === 'jira' || confluence === null));
  if (credentials && hasSiteLogin(credentials.profile) && siteProducts.length > 0) {
    const { profile, token } = credentials;
    if (token === null) {
      for (const product of siteProducts)
        results.push({ product, ok: false, skipped: false, user: null, error: 'no token', hint: null, status: null });
    } else {
      const auth = httpAuth(profile.authType, profile.email, token);
      if (siteProducts.includes('jira'))
        await attempt('jira', async () => checkJira(await siteClient('jira', profile, auth, make, f.env), profile.deployment));
      if (siteProducts.includes('confluence'))
        await attempt('confluence', async () => checkConfluence(await siteClient('confluence', profile, auth, make, f.env)));
      // Both missing means the site answered nothing we know: that is a failure, not "fine".
      if (results.every((r) => r.skipped)) for (const r of results) r.ok = false;
    }
  }
  if (confluence && wanted('confluence')) {
    const { login, token } = confluence;
    if (token === null && confluence.stored) {
      // `auth logout NAME` removed the token and kept the login for a re-login: logged out, not broken.
      results.push({ product: 'confluence', ok: true, skipped: true, user: null, error: CONFLUENCE_LOGGED_OUT, hint: null, status: null });
    } else if (token === null) {
      results.push({
        product: 'confluence',
        ok: false,
        skipped: false,
        user: null,
        error: 'no Confluence token',
        hint: null,
        status: null,
      });
    } else {
      const target = { site: login.site, deployment: login.deployment, scoped: false, cloudId: null };
      const auth = httpAuth(login.authType, login.email, token);
      await attempt('confluence', async () => checkConfluence(await siteClient('confluence', target, auth, make, f.env)));
    }
  }
  if (bitbucket && wanted('bitbucket')) {
    if (bitbucket.token === null && credentials && hasSiteLogin(credentials.profile)) {
      // `auth logout --bitbucket` keeps the settings for a re-login: logged out, not broken.
      results.push({ product: 'bitbucket', ok: true, skipped: true, user: null, error: BITBUCKET_LOGGED_OUT, hint: null, status: null });
    } else if (bitbucket.token === null)
      results.push({ product: 'bitbucket', ok: false, skipped: false, user: null, error: 'no Bitbucket token', hint: null, status: null });
    else {
      const { login, token } = bitbucket;
      await attempt('bitbucket', async () =>
        checkBitbucketAs(
          await make({ baseUrl: bitbucketBaseUrl(login, f.env), auth: httpAuth(login.authType, login.email, token) }),
          login,
        ),
      );
    }
  }
  return results;
}
