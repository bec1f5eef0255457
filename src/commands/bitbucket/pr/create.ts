import { bitbucketContext } from '../../../bitbucket/context.js';
import { commitMessages, commitsAhead, currentBranch, insideCheckout, localBranchExists, upstreamOf } from '../../../bitbucket/git.js';
import { createPullRequestWrite, defaultBranch, type PullRequest, resolveReviewers, send, summarize } from '../../../bitbucket/prs.js';
import { resolveRepo } from '../../../bitbucket/repo-target.js';
import { bodyText, collect } from '../../../cmdutil/input.js';
import { printJson } from '../../../cmdutil/json.js';
import { usageError } from '../../../errors.js';
import type { Factory } from '../../../factory.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { dryRunFlag, repoFlags } from '../_shared/flags.js';
import { printDryRun } from '../_shared/output.js';

/** `fix-the-footer` → `Fix the footer`. */
export function titleFromBranch(branch: string): string {
  const words = branch.replace(/^.*\//, '').replace(/[-_]+/g, ' ').trim();
  return words === '' ? branch : words[0]!.toUpperCase() + words.slice(1);
}

/** Title and description from the commits: one commit gives its subject and body; several, the branch name and their subjects. */
export function fromCommits(branch: string, commits: ReadonlyArray<{ subject: string; body: string }>): { title: string; body: string } {
  if (commits.length === 1) return { title: commits[0]!.subject, body: commits[0]!.body };
  return {
    title: titleFromBranch(branch),
    body: [...commits]
      .reverse()
      .map((c) => `- ${c.subject}`)
      .join('\n'),
  };
}

/** Refuses a source branch that is not on Bitbucket as it is here: no upstream, or commits not pushed. */
async function checkPushed(source: string): Promise<void> {
  if (!(await insideCheckout()) || !(await localBranchExists(source))) return;
  const upstream = await upstreamOf(source);
  if (upstream === null) throw usageError(`branch ${source} is not pushed`, `push it first: git push -u origin ${source}`);
  const ahead = await commitsAhead(upstream, source);
  if (ahead !== null && ahead > 0)
    throw usageError(
      `branch ${source} has ${ahead} commit${ahead === 1 ? '' : 's'} not pushed to ${upstream}`,
      `push them first: git push origin ${source}`,
    );
}

async function askTitleAndBody(f: Factory, title: string | undefined, body: string | undefined, defaults: { title: string; body: string }) {
  if (!f.io.canPrompt() || f.globals.noInput)
    return { title: title ?? defaults.title, body: body ?? (defaults.body === '' ? undefined : defaults.body) };
  const prompter = await f.prompter();
  const chosenTitle =
    title ?? (await prompter.input('Title', { default: defaults.title, validate: (v) => (v.trim() === '' ? 'a title is needed' : true) }));
  const chosenBody = body ?? (await f.editText(defaults.body, 'PULL_REQUEST.md'));
  return { title: chosenTitle, body: chosenBody.trim() === '' ? undefined : chosenBody };
}

export default defineCommand({
  path: ['bitbucket', 'pr', 'create'],
  summary: 'Create a pull request from the current branch (or --source)',
  description:
    'The destination defaults to the main branch of the repository. Title and description default from the commits ' +
    '(one commit: its subject and body; several: the branch name and their subjects); on a terminal they are asked for, the ' +
    'description in your editor. A source branch that is not pushed, or has commits not pushed, is refused.',
  json: 'value',
  examples: [
    'atl bb pr create',
    'atl bb pr create --title "Fix the footer" --source fix-footer --repo acme/website --dry-run',
    'atl bb pr create --title "Fix the footer" --body-file notes.md --reviewer alice --draft',
  ],
  options: (command) =>
    dryRunFlag(
      repoFlags(
        command
          .option('--title <text>', 'the title (default: from the commits)')
          .option('--body <markdown>', 'the description, in Markdown')
          .option('--body-file <file>', 'read the description from a file (- for stdin)')
          .option('--source <branch>', 'the branch to merge (default: the current branch)')
          .option('--destination <branch>', 'the branch to merge into (default: the main branch)')
          .option('--reviewer <user>', 'add a reviewer (repeatable; Cloud: nickname, name or account ID; DC: user name)', collect)
          .option('--close-source-branch', 'delete the source branch once merged (Cloud)')
          .option('--draft', 'create it as a draft'),
      ),
    ),
  async run(f, _args, options) {
    const body = await bodyText(f, options.body, options.bodyFile, false, ['--body', '--body-file']);
    const ctx = await bitbucketContext(f);
    const ref = await resolveRepo(ctx, options);
    const source = options.source ?? (await currentBranch());
    if (source === null) throw usageError('which branch? no --source given and no branch is checked out', 'pass --source BRANCH');
    await checkPushed(source);
    const destination = options.destination ?? (await defaultBranch(ctx, ref));
    if (destination === source) throw usageError(`the source and destination are both ${source}`, 'pass --destination BRANCH');
    const needsDefaults = options.title === undefined || body === undefined;
    const defaults = needsDefaults ? fromCommits(source, await commitMessages(`origin/${destination}`, source)) : { title: '', body: '' };
    const chosen = await askTitleAndBody(f, options.title, body, defaults);
    const reviewers = await resolveReviewers(ctx, ref, options.reviewer ?? []);
    const write = createPullRequestWrite(ctx, ref, {
      title: chosen.title,
      description: chosen.body,
      source,
      destination,
      reviewers,
      closeSourceBranch: options.closeSourceBranch,
      draft: options.draft,
    });
    if (options.dryRun) return printDryRun(f, [write]);
    const created = await send<PullRequest>(ctx, ref, write);
    if (f.globals.json) return printJson(f.io, created);
    const s = summarize(ctx, created);
    f.io.stdout.write(`${sanitizeText(`created #${s.id} ${s.title} (${s.source} → ${s.destination})`)}${s.url ? `\n${s.url}` : ''}\n`);
  },
});
