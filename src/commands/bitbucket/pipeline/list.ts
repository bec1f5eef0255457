import { listPipelines, type Pipeline, statusOf } from '../../../bitbucket/pipelines.js';
import type { NamedColumns } from '../../../cmdutil/columns.js';
import { listingFlags, listingLimit } from '../../../cmdutil/listing.js';
import { cloudName } from '../../../bitbucket/users.js';
import { defineCommand } from '../../spec.js';
import { repoFlags } from '../_shared/flags.js';
import { printBitbucketListing } from '../_shared/listing.js';
import { shortDate } from '../_shared/output.js';
import { duration, pipelineLabel, pipelineTarget } from '../_shared/pipeline.js';

const noun = { one: 'pipeline', many: 'pipelines' };

export default defineCommand({
  path: ['bitbucket', 'pipeline', 'list'],
  summary: 'List the pipelines of the repository, newest first (Cloud)',
  json: 'listing',
  examples: [
    'atl bb pipeline list --repo acme/website',
    'atl bb pipeline list --branch main --status FAILED',
    'atl bb pipeline list --limit 5 --json',
  ],
  options: (command) =>
    repoFlags(
      listingFlags(command, noun, 'number,status,ref,commit,trigger,creator,created,duration')
        .option('--branch <branch>', 'only pipelines of this branch')
        .option(
          '--status <status>',
          'only pipelines in this state or with this result (PENDING, IN_PROGRESS, PAUSED, SUCCESSFUL, FAILED, STOPPED…)',
        ),
    ),
  async run(f, _args, options) {
    const limit = listingLimit(options);
    const target = await pipelineTarget(f, 'pipeline list', options);
    const now = Date.now();
    const columns: NamedColumns<Pipeline> = {
      number: { header: 'PIPELINE', value: pipelineLabel },
      status: { header: 'STATUS', value: (p) => statusOf(p.state) },
      ref: {
        header: 'REF',
        value: (p) =>
          p.target?.selector?.type === 'custom'
            ? `${p.target.ref_name ?? ''} (custom: ${p.target.selector.pattern})`
            : (p.target?.ref_name ?? ''),
        flexible: true,
      },
      commit: { header: 'COMMIT', value: (p) => p.target?.commit?.hash?.slice(0, 12) ?? '' },
      trigger: { header: 'TRIGGER', value: (p) => p.trigger?.name ?? '' },
      creator: { header: 'CREATOR', value: (p) => cloudName(p.creator) },
      created: { header: 'CREATED', value: (p) => shortDate(p.created_on) },
      duration: { header: 'DURATION', value: (p) => duration(p.created_on, p.completed_on, now) },
    };
    await printBitbucketListing(
      f,
      options,
      listPipelines(target.ctx, target.ref, { branch: options.branch, status: options.status?.toUpperCase() }, limit),
      columns,
      ['number', 'status', 'ref', 'commit', 'trigger', 'created', 'duration'],
      noun,
    );
  },
});
