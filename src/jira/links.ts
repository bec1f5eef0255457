import { AtlError, usageError } from '../errors.js';
import { cached, type JiraContext } from './context.js';
import { getIssue, onIssue } from './issues.js';

/** A link type as `GET issueLinkType` lists it: "A <outward> B", "B <inward> A". */
export interface IssueLinkType {
  id: string;
  name: string;
  inward: string;
  outward: string;
  [extra: string]: unknown;
}

interface LinkedIssue {
  id?: string;
  key?: string;
  fields?: { summary?: string; status?: { name?: string } };
}

/** One entry of an issue's `issuelinks`: the other end under `outwardIssue` ("this <outward> it") or `inwardIssue`. */
export interface IssueLink {
  id: string;
  type: IssueLinkType;
  inwardIssue?: LinkedIssue;
  outwardIssue?: LinkedIssue;
  [extra: string]: unknown;
}

/** A link to a web page (a remote link), as `GET issue/{key}/remotelink` lists it. */
export interface RemoteLink {
  id: number;
  self?: string;
  object: { url: string; title: string; [extra: string]: unknown };
  [extra: string]: unknown;
}

export function listLinkTypes(ctx: JiraContext): Promise<IssueLinkType[]> {
  return cached(ctx, 'issueLinkTypes', async () => {
    const answer = await ctx.http.get<{ issueLinkTypes?: IssueLinkType[] }>(`${ctx.api}/issueLinkType`);
    return answer.issueLinkTypes ?? [];
  });
}

/** A link type the way a person reads it: `Blocks (blocks / is blocked by)`. */
export function describeLinkType(type: IssueLinkType): string {
  return type.inward === type.outward ? `${type.name} (${type.outward})` : `${type.name} (${type.outward} / ${type.inward})`;
}

/**
 * The link type `wanted` names, any case: its name or its outward wording ("KEY blocks OTHER",
 * `reversed` false), or its inward wording ("KEY is blocked by OTHER", `reversed` true). A name
 * that matches none is a usage error listing the site's types.
 */
export function matchLinkType(types: readonly IssueLinkType[], wanted: string): { type: IssueLinkType; reversed: boolean } {
  const w = wanted.trim().toLowerCase();
  const byName = types.find((t) => t.name.toLowerCase() === w) ?? types.find((t) => t.outward.toLowerCase() === w);
  if (byName) return { type: byName, reversed: false };
  const byInward = types.find((t) => t.inward.toLowerCase() === w);
  if (byInward) return { type: byInward, reversed: true };
  throw usageError(
    `no issue link type matches ${JSON.stringify(wanted)}`,
    `valid link types: ${types.length > 0 ? types.map(describeLinkType).join(', ') : 'none on this site'}`,
  );
}

/** Makes "source <type's outward wording> destination". Jira's request names the source `inwardIssue`. */
export async function linkIssues(ctx: JiraContext, type: IssueLinkType, source: string, destination: string): Promise<void> {
  try {
    await ctx.http.post(`${ctx.api}/issueLink`, {
      type: { name: type.name },
      inwardIssue: { key: source },
      outwardIssue: { key: destination },
    });
  } catch (err) {
    if (err instanceof AtlError && err.status === 404) {
      throw new AtlError('not_found', `issue ${source} or ${destination} not found`, {
        status: 404,
        hint: 'check both keys, and that your account can see both issues',
        cause: err,
      });
    }
    throw err;
  }
}

/** The issue's links to other issues (its `issuelinks` field). */
export async function issueLinksOf(ctx: JiraContext, key: string): Promise<IssueLink[]> {
  const issue = await getIssue(ctx, key, ['issuelinks']);
  return (issue.fields?.issuelinks as IssueLink[] | undefined) ?? [];
}

export async function deleteIssueLink(ctx: JiraContext, id: string): Promise<void> {
  await ctx.http.delete(`${ctx.api}/issueLink/${encodeURIComponent(id)}`);
}

const remotePath = (ctx: JiraContext, key: string) => `${ctx.api}/issue/${encodeURIComponent(key)}/remotelink`;

export function addRemoteLink(ctx: JiraContext, key: string, url: string, title: string): Promise<{ id: number; self?: string }> {
  return onIssue(key, () => ctx.http.post<{ id: number; self?: string }>(remotePath(ctx, key), { object: { url, title } }));
}

export function remoteLinksOf(ctx: JiraContext, key: string): Promise<RemoteLink[]> {
  return onIssue(key, () => ctx.http.get<RemoteLink[]>(remotePath(ctx, key)));
}

export async function deleteRemoteLink(ctx: JiraContext, key: string, id: number): Promise<void> {
  await onIssue(key, () => ctx.http.delete(`${remotePath(ctx, key)}/${id}`));
}

/** Whether the other end of a `link` is a web address (a remote link) rather than an issue key. */
export function isWebAddress(text: string): boolean {
  return /^https?:\/\/\S+$/i.test(text.trim());
}
