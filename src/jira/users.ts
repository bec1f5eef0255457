import { AtlError, notFoundError, usageError } from '../errors.js';
import { cached, type JiraContext } from './context.js';
import type { JiraUser } from './types.js';

export function myself(ctx: JiraContext): Promise<JiraUser> {
  return cached(ctx, 'myself', () => ctx.http.get<JiraUser>(`${ctx.api}/myself`));
}

/** Cloud account ids: legacy 24-hex, `557058:uuid`, `qm:…`/`ug:…` forms. */
const accountIdPattern = /^([0-9a-z]{24}|\d+:[0-9a-f-]{36}|[a-z]+:[0-9a-f-]{8,})$/i;

function describe(user: JiraUser): string {
  const id = user.accountId ?? user.name ?? '';
  return user.emailAddress ? `${user.displayName ?? id} <${user.emailAddress}> (${id})` : `${user.displayName ?? id} (${id})`;
}

/**
 * A user reference as Jira wants it in `assignee`/`reporter` and user fields: `{accountId}` on
 * Cloud, `{name}` on Data Center. `me` is the caller, `none` unassigns (null), an email or name is
 * looked up; Cloud account ids pass through untouched.
 */
export async function userRef(ctx: JiraContext, who: string): Promise<Record<string, string | null>> {
  const value = who.trim();
  const key = ctx.deployment === 'cloud' ? 'accountId' : 'name';
  if (value.toLowerCase() === 'none' || value === '') return { [key]: null };
  if (value.toLowerCase() === 'me') {
    const me = await myself(ctx);
    const id = ctx.deployment === 'cloud' ? me.accountId : me.name;
    if (!id) throw new AtlError('failure', 'the server did not say who you are (no ' + key + ' in /myself)');
    return { [key]: id };
  }
  if (ctx.deployment === 'cloud' && accountIdPattern.test(value)) return { accountId: value };
  const user = await findUser(ctx, value);
  return { [key]: (ctx.deployment === 'cloud' ? user.accountId : user.name) ?? null };
}

/** Looks a user up by email, user name or display name; exactly one must match. */
export async function findUser(ctx: JiraContext, query: string): Promise<JiraUser> {
  return cached(ctx, `user:${query.toLowerCase()}`, async () => {
    const users =
      ctx.deployment === 'cloud'
        ? await ctx.http.get<JiraUser[]>('/rest/api/3/user/search', { query: { query, maxResults: 20 } })
        : await ctx.http.get<JiraUser[]>('/rest/api/2/user/search', { query: { username: query, maxResults: 20 } });
    const q = query.toLowerCase();
    const exact = users.filter(
      (u) =>
        u.emailAddress?.toLowerCase() === q ||
        u.name?.toLowerCase() === q ||
        u.accountId === query ||
        u.displayName?.toLowerCase() === q,
    );
    const candidates = exact.length > 0 ? exact : users;
    if (candidates.length === 1) return candidates[0]!;
    if (candidates.length === 0) throw notFoundError(`no Jira user matches ${JSON.stringify(query)}`, 'give an email address, a user name or an account id');
    throw usageError(
      `${candidates.length} Jira users match ${JSON.stringify(query)}`,
      `be more specific; matches: ${candidates.slice(0, 5).map(describe).join('; ')}`,
    );
  });
}
