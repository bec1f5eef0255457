import { getPipeline, isFinished, statusOf, stopPipelineWrite } from '../../../bitbucket/pipelines.js';
import { send } from '../../../bitbucket/prs.js';
import { printJson } from '../../../cmdutil/json.js';
import { AtlError } from '../../../errors.js';
import { defineCommand } from '../../spec.js';
import { dryRunFlag, repoFlags } from '../_shared/flags.js';
import { printDryRun } from '../_shared/output.js';
import { pipelineLabel, pipelineTarget } from '../_shared/pipeline.js';

export default defineCommand({
  path: ['bitbucket', 'pipeline', 'stop'],
  summary: 'Stop a running pipeline (Cloud)',
  json: 'value',
  arguments: '<id>',
  examples: ['atl bb pipeline stop 1 --repo acme/website', 'atl bb pipeline stop 1 --dry-run'],
  options: (command) => dryRunFlag(repoFlags(command)),
  async run(f, args, options) {
    const target = await pipelineTarget(f, 'pipeline stop', options);
    const pipeline = await getPipeline(target.ctx, target.ref, args[0]!);
    if (isFinished(pipeline))
      throw new AtlError('failure', `pipeline ${pipelineLabel(pipeline)} has already ended (${statusOf(pipeline.state)})`);
    const write = stopPipelineWrite(target.ctx, target.ref, pipeline);
    if (options.dryRun) return printDryRun(f, [write]);
    await send<unknown>(target.ctx, target.ref, write);
    if (f.globals.json) return printJson(f.io, { pipeline: pipeline.uuid, build_number: pipeline.build_number, stopped: true });
    f.io.stdout.write(`stopping pipeline ${pipelineLabel(pipeline)}\n`);
  },
});
