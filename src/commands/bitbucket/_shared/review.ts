import { type Review, reviewWrite, send } from '../../../bitbucket/prs.js';
import { printJson } from '../../../cmdutil/json.js';
import { defineCommand } from '../../spec.js';
import { dryRunFlag, repoFlags } from './flags.js';
import { printDryRun } from './output.js';
import { prTarget } from './pr.js';

const DONE: Record<Review, string> = {
  approve: 'approved',
  unapprove: 'removed your approval of',
  'request-changes': 'requested changes on',
};
const SUMMARY: Record<Review, string> = {
  approve: 'Approve a pull request',
  unapprove: 'Take back your approval of a pull request',
  'request-changes': 'Request changes on a pull request (Data Center: "needs work")',
};

/** `pr approve|unapprove|request-changes`: one command per review state, the same shape. */
export function reviewCommand(review: Review) {
  return defineCommand({
    path: ['bitbucket', 'pr', review],
    summary: SUMMARY[review],
    json: 'value',
    arguments: '[id]',
    examples: [`atl bb pr ${review} 1 --repo acme/website`, `atl bb pr ${review} --dry-run`],
    options: (command) => dryRunFlag(repoFlags(command)),
    async run(f, args, options) {
      const { ctx, ref, pr } = await prTarget(f, args[0], options);
      const write = await reviewWrite(ctx, ref, pr.id, review);
      if (options.dryRun) return printDryRun(f, [write]);
      const answer = await send<unknown>(ctx, ref, write);
      if (f.globals.json) return printJson(f.io, answer ?? { id: pr.id, review });
      f.io.stdout.write(`${DONE[review]} #${pr.id}\n`);
    },
  });
}
