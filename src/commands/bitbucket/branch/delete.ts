import { branchCommit, deleteBranchWrite, findBranch } from '../../../bitbucket/branches.js';
import { bitbucketContext } from '../../../bitbucket/context.js';
import { send } from '../../../bitbucket/prs.js';
import { resolveRepo } from '../../../bitbucket/repo-target.js';
import { confirmOrFail } from '../../../cmdutil/input.js';
import { printJson } from '../../../cmdutil/json.js';
import { AtlError } from '../../../errors.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { dryRunFlag, repoFlags } from '../_shared/flags.js';
import { printDryRun } from '../_shared/output.js';

export default defineCommand({
  path: ['bitbucket', 'branch', 'delete'],
  summary: 'Delete a branch on Bitbucket (asks first unless --yes)',
  description: 'On Data Center the commit the branch was read at is sent too, so a branch that moved meanwhile is not deleted.',
  json: 'value',
  arguments: '<name>',
  examples: ['atl bb branch delete fix-footer --yes --repo acme/website', 'atl bb branch delete old-work --dry-run --repo acme/website'],
  options: (command) => dryRunFlag(repoFlags(command.option('--yes', 'do not ask for confirmation'))),
  async run(f, args, options) {
    const name = args[0]!;
    const ctx = await bitbucketContext(f);
    const ref = await resolveRepo(ctx, options);
    const branch = await findBranch(ctx, ref, name);
    if (branch === null) throw new AtlError('not_found', `no branch ${name} in ${ref.owner}/${ref.slug}`);
    const write = deleteBranchWrite(ctx, ref, name, branchCommit(branch), false);
    if (options.dryRun) return printDryRun(f, [write]);
    if (!(await confirmOrFail(f, `Delete branch ${name} of ${ref.owner}/${ref.slug}?`, options.yes))) {
      f.io.stderr.write('cancelled\n');
      return 1;
    }
    await send<unknown>(ctx, ref, write);
    if (f.globals.json) return printJson(f.io, { branch: name, deleted: true });
    f.io.stdout.write(`${sanitizeText(`deleted branch ${name}`)}\n`);
  },
});
