import { listComments } from '../../../bitbucket/pr-content.js';
import { buildStatuses, cloudConflicts, dcMergeCheck, latestPerKey, summarize } from '../../../bitbucket/prs.js';
import { printJson } from '../../../cmdutil/json.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { repoFlags } from '../_shared/flags.js';
import { openOnWeb } from '../../../cmdutil/web.js';
import { commentLines } from '../_shared/pr-output.js';
import { prTarget } from '../_shared/pr.js';

export default defineCommand({
  path: ['bitbucket', 'pr', 'view'],
  summary: 'Show a pull request: description, reviewers, builds, conflicts and tasks',
  description:
    'Without an ID, the open pull request whose source is the current branch. The description is shown as the Markdown it is written in. ' +
    '--json prints the pull request as the API returns it; with --comments it has one more key, "comments": every comment, ' +
    'oldest first, each as the API returns it (as `pr comments --json` prints them).',
  json: 'value',
  arguments: '[id]',
  examples: [
    'atl bb pr view',
    'atl bb pr view 1 --repo acme/website',
    'atl bb pr view 1 --comments --repo acme/website',
    'atl bb pr view 1 --comments --json --repo acme/website',
    'atl bb pr view 1 --web --repo acme/website',
  ],
  options: (command) =>
    repoFlags(command).option('--comments', 'also show the comments').option('--web', 'open the pull request in the browser'),
  async run(f, args, options) {
    const { ctx, ref, pr } = await prTarget(f, args[0], options);
    const s = summarize(ctx, pr);
    if (options.web && s.url !== undefined) return openOnWeb(f, s.url);
    if (f.globals.json) {
      // The pull request object has no comments of its own (only a count or a link): they are added whole.
      if (!options.comments) return printJson(f.io, pr);
      const { comments } = await listComments(ctx, ref, s.id, undefined);
      return printJson(f.io, { ...pr, comments });
    }
    const [statuses, conflicts] = await Promise.all([
      buildStatuses(ctx, ref, s).catch(() => null),
      s.state !== 'OPEN'
        ? Promise.resolve(null)
        : ctx.deployment === 'cloud'
          ? cloudConflicts(ctx, ref, s.id).catch(() => null)
          : dcMergeCheck(ctx, ref, s.id).then(
              (check) => (check.conflicted || check.outcome === 'CONFLICTED' ? ['(the merge has conflicts)'] : []),
              () => null,
            ),
    ]);
    const lines = [
      `#${s.id} ${s.title}`,
      `${s.state}${s.draft ? ' (draft)' : ''} · ${s.author} wants to merge ${s.source} into ${s.destination}`,
    ];
    if (s.url) lines.push(s.url);
    lines.push('', s.description.trim() === '' ? '(no description)' : s.description.trimEnd(), '');
    lines.push(s.reviewers.length === 0 ? 'reviewers: none' : 'reviewers:');
    for (const r of s.reviewers) lines.push(`  ${r.name}  ${r.state}`);
    if (statuses === null) lines.push('builds: (could not read them)');
    else {
      const latest = latestPerKey(statuses);
      lines.push(latest.length === 0 ? 'builds: none' : 'builds:');
      for (const b of latest) lines.push(`  ${b.state ?? ''}  ${b.name ?? b.key ?? ''}${b.url ? `  ${b.url}` : ''}`);
    }
    if (conflicts !== null) lines.push(`conflicts: ${conflicts.length === 0 ? 'none' : conflicts.join(', ')}`);
    if (s.tasks !== undefined) lines.push(`open tasks: ${s.tasks}`);
    if (s.comments !== undefined) lines.push(`comments: ${s.comments}`);
    f.io.stdout.write(`${lines.map(sanitizeText).join('\n')}\n`);
    if (options.comments) {
      const { comments } = await listComments(ctx, ref, s.id, undefined);
      f.io.stdout.write(`\n${commentLines(ctx, comments).map(sanitizeText).join('\n')}\n`);
    }
  },
});
