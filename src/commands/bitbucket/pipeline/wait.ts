import { defineCommand } from '../../spec.js';
import { repoFlags } from '../_shared/flags.js';
import { intervalFlag, intervalMs, pipelineIdOrLatest, pipelineTarget, waitForPipeline } from '../_shared/pipeline.js';

export default defineCommand({
  path: ['bitbucket', 'pipeline', 'wait'],
  summary: 'Wait for a pipeline (default: the newest of this branch) to end: exit 0 when it succeeded, 1 when it did not (Cloud)',
  description:
    'Without an ID, the newest pipeline of the current branch. A pipeline waiting on a manual step, or halted, ends the wait with exit 1, naming the step.',
  json: 'none',
  arguments: '[id]',
  examples: ['atl bb pipeline wait 1 --repo acme/website', 'atl bb pipeline wait 1 --interval 10 && echo deployed'],
  options: (command) => repoFlags(intervalFlag(command)),
  async run(f, args, options) {
    const everyMs = intervalMs(options.interval);
    const target = await pipelineTarget(f, 'pipeline wait', options);
    return waitForPipeline(f, target, await pipelineIdOrLatest(target, args[0]), everyMs);
  },
});
