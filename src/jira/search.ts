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
  /** Issues per request (default 100). */
  pageSize?: number;
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
      ...(request.pageSize === undefined ? {} : { pageSize: request.pageSize }),
    });
  }
  return offsetPaged<JiraIssue>(ctx.http, '/rest/api/2/search', {
    itemsKey: 'issues',
    query: { jql: request.jql, fields: request.fields.join(',') },
    limit: request.limit,
    ...(request.pageSize === undefined ? {} : { pageSize: request.pageSize }),
  });
}

export interface IssueCount {
  count: number;
  /** True on Cloud: approximate-count is an estimate (recent changes may be missing from it). */
  approximate: boolean;
}

/** How many issues match. Cloud: the approximate-count endpoint; Data Center: a search's exact `total`. */
export async function countIssues(ctx: JiraContext, jql: string): Promise<IssueCount> {
  // Counting never needs the sort, and the count endpoint's docs show filters only.
  const { where } = splitOrderBy(jql);
  if (ctx.deployment === 'cloud') {
    const result = await ctx.http.post<{ count?: number }>('/rest/api/3/search/approximate-count', { jql: where }, { readOnly: true });
    return { count: result.count ?? 0, approximate: true };
  }
  const result = await ctx.http.get<{ total?: number }>('/rest/api/2/search', {
    query: { jql: where, maxResults: 0, fields: 'id' },
  });
  return { count: result.total ?? 0, approximate: false };
}

/**
 * Page sizes for key-only searches: Cloud's `/search/jql` hands out up to 5,000 issues a page when
 * only `id`/`key` are asked for (100 otherwise); Data Center caps any search at 1,000
 * (`jira.search.views.default.max`).
 */
export const KEY_PAGE_SIZE = { cloud: 5000, datacenter: 1000 } as const;

/** Every key matching `jql` (for bulk commands), in the query's order: only the key is fetched. */
export async function matchingKeys(ctx: JiraContext, jql: string): Promise<string[]> {
  const keys: string[] = [];
  const request = { jql, fields: ['key'], limit: undefined, pageSize: KEY_PAGE_SIZE[ctx.deployment] };
  for await (const issue of searchIssues(ctx, request)) keys.push(issue.key);
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

/**
 * The error to show for a search that failed with a 400, given the JQL the user typed and the JQL
 * atl sent (theirs with shortcut clauses and an ORDER BY added). Jira's message may be about text
 * the user never typed: `project = DEMO AND` sent as `project = DEMO AND ORDER BY updated DESC`
 * says "'ORDER' is a reserved JQL word". So the user's own JQL is sent alone (one issue, its key
 * only) and, when Jira refuses that too, its error is the one shown: about their text, at their
 * positions. When their JQL passes alone, the first error stands and the hint says what atl sent.
 */
export async function errorAgainstUsersJql(ctx: JiraContext, err: unknown, userJql: string | undefined, sentJql: string): Promise<unknown> {
  const own = userJql?.trim() ?? '';
  if (!(err instanceof AtlError) || err.status !== 400 || own === '' || own === sentJql.trim()) return err;
  try {
    for await (const _issue of searchIssues(ctx, { jql: own, fields: ['key'], limit: 1, pageSize: 1 })) break;
  } catch (alone) {
    // Refused alone for being unbounded says nothing about the text: atl's flags bounded it.
    if (alone instanceof AtlError && alone.status === 400 && !isUnboundedJqlError(alone)) return alone;
    return err;
  }
  return new AtlError(err.code, err.message, {
    hint: `your JQL alone is valid; atl sent it as: ${sentJql}`,
    status: err.status,
    exitCode: err.exitCode,
    cause: err,
  });
}
