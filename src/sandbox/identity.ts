/**
 * Identity endpoints of every product: who am I, which site is this, which workspaces can I see.
 * `atl auth login`/`status` and every client's first call land here, so the shapes follow the
 * official specs closely (the contract tests check them).
 */
import type { BitbucketDcUserCredentials } from './auth.js';
import type { ProductContext, ProductModule } from './products.js';
import { bitbucketDcError, bitbucketError } from './responses.js';
import type { Router } from './router.js';
import type { Identity, SandboxRequest, SandboxResponse } from './types.js';

const JIRA_CLOUD_VERSION = '1001.0.0-SNAPSHOT';
const JIRA_DC_VERSION = '10.3.24';
/** Jira writes timestamps as 2025-01-31T09:30:00.000+0000 (no colon in the offset). */
export function jiraDateTime(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}
const BUILD_DATE = new Date('2025-06-02T00:00:00Z');
const ACCOUNT_CREATED = '2021-03-15T09:00:00.000000+00:00';

/** Handlers of non-anonymous routes always have an identity; this says so to the type checker. */
function who(request: SandboxRequest): Identity {
  if (!request.identity) throw new Error(`route ${request.method} ${request.path} ran without an identity`);
  return request.identity;
}

function avatarUrls(siteUrl: string, key: string): Record<string, string> {
  const id = encodeURIComponent(key);
  return Object.fromEntries(
    ['48x48', '24x24', '16x16', '32x32'].map((size) => [size, `${siteUrl}/avatar/${id}?size=${size.split('x')[0]}`]),
  );
}

function expands(request: SandboxRequest): Set<string> {
  return new Set(
    (request.query.get('expand') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

function jiraCloudMyself(request: SandboxRequest, apiVersion: '2' | '3'): SandboxResponse {
  const identity = who(request);
  const accountId = identity.accountId ?? '';
  const groups = ['jira-software-users', 'confluence-users'];
  const body: Record<string, unknown> = {
    self: `${request.baseUrl}/rest/api/${apiVersion}/user?accountId=${encodeURIComponent(accountId)}`,
    accountId,
    accountType: identity.kind === 'service-account' ? 'app' : 'atlassian',
    ...(identity.kind === 'service-account' ? { appType: 'service' } : {}),
    emailAddress: identity.email ?? '',
    avatarUrls: avatarUrls(request.siteUrl, accountId),
    displayName: identity.displayName,
    active: true,
    timeZone: 'Etc/UTC',
    locale: 'en_US',
    groups: {
      size: groups.length,
      items: expands(request).has('groups')
        ? groups.map((name) => ({ name, groupId: null, self: `${request.baseUrl}/rest/api/${apiVersion}/group?groupname=${name}` }))
        : [],
    },
    applicationRoles: { size: 1, items: [] },
    expand: 'groups,applicationRoles',
  };
  return { status: 200, body };
}

function jiraDcMyself(request: SandboxRequest): SandboxResponse {
  const identity = who(request);
  const username = identity.username ?? 'demo';
  return {
    status: 200,
    body: {
      self: `${request.baseUrl}/rest/api/2/user?username=${encodeURIComponent(username)}`,
      key: 'JIRAUSER10000',
      name: username,
      emailAddress: identity.email ?? '',
      avatarUrls: avatarUrls(request.siteUrl, username),
      displayName: identity.displayName,
      active: true,
      deleted: false,
      timeZone: 'Etc/UTC',
      locale: 'en_GB',
      groups: { size: 2, items: [] },
      applicationRoles: { size: 1, items: [] },
      expand: 'groups,applicationRoles',
    },
  };
}

function serverInfo(request: SandboxRequest): SandboxResponse {
  const dc = request.flavour === 'datacenter';
  const version = dc ? JIRA_DC_VERSION : JIRA_CLOUD_VERSION;
  const baseUrl = dc ? `${request.siteUrl}/dc` : request.siteUrl;
  return {
    status: 200,
    body: {
      baseUrl,
      ...(dc ? {} : { displayUrl: baseUrl }),
      version,
      versionNumbers: version.split(/[.-]/).slice(0, 3).map(Number),
      deploymentType: dc ? 'DataCenter' : 'Cloud',
      buildNumber: dc ? 10030024 : 100290,
      buildDate: jiraDateTime(BUILD_DATE),
      serverTime: jiraDateTime(new Date()),
      scmInfo: 'f0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9',
      serverTitle: 'Jira (atl sandbox)',
      ...(dc ? {} : { serverTimeZone: 'Etc/UTC' }),
    },
  };
}

function confluenceCurrentUser(request: SandboxRequest): SandboxResponse {
  const identity = who(request);
  const accountId = identity.accountId ?? '';
  return {
    status: 200,
    body: {
      type: 'known',
      accountId,
      accountType: identity.kind === 'service-account' ? 'app' : 'atlassian',
      email: identity.email ?? '',
      publicName: identity.displayName,
      profilePicture: { path: `/wiki/aa-avatar/${encodeURIComponent(accountId)}`, width: 48, height: 48, isDefault: false },
      displayName: identity.displayName,
      timeZone: 'Etc/UTC',
      externalCollaborator: false,
      isExternalCollaborator: false,
      isGuest: false,
      _expandable: { operations: '', personalSpace: '' },
      _links: {
        self: `${request.baseUrl}/wiki/rest/api/user?accountId=${encodeURIComponent(accountId)}`,
        base: `${request.baseUrl}/wiki`,
        context: '/wiki',
      },
    },
  };
}

/** Confluence Data Center's user/current: a `known` user with `username` and `userKey`, links on the DC base. */
function confluenceDcCurrentUser(request: SandboxRequest): SandboxResponse {
  const identity = who(request);
  const username = identity.username ?? 'demo';
  const userKey = CONFLUENCE_DC_USER_KEY;
  const context = new URL(request.baseUrl).pathname;
  return {
    status: 200,
    body: {
      type: 'known',
      username,
      userKey,
      profilePicture: { path: `${context}/images/icons/profilepics/default.svg`, width: 48, height: 48, isDefault: true },
      displayName: identity.displayName,
      _links: {
        self: `${request.baseUrl}/rest/api/user?key=${userKey}`,
        base: request.baseUrl,
        context,
      },
      _expandable: { status: '' },
    },
  };
}

const CONFLUENCE_DC_USER_KEY = '8a7f808a8f1e2d3c018f1e2d3c4b0000';
const BITBUCKET_DC_VERSION = '9.4.3';

/** A Bitbucket Data Center user as `/rest/api/1.0/users/{slug}` (and every embedded user) shows it. */
function bitbucketDcUserJson(baseUrl: string, user: BitbucketDcUserCredentials, service: boolean): Record<string, unknown> {
  return {
    name: user.username,
    ...(user.email === null ? {} : { emailAddress: user.email }),
    active: true,
    displayName: user.displayName,
    id: user.userId,
    slug: user.username,
    type: service ? 'SERVICE' : 'NORMAL',
    links: { self: [{ href: `${baseUrl}/users/${encodeURIComponent(user.username)}` }] },
  };
}

interface WorkspaceRecord {
  slug: string;
  name: string;
  uuid: string;
}

function workspaceJson(siteUrl: string, w: WorkspaceRecord): Record<string, unknown> {
  const api = `${siteUrl}/2.0`;
  const link = (href: string) => ({ href });
  return {
    type: 'workspace',
    uuid: w.uuid,
    name: w.name,
    slug: w.slug,
    is_private: true,
    is_privacy_enforced: false,
    forking_mode: 'allow_forks',
    created_on: ACCOUNT_CREATED,
    updated_on: ACCOUNT_CREATED,
    links: {
      self: link(`${api}/workspaces/${w.slug}`),
      html: link(`${siteUrl}/bitbucket/${w.slug}/`),
      avatar: link(`${siteUrl}/bitbucket/workspaces/${w.slug}/avatar/`),
      members: link(`${api}/workspaces/${w.slug}/members`),
      owners: link(`${api}/workspaces/${w.slug}/members?q=permission%3D%22owner%22`),
      projects: link(`${api}/workspaces/${w.slug}/projects`),
      repositories: link(`${api}/repositories/${w.slug}`),
      snippets: link(`${api}/snippets/${w.slug}`),
    },
  };
}

/** The short form of a workspace that `/2.0/user/workspaces` embeds. */
function workspaceBaseJson(siteUrl: string, w: WorkspaceRecord): Record<string, unknown> {
  return {
    type: 'workspace_base',
    uuid: w.uuid,
    name: w.name,
    slug: w.slug,
    links: { self: { href: `${siteUrl}/2.0/workspaces/${w.slug}` }, avatar: { href: `${siteUrl}/bitbucket/workspaces/${w.slug}/avatar/` } },
  };
}

function register(router: Router, context: ProductContext): void {
  const bb = context.credentials.bitbucket;
  const workspaces: WorkspaceRecord[] = [
    { slug: context.credentials.bitbucketAccessToken.workspace, name: 'Demo Workspace', uuid: '{4c8a1f2e-7b3d-4e9a-a6c5-1d2e3f4a5b6c}' },
  ];
  const visibleWorkspaces = (identity: Identity) =>
    identity.workspace ? workspaces.filter((w) => w.slug === identity.workspace) : workspaces;

  router
    .add('GET', '/rest/api/3/myself', (r) => jiraCloudMyself(r, '3'), { realm: 'jira' })
    .add('GET', '/rest/api/2/myself', (r) => (r.flavour === 'datacenter' ? jiraDcMyself(r) : jiraCloudMyself(r, '2')), {
      realm: 'jira',
      flavours: ['cloud', 'datacenter'],
    })
    .add('GET', '/rest/api/3/serverInfo', serverInfo, { realm: 'jira', anonymous: true })
    .add('GET', '/rest/api/2/serverInfo', serverInfo, { realm: 'jira', flavours: ['cloud', 'datacenter'], anonymous: true })
    .add('GET', '/_edge/tenant_info', () => ({ status: 200, body: { cloudId: context.cloudId } }), { realm: 'site', anonymous: true })
    .add('GET', '/wiki/rest/api/user/current', confluenceCurrentUser, { realm: 'confluence' })
    .add('GET', '/rest/api/user/current', confluenceDcCurrentUser, { realm: 'confluence', flavours: ['datacenter'] })
    // Bitbucket Data Center has no "myself": clients read X-AUSERNAME/X-AUSERID (index.ts adds them to
    // every authenticated answer) from the cheapest call, this one, which anyone may make.
    .add(
      'GET',
      '/rest/api/1.0/application-properties',
      () => ({
        status: 200,
        body: { version: BITBUCKET_DC_VERSION, buildNumber: '9004003', buildDate: String(BUILD_DATE.getTime()), displayName: 'Bitbucket' },
      }),
      { realm: 'bitbucket', flavours: ['datacenter'], anonymous: true },
    )
    .add(
      'GET',
      '/rest/api/1.0/users/{userSlug}',
      (r) => {
        const { bitbucketDatacenter: user, bitbucketDatacenterAccessToken: bot } = context.credentials;
        const slug = r.params.userSlug;
        if (slug === user.username) return { status: 200, body: bitbucketDcUserJson(r.baseUrl, user, false) };
        if (slug === bot.username) return { status: 200, body: bitbucketDcUserJson(r.baseUrl, bot, true) };
        return bitbucketDcError(404, `User ${slug} does not exist.`, 'com.atlassian.bitbucket.user.NoSuchUserException');
      },
      { realm: 'bitbucket', flavours: ['datacenter'] },
    )
    .add(
      'GET',
      '/2.0/user',
      (r) => {
        const identity = who(r);
        // Workspace access tokens have no user behind them; clients fall back to /2.0/user/workspaces.
        if (identity.kind === 'bitbucket-access-token') return bitbucketError(401, 'Access tokens are not tied to a user account.');
        const uuid = encodeURIComponent(bb.uuid);
        return {
          status: 200,
          body: {
            type: 'user',
            uuid: bb.uuid,
            account_id: bb.accountId,
            username: bb.username,
            nickname: bb.username,
            display_name: bb.displayName,
            account_status: 'active',
            has_2fa_enabled: false,
            is_staff: false,
            created_on: ACCOUNT_CREATED,
            links: {
              self: { href: `${r.siteUrl}/2.0/users/${uuid}` },
              html: { href: `${r.siteUrl}/bitbucket/${uuid}/` },
              avatar: { href: `${r.siteUrl}/avatar/${encodeURIComponent(bb.accountId)}?size=48` },
              repositories: { href: `${r.siteUrl}/2.0/repositories/${uuid}` },
            },
          },
        };
      },
      { realm: 'bitbucket' },
    )
    .add(
      'GET',
      '/2.0/user/workspaces',
      (r) => {
        // What the caller may do in each workspace; the successor of the deprecated /2.0/workspaces.
        const identity = who(r);
        const values = visibleWorkspaces(identity).map((w) => ({
          type: 'workspace_access',
          administrator: identity.kind === 'bitbucket-api-token',
          workspace: workspaceBaseJson(r.siteUrl, w),
        }));
        return { status: 200, body: { pagelen: 10, page: 1, size: values.length, values } };
      },
      { realm: 'bitbucket' },
    )
    .add(
      'GET',
      '/2.0/workspaces',
      (r) => {
        const values = visibleWorkspaces(who(r)).map((w) => workspaceJson(r.siteUrl, w));
        return { status: 200, body: { pagelen: 10, page: 1, size: values.length, values } };
      },
      { realm: 'bitbucket' },
    )
    .add(
      'GET',
      '/2.0/workspaces/{workspace}',
      (r) => {
        const found = visibleWorkspaces(who(r)).find((w) => w.slug === r.params.workspace || w.uuid === r.params.workspace);
        if (!found) return bitbucketError(404, `No workspace with identifier '${r.params.workspace}'.`);
        return { status: 200, body: workspaceJson(r.siteUrl, found) };
      },
      { realm: 'bitbucket' },
    );
}

export const identityRoutes: ProductModule = { name: 'identity', register };
