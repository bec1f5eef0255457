import { declineWrite, type PullRequest, send } from '../../../bitbucket/prs.js';
import { printJson } from '../../../cmdutil/json.js';
import { confirmOrFail } from '../../../cmdutil/input.js';
import { defineCommand } from '../../spec.js';
import { dryRunFlag, repoFlags } from '../_shared/flags.js';
import { printDryRun } from '../_shared/output.js';
import { prTarget } from '../_shared/pr.js';

export default defineCommand({
  path: ['bitbucket', 'pr', 'decline'],
  summary: 'Decline a pull request (asks first unless --yes)',
  json: 'value',
  arguments: '<id>',
  examples: ['atl bb pr decline 1 --yes --repo acme/website', 'atl bb pr decline 1 --dry-run --repo acme/website'],
  options: (command) =>
    dryRunFlag(repoFlags(command.option('--yes', 'do not ask for confirmation').option('--comment <text>', 'say why (Data Center)'))),
  async run(f, args, options) {
    const { ctx, ref, pr } = await prTarget(f, args[0], options);
    const write = declineWrite(ctx, ref, pr, options.comment);
    if (options.dryRun) return printDryRun(f, [write]);
    if (!(await confirmOrFail(f, `Decline #${pr.id} ${pr.title ?? ''}?`, options.yes))) {
      f.io.stderr.write('cancelled\n');
      return 1;
    }
    const declined = await send<PullRequest>(ctx, ref, write);
    if (f.globals.json) return printJson(f.io, declined);
    f.io.stdout.write(`declined #${pr.id}\n`);
  },
});
