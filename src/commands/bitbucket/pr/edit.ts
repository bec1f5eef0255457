import { editPullRequestWrite, type PullRequest, resolveReviewers, send, summarize } from '../../../bitbucket/prs.js';
import { bodyText, collect } from '../../../cmdutil/input.js';
import { printJson } from '../../../cmdutil/json.js';
import { usageError } from '../../../errors.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { dryRunFlag, repoFlags } from '../_shared/flags.js';
import { printDryRun } from '../_shared/output.js';
import { prTarget } from '../_shared/pr.js';

export default defineCommand({
  path: ['bitbucket', 'pr', 'edit'],
  summary: 'Change the title, description, destination or reviewers of a pull request',
  description:
    'Bitbucket replaces what an update leaves out, so the pull request is read and sent back whole: reviewers not named ' +
    'with --remove-reviewer stay. On Data Center the version read is sent, and a change made meanwhile is reported.',
  json: 'value',
  arguments: '<id>',
  examples: [
    'atl bb pr edit 1 --title "Fix the footer links" --repo acme/website',
    'atl bb pr edit 1 --add-reviewer alice --remove-reviewer bob --repo acme/website --dry-run',
  ],
  options: (command) =>
    dryRunFlag(
      repoFlags(
        command
          .option('--title <text>', 'the new title')
          .option('--body <markdown>', 'the new description')
          .option('--body-file <file>', 'read the new description from a file (- for stdin)')
          .option('--destination <branch>', 'merge into this branch instead')
          .option('--add-reviewer <user>', 'add a reviewer (repeatable)', collect)
          .option('--remove-reviewer <user>', 'remove a reviewer (repeatable)', collect),
      ),
    ),
  async run(f, args, options) {
    const description = await bodyText(f, options.body, options.bodyFile, false, ['--body', '--body-file']);
    const add = options.addReviewer ?? [];
    const remove = options.removeReviewer ?? [];
    if (
      options.title === undefined &&
      description === undefined &&
      options.destination === undefined &&
      add.length === 0 &&
      remove.length === 0
    )
      throw usageError('nothing to change', 'pass --title, --body, --destination, --add-reviewer or --remove-reviewer');
    const { ctx, ref, pr } = await prTarget(f, args[0], options);
    const edit = {
      title: options.title,
      description,
      destination: options.destination,
      addReviewers: await resolveReviewers(ctx, ref, add),
      removeReviewers: await resolveReviewers(ctx, ref, remove),
    };
    const write = editPullRequestWrite(ctx, ref, pr, edit);
    if (options.dryRun) return printDryRun(f, [write]);
    const updated = await send<PullRequest>(ctx, ref, write);
    if (f.globals.json) return printJson(f.io, updated);
    f.io.stdout.write(`${sanitizeText(`updated #${pr.id} ${summarize(ctx, updated).title}`)}\n`);
  },
});
