import { bitbucketContext } from '../../../bitbucket/context.js';
import { listRepositories } from '../../../bitbucket/repos.js';
import { listingFlags, listingLimit } from '../../../cmdutil/listing.js';
import { usageError } from '../../../errors.js';
import { soleWorkspace } from '../../../bitbucket/users.js';
import { defineCommand } from '../../spec.js';
import { printBitbucketListing } from '../_shared/listing.js';
import { REPO_COLUMNS } from '../_shared/repo-columns.js';

const noun = { one: 'repository', many: 'repositories' };

export default defineCommand({
  path: ['bitbucket', 'repo', 'list'],
  summary: 'List the repositories of a workspace (Cloud) or project (Data Center)',
  description:
    "Cloud lists the workspace of --workspace, else the login's workspace, most recently updated first. Data Center lists " +
    'the project of --project, else every repository you can see. At most 50 are printed unless --limit or --all says otherwise.',
  json: 'listing',
  examples: [
    'atl bb repo list --workspace acme',
    'atl --profile corp bb repo list --project WEB --all --json   # Data Center: one project',
    'atl bb repo list --fields name,updated --csv',
  ],
  options: (command) =>
    listingFlags(command, noun, 'name,visibility,description')
      .option('--workspace <workspace>', "Cloud workspace (default: the login's workspace)")
      .option('--project <key>', 'Data Center project key; on Cloud, only the repositories of this project'),
  async run(f, _args, options) {
    const limit = listingLimit(options);
    const ctx = await bitbucketContext(f);
    let owner: string | undefined;
    let filter: string | undefined;
    if (ctx.deployment === 'cloud') {
      owner = options.workspace ?? ctx.workspace ?? (await soleWorkspace(ctx)) ?? undefined;
      if (owner === undefined)
        throw usageError(
          'which workspace? no --workspace given, the login has none, and the token reaches several',
          'pass --workspace WORKSPACE',
        );
      filter = options.project;
    } else {
      if (options.workspace !== undefined) throw usageError('--workspace is for Bitbucket Cloud', 'on Data Center use --project KEY');
      owner = options.project;
    }
    await printBitbucketListing(
      f,
      options,
      listRepositories(ctx, owner, limit, filter),
      REPO_COLUMNS,
      ['name', 'visibility', 'description', ...(ctx.deployment === 'cloud' ? ['updated'] : [])],
      noun,
    );
  },
});
