import { createBranchWrite, resolveCommit } from '../../../bitbucket/branches.js';
import { bitbucketContext } from '../../../bitbucket/context.js';
import { defaultBranch, send } from '../../../bitbucket/prs.js';
import { resolveRepo } from '../../../bitbucket/repo-target.js';
import { printJson } from '../../../cmdutil/json.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { dryRunFlag, repoFlags } from '../_shared/flags.js';
import { printDryRun } from '../_shared/output.js';

export default defineCommand({
  path: ['bitbucket', 'branch', 'create'],
  summary: 'Create a branch on Bitbucket, from the main branch or --from',
  description: '--from takes a branch, a tag or a commit; it is resolved to its full commit hash first.',
  json: 'value',
  arguments: '<name>',
  examples: [
    'atl bb branch create fix-footer --repo acme/website',
    'atl bb branch create release/2.0 --from main --repo acme/website --dry-run',
  ],
  options: (command) =>
    dryRunFlag(repoFlags(command.option('--from <ref>', 'branch, tag or commit to start from (default: the main branch)'))),
  async run(f, args, options) {
    const ctx = await bitbucketContext(f);
    const ref = await resolveRepo(ctx, options);
    const from = options.from ?? (await defaultBranch(ctx, ref));
    // Cloud refuses short or ambiguous prefixes, so --from is resolved to a full hash; DC takes a ref as its start point.
    const commit = ctx.deployment === 'cloud' ? await resolveCommit(ctx, ref, from) : from;
    const write = createBranchWrite(ctx, ref, args[0]!, commit);
    if (options.dryRun) return printDryRun(f, [write]);
    const created = await send<unknown>(ctx, ref, write);
    if (f.globals.json) return printJson(f.io, created);
    f.io.stdout.write(`${sanitizeText(`created branch ${args[0]} from ${from}${commit === from ? '' : ` (${commit.slice(0, 12)})`}`)}\n`);
  },
});
