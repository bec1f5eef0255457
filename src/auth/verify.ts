import { isCloudHost } from './site.js';
import { AtlError } from '../errors.js';
import { appPasswordHint, isAppPassword } from './app-password.js';
import type { HttpClient } from '../http/types.js';
import { bitbucketBaseUrl, gatewayUrl, httpAuth, siteClient, type ClientMaker } from './endpoints.js';
import { describeScopes, isScopeRefusal, requiredScopes } from './scopes.js';
import { bitbucketDcTokenPage, CLOUD_TOKEN_PAGE, confluencePatPage, tokenPage, tokenPageText } from './token-page.js';
import type { AuthType, BitbucketLogin, ConfluenceLogin, Deployment } from './types.js';

/** Who a token authenticates as, the same shape for every product. */
export interface VerifiedUser {
  accountId: string | null;
  displayName: string | null;
  email: string | null;
  /**
   * Scopes the token lacks to say whose it is, when it still works without them (a Bitbucket API
   * token without read:user:bitbucket). Absent otherwise.
   */
  missingScopes?: string[];
}

/** Everything needed to try a Jira/Confluence login before it is saved. */
export interface SiteLogin {
  site: string;
  deployment: Deployment;
  authType: AuthType;
  email: string | null;
  token: string;
  scoped: boolean;
  cloudId: string | null;
  insecure?: boolean;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** Jira's myself (Cloud: accountId/emailAddress; Data Center: key/name). */
export function jiraUser(body: unknown): VerifiedUser {
  const u = record(body);
  return { accountId: str(u.accountId) ?? str(u.key) ?? str(u.name), displayName: str(u.displayName), email: str(u.emailAddress) };
}

/** Confluence's user/current (Cloud: accountId/email; Data Center: userKey/username). */
export function confluenceUser(body: unknown): VerifiedUser {
  const u = record(body);
  return {
    accountId: str(u.accountId) ?? str(u.userKey) ?? str(u.username),
    displayName: str(u.displayName) ?? str(u.publicName),
    email: str(u.email),
  };
}

/** Bitbucket's /2.0/user. */
export function bitbucketUser(body: unknown): VerifiedUser {
  const u = record(body);
  return {
    accountId: str(u.account_id) ?? str(u.uuid),
    displayName: str(u.display_name) ?? str(u.nickname) ?? str(u.username),
    email: null,
  };
}

export const jiraMyselfPath = (deployment: Deployment): string => (deployment === 'cloud' ? '/rest/api/3/myself' : '/rest/api/2/myself');
export const confluenceCurrentUserPath = '/rest/api/user/current';

const isRefused = (err: unknown): err is AtlError => err instanceof AtlError && (err.status === 401 || err.status === 403);
const isMissing = (err: unknown): boolean => err instanceof AtlError && err.status === 404;

export async function checkJira(client: HttpClient, deployment: Deployment): Promise<VerifiedUser> {
  return jiraUser(await client.get(jiraMyselfPath(deployment)));
}

export async function checkConfluence(client: HttpClient): Promise<VerifiedUser> {
  return confluenceUser(await client.get(confluenceCurrentUserPath));
}

/** The scopes `/rest/api/3/myself` (and so a scoped Jira login) needs, e.g. "read:jira-user (or ...)". */
const myselfScopes = (): string => describeScopes(requiredScopes('jira', 'GET', jiraMyselfPath('cloud')) ?? [['read:jira-user']]);

/**
 * Bitbucket: /2.0/user. Two kinds of token work but may not read it, and then a readable
 * /2.0/user/workspaces (the successor of the deprecated /2.0/workspaces) proves the token works:
 * - repository, project and workspace access tokens (Bearer) are not a user;
 * - an API token without read:user:bitbucket gets a 403 naming the scope: it works, but whose it
 *   is stays unknown, which `missingScopes` says.
 */
export async function checkBitbucket(client: HttpClient, authType: AuthType): Promise<VerifiedUser> {
  try {
    return bitbucketUser(await client.get('/user'));
  } catch (err) {
    const lacksUserScope = isScopeRefusal(err);
    if (!lacksUserScope && (authType !== 'bearer' || !(isRefused(err) || isMissing(err)))) throw err;
    const workspaces = record(await client.get('/user/workspaces', { query: { pagelen: 1 } }));
    const first = record(record(Array.isArray(workspaces.values) ? workspaces.values[0] : undefined).workspace);
    const slug = str(first.slug);
    if (lacksUserScope) {
      return {
        accountId: null,
        displayName: null,
        email: null,
        missingScopes: [...(requiredScopes('bitbucket', 'GET', '/2.0/user')?.[0] ?? ['read:user:bitbucket'])],
      };
    }
    return { accountId: null, displayName: slug === null ? 'access token' : `access token (workspace ${slug})`, email: null };
  }
}

/** Bitbucket Data Center's cheapest authenticated call, whose answer names the user in X-AUSERNAME/X-AUSERID. */
export const BITBUCKET_DC_PROPERTIES_PATH = '/rest/api/1.0/application-properties';

/**
 * Bitbucket Data Center has no "myself": every authenticated answer names the user in
 * X-AUSERNAME (and X-AUSERID), so application-properties, which anyone may read, says whose the
 * token is; an answer without it was served anonymously, so the token was not taken. The user's
 * display name comes from `/users/{slug}` when the slug is the name (it usually is; a bot user of
 * an access token may not be visible): otherwise the name stands alone.
 */
export async function checkBitbucketDatacenter(client: HttpClient): Promise<VerifiedUser> {
  const response = await client.request(BITBUCKET_DC_PROPERTIES_PATH);
  const username = str(response.headers.get('x-ausername'));
  if (username === null) {
    throw new AtlError('auth', 'Bitbucket answered as to an anonymous user (no X-AUSERNAME): the token was not taken', { status: 401 });
  }
  const user: VerifiedUser = { accountId: str(response.headers.get('x-auserid')) ?? username, displayName: username, email: null };
  try {
    const found = record(await client.get(`/rest/api/1.0/users/${encodeURIComponent(username)}`));
    user.displayName = str(found.displayName) ?? username;
    user.email = str(found.emailAddress);
  } catch (err) {
    if (!(err instanceof AtlError && err.status !== undefined && err.status >= 400 && err.status < 500)) throw err;
  }
  return user;
}

/** Whose a Bitbucket login's token is: Cloud's /2.0/user (or workspaces), or Data Center's X-AUSERNAME. */
export function checkBitbucketAs(client: HttpClient, login: Pick<BitbucketLogin, 'authType' | 'site'>): Promise<VerifiedUser> {
  return login.site === undefined ? checkBitbucket(client, login.authType) : checkBitbucketDatacenter(client);
}

/** The result of a verified login: the user and which product answered. */
export interface SiteVerification {
  product: 'jira' | 'confluence';
  user: VerifiedUser;
}

/**
 * Verifies a Jira/Confluence login: Jira's myself, or Confluence's user/current when the site has
 * no Jira (404) or, through the gateway, the token lacks the Jira scope myself needs (a
 * Confluence-only service account). A 401/403 becomes exit 3 with a hint for the usual mistakes.
 */
export async function verifySiteLogin(login: SiteLogin, make: ClientMaker, env: NodeJS.ProcessEnv): Promise<SiteVerification> {
  const auth = httpAuth(login.authType, login.email, login.token);
  // Set when the gateway refused Jira's myself for a missing scope: the error to report if
  // Confluence cannot vouch for the token either.
  let jiraScopeRefusal: AtlError | null = null;
  try {
    const jira = await siteClient('jira', login, auth, make, env);
    try {
      return { product: 'jira', user: await checkJira(jira, login.deployment) };
    } catch (err) {
      if (login.scoped && isScopeRefusal(err)) jiraScopeRefusal = err;
      else if (!isMissing(err)) throw err;
    }
    const confluence = await siteClient('confluence', login, auth, make, env);
    return { product: 'confluence', user: await checkConfluence(confluence) };
  } catch (caught) {
    let err: AtlError | null = null;
    // After Jira's scope refusal, Confluence refusing the token or missing (404) both mean the
    // token lacks Jira's scope; otherwise only a refusal is the credentials' fault.
    if (jiraScopeRefusal) err = isRefused(caught) || isMissing(caught) ? jiraScopeRefusal : null;
    else if (isRefused(caught)) err = caught;
    if (err === null) throw caught;
    const hint = jiraScopeRefusal
      ? `the token lacks ${myselfScopes()}, which Jira's /rest/api/3/myself needs to say whose it is (and Confluence did not take it either): add the scope to the service account's token`
      : await refusalHint(login, make, env);
    throw new AtlError(
      'auth',
      `the credentials were refused by ${login.scoped ? `the gateway for ${login.site}` : login.site} (HTTP ${err.status})`,
      {
        status: err.status,
        hint: err.status === 401 ? `${hint}; ${tokenPageText(tokenPage(login))}` : hint,
        cause: err,
      },
    );
  }
}

/** Why a site login was probably refused; may ask the gateway whether the token is a scoped one. */
export async function refusalHint(login: SiteLogin, make: ClientMaker, env: NodeJS.ProcessEnv): Promise<string> {
  if (login.scoped) {
    return 'the gateway refused the scoped token: check --email (the service account email), the token, its scopes (e.g. read:jira-work) and --cloud-id';
  }
  if (login.deployment === 'cloud' && login.authType === 'bearer') {
    return 'Atlassian Cloud API tokens are sent with Basic auth: drop --bearer and pass --email (--bearer is for Data Center personal access tokens)';
  }
  if (login.deployment === 'datacenter' && login.authType === 'basic') {
    return 'a Data Center personal access token is sent as a Bearer token: add --bearer (no --email needed)';
  }
  // Only an Atlassian Cloud site's token may be shown to Atlassian's gateway (or to a gateway the
  // user named in ATL_GATEWAY_URL): credentials go only to the origin they belong to.
  const gatewayIsOurs = isCloudHost(login.site) || (env.ATL_GATEWAY_URL !== undefined && env.ATL_GATEWAY_URL !== '');
  if (gatewayIsOurs && (await worksThroughGateway(login, make, env))) {
    return 'this is a scoped API token (service account): add --scoped, so requests go through api.atlassian.com';
  }
  return 'check --email: a Cloud API token works only together with the email of the account that created it (or the token is wrong, revoked or expired)';
}

/**
 * Tries the same Basic credentials through the gateway; a scoped token works only there. A scope
 * refusal counts: the gateway took the token, which merely lacks the scope `myself` needs.
 */
async function worksThroughGateway(login: SiteLogin, make: ClientMaker, env: NodeJS.ProcessEnv): Promise<boolean> {
  try {
    let cloudId = login.cloudId;
    if (cloudId === null) {
      const anonymous = await make({ baseUrl: login.site, auth: null, insecure: login.insecure === true });
      cloudId = str(record(await anonymous.get('/_edge/tenant_info', { timeoutMs: 10_000 })).cloudId);
    }
    if (cloudId === null) return false;
    const gateway = await make({
      baseUrl: `${gatewayUrl(env)}/ex/jira/${encodeURIComponent(cloudId)}`,
      auth: httpAuth('basic', login.email, login.token),
    });
    await gateway.get(jiraMyselfPath('cloud'), { timeoutMs: 10_000 });
    return true;
  } catch (err) {
    return isScopeRefusal(err);
  }
}

/**
 * Verifies a Bitbucket login: on Cloud an API token with email, or an access token as Bearer; on
 * Data Center (`site`) a personal access token as Bearer or Basic with the username, or a
 * project/repository HTTP access token as Bearer.
 */
export async function verifyBitbucketLogin(
  login: Pick<BitbucketLogin, 'email' | 'authType' | 'site'>,
  token: string,
  make: ClientMaker,
  env: NodeJS.ProcessEnv,
): Promise<VerifiedUser> {
  const client = await make({ baseUrl: bitbucketBaseUrl(login, env), auth: httpAuth(login.authType, login.email, token) });
  try {
    return await checkBitbucketAs(client, login);
  } catch (err) {
    if (!isRefused(err)) throw err;
    if (login.site === undefined && err.status === 401 && isAppPassword(token)) {
      throw new AtlError('auth', 'Bitbucket refused the credentials (HTTP 401): an app password, which Bitbucket no longer accepts', {
        status: 401,
        hint: appPasswordHint(null),
        cause: err,
      });
    }
    const page = login.site === undefined ? CLOUD_TOKEN_PAGE : bitbucketDcTokenPage(login.site);
    const datacenterHint =
      login.authType === 'bearer'
        ? 'check the token: a personal access token, or a project or repository HTTP access token'
        : 'check --username (your Bitbucket username) and the token; project and repository HTTP access tokens need --bearer instead';
    const cloudHint =
      login.authType === 'bearer'
        ? 'check the access token; a Bitbucket API token (not an access token) is sent with --email and without --bearer'
        : 'check --email (your Atlassian account email) and the token; repository/workspace access tokens need --bearer instead';
    const hint = login.site === undefined ? cloudHint : datacenterHint;
    const withPage = err.status === 401 && (login.site !== undefined || login.authType === 'basic');
    throw new AtlError(
      'auth',
      `Bitbucket${login.site === undefined ? '' : ` at ${login.site}`} refused the credentials (HTTP ${err.status})`,
      {
        status: err.status,
        hint: withPage ? `${hint}; ${tokenPageText(page)}` : hint,
        cause: err,
      },
    );
  }
}

/** Verifies a profile's own Confluence login with Confluence's user/current, at its site. */
export async function verifyConfluenceLogin(
  login: Pick<ConfluenceLogin, 'site' | 'deployment' | 'authType' | 'email'>,
  token: string,
  make: ClientMaker,
  env: NodeJS.ProcessEnv,
): Promise<VerifiedUser> {
  const target = { site: login.site, deployment: login.deployment, scoped: false, cloudId: null };
  const client = await siteClient('confluence', target, httpAuth(login.authType, login.email, token), make, env);
  try {
    return await checkConfluence(client);
  } catch (err) {
    if (isMissing(err)) {
      throw new AtlError('not_found', `no Confluence answered at ${client.baseUrl} (HTTP 404)`, {
        status: 404,
        hint:
          login.deployment === 'cloud'
            ? 'give the Cloud site (atl adds /wiki), or --deployment datacenter for a Data Center server'
            : 'give the Data Center base URL with its context path if it has one (e.g. https://host/confluence), or --deployment cloud',
        cause: err,
      });
    }
    if (!isRefused(err)) throw err;
    const hint =
      login.deployment === 'cloud' && login.authType === 'bearer'
        ? 'Atlassian Cloud API tokens are sent with Basic auth: drop --bearer and pass --email'
        : login.deployment === 'datacenter' && login.authType === 'basic'
          ? 'a Data Center personal access token is sent as a Bearer token: add --bearer (no --email needed)'
          : 'check --email and the token (it may be wrong, revoked or expired)';
    const page = login.deployment === 'cloud' ? CLOUD_TOKEN_PAGE : confluencePatPage(login.site);
    throw new AtlError('auth', `Confluence at ${login.site} refused the credentials (HTTP ${err.status})`, {
      status: err.status,
      hint: err.status === 401 ? `${hint}; ${tokenPageText(page)}` : hint,
      cause: err,
    });
  }
}
