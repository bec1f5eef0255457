/**
 * Which scopes the endpoints atl calls with scoped tokens need, so a scope refusal can say what to
 * add. A copy of what Atlassian's specs state for these operations (the CLI never reads the specs):
 * src/auth/scopes.test.ts checks every entry against the sandbox's table generated from them.
 *
 * Each entry lists alternatives (classic scopes first, then the granular set); a token needs every
 * scope of one of them. Refusals look like this:
 * - the api.atlassian.com gateway: 401 `{"code":401,"message":"Unauthorized; scope does not match"}`;
 * - Bitbucket Cloud: 403 "Your credentials lack one or more required privilege scopes."
 */
import { AtlError } from '../errors.js';
import type { HttpClient, RequestOptions } from '../http/types.js';

export type ScopedProduct = 'jira' | 'confluence' | 'bitbucket';

/** `METHOD /path/template` (as on the wire: Confluence under /wiki, Bitbucket under /2.0) → alternatives. */
export const REQUIRED_SCOPES: Readonly<Record<ScopedProduct, Readonly<Record<string, ReadonlyArray<readonly string[]>>>>> = {
  jira: {
    'GET /rest/api/3/myself': [['read:jira-user'], ['read:application-role:jira', 'read:group:jira', 'read:user:jira', 'read:avatar:jira']],
    'POST /rest/api/3/search/jql': [
      ['read:jira-work'],
      ['read:issue-details:jira', 'read:field.default-value:jira', 'read:field.option:jira', 'read:field:jira', 'read:group:jira'],
    ],
    'GET /rest/api/3/search/jql': [
      ['read:jira-work'],
      ['read:issue-details:jira', 'read:audit-log:jira', 'read:avatar:jira', 'read:field-configuration:jira', 'read:issue-meta:jira'],
    ],
    'POST /rest/api/3/search/approximate-count': [
      ['read:jira-work'],
      ['read:issue-details:jira', 'read:field.default-value:jira', 'read:field.option:jira', 'read:field:jira', 'read:group:jira'],
    ],
    'POST /rest/api/3/issue': [
      ['write:jira-work'],
      ['write:issue:jira', 'write:comment:jira', 'write:comment.property:jira', 'write:attachment:jira', 'read:issue:jira'],
    ],
    'PUT /rest/api/3/issue/{issueIdOrKey}': [['write:jira-work'], ['write:issue:jira']],
    'DELETE /rest/api/3/issue/{issueIdOrKey}': [['write:jira-work'], ['delete:issue:jira']],
    'POST /rest/api/3/issue/{issueIdOrKey}/transitions': [['write:jira-work'], ['write:issue:jira', 'write:issue.property:jira']],
    'PUT /rest/api/3/issue/{issueIdOrKey}/assignee': [['write:jira-work'], ['write:issue:jira']],
    'GET /rest/api/3/priority/search': [['manage:jira-configuration']],
    'GET /rest/api/3/user/search': [
      ['read:jira-user'],
      ['read:user:jira', 'read:user.property:jira', 'read:application-role:jira', 'read:avatar:jira', 'read:group:jira'],
    ],
    'GET /rest/agile/1.0/board': [['read:board-scope:jira-software', 'read:project:jira']],
    'GET /rest/agile/1.0/board/{boardId}/sprint': [['read:sprint:jira-software']],
    'GET /rest/agile/1.0/sprint/{sprintId}/issue': [['read:sprint:jira-software', 'read:issue-details:jira', 'read:jql:jira']],
    // Agile writes and the board's columns have no classic scope: write:jira-work does not cover them.
    'POST /rest/agile/1.0/sprint/{sprintId}/issue': [['write:sprint:jira-software']],
    'POST /rest/agile/1.0/epic/none/issue': [['write:epic:jira-software']],
    'POST /rest/agile/1.0/epic/{epicIdOrKey}/issue': [['write:epic:jira-software']],
    'GET /rest/agile/1.0/board/{boardId}/configuration': [['read:board-scope.admin:jira-software', 'read:project:jira']],
  },
  confluence: {
    'GET /wiki/rest/api/user/current': [['read:confluence-user'], ['read:content-details:confluence']],
    // What atl confluence calls (src/confluence/).
    'GET /wiki/api/v2/spaces': [['read:space:confluence']],
    'GET /wiki/api/v2/spaces/{id}': [['read:space:confluence']],
    'GET /wiki/api/v2/spaces/{id}/pages': [['read:page:confluence']],
    'GET /wiki/api/v2/spaces/{id}/blogposts': [['read:page:confluence']],
    'GET /wiki/api/v2/pages': [['read:page:confluence']],
    'POST /wiki/api/v2/pages': [['write:page:confluence']],
    'GET /wiki/api/v2/pages/{id}': [['read:page:confluence']],
    'PUT /wiki/api/v2/pages/{id}': [['write:page:confluence']],
    'DELETE /wiki/api/v2/pages/{id}': [['delete:page:confluence']],
    'GET /wiki/api/v2/blogposts': [['read:page:confluence']],
    'POST /wiki/api/v2/blogposts': [['write:page:confluence']],
    'GET /wiki/api/v2/blogposts/{id}': [['read:page:confluence']],
    'DELETE /wiki/api/v2/blogposts/{id}': [['delete:page:confluence']],
    'GET /wiki/api/v2/pages/{id}/direct-children': [['read:hierarchical-content:confluence']],
    'GET /wiki/api/v2/folders/{id}': [['read:folder:confluence']],
    'GET /wiki/api/v2/pages/{id}/versions': [['read:page:confluence']],
    'GET /wiki/api/v2/blogposts/{id}/versions': [['read:page:confluence']],
    'GET /wiki/api/v2/pages/{id}/labels': [['read:page:confluence']],
    'GET /wiki/api/v2/blogposts/{id}/labels': [['read:page:confluence']],
    'GET /wiki/api/v2/pages/{id}/attachments': [['read:attachment:confluence']],
    'GET /wiki/api/v2/blogposts/{id}/attachments': [['read:attachment:confluence']],
    'GET /wiki/api/v2/pages/{id}/footer-comments': [['read:comment:confluence']],
    'GET /wiki/api/v2/blogposts/{id}/footer-comments': [['read:comment:confluence']],
    'POST /wiki/api/v2/footer-comments': [['write:comment:confluence']],
    'GET /wiki/rest/api/search': [['search:confluence'], ['read:content-details:confluence']],
    'GET /wiki/rest/api/content/search': [['search:confluence'], ['read:content-details:confluence']],
    'PUT /wiki/rest/api/content/{pageId}/move/{position}/{targetId}': [['write:confluence-content'], ['write:page:confluence']],
    'POST /wiki/rest/api/content/{id}/label': [['write:confluence-content'], ['read:label:confluence', 'write:label:confluence']],
    'DELETE /wiki/rest/api/content/{id}/label': [['write:confluence-content'], ['write:label:confluence']],
    'PUT /wiki/rest/api/content/{id}/child/attachment': [
      ['write:confluence-file'],
      ['read:content-details:confluence', 'write:attachment:confluence'],
    ],
    'GET /wiki/rest/api/content/{id}/child/attachment/{attachmentId}/download': [
      ['readonly:content.attachment:confluence'],
      ['read:attachment:confluence'],
    ],
  },
  bitbucket: {
    'GET /2.0/user': [['read:user:bitbucket']],
    'GET /2.0/user/workspaces': [['read:workspace:bitbucket']],
  },
};

/** The scope alternatives of a request (`path` as on the wire below the product base), or null. */
export function requiredScopes(product: ScopedProduct, method: string, path: string): ReadonlyArray<readonly string[]> | null {
  const wanted = `${method.toUpperCase()} ${path.replace(/[?#].*$/, '').replace(/\/+$/, '')}`;
  for (const [operation, alternatives] of Object.entries(REQUIRED_SCOPES[product])) {
    const pattern = operation.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
    if (new RegExp(`^${pattern}$`).test(wanted)) return alternatives;
  }
  return null;
}

/** "read:a and read:b (or the granular read:c and read:d)". */
export function describeScopes(alternatives: ReadonlyArray<readonly string[]>): string {
  const and = (scopes: readonly string[]) =>
    scopes.length <= 1 ? (scopes[0] ?? '') : `${scopes.slice(0, -1).join(', ')} and ${scopes.at(-1)}`;
  const [first, ...others] = alternatives;
  if (first === undefined) return 'no scope';
  return others.length === 0 ? and(first) : `${and(first)} (or the granular ${others.map(and).join(', or ')})`;
}

/** True for the gateway's and Bitbucket's "this token lacks a scope" refusals. */
export function isScopeRefusal(err: unknown): err is AtlError {
  if (!(err instanceof AtlError)) return false;
  return (err.status === 401 && /scope does not match/i.test(err.message)) || (err.status === 403 && /privilege scopes/i.test(err.message));
}

/** The hint for a scope refusal of `method path`, naming what the operation needs when atl knows it. */
export function scopeHint(product: ScopedProduct, method: string, path: string): string | null {
  const alternatives = requiredScopes(product, method, path);
  if (alternatives === null) return null;
  const operation = `${method.toUpperCase()} ${path.replace(/[?#].*$/, '')}`;
  return `the scoped token lacks the scope this request needs: ${operation} needs ${describeScopes(alternatives)}; add it to the token, or use a profile that has it`;
}

/** Calls `client` and rewrites its errors with `explain` (which may look something up first), for each kind of call. */
export function mapClientErrors(
  client: HttpClient,
  explain: (err: unknown, method: string, path: string) => never | Promise<never>,
): HttpClient {
  const wrap = <T>(method: string, path: string, call: Promise<T>): Promise<T> => call.catch((err: unknown) => explain(err, method, path));
  return {
    baseUrl: client.baseUrl,
    request: <T>(path: string, options?: RequestOptions) => wrap(options?.method ?? 'GET', path, client.request<T>(path, options)),
    get: <T>(path: string, options?: Omit<RequestOptions, 'method'>) => wrap('GET', path, client.get<T>(path, options)),
    post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
      wrap('POST', path, client.post<T>(path, body, options)),
    put: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
      wrap('PUT', path, client.put<T>(path, body, options)),
    delete: <T>(path: string, options?: Omit<RequestOptions, 'method'>) => wrap('DELETE', path, client.delete<T>(path, options)),
  };
}

/**
 * A client whose scope refusals name the scopes the endpoint needs. `prefix` is what the client's
 * base adds to the path as the specs write it (`/wiki` for Confluence, `/2.0` for Bitbucket).
 */
export function withScopeHints(client: HttpClient, product: ScopedProduct, prefix = ''): HttpClient {
  return mapClientErrors(client, (err, method, path) => {
    if (!isScopeRefusal(err)) throw err;
    const relative = path.startsWith(client.baseUrl) ? path.slice(client.baseUrl.length) : path;
    const hint = scopeHint(product, method, `${prefix}${relative}`);
    if (hint === null) throw err;
    throw new AtlError(err.code, err.message, { status: err.status, hint, exitCode: err.exitCode, cause: err });
  });
}
