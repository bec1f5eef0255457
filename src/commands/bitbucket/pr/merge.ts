import { deleteBranchWrite } from '../../../bitbucket/branches.js';
import type { BitbucketContext } from '../../../bitbucket/context.js';
import {
  buildStatuses,
  cloudConflicts,
  dcMergeCheck,
  failedBuilds,
  merge,
  mergeWrite,
  type PrSummary,
  type PullRequest,
  send,
  summarize,
} from '../../../bitbucket/prs.js';
import type { RepoRef } from '../../../bitbucket/repo-target.js';
import { printJson } from '../../../cmdutil/json.js';
import { AtlError } from '../../../errors.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { dryRunFlag, repoFlags } from '../_shared/flags.js';
import { printDryRun } from '../_shared/output.js';
import { prTarget } from '../_shared/pr.js';

/** What stands in the way: atl's own checks (which --force overrides) and the server's vetoes (which it cannot). */
interface Blockers {
  ours: string[];
  server: string[];
}

async function blockers(ctx: BitbucketContext, ref: RepoRef, s: PrSummary): Promise<Blockers> {
  const ours: string[] = [];
  const server: string[] = [];
  if (s.state !== 'OPEN' && s.state !== 'DRAFT')
    throw new AtlError('failure', `pull request #${s.id} is ${s.state.toLowerCase()}, not open`);
  if (s.draft) ours.push('it is a draft');
  const failed = failedBuilds(await buildStatuses(ctx, ref, s));
  if (failed.length > 0)
    ours.push(`build${failed.length === 1 ? '' : 's'} failed: ${failed.map((b) => `${b.name ?? b.key} (${b.state})`).join(', ')}`);
  if (ctx.deployment === 'cloud') {
    const conflicts = await cloudConflicts(ctx, ref, s.id);
    if (conflicts.length > 0) ours.push(`conflicts in ${conflicts.join(', ')}`);
    const refusing = s.reviewers.filter((r) => r.state === 'changes requested').map((r) => r.name);
    if (refusing.length > 0) ours.push(`changes requested by ${refusing.join(', ')}`);
  } else {
    const check = await dcMergeCheck(ctx, ref, s.id);
    if (check.conflicted || check.outcome === 'CONFLICTED') ours.push('the merge has conflicts');
    for (const veto of check.vetoes ?? []) server.push([veto.summaryMessage, veto.detailedMessage].filter(Boolean).join(': '));
  }
  return { ours, server };
}

export default defineCommand({
  path: ['bitbucket', 'pr', 'merge'],
  summary: 'Merge a pull request, unless its builds failed or it has conflicts',
  description:
    'Refuses, naming them, when a build failed or stopped, the merge has conflicts, the pull request is a draft, or (Cloud) a ' +
    'reviewer requested changes; --force merges anyway, but Data Center merge checks ("vetoes") still stand. Strategies: ' +
    "merge, squash, fast-forward, or the server's own ids (merge_commit, squash_fast_forward…; no-ff, ff-only, rebase-no-ff…).",
  json: 'value',
  arguments: '[id]',
  examples: [
    'atl bb pr merge 1 --repo acme/website',
    'atl bb pr merge 1 --strategy squash --message "Fix the footer (#1)" --close-source-branch --repo acme/website',
    'atl bb pr merge 1 --dry-run --repo acme/website',
  ],
  options: (command) =>
    dryRunFlag(
      repoFlags(
        command
          .option('--strategy <strategy>', "merge, squash or fast-forward (default: the repository's)")
          .option('--message <text>', 'the merge commit message')
          .option('--close-source-branch', 'delete the source branch after merging')
          .option('--force', 'merge even when builds failed, there are conflicts or changes were requested'),
      ),
    ),
  async run(f, args, options) {
    const { ctx, ref, pr } = await prTarget(f, args[0], options);
    const s = summarize(ctx, pr);
    const write = mergeWrite(ctx, ref, pr, {
      strategy: options.strategy,
      message: options.message,
      closeSourceBranch: options.closeSourceBranch,
    });
    const found = await blockers(ctx, ref, s);
    if (found.server.length > 0)
      throw new AtlError('failure', `Bitbucket will not merge #${s.id}: ${found.server.join('; ')}`, {
        hint: "these are the repository's merge checks; --force cannot override them",
      });
    if (found.ours.length > 0 && !options.force)
      throw new AtlError('failure', `not merging #${s.id}: ${found.ours.join('; ')}`, {
        hint: 'fix that first, or merge anyway with --force',
      });
    for (const reason of found.ours) f.io.stderr.write(`${sanitizeText(`merging despite: ${reason} (--force)`)}\n`);
    const deleteSource =
      ctx.deployment === 'datacenter' && options.closeSourceBranch ? deleteBranchWrite(ctx, ref, s.source, s.sourceCommit, false) : null;
    if (options.dryRun) return printDryRun(f, deleteSource ? [write, deleteSource] : [write]);
    const merged = await merge(ctx, ref, write, (ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    // Data Center has no "close source branch" on the merge: the branch is deleted after it.
    if (deleteSource) await send<unknown>(ctx, ref, deleteSource);
    if (f.globals.json) return printJson(f.io, merged);
    const after = summarize(ctx, merged as PullRequest);
    f.io.stdout.write(
      `${sanitizeText(`merged #${s.id} ${s.title} into ${after.destination || s.destination}`)}${deleteSource ? `\ndeleted branch ${sanitizeText(s.source)}` : ''}\n`,
    );
  },
});
