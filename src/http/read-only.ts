/**
 * Read-only runs (`--read-only`, `ATL_READ_ONLY=1`, `readOnly: true` on a profile): every request
 * that could change something is refused before it is sent. The HTTP client (./client.ts) asks
 * `mayChange` for each request, so every product and `atl api` are covered by this one rule.
 *
 * A request may change something unless its method only reads (GET, HEAD, OPTIONS) or it is one
 * of the POSTs below, which carry a query too big for a URL and change nothing. The list is kept
 * short and explicit: a POST that is not on it is refused, even if it only reads, since a
 * read-only run that lets one write through is worse than one that refuses a harmless read.
 */
import { AtlError } from '../errors.js';

/** Methods that never change anything on the server. */
const READING_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Why a run is read-only, and what it is, for the refusal. */
export interface ReadOnlyRun {
  /**
   * Why this run is read-only (`--read-only`, `ATL_READ_ONLY=1`, `profile "work" has readOnly: true`),
   * or null when it is not. Asked only when a request may change something, so reads pay nothing.
   */
  reason(): Promise<string | null>;
  /** The command the run is (`atl jira issue create`). */
  command(): string;
  /** The product the client speaks to (`Jira`, `Confluence`...), or undefined when the client serves none in particular. */
  product?: string;
}

/**
 * The POSTs a read-only run still sends, each matched against the path relative to the client's
 * base URL (so the same entry holds on a site, under a Data Center context path and through the
 * gateway). Every entry is a documented read.
 */
export const READ_ONLY_POSTS: ReadonlyArray<{ path: RegExp; why: string }> = [
  // Jira Cloud's enhanced JQL search and its count: the query goes in the body (can be long).
  { path: /^\/rest\/api\/3\/search\/jql$/, why: 'Jira Cloud JQL search' },
  { path: /^\/rest\/api\/3\/search\/approximate-count$/, why: 'Jira Cloud approximate issue count for a JQL' },
  // Jira Data Center's (and Cloud's older) search by POST: the same search as GET /search.
  { path: /^\/rest\/api\/(?:2|3|latest)\/search$/, why: 'Jira JQL search (Data Center, older Cloud)' },
  // Parses or sanitises JQL; returns the structure, changes nothing.
  { path: /^\/rest\/api\/(?:2|3|latest)\/jql\/(?:parse|sanitize)$/, why: 'Jira JQL parse and sanitise' },
  // Jira expressions are evaluated read-only by design.
  { path: /^\/rest\/api\/3\/expression\/(?:eval|evaluate|analyse)$/, why: 'Jira expression evaluation' },
  // Bulk reads by id lists.
  { path: /^\/rest\/api\/3\/(?:issue|changelog)\/bulkfetch$/, why: 'Jira bulk fetch of issues or changelogs' },
  { path: /^\/rest\/api\/(?:2|3|latest)\/(?:comment|worklog)\/list$/, why: 'Jira comments or worklogs by id' },
  { path: /^\/rest\/api\/3\/permissions\/check$/, why: 'Jira bulk permission check' },
  // Confluence: CQL search is a GET everywhere; converting a body between formats stores nothing.
  { path: /^\/rest\/api\/contentbody\/convert\/[^/]+$/, why: 'Confluence body conversion' },
  // Service Management has no read-only POST; Bitbucket Cloud neither. Bitbucket Data Center renders Markdown by POST.
  { path: /^\/rest\/api\/(?:1\.0|latest)\/markup\/preview$/, why: 'Bitbucket Data Center Markdown preview' },
];

/** Whether a request may change something: what a read-only run refuses. `path` is relative to the client's base URL. */
export function mayChange(method: string, path: string): boolean {
  const upper = method.toUpperCase();
  if (READING_METHODS.has(upper)) return false;
  if (upper !== 'POST') return true;
  return !READ_ONLY_POSTS.some((entry) => entry.path.test(path));
}

/** `url`'s path relative to `baseUrl`'s (`/ex/jira/{id}/rest/api/3/issue` → `/rest/api/3/issue`). */
export function pathUnderBase(url: URL, baseUrl: string): string {
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  if (url.origin !== base.origin || basePath === '') return url.pathname;
  return url.pathname.startsWith(`${basePath}/`) ? url.pathname.slice(basePath.length) : url.pathname;
}

/** The path as Atlassian's documentation writes it: the gateway's `/ex/<product>/<cloudId>` left out. */
export function shownPath(url: URL): string {
  return url.pathname.replace(/^\/ex\/[^/]+\/[^/]+(?=\/)/, '');
}

/** How to leave read-only mode, from the reason given. */
function leaveHint(reason: string): string {
  if (reason === '--read-only') return 'leave out --read-only to make changes';
  if (reason.startsWith('ATL_READ_ONLY')) return 'unset ATL_READ_ONLY to make changes';
  return 'remove readOnly: true from that profile in config.yaml, or use another profile, to make changes';
}

/**
 * A change refused because the run is read-only. Its own class so that code carrying on past one
 * item's failure (bulk changes) stops instead: every other item would be refused the same way.
 */
export class ReadOnlyRefusal extends AtlError {}

/** The refusal: exit 2, naming the command, what it would change and why the run is read-only. */
export function readOnlyRefusal(run: Pick<ReadOnlyRun, 'command' | 'product'>, reason: string, method: string, url: URL): ReadOnlyRefusal {
  const what = run.product ?? 'the site';
  return new ReadOnlyRefusal(
    'usage',
    `${run.command()} would change ${what} (${method.toUpperCase()} ${shownPath(url)}), and this run is read-only (${reason})`,
    { hint: leaveHint(reason) },
  );
}
