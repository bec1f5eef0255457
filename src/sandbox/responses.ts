/**
 * Error responses in each product's real body shape, so clients exercise the same parsing they
 * need against Atlassian:
 * - Jira (Cloud and DC): `{"errorMessages":[...],"errors":{}}`
 * - Confluence REST v1 (`/wiki/rest/api`): `{"statusCode":N,"data":{...},"message":"..."}`
 * - Confluence v2 (`/wiki/api/v2`): `{"errors":[{"status":N,"code":"...","title":"...","detail":...}]}`
 * - Bitbucket Cloud: `{"type":"error","error":{"message":"..."}}`
 * - Bitbucket Data Center: `{"errors":[{"context":null,"message":"...","exceptionName":"..."}]}`
 * - the api.atlassian.com gateway's own errors: `{"code":N,"message":"..."}`
 */
import { STATUS_CODES } from 'node:http';
import type { Mount, Realm, SandboxResponse } from './types.js';

export function jiraError(status: number, message: string, errors: Record<string, string> = {}): SandboxResponse {
  return { status, body: { errorMessages: message ? [message] : [], errors } };
}

export function confluenceError(status: number, message: string, path: string): SandboxResponse {
  if (path.startsWith('/wiki/api/v2')) {
    const title = STATUS_CODES[status] ?? 'Error';
    const code = title
      .toUpperCase()
      .replace(/[^A-Z]+/g, '_')
      .replace(/^_|_$/g, '');
    return { status, body: { errors: [{ status, code, title, detail: message }] } };
  }
  return {
    status,
    body: {
      statusCode: status,
      data: { authorized: status !== 401 && status !== 403, valid: true, allowedInReadOnlyMode: true, errors: [], successful: false },
      message,
    },
  };
}

export function bitbucketError(status: number, message: string): SandboxResponse {
  return { status, body: { type: 'error', error: { message } } };
}

/** A Bitbucket Data Center error; `exceptionName` is the server's Java exception, as it reports it. */
export function bitbucketDcError(status: number, message: string, exceptionName: string | null = null): SandboxResponse {
  return { status, body: { errors: [{ context: null, message, exceptionName }] } };
}

/**
 * Bitbucket's answer to a scoped API token that lacks a scope the operation needs: 403, naming
 * the scopes required and those the token holds (a bad token is a 401 instead).
 */
export function bitbucketScopeError(required: readonly string[], granted: readonly string[]): SandboxResponse {
  return {
    status: 403,
    body: {
      type: 'error',
      error: {
        message: 'Your credentials lack one or more required privilege scopes.',
        detail: { required: [...required], granted: [...granted] },
      },
    },
  };
}

export function gatewayError(status: number, message: string): SandboxResponse {
  return { status, body: { code: status, message } };
}

/** An error for `realm` in its product's body shape. `path` is the product path (no mount prefix). */
export function productError(realm: Realm, status: number, message: string, path: string): SandboxResponse {
  switch (realm) {
    case 'bitbucket':
      // Data Center's product paths are /rest/...; Cloud's are /2.0/...
      return path.startsWith('/rest/') ? bitbucketDcError(status, message) : bitbucketError(status, message);
    case 'confluence':
      return confluenceError(status, message, path);
    case 'jira':
    case 'site':
      return jiraError(status, message);
  }
}

/** The WWW-Authenticate header each product sends with a 401. */
export function wwwAuthenticate(mount: Mount, siteUrl: string, scopeError = false): string {
  switch (mount) {
    case 'bitbucket':
      return 'Basic realm="Bitbucket.org HTTP"';
    case 'dc-bitbucket':
      return 'Basic realm="Atlassian Bitbucket"';
    case 'gateway':
      return scopeError ? 'Bearer realm="api.atlassian.com", error="insufficient_scope"' : 'Bearer realm="api.atlassian.com"';
    case 'dc':
      return `OAuth realm="${encodeURIComponent(`${siteUrl}/dc`)}"`;
    case 'site':
      return `OAuth realm="${encodeURIComponent(siteUrl)}"`;
  }
}

/** A message naming the status for generic errors (fault injection, unknown paths). */
export function defaultMessage(status: number): string {
  if (status === 429) return 'Rate limit exceeded.';
  if (status === 404) return 'Not Found';
  return STATUS_CODES[status] ?? `HTTP ${status}`;
}
