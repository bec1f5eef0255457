import { getPipeline, listSteps, statusOf } from '../../../bitbucket/pipelines.js';
import { repoName } from '../../../bitbucket/repo-target.js';
import { getRepository, repositoryWebUrl } from '../../../bitbucket/repos.js';
import { openOnWeb, wantsWeb } from '../../../cmdutil/web.js';
import { printJson } from '../../../cmdutil/json.js';
import { AtlError } from '../../../errors.js';
import { cloudName } from '../../../bitbucket/users.js';
import { sanitizeText } from '../../../output/terminal.js';
import { printTable } from '../../../output/table.js';
import { defineCommand } from '../../spec.js';
import { repoFlags } from '../_shared/flags.js';
import { duration, pipelineSummary, pipelineTarget } from '../_shared/pipeline.js';

export default defineCommand({
  path: ['bitbucket', 'pipeline', 'view'],
  summary: 'Show a pipeline and its steps with their state and duration (Cloud)',
  description: 'ID is the build number (7 or #7) or the {UUID}. --json prints the pipeline with its steps under "steps".',
  json: 'value',
  arguments: '<id>',
  examples: ['atl bb pipeline view 1 --repo acme/website', 'atl bb pipeline view 1 --json', 'atl bb pipeline view 1 --web'],
  options: (command) => repoFlags(command).option('--web', 'open the pipeline in the browser (the URL is printed too)'),
  async run(f, args, options) {
    const target = await pipelineTarget(f, 'pipeline view', options);
    const web = wantsWeb(f, options);
    const pipeline = await getPipeline(target.ctx, target.ref, args[0]!);
    if (web) {
      // A pipeline carries no web link of its own; its page is under the repository's.
      const repoUrl = repositoryWebUrl(await getRepository(target.ctx, target.ref));
      if (repoUrl === undefined) throw new AtlError('failure', `Bitbucket gave no web link for ${repoName(target.ref)}`);
      return openOnWeb(f, `${repoUrl.replace(/\/+$/, '')}/pipelines/results/${pipeline.build_number ?? encodeURIComponent(pipeline.uuid)}`);
    }
    const steps = await listSteps(target.ctx, target.ref, pipeline);
    if (f.globals.json) return printJson(f.io, { ...pipeline, steps });
    const now = Date.now();
    f.io.stdout.write(`${sanitizeText(pipelineSummary(pipeline))}\n`);
    f.io.stdout.write(
      `${sanitizeText(`by ${cloudName(pipeline.creator) || '?'} · ${pipeline.trigger?.name ?? ''} · ${duration(pipeline.created_on, pipeline.completed_on, now)}`)}\n\n`,
    );
    printTable(
      f.io,
      [
        { header: 'STEP', value: (s) => s.name ?? s.uuid, flexible: true },
        { header: 'STATE', value: (s) => statusOf(s.state) },
        { header: 'DURATION', value: (s) => duration(s.started_on, s.completed_on, now) },
      ],
      steps,
    );
  },
});
