import { AtlError } from '../errors.js';
import type { JiraContext } from './context.js';
import { splitOrderBy } from './jql.js';
import { cursorPaged, offsetPaged, type Paged } from './paging.js';
import type { JiraIssue } from './types.js';

/** What the search table shows when `--fields` is not given. */
export const DEFAULT_SEARCH_FIELDS = ['issuetype', 'status', 'priority', 'assignee', 'updated', 'summary'] as const;

export interface SearchRequest {
  jql: string;
  fields: readonly string[];
  /** Stop after this many issues; undefined for all of them. */
  limit: number | undefined;
}

/**
 * Issues matching `jql`, fetched a page of 100 at a time as the caller iterates, so output can
 * stream. Cloud: `POST /rest/api/3/search/jql` (cursor); Data Center: `GET /rest/api/2/search`
 * (offset). Afterwards `hasMore` says whether more matched than were yielded.
 */
export function searchIssues(ctx: JiraContext, request: SearchRequest): Paged<JiraIssue> {
  if (ctx.deployment === 'cloud') {
    return cursorPaged<JiraIssue>(ctx.http, '/rest/api/3/search/jql', {
      body: { jql: request.jql, fields: [...request.fields] },
      limit: request.limit,
    });
  }
  return offsetPaged<JiraIssue>(ctx.http, '/rest/api/2/search', {
    itemsKey: 'issues',
    query: { jql: request.jql, fields: request.fields.join(',') },
    limit: request.limit,
  });
}

/** How many issues match. Cloud: the approximate-count endpoint; Data Center: a search's `total`. */
export async function countIssues(ctx: JiraContext, jql: string): Promise<number> {
  // Counting never needs the sort, and the count endpoint's docs show filters only.
  const { where } = splitOrderBy(jql);
  if (ctx.deployment === 'cloud') {
    const result = await ctx.http.post<{ count?: number }>('/rest/api/3/search/approximate-count', { jql: where }, { readOnly: true });
    return result.count ?? 0;
  }
  const result = await ctx.http.get<{ total?: number }>('/rest/api/2/search', {
    query: { jql: where, maxResults: 0, fields: 'id' },
  });
  return result.total ?? 0;
}

/** Every key matching `jql` (for bulk commands), in the query's order. */
export async function matchingKeys(ctx: JiraContext, jql: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const issue of searchIssues(ctx, { jql, fields: ['summary'], limit: undefined })) keys.push(issue.key);
  return keys;
}

/**
 * Whether `err` is Jira Cloud refusing a query with no search restriction ("Unbounded JQL queries
 * are not allowed here..."), which `/search/jql` and `/search/approximate-count` do. Recognised by
 * the server's message, not by the deployment: Data Center allows unbounded queries and never says it.
 */
export function isUnboundedJqlError(err: unknown): err is AtlError {
  return err instanceof AtlError && err.status === 400 && /\bunbounded jql\b/i.test(err.message);
}

/** The usage error (exit 2) to show instead of the bare 400, with `hint` saying what to add. */
export function unboundedJqlError(cause: AtlError, hint: string): AtlError {
  return new AtlError('usage', 'Jira Cloud does not run a search with no restriction (unbounded JQL)', { hint, status: 400, cause });
}
