import { defineCommand } from '../../spec.js';
import { repoFlags } from '../_shared/flags.js';
import { intervalFlag, intervalMs, pipelineIdOrLatest, pipelineTarget, printLogs } from '../_shared/pipeline.js';

export default defineCommand({
  path: ['bitbucket', 'pipeline', 'logs'],
  summary: "Print a pipeline's step logs; --follow streams them as they grow (Cloud)",
  description:
    'Without an ID, the newest pipeline of the current branch. Each step in turn (or only --step NAME). With --follow a running step is read again from where the last read ended ' +
    '(HTTP Range), so each line is printed exactly once, until the step completes.',
  json: 'none',
  arguments: '[id]',
  examples: ['atl bb pipeline logs 1 --repo acme/website', 'atl bb pipeline logs 1 --step Test --follow --interval 2'],
  options: (command) =>
    repoFlags(intervalFlag(command.option('--step <name>', 'only this step').option('--follow', 'keep reading while the step runs'))),
  async run(f, args, options) {
    const everyMs = intervalMs(options.interval);
    const target = await pipelineTarget(f, 'pipeline logs', options);
    await printLogs(f, target, await pipelineIdOrLatest(target, args[0]), {
      stepName: options.step,
      follow: options.follow === true,
      everyMs,
    });
  },
});
