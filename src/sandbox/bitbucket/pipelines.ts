/**
 * Where a pipeline is at a given moment, derived from the store's clock rather than from timers:
 * the first step starts `pendingMs` after the pipeline was created, each step runs `durationMs`,
 * the next starts when it ends, a failed step leaves the rest NOT_RUN, a manual step pauses the
 * pipeline (stage PAUSED) until triggered, and a stop ends the running step as STOPPED. A running
 * step's log grows line by line in proportion to its elapsed time, so `logs --follow` sees it grow.
 * With a manual clock (store.ts) tests move time by hand; the demo runs on the system clock.
 */
import type { Pipeline, PipelineStepDef } from './store.js';

export type StepState = 'PENDING' | 'READY' | 'IN_PROGRESS' | 'COMPLETED';
export type StepResult = 'SUCCESSFUL' | 'FAILED' | 'STOPPED' | 'NOT_RUN';

export interface StepView {
  def: PipelineStepDef;
  state: StepState;
  result: StepResult | null;
  startedOn: number | null;
  completedOn: number | null;
  /** How many lines of its log exist now. */
  logLines: number;
}

export interface PipelineView {
  state: 'PENDING' | 'IN_PROGRESS' | 'COMPLETED';
  /** While IN_PROGRESS: RUNNING, or PAUSED at a manual step. */
  stage: 'RUNNING' | 'PAUSED' | null;
  result: 'SUCCESSFUL' | 'FAILED' | 'STOPPED' | null;
  completedOn: number | null;
  steps: StepView[];
}

const linesAt = (def: PipelineStepDef, elapsed: number) =>
  Math.max(0, Math.min(def.log.length, Math.floor((def.log.length * elapsed) / Math.max(1, def.durationMs))));

export function pipelineAt(pipeline: Pipeline, now: number): PipelineView {
  const steps: StepView[] = [];
  let cursor = pipeline.createdOn + pipeline.pendingMs;
  let ended: 'FAILED' | 'STOPPED' | null = null;
  let waiting: 'time' | 'manual' | null = null;
  const stop = pipeline.stoppedAt !== null && pipeline.stoppedAt <= now ? pipeline.stoppedAt : null;
  for (const def of pipeline.steps) {
    const idle = { def, startedOn: null, completedOn: null, logLines: 0 };
    if (ended) {
      steps.push({ ...idle, state: 'COMPLETED', result: 'NOT_RUN' });
      continue;
    }
    if (waiting) {
      steps.push({ ...idle, state: 'PENDING', result: null });
      continue;
    }
    if (def.manual) {
      if (def.triggeredAt === null || def.triggeredAt > now) {
        waiting = stop !== null && stop >= cursor ? null : 'manual';
        if (waiting === null) {
          ended = 'STOPPED';
          steps.push({ ...idle, state: 'COMPLETED', result: 'NOT_RUN' });
        } else steps.push({ ...idle, state: 'PENDING', result: null });
        continue;
      }
      cursor = Math.max(cursor, def.triggeredAt);
    }
    const start = cursor;
    const end = start + def.durationMs;
    if (stop !== null && stop < end) {
      ended = 'STOPPED';
      if (stop < start) steps.push({ ...idle, state: 'COMPLETED', result: 'NOT_RUN' });
      else
        steps.push({
          def,
          state: 'COMPLETED',
          result: 'STOPPED',
          startedOn: start,
          completedOn: stop,
          logLines: linesAt(def, stop - start),
        });
      cursor = stop;
      continue;
    }
    if (now < start) {
      waiting = 'time';
      steps.push({ ...idle, state: 'PENDING', result: null });
      continue;
    }
    if (now < end) {
      waiting = 'time';
      steps.push({ def, state: 'IN_PROGRESS', result: null, startedOn: start, completedOn: null, logLines: linesAt(def, now - start) });
      cursor = end;
      continue;
    }
    steps.push({ def, state: 'COMPLETED', result: def.outcome, startedOn: start, completedOn: end, logLines: def.log.length });
    if (def.outcome === 'FAILED') ended = 'FAILED';
    cursor = end;
  }
  if (ended || !waiting) {
    return { state: 'COMPLETED', stage: null, result: ended ?? 'SUCCESSFUL', completedOn: cursor, steps };
  }
  if (now < pipeline.createdOn + pipeline.pendingMs) return { state: 'PENDING', stage: null, result: null, completedOn: null, steps };
  return { state: 'IN_PROGRESS', stage: waiting === 'manual' ? 'PAUSED' : 'RUNNING', result: null, completedOn: null, steps };
}

/** The log of a step as it stands: its revealed lines, each ending in a newline. */
export function logText(step: StepView): string {
  return step.def.log
    .slice(0, step.logLines)
    .map((line) => `${line}\n`)
    .join('');
}
