import { type Branch, branchCommit, branchName, listBranches } from '../../../bitbucket/branches.js';
import { bitbucketContext } from '../../../bitbucket/context.js';
import { resolveRepo } from '../../../bitbucket/repo-target.js';
import type { NamedColumns } from '../../../cmdutil/columns.js';
import { listingFlags, listingLimit } from '../../../cmdutil/listing.js';
import { defineCommand } from '../../spec.js';
import { repoFlags } from '../_shared/flags.js';
import { printBitbucketListing } from '../_shared/listing.js';
import { shortDate } from '../_shared/output.js';

const noun = { one: 'branch', many: 'branches' };

const COLUMNS: NamedColumns<Branch> = {
  name: { header: 'NAME', value: branchName },
  commit: { header: 'COMMIT', value: (b) => branchCommit(b).slice(0, 12) },
  date: { header: 'DATE', value: (b) => ('target' in b ? shortDate(b.target?.date) : '') },
  message: { header: 'MESSAGE', value: (b) => ('target' in b ? (b.target?.message ?? '').split('\n')[0]! : ''), flexible: true },
  default: { header: 'DEFAULT', value: (b) => ('isDefault' in b && b.isDefault ? 'yes' : '') },
};

export default defineCommand({
  path: ['bitbucket', 'branch', 'list'],
  summary: 'List the branches of the repository, by name',
  json: 'listing',
  examples: [
    'atl bb branch list --repo acme/website',
    'atl bb branch list --all --json --repo acme/website',
    'atl bb branch list --fields name,commit',
  ],
  options: (command) => repoFlags(listingFlags(command, noun, 'name,commit,date,message')),
  async run(f, _args, options) {
    const limit = listingLimit(options);
    const ctx = await bitbucketContext(f);
    const ref = await resolveRepo(ctx, options);
    const defaults = ctx.deployment === 'cloud' ? ['name', 'commit', 'date', 'message'] : ['name', 'commit', 'default'];
    await printBitbucketListing(f, options, listBranches(ctx, ref, limit), COLUMNS, defaults, noun);
  },
});
