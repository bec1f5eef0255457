/** Branches (design note §4 "Branches"): Cloud `…/refs/branches`, DC `…/branches` and the branch-utils plugin. */
import { usageError } from '../errors.js';
import type { Paged } from '../http/paginate.js';
import { dcRest, listOf, repoPath } from './api.js';
import type { BitbucketContext } from './context.js';
import type { PlannedWrite } from './prs.js';
import type { RepoRef } from './repo-target.js';

const enc = encodeURIComponent;

export interface CloudBranch {
  name: string;
  target?: { hash?: string; date?: string; message?: string; author?: { raw?: string } };
  links?: { html?: { href: string } };
}

export interface DcBranch {
  id: string;
  displayId: string;
  latestCommit?: string;
  isDefault?: boolean;
}

export type Branch = CloudBranch | DcBranch;

export const branchName = (branch: Branch): string => ('displayId' in branch ? branch.displayId : branch.name);
export const branchCommit = (branch: Branch): string => ('displayId' in branch ? (branch.latestCommit ?? '') : (branch.target?.hash ?? ''));

export function listBranches(ctx: BitbucketContext, ref: RepoRef, limit: number | undefined, filter?: string): Paged<Branch> {
  if (ctx.deployment === 'cloud')
    return listOf<Branch>(
      ctx,
      `${repoPath(ctx, ref)}/refs/branches`,
      { sort: 'name', q: filter === undefined ? undefined : `name ~ "${filter.replace(/["\\]/g, '\\$&')}"` },
      { limit },
    );
  return listOf<Branch>(ctx, `${repoPath(ctx, ref)}/branches`, { orderBy: 'ALPHABETICAL', filterText: filter }, { limit });
}

/** A branch by exact name; null when there is none. */
export async function findBranch(ctx: BitbucketContext, ref: RepoRef, name: string): Promise<Branch | null> {
  const candidates = await listBranches(ctx, ref, undefined, name).toArray();
  return candidates.find((b) => branchName(b) === name) ?? null;
}

/**
 * The full commit hash `--from` names on Cloud: a branch, a tag or a commit (Cloud refuses short or
 * ambiguous prefixes when creating a branch, so it is resolved first).
 */
export async function resolveCommit(ctx: BitbucketContext, ref: RepoRef, from: string): Promise<string> {
  const commit = await ctx.http.get<{ hash?: string }>(`${repoPath(ctx, ref)}/commit/${enc(from)}`);
  if (!commit.hash) throw usageError(`no commit ${JSON.stringify(from)} in ${ref.owner}/${ref.slug}`);
  return commit.hash;
}

export function createBranchWrite(ctx: BitbucketContext, ref: RepoRef, name: string, commit: string): PlannedWrite {
  if (ctx.deployment === 'cloud')
    return { method: 'POST', path: `${repoPath(ctx, ref)}/refs/branches`, body: { name, target: { hash: commit } } };
  return { method: 'POST', path: `${repoPath(ctx, ref)}/branches`, body: { name, startPoint: commit } };
}

/** Cloud `DELETE …/refs/branches/{name}`; DC branch-utils with `endPoint` (refuses a branch that moved) and `dryRun`. */
export function deleteBranchWrite(ctx: BitbucketContext, ref: RepoRef, name: string, endPoint: string, dryRun: boolean): PlannedWrite {
  if (ctx.deployment === 'cloud') return { method: 'DELETE', path: `${repoPath(ctx, ref)}/refs/branches/${enc(name)}` };
  const body: Record<string, unknown> = { name: `refs/heads/${name}`, dryRun };
  if (endPoint !== '') body.endPoint = endPoint;
  return { method: 'DELETE', path: dcRest('branch-utils', `/projects/${enc(ref.owner)}/repos/${enc(ref.slug)}/branches`), body };
}
