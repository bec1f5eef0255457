import { withCloudId } from '../../auth/cloud-id.js';
import { clientMaker, urlOverrides } from '../../auth/endpoints.js';
import { redactUserinfo } from '../../http/redact.js';
import { warnIfExpiring, daysUntil, localDate } from '../../auth/expiry.js';
import { hasSiteLogin, NoDefaultProfileError, profileTokenEnvName, type ResolvedBitbucket } from '../../auth/resolve.js';
import type { ResolvedCredentials } from '../../auth/types.js';
import { printJson } from '../../cmdutil/json.js';
import { sanitizeText } from '../../output/terminal.js';
import { defineCommand } from '../spec.js';
import { describeUser } from '../../auth/describe-user.js';
import { AtlError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import {
  BITBUCKET_LOGGED_OUT,
  bitbucketOrNull,
  checkBitbucketLogin,
  checkConfluenceLogin,
  checkSiteLogin,
  CONFLUENCE_LOGGED_OUT,
  confluenceOrNull,
  tokenPresence,
  type CheckResult,
} from './_shared/report.js';

function profileSourceText(c: ResolvedCredentials): string {
  switch (c.profileSource) {
    case 'flag':
      return 'from --profile';
    case 'env':
      return 'from ATL_PROFILE';
    case 'local':
      return 'from .atl.yaml';
    case 'default':
      return 'the default profile';
    case 'env-only':
      return `from ATL_SITE/${c.tokenEnv ?? 'ATL_API_TOKEN'}, not saved`;
  }
}

function tokenSourceText(c: ResolvedCredentials, env: NodeJS.ProcessEnv): string {
  switch (c.tokenSource) {
    case 'env-profile':
      return `from ${c.tokenEnv ?? profileTokenEnvName(c.profileName ?? '')}`;
    case 'env':
      return `from ${c.tokenEnv ?? 'ATL_API_TOKEN'}`;
    case 'keyring':
      return 'in the OS keyring';
    case 'file':
      return `in the encrypted file (${env.ATL_CREDENTIALS_FILE || 'credentials.enc'})`;
    case 'none':
      return 'none';
  }
}

/** The ignored variables, each group with why. */
function ignoredText(c: ResolvedCredentials): string {
  if (c.profileSource === 'flag') return `${c.ignoredEnv.join(', ')} (--profile was given)`;
  // ATL_TOKEN is only ever ignored beside ATL_API_TOKEN, the name that wins.
  const shadowed = c.ignoredEnv.filter((name) => name === 'ATL_TOKEN');
  const stored = c.ignoredEnv.filter((name) => name !== 'ATL_TOKEN');
  return [
    ...(stored.length > 0 ? [`${stored.join(', ')} (they do not apply to a stored token)`] : []),
    ...(shadowed.length > 0 ? ['ATL_TOKEN (ATL_API_TOKEN is set too, and wins)'] : []),
  ].join('; ');
}

function expiryText(expiresAt: string | null, today: string): string {
  if (expiresAt === null) return 'not set';
  const days = daysUntil(expiresAt, today);
  if (days < 0) return `${expiresAt} (expired)`;
  return `${expiresAt} (in ${days} day${days === 1 ? '' : 's'})`;
}

/**
 * The run's credentials; with no profile and no ATL_SITE but a Bitbucket token in the environment
 * (row 4 alone, a Bitbucket-only CI job), a site-less stand-in so that status reports that login
 * instead of "not logged in".
 */
async function credentialsOrBitbucketOnly(f: Factory, bitbucket: ResolvedBitbucket | null): Promise<ResolvedCredentials> {
  try {
    return await f.credentials();
  } catch (err) {
    if (!(err instanceof AtlError && err.code === 'auth') || bitbucket === null || bitbucket.profileName !== null) throw err;
    return {
      profileName: null,
      profileSource: 'env-only',
      profile: {
        site: '',
        email: null,
        authType: bitbucket.login.authType,
        deployment: 'cloud',
        storage: 'file',
        scoped: false,
        cloudId: null,
        tokenExpiresAt: null,
        bitbucket: null,
      },
      siteSource: 'env',
      token: null,
      tokenSource: 'none',
      ignoredEnv: [],
    };
  }
}

/**
 * Profiles exist but none is chosen: status says so on stdout too (the error and its hint go to
 * stderr as for every command), with the profiles to choose from, then exits 3.
 */
function reportNoDefault(f: Factory, err: NoDefaultProfileError, offline: boolean): void {
  if (f.globals.json) {
    printJson(f.io, {
      profile: null,
      profileSource: null,
      defaultProfile: null,
      profiles: err.profiles,
      authenticated: offline ? null : false,
      error: err.message,
      hint: err.hint ?? null,
    });
    return;
  }
  const rows: Array<[string, string]> = [
    ['Profile', 'none: there is no default profile'],
    ['Profiles', err.profiles.join(', ')],
    ['Choose one', 'atl auth switch NAME (or --profile NAME, or ATL_PROFILE=NAME, for one run)'],
  ];
  f.io.stdout.write(formatRows(rows));
}

/** Where a product login's token comes from, as its status row says it; `loggedOut` is said instead of "no token". */
function productTokenText(envName: string | null, loggedOut: string | null, source: string): string {
  if (envName) return `from ${envName}`;
  if (loggedOut !== null) return loggedOut;
  if (source === 'none') return 'no token';
  return `token in the ${source === 'keyring' ? 'OS keyring' : 'encrypted file'}`;
}

/** `Label:` padded to one column, a row a line; with escapes, as rows may quote the server. */
const formatRows = (rows: ReadonlyArray<[string, string]>): string =>
  sanitizeText(`${rows.map(([k, v]) => `${`${k}:`.padEnd(16)}${v}`).join('\n')}\n`);

export default defineCommand({
  path: ['auth', 'status'],
  summary: 'Show the active profile, where each value comes from, and whether it works',
  json: 'value',
  description:
    'Show the active profile and how it was chosen, its site, email, auth type, deployment and ' +
    "storage, where the token comes from, its expiry, and the profile's Confluence and Bitbucket logins; unless --offline, " +
    'also whether the credentials work now. Never prints the token. ' +
    'Exit 0 when authenticated (or --offline and a token exists), 3 otherwise.',
  examples: [
    'atl auth status',
    'atl auth status --offline',
    'atl --profile work auth status --json',
    'ATL_PROFILE=ci atl auth status --json | jq .tokenSource',
  ],
  options: (command) => command.option('--offline', 'do not contact the server; only report the configuration'),
  async run(f, _args, options) {
    const bitbucket = await bitbucketOrNull(f);
    let credentials: ResolvedCredentials;
    try {
      credentials = await credentialsOrBitbucketOnly(f, bitbucket);
    } catch (err) {
      if (err instanceof NoDefaultProfileError) reportNoDefault(f, err, options.offline === true);
      throw err;
    }
    if (!options.offline && credentials.profile.scoped && !credentials.profile.cloudId) {
      // ATL_SCOPED=1 without ATL_CLOUD_ID: shown with the cloud ID the check below uses. A failure
      // is reported by that check, with the rest of the status.
      const asResolved = credentials.profile;
      credentials = { ...credentials, profile: await withCloudId(asResolved, clientMaker(f)).catch(() => asResolved) };
    }
    const { profile } = credentials;
    const confluence = await confluenceOrNull(f);
    await warnIfExpiring(f, credentials.profileName, profile.tokenExpiresAt);
    const presence = await tokenPresence(f, credentials);
    // Shown like any URL atl prints: a user:password@ part in the variable is not repeated.
    const overrides = urlOverrides(f.env).map((o) => ({ variable: o.variable, url: redactUserinfo(o.url) }));
    const hasSite = hasSiteLogin(profile);
    // A stored Bitbucket login without its token beside a working site login was logged out on purpose.
    const bitbucketLoggedOut = hasSite && bitbucket !== null && bitbucket.token === null;
    const confluenceLoggedOut = hasSite && confluence?.stored === true && confluence.token === null;

    let site: CheckResult | null = null;
    let bb: CheckResult | null = null;
    let wiki: CheckResult | null = null;
    if (!options.offline) {
      if (hasSite) site = await checkSiteLogin(f, credentials);
      if (bitbucket && !bitbucketLoggedOut) bb = await checkBitbucketLogin(f, bitbucket);
      if (confluence && !confluenceLoggedOut) wiki = await checkConfluenceLogin(f, confluence);
    }
    // The site login decides; a Bitbucket-only profile is decided by its Bitbucket login.
    const primary = hasSite ? site : bb;
    const authenticated = options.offline ? null : (primary?.ok ?? false) && (bb?.ok ?? true) && (wiki?.ok ?? true);
    const hasToken = hasSite ? credentials.token !== null : bitbucket?.token != null;
    const code = options.offline ? (hasToken ? 0 : 3) : authenticated ? 0 : 3;

    if (f.globals.json) {
      printJson(f.io, {
        profile: credentials.profileName,
        profileSource: credentials.profileSource,
        site: hasSite ? profile.site : null,
        siteSource: credentials.siteSource,
        email: profile.email,
        authType: profile.authType,
        deployment: profile.deployment,
        scoped: profile.scoped,
        cloudId: profile.cloudId,
        storage: credentials.profileSource === 'env-only' ? null : profile.storage,
        tokenSource: credentials.tokenSource,
        tokenEnv: credentials.tokenEnv ?? null,
        hasEnvToken: presence.hasEnvToken,
        hasKeyringToken: presence.hasKeyringToken,
        hasFileToken: presence.hasFileToken,
        keyringError: presence.keyringError,
        tokenExpiresAt: profile.tokenExpiresAt,
        ignoredEnv: credentials.ignoredEnv,
        urlOverrides: overrides,
        authenticated,
        user: site?.user ?? (hasSite ? null : (bb?.user ?? null)),
        error: primary && !primary.ok ? primary.error : null,
        confluence: confluence
          ? {
              site: confluence.login.site,
              siteSource: confluence.siteSource,
              email: confluence.login.email,
              authType: confluence.login.authType,
              deployment: confluence.login.deployment,
              storage: confluence.stored ? confluence.login.storage : null,
              tokenSource: confluence.tokenSource,
              tokenEnv: confluence.tokenEnv,
              tokenExpiresAt: confluence.login.tokenExpiresAt,
              authenticated: wiki === null ? null : wiki.ok,
              user: wiki?.user ?? null,
              error: wiki && !wiki.ok ? wiki.error : null,
            }
          : null,
        bitbucket: bitbucket
          ? {
              site: bitbucket.login.site ?? null,
              deployment: bitbucket.login.deployment ?? 'cloud',
              email: bitbucket.login.email,
              authType: bitbucket.login.authType,
              workspace: bitbucket.login.workspace,
              storage: bitbucket.stored ? bitbucket.login.storage : null,
              tokenSource: bitbucket.tokenSource,
              tokenEnv: bitbucket.envName,
              authenticated: bb === null ? null : bb.ok,
              user: bb?.user ?? null,
              error: bb && !bb.ok ? bb.error : null,
            }
          : null,
      });
      return code;
    }

    const rows: Array<[string, string]> = [
      [
        'Profile',
        `${credentials.profileName ?? '(environment only)'} (${hasSite || credentials.profileName !== null ? profileSourceText(credentials) : `a Bitbucket token from ${bitbucket?.envName ?? 'the environment'}, not saved`})`,
      ],
    ];
    if (hasSite) {
      rows.push(
        ['Site', `${profile.site} (${credentials.siteSource === 'env' ? 'from ATL_SITE' : 'from profile'})`],
        [
          'Email',
          profile.email === null
            ? '-'
            : `${profile.email} (${f.env.ATL_EMAIL && credentials.profileSource !== 'flag' ? 'from ATL_EMAIL' : 'from profile'})`,
        ],
        ['Auth type', profile.scoped ? `${profile.authType}, scoped (through the api.atlassian.com gateway)` : profile.authType],
        ['Deployment', profile.deployment],
      );
      if (profile.cloudId) rows.push(['Cloud ID', profile.cloudId]);
      if (credentials.profileSource !== 'env-only') rows.push(['Storage', profile.storage]);
      rows.push(['Token', tokenSourceText(credentials, f.env)], ['Expires', expiryText(profile.tokenExpiresAt, localDate(f.now()))]);
    }
    if (confluence) {
      const login = confluence.login;
      const from = productTokenText(confluence.tokenEnv, confluenceLoggedOut ? CONFLUENCE_LOGGED_OUT : null, confluence.tokenSource);
      const site = `${login.site}${confluence.siteSource === 'env' ? ' from ATL_CONFLUENCE_URL' : ''}`;
      rows.push(['Confluence', `${site}, ${login.deployment}/${login.authType}${login.email ? ` as ${login.email}` : ''} (${from})`]);
    }
    if (bitbucket) {
      const who = bitbucket.login.authType === 'bearer' ? 'access token' : (bitbucket.login.email ?? '-');
      const from = productTokenText(bitbucket.envName, bitbucketLoggedOut ? BITBUCKET_LOGGED_OUT : null, bitbucket.tokenSource);
      const where = bitbucket.login.site === undefined ? '' : `${bitbucket.login.site} (Data Center), `;
      const workspace = bitbucket.login.workspace
        ? `, ${bitbucket.login.site === undefined ? 'workspace' : 'project'} ${bitbucket.login.workspace}`
        : '';
      rows.push(['Bitbucket', `${where}${who}${workspace} (${from})`]);
    } else {
      rows.push(['Bitbucket', 'not logged in']);
    }
    if (presence.keyringError !== null) rows.push(['Keyring', presence.keyringError]);
    if (overrides.length > 0) rows.push(['Overrides', overrides.map((o) => `${o.variable}=${o.url}`).join(', ')]);
    if (credentials.ignoredEnv.length > 0) rows.push(['Ignored', ignoredText(credentials)]);
    const line = (r: CheckResult | null, what: string) =>
      r === null
        ? null
        : r.ok
          ? `Authenticated ✓${r.user ? ` as ${describeUser(r.user)}` : ''}`
          : `✗ ${what}${r.error ?? 'failed'}${r.hint ? `\n${' '.repeat(16)}hint: ${r.hint}` : ''}`;
    if (options.offline) rows.push(['Status', hasToken ? 'not checked (--offline)' : '✗ no token']);
    else {
      const siteLine = line(site, '');
      if (siteLine) rows.push(['Status', siteLine]);
      const wikiLine = line(wiki, 'Confluence: ');
      if (wikiLine) rows.push(['Confluence auth', wikiLine]);
      const bbLine = line(bb, 'Bitbucket: ');
      if (bbLine) rows.push([hasSite ? 'Bitbucket auth' : 'Status', bbLine]);
    }
    // Check results quote the server (error messages): shown with escapes, as in every listing.
    f.io.stdout.write(formatRows(rows));
    return code;
  },
});
