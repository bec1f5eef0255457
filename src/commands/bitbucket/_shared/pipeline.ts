import type { OptionValues } from '@commander-js/extra-typings';
import { type BitbucketContext, bitbucketContext } from '../../../bitbucket/context.js';
import {
  getPipeline,
  getStep,
  isFinished,
  isStalled,
  LineAssembler,
  listPipelines,
  listSteps,
  type Pipeline,
  type PipelineStep,
  readLog,
  requireCloud,
  statusOf,
} from '../../../bitbucket/pipelines.js';
import { type RepoRef, resolveRepo } from '../../../bitbucket/repo-target.js';
import { AtlError, usageError } from '../../../errors.js';
import type { Factory } from '../../../factory.js';
import { sanitizeText } from '../../../output/terminal.js';
import type { FlagCommand } from '../../spec.js';
import { shortDate } from './output.js';

export interface PipelineTarget {
  ctx: BitbucketContext;
  ref: RepoRef;
}

export async function pipelineTarget(
  f: Factory,
  what: string,
  flags: { repo?: string | undefined; workspace?: string | undefined },
): Promise<PipelineTarget> {
  const ctx = await bitbucketContext(f);
  requireCloud(ctx, what);
  return { ctx, ref: await resolveRepo(ctx, flags) };
}

/** The pipeline ID given, else the newest pipeline of the current branch. */
export async function pipelineIdOrLatest(target: PipelineTarget, id: string | undefined): Promise<string> {
  if (id !== undefined) return id;
  const { currentBranch } = await import('../../../bitbucket/git.js');
  const branch = await currentBranch();
  if (branch === null) throw usageError('which pipeline? no ID given and no branch is checked out', 'give the build number');
  const [latest] = await listPipelines(target.ctx, target.ref, { branch }, 1).toArray();
  if (!latest)
    throw new AtlError('not_found', `no pipeline has run on branch ${branch}`, {
      hint: 'give the build number, or start one: atl bb pipeline run',
    });
  return String(latest.build_number ?? latest.uuid);
}

/** `--interval`: seconds between polls (Bitbucket allows about 1,000 API calls an hour per user). */
export function intervalFlag<Options extends OptionValues>(command: FlagCommand<Options>) {
  return command.option('--interval <seconds>', 'seconds between checks', '5');
}

export function intervalMs(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 1)
    throw usageError(`invalid --interval ${JSON.stringify(value)}`, 'use a number of seconds, 1 or more');
  return seconds * 1000;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** "95s", "3m 0s" between two times; '' when it has not started. */
export function duration(start: string | undefined, end: string | undefined, now: number): string {
  if (start === undefined) return '';
  const ms = (end === undefined ? now : Date.parse(end)) - Date.parse(start);
  if (!Number.isFinite(ms) || ms < 0) return '';
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
}

export const pipelineLabel = (p: Pipeline): string => `#${p.build_number ?? p.uuid}`;

export function pipelineSummary(p: Pipeline): string {
  const ref = p.target?.ref_name ?? p.target?.commit?.hash?.slice(0, 12) ?? '';
  const custom = p.target?.selector?.type === 'custom' ? ` (custom: ${p.target.selector.pattern})` : '';
  return `${pipelineLabel(p)} ${statusOf(p.state)} on ${ref}${custom} · ${shortDate(p.created_on)}`;
}

/** The step a manual trigger waits on (the first pending manual step). */
export function waitingStep(steps: readonly PipelineStep[]): PipelineStep | undefined {
  return steps.find((s) => s.state?.name === 'PENDING' && s.trigger?.type?.includes('manual'));
}

/**
 * Polls until the pipeline completes (exit 0 when SUCCESSFUL, 1 otherwise) or stops at a manual
 * step or halts (exit 1, naming the step). Progress goes to stderr as the status changes.
 */
export async function waitForPipeline(f: Factory, target: PipelineTarget, id: string, everyMs: number): Promise<number> {
  let last = '';
  for (;;) {
    const pipeline = await getPipeline(target.ctx, target.ref, id);
    const status = statusOf(pipeline.state);
    if (status !== last) f.io.stderr.write(`${sanitizeText(`${pipelineLabel(pipeline)} ${status}`)}\n`);
    last = status;
    if (isFinished(pipeline)) {
      const ok = status === 'SUCCESSFUL';
      f.io.stdout.write(`${sanitizeText(`${pipelineLabel(pipeline)} ${ok ? 'succeeded' : `ended ${status}`}`)}\n`);
      return ok ? 0 : 1;
    }
    if (isStalled(pipeline)) {
      const step = waitingStep(await listSteps(target.ctx, target.ref, pipeline));
      f.io.stdout.write(
        `${sanitizeText(`${pipelineLabel(pipeline)} is ${status.toLowerCase()}${step ? ` at the manual step "${step.name ?? step.uuid}"` : ''}`)}\n`,
      );
      return 1;
    }
    await sleep(everyMs);
  }
}

/**
 * Prints the log of each step (or only `stepName`) once. With `follow`, a running step's log is read
 * again by Range from where it stopped until the step completes; each complete line is printed once.
 */
export async function printLogs(
  f: Factory,
  target: PipelineTarget,
  id: string,
  options: { stepName?: string | undefined; follow: boolean; everyMs: number },
): Promise<void> {
  const { ctx, ref } = target;
  const pipeline = await getPipeline(ctx, ref, id);
  let steps = await listSteps(ctx, ref, pipeline);
  if (options.stepName !== undefined) {
    const wanted = options.stepName.toLowerCase();
    steps = steps.filter((s) => (s.name ?? '').toLowerCase() === wanted || s.uuid === options.stepName);
    if (steps.length === 0) throw usageError(`pipeline ${pipelineLabel(pipeline)} has no step ${JSON.stringify(options.stepName)}`);
  }
  const many = steps.length > 1;
  for (const listed of steps) {
    if (many) f.io.stdout.write(`${sanitizeText(`==> ${listed.name ?? listed.uuid}`)}\n`);
    const lines = new LineAssembler();
    let offset = 0;
    for (;;) {
      // The state is read before the log: once it says COMPLETED, the read after it holds the whole log.
      const step = options.follow ? await getStep(ctx, ref, pipeline, listed) : listed;
      const done = step.state?.name === 'COMPLETED' || !options.follow;
      const stalled = options.follow && step.state?.name === 'PENDING' && (await getPipeline(ctx, ref, id).then(isStalled));
      const chunk = await readLog(ctx, ref, pipeline, step, offset);
      offset = chunk.offset;
      const text = lines.push(chunk.bytes);
      if (text !== '') f.io.stdout.write(sanitizeText(text));
      if (done || stalled) break;
      await sleep(options.everyMs);
    }
    const rest = lines.end();
    if (rest !== '') f.io.stdout.write(sanitizeText(rest));
  }
}
