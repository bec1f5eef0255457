import { AtlError, notFoundError, usageError } from '../errors.js';
import { cached, type JiraContext } from './context.js';
import type { JiraUser } from './types.js';
import { describeUser } from '../auth/describe-user.js';

export function myself(ctx: JiraContext): Promise<JiraUser> {
  return cached(ctx, 'myself', () => ctx.http.get<JiraUser>(`${ctx.api}/myself`));
}

/** Cloud account ids: legacy 24-hex, `557058:uuid`, `qm:…`/`ug:…` forms. */
const accountIdPattern = /^([0-9a-z]{24}|\d+:[0-9a-f-]{36}|[a-z]+:[0-9a-f-]{8,})$/i;

/** A candidate as the "be more specific" hint names it: with the id, which tells namesakes apart. */
function describe(user: JiraUser): string {
  const person = {
    displayName: user.displayName ?? null,
    email: user.emailAddress ?? null,
    accountId: user.accountId ?? user.name ?? null,
  };
  return describeUser(person, { withId: true });
}

/**
 * Where an assignee is being looked for: the issue (single assign/edit) or its project (create,
 * and bulk changes, one lookup per project). Jira's `user/assignable/search` then finds only
 * people who can actually be assigned there.
 */
export type AssignableScope = { project: string; issueKey?: undefined } | { issueKey: string; project?: undefined };

/** The project key of an issue key (`ABC-123` → `ABC`): bulk lookups go per project. */
export function projectOfKey(key: string): string {
  return key.replace(/-\d+$/, '');
}

/**
 * An assignee for bulk changes over issues of several projects: looked up once per project among
 * who can be assigned there. `prepare` does every lookup up front, so an unknown person stops the
 * run before anything changes; `forKey` then answers from the cache.
 */
export function assigneePerProject(
  ctx: JiraContext,
  who: string,
): { forKey(key: string): Promise<Record<string, string | null>>; prepare(keys: readonly string[]): Promise<void> } {
  const forKey = (key: string) => userRef(ctx, who, { project: projectOfKey(key) });
  return {
    forKey,
    async prepare(keys) {
      await Promise.all([...new Set(keys.map(projectOfKey))].map((project) => userRef(ctx, who, { project })));
    },
  };
}

/** Whether `who` means "nobody" (unassign / clear the field). */
export function meansNobody(who: string): boolean {
  const value = who.trim();
  return value === '' || value.toLowerCase() === 'none';
}

/**
 * A user reference as Jira wants it in `assignee`/`reporter` and user fields: `{accountId}` on
 * Cloud, `{name}` on Data Center. `me` is the caller, `none` unassigns (null), an email or name is
 * looked up (among the people assignable in `assignable` when given); Cloud account ids pass
 * through untouched.
 */
export async function userRef(ctx: JiraContext, who: string, assignable?: AssignableScope): Promise<Record<string, string | null>> {
  const value = who.trim();
  const key = ctx.deployment === 'cloud' ? 'accountId' : 'name';
  if (meansNobody(value)) return { [key]: null };
  if (value.toLowerCase() === 'me') {
    const me = await myself(ctx);
    const id = ctx.deployment === 'cloud' ? me.accountId : me.name;
    if (!id) throw new AtlError('failure', `the server did not say who you are (no ${key} in /myself)`);
    return { [key]: id };
  }
  if (ctx.deployment === 'cloud' && accountIdPattern.test(value)) return { accountId: value };
  const user = await findUser(ctx, value, assignable);
  return { [key]: (ctx.deployment === 'cloud' ? user.accountId : user.name) ?? null };
}

/** `user/search`, or `user/assignable/search` in a project or issue: Cloud's `query`, DC's `username`. */
function searchUsers(ctx: JiraContext, query: string, assignable: AssignableScope | undefined): Promise<JiraUser[]> {
  const path = `${ctx.api}/user${assignable ? '/assignable' : ''}/search`;
  const where = assignable ? (assignable.issueKey !== undefined ? { issueKey: assignable.issueKey } : { project: assignable.project }) : {};
  const text = ctx.deployment === 'cloud' ? { query } : { username: query };
  return ctx.http.get<JiraUser[]>(path, { query: { ...text, ...where, maxResults: 20 } });
}

/** People who can be assigned issues in `project` (the first 20 Jira lists), for a pick-list. */
export function assignableUsers(ctx: JiraContext, project: string): Promise<JiraUser[]> {
  return searchUsers(ctx, '', { project });
}

/**
 * Looks a user up by email, user name or display name; exactly one must match. An exact match on
 * email, name, account id or display name wins; otherwise what Jira found counts. That is how a
 * person whose profile hides the email is still found by it: Cloud matches the query against the
 * hidden address but leaves `emailAddress` out of the answer.
 */
export async function findUser(ctx: JiraContext, query: string, assignable?: AssignableScope): Promise<JiraUser> {
  const where = assignable ? (assignable.issueKey ?? assignable.project) : '';
  return cached(ctx, `user:${where}:${query.toLowerCase()}`, async () => {
    const users = await searchUsers(ctx, query, assignable);
    const q = query.toLowerCase();
    const exact = users.filter(
      (u) =>
        u.emailAddress?.toLowerCase() === q || u.name?.toLowerCase() === q || u.accountId === query || u.displayName?.toLowerCase() === q,
    );
    const candidates = exact.length > 0 ? exact : users;
    if (candidates.length === 1) return candidates[0]!;
    if (candidates.length === 0) {
      if (!assignable)
        throw notFoundError(`no Jira user matches ${JSON.stringify(query)}`, 'give an email address, a user name or an account id');
      throw notFoundError(
        `no Jira user who can be assigned in ${where} matches ${JSON.stringify(query)}`,
        'give an email address, a user name or an account id of someone with the Assignable User permission there',
      );
    }
    throw usageError(
      `${candidates.length} Jira users match ${JSON.stringify(query)}`,
      `be more specific; matches: ${candidates.slice(0, 5).map(describe).join('; ')}`,
    );
  });
}
