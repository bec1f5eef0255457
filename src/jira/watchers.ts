import { AtlError } from '../errors.js';
import type { JiraContext } from './context.js';
import { onIssue } from './issues.js';
import { myself } from './users.js';

const issuePath = (ctx: JiraContext, key: string, rest: string) => `${ctx.api}/issue/${encodeURIComponent(key)}${rest}`;

/** The caller as watchers name people: the account id on Cloud, the user name on Data Center. */
async function me(ctx: JiraContext): Promise<string> {
  const user = await myself(ctx);
  const id = ctx.deployment === 'cloud' ? user.accountId : user.name;
  if (!id)
    throw new AtlError('failure', `Jira did not say who you are (no ${ctx.deployment === 'cloud' ? 'accountId' : 'name'} in /myself)`);
  return id;
}

/** Adds the caller as a watcher. Jira takes the person as a bare JSON string in the body. */
export async function watchIssue(ctx: JiraContext, key: string): Promise<void> {
  const who = await me(ctx);
  await onIssue(key, () =>
    ctx.http.post(issuePath(ctx, key, '/watchers'), JSON.stringify(who), { headers: { 'content-type': 'application/json' } }),
  );
}

export async function unwatchIssue(ctx: JiraContext, key: string): Promise<void> {
  const who = await me(ctx);
  const query = ctx.deployment === 'cloud' ? { accountId: who } : { username: who };
  await onIssue(key, () => ctx.http.delete(issuePath(ctx, key, '/watchers'), { query }));
}

/**
 * Adds (or with `remove`, takes back) the caller's vote. Jira answers 404 not only for a missing
 * issue but also when voting is off or the caller reported the issue, so the hint names all three.
 */
export async function voteIssue(ctx: JiraContext, key: string, remove = false): Promise<void> {
  try {
    await (remove ? ctx.http.delete(issuePath(ctx, key, '/votes')) : ctx.http.post(issuePath(ctx, key, '/votes')));
  } catch (err) {
    if (err instanceof AtlError && err.status === 404) {
      throw new AtlError('not_found', `cannot ${remove ? 'remove a vote from' : 'vote for'} ${key}: ${err.message}`, {
        status: 404,
        hint: 'the issue may not exist or be hidden from you, voting may be turned off on the site, or you reported it (Jira does not let the reporter vote)',
        cause: err,
      });
    }
    throw err;
  }
}
