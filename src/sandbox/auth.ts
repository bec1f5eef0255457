/**
 * Demo credentials, generated fresh for every sandbox start, and the checks Atlassian applies:
 *
 * - Cloud user, Basic `email:API token`, on the site only (`/rest/...`, `/wiki/...`). The same
 *   token sent as Bearer is refused, as on a real site.
 * - Data Center personal access token, `Authorization: Bearer`, under `/dc` only; sent as Basic it
 *   is refused.
 * - Scoped service accounts (`...@serviceaccount.atlassian.com`), Basic or Bearer, through the
 *   gateway `/ex/{jira|confluence}/{cloudId}` only; on the site they are refused (Atlassian's
 *   "use api.atlassian.com" 401). The server checks their scopes against what Atlassian's specs
 *   require of each operation (scopes.ts): `svc-demo` may only read, `svc-writer` may also write,
 *   `svc-confluence` holds Confluence scopes only, and `svc-no-user` reads Jira work but lacks
 *   `read:jira-user` (so `/myself` refuses it), so scope refusals can be exercised.
 * - Bitbucket API tokens (Basic `email:token`, scoped like the real ones; a second one lacks
 *   `read:user:bitbucket`) and a workspace access token (Bearer) on `/2.0`; and the user's old app
 *   password (Basic `username:ATBB…`), which `/2.0` refuses with its plain 401, as Bitbucket has
 *   refused every app password since their removal on 2026-07-28.
 * - Bitbucket Data Center, under `/dc-bitbucket` only: the user's personal access token, as Bearer or
 *   as Basic `username:token` (both work on a real server since 5.5), and a project HTTP access token,
 *   Bearer only (as Basic it is refused, as Bitbucket refuses it), acting as its own bot user.
 *
 * Identities never carry the secret; the request log and errors only see the identity.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CredentialKind, Identity, Mount } from './types.js';

export interface ServiceAccountCredentials {
  email: string;
  token: string;
  accountId: string;
  displayName: string;
  scopes: readonly string[];
}

export interface BitbucketApiTokenCredentials {
  email: string;
  token: string;
  username: string;
  accountId: string;
  uuid: string;
  displayName: string;
  scopes: readonly string[];
}

/** A Bitbucket Data Center user (the personal access token's owner, or an access token's bot user). */
export interface BitbucketDcUserCredentials {
  /** User name, sent as `X-AUSERNAME`; also the URL slug here. */
  username: string;
  /** Numeric user id, sent as `X-AUSERID`. */
  userId: number;
  /** null for a bot user: access tokens have no e-mail (so they cannot merge on a real server). */
  email: string | null;
  displayName: string;
  token: string;
}

export interface SandboxCredentials {
  cloud: { email: string; token: string; accountId: string; displayName: string };
  datacenter: { username: string; email: string; token: string; displayName: string };
  serviceAccount: ServiceAccountCredentials;
  serviceAccountWriter: ServiceAccountCredentials;
  /** Confluence scopes only: Jira's `/myself` refuses it, Confluence's `user/current` does not. */
  serviceAccountConfluence: ServiceAccountCredentials;
  /** Reads Jira work, but without `read:jira-user` (so no `/myself`) and without board scopes. */
  serviceAccountNoUser: ServiceAccountCredentials;
  bitbucket: BitbucketApiTokenCredentials;
  /** The same Bitbucket user's second API token, without `read:user:bitbucket`. */
  bitbucketNoUser: BitbucketApiTokenCredentials;
  bitbucketAccessToken: { token: string; workspace: string };
  /** The Bitbucket user's app password (Basic with the username), which `/2.0` refuses: app passwords are gone. */
  bitbucketAppPassword: { username: string; password: string };
  /** Bitbucket Data Center user's personal access token (Bearer or Basic `username:token`). */
  bitbucketDatacenter: BitbucketDcUserCredentials;
  /** Bitbucket Data Center project HTTP access token (Bearer only), acting as a bot user of `project`. */
  bitbucketDatacenterAccessToken: BitbucketDcUserCredentials & { project: string };
}

const CONFLUENCE_READ_SCOPES = [
  'read:confluence-user',
  'read:confluence-content.all',
  'read:confluence-content.summary',
  'search:confluence',
  // The v2 API names only granular scopes (confluence-v2.json): spaces, pages and blog posts, the
  // page tree, comments and attachments.
  'read:space:confluence',
  'read:page:confluence',
  'read:hierarchical-content:confluence',
  'read:content.metadata:confluence',
  'read:comment:confluence',
  'read:attachment:confluence',
  'read:folder:confluence',
];

/** Writing Confluence: classic scopes for v1 (move, labels, uploads), granular ones for v2. */
const CONFLUENCE_WRITE_SCOPES = [
  'write:confluence-content',
  'write:confluence-file',
  'write:page:confluence',
  'delete:page:confluence',
  'write:comment:confluence',
  'write:folder:confluence',
];

/**
 * What a read-only service account needs for the calls atl makes, as the specs require them: the
 * classic Jira scopes, plus the granular Jira Software ones that agile calls have no classic form
 * of (boards: read:board-scope:jira-software + read:project:jira; sprints and their issues:
 * read:sprint:jira-software, read:issue-details:jira, read:jql:jira).
 */
export const SERVICE_ACCOUNT_SCOPES: readonly string[] = [
  'read:jira-work',
  'read:jira-user',
  'read:board-scope:jira-software',
  'read:project:jira',
  'read:sprint:jira-software',
  'read:issue-details:jira',
  'read:jql:jira',
  // Service Management's classic read scope (desks, request types, requests, comments, approvals).
  'read:servicedesk-request',
  ...CONFLUENCE_READ_SCOPES,
];

/**
 * The writer also holds the granular Jira Software scopes that agile changes and a board's columns
 * need (write:jira-work does not cover them): a service account set up for sprint and epic work.
 */
export const SERVICE_ACCOUNT_WRITER_SCOPES: readonly string[] = [
  ...SERVICE_ACCOUNT_SCOPES,
  'write:jira-work',
  ...CONFLUENCE_WRITE_SCOPES,
  'write:sprint:jira-software',
  'write:epic:jira-software',
  'read:board-scope.admin:jira-software',
  // Service Management: raising and working on requests, and managing customers and organizations.
  'write:servicedesk-request',
  'manage:servicedesk-customer',
];

export const SERVICE_ACCOUNT_CONFLUENCE_SCOPES: readonly string[] = CONFLUENCE_READ_SCOPES;

export const SERVICE_ACCOUNT_NO_USER_SCOPES: readonly string[] = ['read:jira-work'];

/** What Bitbucket's "read" presets give an API token. */
const BITBUCKET_READ_SCOPES: readonly string[] = [
  'read:user:bitbucket',
  'read:workspace:bitbucket',
  'read:project:bitbucket',
  'read:repository:bitbucket',
  'read:pullrequest:bitbucket',
];

/**
 * A developer's API token for atl: reading, plus what atl's changes need by bitbucket.json
 * (branches, pull requests, running and stopping pipelines, creating a repository).
 */
export const BITBUCKET_SCOPES: readonly string[] = [
  ...BITBUCKET_READ_SCOPES,
  'write:repository:bitbucket',
  'admin:repository:bitbucket',
  'write:pullrequest:bitbucket',
  'read:pipeline:bitbucket',
  'write:pipeline:bitbucket',
];

/** Reads only, and without `read:user:bitbucket` (so no `/user`). */
export const BITBUCKET_NO_USER_SCOPES: readonly string[] = BITBUCKET_READ_SCOPES.filter((scope) => scope !== 'read:user:bitbucket');

/** Shaped like the real ones (prefix + random), so redaction rules that key on shape are exercised. */
function apiToken(prefix: string): string {
  return `${prefix}${randomBytes(30).toString('base64url')}`;
}

function bitbucketDcToken(): string {
  return randomBytes(33).toString('base64');
}

export function generateCredentials(): SandboxCredentials {
  const bitbucketUser = {
    email: 'demo@example.com',
    username: 'demo-user',
    accountId: '5b10ac8d82e05b22cc7d4ef5',
    uuid: '{b7e2f4a0-3c1d-4e5f-9a8b-6c7d8e9f0a1b}',
    displayName: 'Demo User',
  };
  return {
    cloud: {
      email: 'demo@example.com',
      token: apiToken('ATATT3xFfGF0'),
      accountId: '5b10ac8d82e05b22cc7d4ef5',
      displayName: 'Demo User',
    },
    datacenter: {
      username: 'demo',
      email: 'demo@example.com',
      token: randomBytes(33).toString('base64url'),
      displayName: 'Demo User',
    },
    serviceAccount: {
      email: 'svc-demo@serviceaccount.atlassian.com',
      token: apiToken('ATATT3xFfGF0'),
      accountId: '712020:5c0e7f1a-9d3b-4c61-8f7e-2a6b1d9e4c30',
      displayName: 'svc-demo',
      scopes: SERVICE_ACCOUNT_SCOPES,
    },
    serviceAccountWriter: {
      email: 'svc-writer@serviceaccount.atlassian.com',
      token: apiToken('ATATT3xFfGF0'),
      accountId: '712020:8d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
      displayName: 'svc-writer',
      scopes: SERVICE_ACCOUNT_WRITER_SCOPES,
    },
    serviceAccountConfluence: {
      email: 'svc-confluence@serviceaccount.atlassian.com',
      token: apiToken('ATATT3xFfGF0'),
      accountId: '712020:3e9a4b1c-6d2f-4a8e-9b7c-5f1e2d3c4b5a',
      displayName: 'svc-confluence',
      scopes: SERVICE_ACCOUNT_CONFLUENCE_SCOPES,
    },
    serviceAccountNoUser: {
      email: 'svc-no-user@serviceaccount.atlassian.com',
      token: apiToken('ATATT3xFfGF0'),
      accountId: '712020:9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      displayName: 'svc-no-user',
      scopes: SERVICE_ACCOUNT_NO_USER_SCOPES,
    },
    bitbucket: { ...bitbucketUser, token: apiToken('ATATT3xFfGF0'), scopes: BITBUCKET_SCOPES },
    bitbucketNoUser: { ...bitbucketUser, token: apiToken('ATATT3xFfGF0'), scopes: BITBUCKET_NO_USER_SCOPES },
    bitbucketAccessToken: { token: apiToken('ATCTT3xFfGN0'), workspace: 'demo-workspace' },
    // App passwords carry the ATBB prefix (and a checksum, left out here).
    bitbucketAppPassword: { username: bitbucketUser.username, password: apiToken('ATBB') },
    // Bitbucket DC tokens are 44 characters of base64 (an id part and a secret part).
    bitbucketDatacenter: { username: 'demo', userId: 101, email: 'demo@example.com', displayName: 'Demo User', token: bitbucketDcToken() },
    bitbucketDatacenterAccessToken: {
      username: 'bot-demo-access-token',
      userId: 151,
      email: null,
      displayName: 'DEMO access token',
      token: bitbucketDcToken(),
      project: 'DEMO',
    },
  };
}

/** Every secret, and the Basic forms of each email:token pair, for secret scanners. */
export function secretsOf(credentials: SandboxCredentials): string[] {
  const basic = (user: string, token: string) => Buffer.from(`${user}:${token}`).toString('base64');
  return [
    credentials.cloud.token,
    basic(credentials.cloud.email, credentials.cloud.token),
    credentials.datacenter.token,
    credentials.serviceAccount.token,
    basic(credentials.serviceAccount.email, credentials.serviceAccount.token),
    credentials.serviceAccountWriter.token,
    basic(credentials.serviceAccountWriter.email, credentials.serviceAccountWriter.token),
    credentials.serviceAccountConfluence.token,
    basic(credentials.serviceAccountConfluence.email, credentials.serviceAccountConfluence.token),
    credentials.serviceAccountNoUser.token,
    basic(credentials.serviceAccountNoUser.email, credentials.serviceAccountNoUser.token),
    credentials.bitbucket.token,
    basic(credentials.bitbucket.email, credentials.bitbucket.token),
    credentials.bitbucketNoUser.token,
    basic(credentials.bitbucketNoUser.email, credentials.bitbucketNoUser.token),
    credentials.bitbucketAccessToken.token,
    credentials.bitbucketAppPassword.password,
    basic(credentials.bitbucketAppPassword.username, credentials.bitbucketAppPassword.password),
    credentials.bitbucketDatacenter.token,
    basic(credentials.bitbucketDatacenter.username, credentials.bitbucketDatacenter.token),
    credentials.bitbucketDatacenterAccessToken.token,
  ];
}

export type AuthResult =
  | { kind: 'anonymous' }
  | { kind: 'ok'; identity: Identity }
  /** `reason` is for the error body; it never repeats what was sent. */
  | { kind: 'denied'; reason: string };

type Presented = { scheme: 'basic'; user: string; secret: string } | { scheme: 'bearer'; secret: string } | { scheme: 'other' };

export function parseAuthorization(header: string | undefined): Presented | null {
  if (header === undefined || header.trim() === '') return null;
  const match = /^\s*(\S+)\s+(.+?)\s*$/.exec(header);
  if (!match) return { scheme: 'other' };
  const scheme = match[1]!.toLowerCase();
  if (scheme === 'bearer') return { scheme: 'bearer', secret: match[2]! };
  if (scheme !== 'basic') return { scheme: 'other' };
  const decoded = Buffer.from(match[2]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { scheme: 'other' };
  return { scheme: 'basic', user: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** Compares secrets in constant time (hashes first, so lengths do not leak either). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.toLowerCase();

function cloudUser(c: SandboxCredentials): Identity {
  return {
    kind: 'cloud-api-token',
    accountId: c.cloud.accountId,
    email: c.cloud.email,
    displayName: c.cloud.displayName,
    username: null,
    scopes: null,
    workspace: null,
  };
}

function serviceAccountIdentity(s: ServiceAccountCredentials): Identity {
  return {
    kind: 'service-account',
    accountId: s.accountId,
    email: s.email,
    displayName: s.displayName,
    username: null,
    scopes: s.scopes,
    workspace: null,
  };
}

/** Checks the Authorization header for a request that came in on `mount`. */
export function authenticate(header: string | undefined, mount: Mount, c: SandboxCredentials): AuthResult {
  const presented = parseAuthorization(header);
  if (presented === null) return { kind: 'anonymous' };
  if (presented.scheme === 'other') return { kind: 'denied', reason: 'Unsupported authorization scheme.' };

  const isCloudUser =
    presented.scheme === 'basic' && sameEmail(presented.user, c.cloud.email) && sameSecret(presented.secret, c.cloud.token);
  const presentedAs = (s: ServiceAccountCredentials): boolean =>
    (presented.scheme === 'basic' && sameEmail(presented.user, s.email) && sameSecret(presented.secret, s.token)) ||
    (presented.scheme === 'bearer' && sameSecret(presented.secret, s.token));
  const serviceAccount = [c.serviceAccount, c.serviceAccountWriter, c.serviceAccountConfluence, c.serviceAccountNoUser].find(presentedAs);
  const isServiceAccount = serviceAccount !== undefined;

  switch (mount) {
    case 'site':
      if (isCloudUser) return { kind: 'ok', identity: cloudUser(c) };
      if (isServiceAccount) {
        return { kind: 'denied', reason: 'Scoped API tokens must be used with https://api.atlassian.com/ex/{product}/{cloudId}.' };
      }
      return { kind: 'denied', reason: 'Client must be authenticated to access this resource.' };
    case 'dc':
      if (presented.scheme === 'bearer' && sameSecret(presented.secret, c.datacenter.token)) {
        const d = c.datacenter;
        return {
          kind: 'ok',
          identity: {
            kind: 'dc-pat',
            accountId: null,
            email: d.email,
            displayName: d.displayName,
            username: d.username,
            scopes: null,
            workspace: null,
          },
        };
      }
      return { kind: 'denied', reason: 'Client must be authenticated to access this resource.' };
    case 'gateway':
      if (serviceAccount) return { kind: 'ok', identity: serviceAccountIdentity(serviceAccount) };
      return { kind: 'denied', reason: 'Unauthorized' };
    case 'bitbucket': {
      const b = [c.bitbucket, c.bitbucketNoUser].find(
        (t) => presented.scheme === 'basic' && sameEmail(presented.user, t.email) && sameSecret(presented.secret, t.token),
      );
      if (b) {
        return {
          kind: 'ok',
          identity: {
            kind: 'bitbucket-api-token',
            accountId: b.accountId,
            email: b.email,
            displayName: b.displayName,
            username: b.username,
            scopes: b.scopes,
            workspace: null,
          },
        };
      }
      const access = c.bitbucketAccessToken;
      if (presented.scheme === 'bearer' && sameSecret(presented.secret, access.token)) {
        return {
          kind: 'ok',
          identity: {
            kind: 'bitbucket-access-token',
            accountId: null,
            email: null,
            displayName: access.workspace,
            username: null,
            scopes: null,
            workspace: access.workspace,
          },
        };
      }
      // The app password (c.bitbucketAppPassword) lands here too: Bitbucket's 401 says nothing of app
      // passwords, so atl recognises the secret it sent (src/auth/app-password.ts).
      return { kind: 'denied', reason: 'Invalid credentials.' };
    }
    case 'dc-bitbucket': {
      const user = c.bitbucketDatacenter;
      const isUser =
        (presented.scheme === 'bearer' && sameSecret(presented.secret, user.token)) ||
        (presented.scheme === 'basic' && presented.user === user.username && sameSecret(presented.secret, user.token));
      if (isUser) return { kind: 'ok', identity: bitbucketDcIdentity('bitbucket-dc-pat', user, null) };
      const access = c.bitbucketDatacenterAccessToken;
      if (presented.scheme === 'bearer' && sameSecret(presented.secret, access.token)) {
        return { kind: 'ok', identity: bitbucketDcIdentity('bitbucket-dc-access-token', access, access.project) };
      }
      return { kind: 'denied', reason: 'Authentication failed. Please check your credentials and try again.' };
    }
  }
}

function bitbucketDcIdentity(kind: CredentialKind, user: BitbucketDcUserCredentials, project: string | null): Identity {
  return {
    kind,
    accountId: String(user.userId),
    email: user.email,
    displayName: user.displayName,
    username: user.username,
    scopes: null,
    workspace: project,
  };
}
