import { AtlError, usageError } from '../errors.js';
import { cached, type JiraContext } from './context.js';
import { offsetPaged } from './paging.js';
import type { JiraNamed } from './types.js';

/**
 * The site's resolutions and priorities, fetched once per run: Cloud pages the `/search`
 * endpoints (the plain lists are deprecated there), Data Center lists them whole.
 */
async function namedList(ctx: JiraContext, what: 'resolution' | 'priority'): Promise<JiraNamed[]> {
  return cached(ctx, `${what}s`, async () => {
    if (ctx.deployment === 'cloud') {
      const all: JiraNamed[] = [];
      for await (const item of offsetPaged<JiraNamed>(ctx.http, `/rest/api/3/${what}/search`, {
        itemsKey: 'values',
        limit: undefined,
        pageSize: 100,
      }))
        all.push(item);
      return all;
    }
    return ctx.http.get<JiraNamed[]>(`/rest/api/2/${what}`);
  });
}

export const listResolutions = (ctx: JiraContext): Promise<JiraNamed[]> => namedList(ctx, 'resolution');
export const listPriorities = (ctx: JiraContext): Promise<JiraNamed[]> => namedList(ctx, 'priority');

/**
 * The site's own spelling of a resolution or priority the user typed, matched by name
 * (case-insensitive) or id; a name the site does not have is a usage error listing the valid ones,
 * caught before anything changes (instead of Jira's bare 400 after it, once per issue in a bulk run).
 * When the list cannot be read (permissions, scopes, an older server), the name goes to Jira as
 * typed and Jira decides.
 */
export async function canonicalName(ctx: JiraContext, what: 'resolution' | 'priority', wanted: string): Promise<string> {
  const name = wanted.trim();
  if (name === '') throw usageError(`--${what} needs a name`);
  let known: JiraNamed[];
  try {
    known = await namedList(ctx, what);
  } catch {
    // The change itself will meet the same trouble (or not: a scoped token may write without
    // reading these lists) and report it; the lookup is only a convenience.
    return name;
  }
  const lower = name.toLowerCase();
  const found = known.find((item) => item.name?.toLowerCase() === lower) ?? known.find((item) => item.id === name);
  if (found?.name) return found.name;
  const valid = known.map((item) => item.name).filter((n): n is string => typeof n === 'string' && n !== '');
  if (valid.length === 0) return name;
  throw usageError(
    `unknown ${what} ${JSON.stringify(name)}`,
    `valid ${what === 'priority' ? 'priorities' : 'resolutions'}: ${valid.join(', ')}`,
  );
}

/** The issue types `project` can create (`issueTypes` on Cloud, `values` on Data Center). */
export async function creatableIssueTypes(ctx: JiraContext, project: string): Promise<JiraNamed[]> {
  const page = await ctx.http.get<{ issueTypes?: JiraNamed[]; values?: JiraNamed[] }>(
    `${ctx.api}/issue/createmeta/${encodeURIComponent(project)}/issuetypes`,
    { query: { maxResults: 100 } },
  );
  return page.issueTypes ?? page.values ?? [];
}

/**
 * Jira's 400 for a create whose issue type the project does not have, with a hint naming the
 * types it does have. Any other error, or a failed lookup, comes back unchanged.
 */
export async function explainIssueTypeError(ctx: JiraContext, project: string, err: unknown): Promise<unknown> {
  if (!(err instanceof AtlError) || err.status !== 400 || !/\bissuetype\b/i.test(err.message)) return err;
  try {
    const names = (await creatableIssueTypes(ctx, project))
      .map((t) => t.name)
      .filter((n): n is string => typeof n === 'string' && n !== '');
    if (names.length === 0) return err;
    return new AtlError(err.code, err.message, { status: 400, hint: `issue types in ${project}: ${names.join(', ')}`, cause: err });
  } catch {
    return err;
  }
}
