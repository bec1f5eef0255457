import { describe, expect, test } from 'vitest';
import { authenticate, generateCredentials, parseAuthorization, secretsOf } from './auth.js';
import { satisfies, scopeRequirement } from './scopes.js';

const c = generateCredentials();
const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
const bearer = (secret: string) => `Bearer ${secret}`;

describe('credentials', () => {
  test('are random per start and every secret is listed for scanners', () => {
    const other = generateCredentials();
    expect(other.cloud.token).not.toBe(c.cloud.token);
    expect(other.datacenter.token).not.toBe(c.datacenter.token);
    const secrets = secretsOf(c);
    for (const token of [c.cloud.token, c.datacenter.token, c.serviceAccount.token, c.bitbucket.token, c.bitbucketAccessToken.token]) {
      expect(secrets).toContain(token);
    }
    expect(secrets).toContain(Buffer.from(`${c.cloud.email}:${c.cloud.token}`).toString('base64'));
    expect(c.serviceAccount.email).toMatch(/@serviceaccount\.atlassian\.com$/);
    expect(c.serviceAccount.scopes).toContain('read:jira-work');
  });
});

describe('authenticate', () => {
  test('Cloud user: Basic email:token on the site only, never as Bearer', () => {
    expect(authenticate(basic('Demo@Example.com', c.cloud.token), 'site', c)).toMatchObject({
      kind: 'ok',
      identity: { kind: 'cloud-api-token', email: c.cloud.email },
    });
    expect(authenticate(bearer(c.cloud.token), 'site', c).kind).toBe('denied');
    expect(authenticate(basic(c.cloud.email, `${c.cloud.token}x`), 'site', c).kind).toBe('denied');
    expect(authenticate(basic('someone@example.com', c.cloud.token), 'site', c).kind).toBe('denied');
    expect(authenticate(basic(c.cloud.email, c.cloud.token), 'gateway', c).kind).toBe('denied');
    expect(authenticate(basic(c.cloud.email, c.cloud.token), 'dc', c).kind).toBe('denied');
  });

  test('Data Center PAT: Bearer under /dc only; as Basic it is refused', () => {
    expect(authenticate(bearer(c.datacenter.token), 'dc', c)).toMatchObject({
      kind: 'ok',
      identity: { kind: 'dc-pat', username: 'demo', accountId: null },
    });
    expect(authenticate(basic(c.datacenter.username, c.datacenter.token), 'dc', c).kind).toBe('denied');
    expect(authenticate(bearer(c.datacenter.token), 'site', c).kind).toBe('denied');
  });

  test('Bitbucket Data Center: the PAT as Bearer or Basic, the access token as Bearer only, under /dc-bitbucket only', () => {
    const user = c.bitbucketDatacenter;
    const access = c.bitbucketDatacenterAccessToken;
    const asUser = {
      kind: 'ok',
      identity: { kind: 'bitbucket-dc-pat', username: 'demo', accountId: String(user.userId), workspace: null },
    };
    expect(authenticate(bearer(user.token), 'dc-bitbucket', c)).toMatchObject(asUser);
    expect(authenticate(basic(user.username, user.token), 'dc-bitbucket', c)).toMatchObject(asUser);
    expect(authenticate(basic('someone', user.token), 'dc-bitbucket', c).kind).toBe('denied');
    expect(authenticate(bearer(access.token), 'dc-bitbucket', c)).toMatchObject({
      kind: 'ok',
      identity: { kind: 'bitbucket-dc-access-token', username: access.username, email: null, workspace: 'DEMO' },
    });
    expect(authenticate(basic(access.username, access.token), 'dc-bitbucket', c).kind).toBe('denied');
    expect(authenticate(bearer(user.token), 'dc', c).kind).toBe('denied');
    expect(authenticate(bearer(user.token), 'bitbucket', c).kind).toBe('denied');
    expect(authenticate(bearer(c.datacenter.token), 'dc-bitbucket', c).kind).toBe('denied');
    const secrets = secretsOf(c);
    expect(secrets).toContain(user.token);
    expect(secrets).toContain(access.token);
    expect(secrets).toContain(Buffer.from(`${user.username}:${user.token}`).toString('base64'));
  });

  test('service account: gateway only, Basic or Bearer; on the site the reason names the gateway', () => {
    expect(authenticate(basic(c.serviceAccount.email, c.serviceAccount.token), 'gateway', c)).toMatchObject({
      kind: 'ok',
      identity: { kind: 'service-account' },
    });
    expect(authenticate(bearer(c.serviceAccount.token), 'gateway', c)).toMatchObject({
      kind: 'ok',
      identity: { scopes: c.serviceAccount.scopes },
    });
    const onSite = authenticate(basic(c.serviceAccount.email, c.serviceAccount.token), 'site', c);
    expect(onSite).toMatchObject({ kind: 'denied', reason: expect.stringMatching(/api\.atlassian\.com/) });
  });

  test('the writer service account may write through the gateway; the demo one may only read', () => {
    const writer = authenticate(basic(c.serviceAccountWriter.email, c.serviceAccountWriter.token), 'gateway', c);
    expect(writer).toMatchObject({ kind: 'ok', identity: { kind: 'service-account', email: c.serviceAccountWriter.email } });
    const reader = authenticate(bearer(c.serviceAccount.token), 'gateway', c);
    if (writer.kind !== 'ok' || reader.kind !== 'ok') throw new Error('expected both to authenticate');
    const createIssue = scopeRequirement('jira', 'POST', '/rest/api/3/issue')!.alternatives;
    expect(satisfies(writer.identity.scopes ?? [], createIssue)).toBe(true);
    expect(satisfies(reader.identity.scopes ?? [], createIssue)).toBe(false);
    // The writer's token with the reader's email is not a login.
    expect(authenticate(basic(c.serviceAccount.email, c.serviceAccountWriter.token), 'gateway', c).kind).toBe('denied');
    expect(authenticate(basic(c.serviceAccountWriter.email, c.serviceAccountWriter.token), 'site', c).kind).toBe('denied');
  });

  test('Bitbucket: API token as Basic, access token as Bearer tied to its workspace', () => {
    expect(authenticate(basic(c.bitbucket.email, c.bitbucket.token), 'bitbucket', c)).toMatchObject({
      kind: 'ok',
      identity: { kind: 'bitbucket-api-token', username: 'demo-user' },
    });
    expect(authenticate(bearer(c.bitbucketAccessToken.token), 'bitbucket', c)).toMatchObject({
      kind: 'ok',
      identity: { kind: 'bitbucket-access-token', accountId: null, workspace: 'demo-workspace' },
    });
    expect(authenticate(bearer(c.bitbucket.token), 'bitbucket', c).kind).toBe('denied');
    expect(authenticate(basic(c.cloud.email, c.cloud.token), 'bitbucket', c).kind).toBe('denied');
  });

  test('Bitbucket: the old app password (username + ATBB…) is refused with the plain 401, as app passwords are gone', () => {
    const app = c.bitbucketAppPassword;
    expect(app.password.startsWith('ATBB')).toBe(true);
    expect(authenticate(basic(app.username, app.password), 'bitbucket', c)).toEqual({ kind: 'denied', reason: 'Invalid credentials.' });
    expect(secretsOf(c)).toContain(app.password);
  });

  test('no header is anonymous; garbage is denied; reasons never echo the secret', () => {
    expect(authenticate(undefined, 'site', c)).toEqual({ kind: 'anonymous' });
    expect(authenticate('', 'site', c)).toEqual({ kind: 'anonymous' });
    expect(authenticate('Digest abc', 'site', c).kind).toBe('denied');
    expect(authenticate('Basic bm9jb2xvbg==', 'site', c).kind).toBe('denied');
    const denied = authenticate(basic(c.cloud.email, 'leaky-secret-123'), 'site', c);
    expect(JSON.stringify(denied)).not.toContain('leaky-secret-123');
  });

  test('parseAuthorization splits Basic at the first colon (tokens may hold colons)', () => {
    expect(parseAuthorization(basic('a@b.c', 'x:y'))).toEqual({ scheme: 'basic', user: 'a@b.c', secret: 'x:y' });
  });

  test('new service accounts: Confluence-only, and Jira without read:jira-user; every secret is listed', () => {
    const confluence = authenticate(bearer(c.serviceAccountConfluence.token), 'gateway', c);
    const noUser = authenticate(basic(c.serviceAccountNoUser.email, c.serviceAccountNoUser.token), 'gateway', c);
    if (confluence.kind !== 'ok' || noUser.kind !== 'ok') throw new Error('expected both to authenticate');
    expect(confluence.identity.scopes?.every((scope) => /confluence/.test(scope))).toBe(true);
    expect(noUser.identity.scopes).toContain('read:jira-work');
    expect(noUser.identity.scopes).not.toContain('read:jira-user');
    const secrets = secretsOf(c);
    for (const token of [c.serviceAccountConfluence.token, c.serviceAccountNoUser.token, c.bitbucketNoUser.token])
      expect(secrets).toContain(token);
  });

  test('Bitbucket API tokens carry their scopes: the first writes as atl needs, the second only reads, without read:user:bitbucket', () => {
    const full = authenticate(basic(c.bitbucket.email, c.bitbucket.token), 'bitbucket', c);
    const noUser = authenticate(basic(c.bitbucketNoUser.email, c.bitbucketNoUser.token), 'bitbucket', c);
    if (full.kind !== 'ok' || noUser.kind !== 'ok') throw new Error('expected both to authenticate');
    expect(full.identity.scopes).toContain('read:user:bitbucket');
    expect(noUser.identity).toMatchObject({ kind: 'bitbucket-api-token', username: 'demo-user' });
    expect(noUser.identity.scopes).not.toContain('read:user:bitbucket');
    expect(noUser.identity.scopes).toContain('read:workspace:bitbucket');
    const writes = ['write:repository:bitbucket', 'write:pullrequest:bitbucket', 'read:pipeline:bitbucket', 'write:pipeline:bitbucket'];
    expect(full.identity.scopes).toEqual(expect.arrayContaining([...writes, 'admin:repository:bitbucket']));
    expect(noUser.identity.scopes!.filter((scope) => !scope.startsWith('read:'))).toEqual([]);
  });
});
