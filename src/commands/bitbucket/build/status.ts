import { bitbucketContext } from '../../../bitbucket/context.js';
import { gitOutput, insideCheckout } from '../../../bitbucket/git.js';
import { buildState, commitBuildStatuses, latestPerKey } from '../../../bitbucket/prs.js';
import { resolveRepo } from '../../../bitbucket/repo-target.js';
import { printJson } from '../../../cmdutil/json.js';
import { usageError } from '../../../errors.js';
import { sanitizeText } from '../../../output/terminal.js';
import { printTable } from '../../../output/table.js';
import { defineCommand } from '../../spec.js';
import { repoFlags } from '../_shared/flags.js';
import { shortDate } from '../_shared/output.js';

export default defineCommand({
  path: ['bitbucket', 'build', 'status'],
  summary: 'Show the build statuses of a commit (default: HEAD of this checkout)',
  description:
    'Data Center: GET /rest/build-status/1.0/commits/{commit} (the newest per build key). Cloud: the commit statuses of the ' +
    'repository. Exit 1 when a build failed, so scripts can gate on it.',
  json: 'listing',
  arguments: '[commit]',
  examples: ['atl bb build status', 'atl bb build status 3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a --repo acme/website --json'],
  options: (command) => repoFlags(command),
  async run(f, args, options) {
    let commit = args[0];
    if (commit === undefined) {
      if (!(await insideCheckout())) throw usageError('which commit? none given, and this is not a git checkout', 'pass the commit hash');
      commit = (await gitOutput(['rev-parse', 'HEAD'])).trim();
    }
    const ctx = await bitbucketContext(f);
    // DC's build-status API is site-wide by commit; Cloud's statuses belong to a repository.
    const ref = ctx.deployment === 'cloud' || options.repo !== undefined ? await resolveRepo(ctx, options) : { owner: '', slug: '' };
    const statuses = await commitBuildStatuses(ctx, ref, commit);
    if (f.globals.json) printJson(f.io, statuses);
    else if (statuses.length === 0) f.io.stdout.write(`${sanitizeText(`no builds reported for ${commit.slice(0, 12)}`)}\n`);
    else
      printTable(
        f.io,
        [
          { header: 'STATE', value: (s) => s.state ?? '' },
          { header: 'KEY', value: (s) => s.key ?? '' },
          { header: 'NAME', value: (s) => s.name ?? '', flexible: true },
          { header: 'UPDATED', value: (s) => shortDate(s.updated_on ?? s.dateAdded) },
          { header: 'URL', value: (s) => s.url ?? '' },
        ],
        latestPerKey(statuses),
      );
    return buildState(statuses) === 'failed' ? 1 : 0;
  },
});
