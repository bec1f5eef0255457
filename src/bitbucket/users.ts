import { AtlError } from '../errors.js';
import { type BitbucketContext, cached } from './context.js';
import type { CloudUser, DcUser } from './types.js';

/** Who the run acts as, for `whoami`: the account, or for a Cloud access token (no user behind it) its workspaces. */
export interface Identity {
  deployment: 'cloud' | 'datacenter';
  /** `api-token` (Cloud, Basic with the Atlassian email), `access-token` (Bearer), `token` (DC PAT or HTTP access token). */
  tokenKind: 'api-token' | 'access-token' | 'token';
  /** The user object as the API returned it; null for a Cloud access token. */
  user: CloudUser | DcUser | null;
  /** Cloud access token: the workspaces it reaches. */
  workspaces: string[];
}

interface WorkspaceAccess {
  workspace?: { slug?: string };
}

/** DC has no `/myself`: every authenticated answer names the user in `X-AUSERNAME` (cheapest on application-properties). */
export function dcUsername(ctx: BitbucketContext): Promise<string> {
  return cached(ctx, 'dc-username', async () => {
    const response = await ctx.http.request(`${ctx.api}/application-properties`);
    const name = response.headers.get('x-ausername');
    if (!name) throw new AtlError('auth', 'Bitbucket did not say who this token belongs to (no X-AUSERNAME header)');
    return name;
  });
}

/** A DC user by name (URL slugs may differ from names, so looked up by filter). */
export async function dcUser(ctx: BitbucketContext, name: string): Promise<DcUser> {
  const page = await ctx.http.get<{ values?: DcUser[] }>(`${ctx.api}/users`, { query: { filter: name, limit: 100 } });
  const found = (page.values ?? []).find((u) => u.name === name || u.slug === name || u.emailAddress === name);
  if (!found) throw new AtlError('not_found', `no Bitbucket user ${JSON.stringify(name)}`);
  return found;
}

/** The Cloud account behind the token (needs read:user:bitbucket). */
export function cloudMe(ctx: BitbucketContext): Promise<CloudUser> {
  return cached(ctx, 'cloud-me', () => ctx.http.get<CloudUser>('/user'));
}

export async function whoami(ctx: BitbucketContext): Promise<Identity> {
  if (ctx.deployment === 'datacenter') {
    const name = await dcUsername(ctx);
    return { deployment: 'datacenter', tokenKind: 'token', user: await dcUser(ctx, name), workspaces: [] };
  }
  if (ctx.authType === 'basic') return { deployment: 'cloud', tokenKind: 'api-token', user: await cloudMe(ctx), workspaces: [] };
  // An access token acts as its own bot: /2.0/user refuses it, its workspaces say where it belongs.
  const page = await ctx.http.get<{ values?: WorkspaceAccess[] }>('/user/workspaces', { query: { pagelen: 100 } });
  const workspaces = (page.values ?? []).map((w) => w.workspace?.slug ?? '').filter((slug) => slug !== '');
  return { deployment: 'cloud', tokenKind: 'access-token', user: null, workspaces };
}

/** A Cloud user's display name, for tables. */
export const cloudName = (user: CloudUser | undefined): string => user?.display_name ?? user?.nickname ?? user?.username ?? '';
export const dcName = (user: DcUser | undefined): string => user?.displayName ?? user?.name ?? '';

/**
 * The workspace to use when none is given and the login has none: the only one the token can reach
 * (`/2.0/user/workspaces`; an access token belongs to exactly one). Null when there are several.
 */
export async function soleWorkspace(ctx: BitbucketContext): Promise<string | null> {
  const page = await ctx.http.get<{ values?: WorkspaceAccess[] }>('/user/workspaces', { query: { pagelen: 2 } });
  const slugs = (page.values ?? []).map((w) => w.workspace?.slug ?? '').filter((slug) => slug !== '');
  return slugs.length === 1 ? slugs[0]! : null;
}
