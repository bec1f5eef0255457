import { localBranchExists, remoteUrls, runGitForwarded } from '../../../bitbucket/git.js';
import { summarize } from '../../../bitbucket/prs.js';
import { parseRemoteUrl } from '../../../bitbucket/remote.js';
import { repoName } from '../../../bitbucket/repo-target.js';
import { cloneUrl, getRepository } from '../../../bitbucket/repos.js';
import { printJson } from '../../../cmdutil/json.js';
import { AtlError } from '../../../errors.js';
import { defineCommand } from '../../spec.js';
import { repoFlags } from '../_shared/flags.js';
import { prTarget } from '../_shared/pr.js';

export default defineCommand({
  path: ['bitbucket', 'pr', 'checkout'],
  summary: 'Check out the source branch of a pull request (git fetch + checkout)',
  description:
    'Fetches the source branch from the remote of this checkout (or, for a pull request from a fork, from the fork) and checks ' +
    'it out, creating it or fast-forwarding it; a local branch that has diverged is reset only with --force.',
  json: 'value',
  arguments: '<id>',
  examples: ['atl bb pr checkout 1', 'atl bb pr checkout 1 --force'],
  options: (command) => repoFlags(command.option('--force', 'reset a local branch of that name that has diverged')),
  async run(f, args, options) {
    const { ctx, ref, pr } = await prTarget(f, args[0], options);
    const s = summarize(ctx, pr);
    const branch = s.source;
    const remotes = await remoteUrls();
    const own = remotes.find((r) => {
      const parsed = parseRemoteUrl(r.url);
      return (
        parsed !== null && parsed.owner.toLowerCase() === ref.owner.toLowerCase() && parsed.slug.toLowerCase() === ref.slug.toLowerCase()
      );
    });
    const forked = s.sourceRepo !== '' && s.sourceRepo.toLowerCase() !== repoName(ref).toLowerCase();
    let from: string;
    if (forked) {
      const [owner, slug] = s.sourceRepo.split('/') as [string, string];
      const url = cloneUrl(await getRepository(ctx, { owner, slug }), 'https');
      if (url === undefined) throw new AtlError('failure', `Bitbucket gave no clone link for the fork ${s.sourceRepo}`);
      from = url;
    } else from = own?.name ?? 'origin';
    const write = (chunk: string) => f.io.stderr.write(chunk);
    const tracking = forked ? 'FETCH_HEAD' : `refs/remotes/${from}/${branch}`;
    const refspec = forked ? `refs/heads/${branch}` : `+refs/heads/${branch}:refs/remotes/${from}/${branch}`;
    if ((await runGitForwarded(['fetch', from, refspec], write)) !== 0) throw new AtlError('failure', `git fetch of ${branch} failed`);
    let steps: string[][];
    if (!(await localBranchExists(branch))) steps = [['checkout', '-b', branch, ...(forked ? [] : ['--track']), tracking]];
    else if (options.force) steps = [['checkout', '-B', branch, tracking]];
    else
      steps = [
        ['checkout', branch],
        ['merge', '--ff-only', tracking],
      ];
    for (const step of steps) {
      if ((await runGitForwarded(step, write)) !== 0)
        throw new AtlError('failure', `git ${step.join(' ')} failed`, {
          hint: step[0] === 'merge' ? `your ${branch} has diverged from the pull request: use --force to reset it` : undefined,
        });
    }
    if (f.globals.json) return printJson(f.io, { id: s.id, branch, from: forked ? s.sourceRepo : from });
    f.io.stdout.write(`checked out #${s.id} on branch ${branch}\n`);
  },
});
