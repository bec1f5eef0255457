import { type Pipeline, runPipelineWrite } from '../../../bitbucket/pipelines.js';
import { send } from '../../../bitbucket/prs.js';
import { collect } from '../../../cmdutil/input.js';
import { printJson } from '../../../cmdutil/json.js';
import { Option } from '../../../cmdutil/option.js';
import { usageError } from '../../../errors.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { dryRunFlag, repoFlags } from '../_shared/flags.js';
import { printDryRun } from '../_shared/output.js';
import { intervalFlag, intervalMs, pipelineLabel, pipelineTarget, waitForPipeline } from '../_shared/pipeline.js';

/** `--var K=V` → {key, value}; a missing `=` is exit 2. */
export function parseVariable(text: string): { key: string; value: string } {
  const at = text.indexOf('=');
  if (at <= 0) throw usageError(`invalid --var ${JSON.stringify(text)}`, 'use --var KEY=VALUE');
  return { key: text.slice(0, at), value: text.slice(at + 1) };
}

export default defineCommand({
  path: ['bitbucket', 'pipeline', 'run'],
  summary: 'Run a pipeline on a branch or commit, optionally a custom one, and --watch it (Cloud)',
  description:
    'Without --branch or --commit, the current branch. With --watch, waits for the end: exit 0 when it succeeded, 1 when it ' +
    'failed, stopped or waits on a manual step.',
  json: 'value',
  examples: [
    'atl bb pipeline run --branch main --repo acme/website',
    'atl bb pipeline run --branch main --custom deploy-staging --var ENV=staging --watch',
    'atl bb pipeline run --commit 3f2a1b0c --dry-run',
  ],
  options: (command) =>
    dryRunFlag(
      repoFlags(
        intervalFlag(
          command
            .addOption(new Option('--branch <branch>', 'run on this branch (default: the current branch)').conflicts('commit'))
            .option('--commit <sha>', 'run on this commit')
            .option('--custom <name>', 'run this custom pipeline of bitbucket-pipelines.yml')
            .option('--var <key=value>', 'a variable for the run (repeatable)', collect)
            .option('--watch', 'wait for it to end; the exit code says how it ended'),
        ),
      ),
    ),
  async run(f, _args, options) {
    const variables = (options.var ?? []).map(parseVariable);
    const everyMs = intervalMs(options.interval);
    const target = await pipelineTarget(f, 'pipeline run', options);
    let branch = options.branch;
    if (branch === undefined && options.commit === undefined) {
      const { currentBranch } = await import('../../../bitbucket/git.js');
      branch = (await currentBranch()) ?? undefined;
      if (branch === undefined)
        throw usageError('which branch? no --branch or --commit given and no branch is checked out', 'pass --branch BRANCH');
    }
    const write = runPipelineWrite(target.ctx, target.ref, { branch, commit: options.commit, custom: options.custom, variables });
    if (options.dryRun) return printDryRun(f, [write]);
    const started = await send<Pipeline>(target.ctx, target.ref, write);
    if (!options.watch) {
      if (f.globals.json) return printJson(f.io, started);
      f.io.stdout.write(`${sanitizeText(`started pipeline ${pipelineLabel(started)} on ${branch ?? options.commit}`)}\n`);
      return;
    }
    f.io.stderr.write(`${sanitizeText(`started pipeline ${pipelineLabel(started)}`)}\n`);
    return waitForPipeline(f, target, String(started.build_number ?? started.uuid), everyMs);
  },
});
