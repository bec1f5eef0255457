import { type BitbucketContext, bitbucketContext } from '../../../bitbucket/context.js';
import { currentBranch } from '../../../bitbucket/git.js';
import { getPullRequest, parsePrId, type PullRequest, pullRequestOfBranch } from '../../../bitbucket/prs.js';
import { type RepoRef, resolveRepo } from '../../../bitbucket/repo-target.js';
import { usageError } from '../../../errors.js';
import type { Factory } from '../../../factory.js';

export interface PrTarget {
  ctx: BitbucketContext;
  ref: RepoRef;
  pr: PullRequest;
}

/** The repository and pull request a command names: ID given, else the open PR of the current branch. */
export async function prTarget(
  f: Factory,
  id: string | undefined,
  flags: { repo?: string | undefined; workspace?: string | undefined },
): Promise<PrTarget> {
  if (id !== undefined) parsePrId(id);
  const ctx = await bitbucketContext(f);
  const ref = await resolveRepo(ctx, flags);
  if (id !== undefined) return { ctx, ref, pr: await getPullRequest(ctx, ref, parsePrId(id)) };
  const branch = await currentBranch();
  if (branch === null) throw usageError('which pull request? no ID given and no branch is checked out', 'give the pull request ID');
  const found = await pullRequestOfBranch(ctx, ref, branch);
  // The list leaves fields out (Cloud: participants unless asked); the PR itself has them all.
  return { ctx, ref, pr: await getPullRequest(ctx, ref, found.id) };
}
