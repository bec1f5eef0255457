import { bitbucketContext } from '../../../bitbucket/context.js';
import { buildState, buildStatuses, listPullRequests, type PullRequest, summarize } from '../../../bitbucket/prs.js';
import { resolveRepo } from '../../../bitbucket/repo-target.js';
import type { NamedColumns } from '../../../cmdutil/columns.js';
import { listingFlags, listingLimit } from '../../../cmdutil/listing.js';
import { Option } from '../../../cmdutil/option.js';
import { defineCommand } from '../../spec.js';
import { repoFlags } from '../_shared/flags.js';
import { printBitbucketListing } from '../_shared/listing.js';
import { shortDate } from '../_shared/output.js';

const noun = { one: 'pull request', many: 'pull requests' };

export default defineCommand({
  path: ['bitbucket', 'pr', 'list'],
  summary: 'List the pull requests of the repository, most recently updated first',
  description:
    'Open pull requests unless --state says otherwise; at most 50 unless --limit or --all. The BUILD column ' +
    '(failed, pending, passed) costs one request per pull request shown; leave it out with --fields.',
  json: 'listing',
  examples: [
    'atl bb pr list --repo acme/website',
    'atl bb pr list --state merged --author me --repo acme/website',
    'atl bb pr list --state all --all --json --repo acme/website',
    'atl bb pr list --fields id,title,author --repo acme/website',
  ],
  options: (command) =>
    repoFlags(
      listingFlags(command, noun, 'id,title,author,branches,approvals,build,updated')
        .addOption(
          new Option('--state <state>', 'which pull requests')
            .choices(['open', 'merged', 'declined', 'all'] as const)
            .default('open' as const),
        )
        .option('--author <user>', 'only those by this user (me for yourself)')
        .option('--reviewer <user>', 'only those this user reviews (me for yourself)'),
    ),
  async run(f, _args, options) {
    const limit = listingLimit(options);
    const ctx = await bitbucketContext(f);
    const ref = await resolveRepo(ctx, options);
    const paged = await listPullRequests(ctx, ref, { state: options.state, author: options.author, reviewer: options.reviewer }, limit);
    const builds = new WeakMap<PullRequest, string>();
    const columns: NamedColumns<PullRequest> = {
      id: { header: 'ID', value: (pr) => `#${pr.id}` },
      title: { header: 'TITLE', value: (pr) => `${summarize(ctx, pr).draft ? '[draft] ' : ''}${pr.title ?? ''}`, flexible: true },
      author: { header: 'AUTHOR', value: (pr) => summarize(ctx, pr).author },
      branches: { header: 'BRANCHES', value: (pr) => `${summarize(ctx, pr).source} → ${summarize(ctx, pr).destination}` },
      approvals: { header: 'APPROVALS', value: (pr) => String(summarize(ctx, pr).approvals) },
      build: { header: 'BUILD', value: (pr) => builds.get(pr) ?? '' },
      state: { header: 'STATE', value: (pr) => summarize(ctx, pr).state },
      updated: { header: 'UPDATED', value: (pr) => shortDate(summarize(ctx, pr).updated) },
    };
    const defaults = ['id', 'title', 'author', 'branches', 'approvals', 'build', 'updated'];
    const wantsBuild = !f.globals.json && (options.fields === undefined || /(^|,)\s*build\s*(,|$)/i.test(options.fields));
    await printBitbucketListing(
      f,
      options,
      paged,
      columns,
      options.state === 'all' ? [...defaults.slice(0, 5), 'state', ...defaults.slice(5)] : defaults,
      noun,
      {
        enrich: wantsBuild
          ? async (page) => {
              const states = await Promise.all(page.map((pr) => buildStatuses(ctx, ref, summarize(ctx, pr)).then(buildState, () => '?')));
              for (const [index, pr] of page.entries()) builds.set(pr, states[index]!);
            }
          : undefined,
      },
    );
  },
});
