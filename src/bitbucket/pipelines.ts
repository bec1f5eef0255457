/**
 * Bitbucket Pipelines (Cloud only; design note §8): list, view, run, stop, and the step logs,
 * read by Range requests so a growing log is streamed with each line printed once.
 */
import { AtlError, usageError } from '../errors.js';
import type { Paged } from '../http/paginate.js';
import { listOf, repoPath } from './api.js';
import type { BitbucketContext } from './context.js';
import type { PlannedWrite } from './prs.js';
import type { RepoRef } from './repo-target.js';
import type { CloudUser } from './types.js';

const enc = encodeURIComponent;

interface Named {
  name?: string;
}

export interface PipelineState extends Named {
  type?: string;
  result?: Named;
  stage?: Named;
}

export interface Pipeline {
  uuid: string;
  build_number?: number;
  creator?: CloudUser;
  target?: { ref_name?: string; ref_type?: string; commit?: { hash?: string }; selector?: { type?: string; pattern?: string } };
  trigger?: Named;
  state?: PipelineState;
  created_on?: string;
  completed_on?: string;
  build_seconds_used?: number;
}

export interface PipelineStep {
  uuid: string;
  name?: string;
  state?: PipelineState;
  started_on?: string;
  completed_on?: string;
  trigger?: { type?: string };
}

/** Refuses Data Center, which has no Pipelines. */
export function requireCloud(ctx: BitbucketContext, what: string): void {
  if (ctx.deployment !== 'cloud')
    throw usageError(`${what} is for Bitbucket Cloud Pipelines`, 'on Data Center, build results come from `atl bb build status [COMMIT]`');
}

/** `#7`, `7` (build numbers, accepted in place of the UUID) or `{uuid}` (braces added when left out). */
export function pipelineId(value: string): string {
  const trimmed = value.trim().replace(/^#/, '');
  if (/^\d+$/.test(trimmed)) return trimmed;
  if (/^\{?[0-9a-f]{8}-[0-9a-f-]{27}\}?$/i.test(trimmed)) return `{${trimmed.replace(/^\{|\}$/g, '')}}`;
  throw usageError(`invalid pipeline ${JSON.stringify(value)}`, 'use its build number (7 or #7) or its {UUID}');
}

const pipelinesPath = (ctx: BitbucketContext, ref: RepoRef) => `${repoPath(ctx, ref)}/pipelines`;
const pipelinePath = (ctx: BitbucketContext, ref: RepoRef, id: string) => `${pipelinesPath(ctx, ref)}/${enc(pipelineId(id))}`;

/** Newest first (pipelines default to oldest first). */
export function listPipelines(
  ctx: BitbucketContext,
  ref: RepoRef,
  filter: { branch?: string | undefined; status?: string | undefined },
  limit: number | undefined,
): Paged<Pipeline> {
  return listOf<Pipeline>(
    ctx,
    pipelinesPath(ctx, ref),
    { sort: '-created_on', 'target.branch': filter.branch, status: filter.status },
    { limit },
  );
}

export function getPipeline(ctx: BitbucketContext, ref: RepoRef, id: string): Promise<Pipeline> {
  return ctx.http.get<Pipeline>(pipelinePath(ctx, ref, id));
}

export function listSteps(ctx: BitbucketContext, ref: RepoRef, pipeline: Pipeline): Promise<PipelineStep[]> {
  return listOf<PipelineStep>(ctx, `${pipelinesPath(ctx, ref)}/${enc(pipeline.uuid)}/steps`, {}, { limit: undefined }).toArray();
}

export function getStep(ctx: BitbucketContext, ref: RepoRef, pipeline: Pipeline, step: PipelineStep): Promise<PipelineStep> {
  return ctx.http.get<PipelineStep>(`${pipelinesPath(ctx, ref)}/${enc(pipeline.uuid)}/steps/${enc(step.uuid)}`);
}

/** PENDING, RUNNING, PAUSED, HALTED, or the result of a completed pipeline (SUCCESSFUL, FAILED, ERROR, STOPPED, EXPIRED). */
export function statusOf(state: PipelineState | undefined): string {
  if (state?.name === 'COMPLETED') return state.result?.name ?? 'COMPLETED';
  if (state?.name === 'IN_PROGRESS') return state.stage?.name ?? 'RUNNING';
  return state?.name ?? 'UNKNOWN';
}

export const isFinished = (pipeline: Pipeline): boolean => pipeline.state?.name === 'COMPLETED';
/** Waiting on a person (a manual step) or halted: `wait` ends there. */
export const isStalled = (pipeline: Pipeline): boolean => ['PAUSED', 'HALTED'].includes(pipeline.state?.stage?.name ?? '');

export interface RunRequest {
  branch?: string | undefined;
  commit?: string | undefined;
  custom?: string | undefined;
  variables: Array<{ key: string; value: string }>;
}

export function runPipelineWrite(ctx: BitbucketContext, ref: RepoRef, run: RunRequest): PlannedWrite {
  const target: Record<string, unknown> =
    run.branch !== undefined
      ? { type: 'pipeline_ref_target', ref_type: 'branch', ref_name: run.branch }
      : { type: 'pipeline_commit_target' };
  if (run.commit !== undefined) target.commit = { type: 'commit', hash: run.commit };
  if (run.custom !== undefined) target.selector = { type: 'custom', pattern: run.custom };
  const body: Record<string, unknown> = { target };
  if (run.variables.length > 0) body.variables = run.variables;
  return { method: 'POST', path: pipelinesPath(ctx, ref), body };
}

export function stopPipelineWrite(ctx: BitbucketContext, ref: RepoRef, pipeline: Pipeline): PlannedWrite {
  return { method: 'POST', path: `${pipelinesPath(ctx, ref)}/${enc(pipeline.uuid)}/stopPipeline` };
}

/** What a log read got: new bytes, or none yet (416: nothing past the offset; 404: no log yet or step skipped). */
export interface LogChunk {
  bytes: Uint8Array;
  /** The offset to ask from next time. */
  offset: number;
}

/**
 * The log bytes after `offset`: `Range: bytes=OFFSET-`; 206 is the new part, a 200 (Range ignored)
 * is the whole log from which the first OFFSET bytes are dropped, 416 and 404 mean nothing new yet.
 * A completed step's log answers 307 to storage on another origin, where the client drops its
 * credentials. The log is plain text: asking for JSON only gets 406.
 */
export async function readLog(
  ctx: BitbucketContext,
  ref: RepoRef,
  pipeline: Pipeline,
  step: PipelineStep,
  offset: number,
): Promise<LogChunk> {
  const path = `${pipelinesPath(ctx, ref)}/${enc(pipeline.uuid)}/steps/${enc(step.uuid)}/log`;
  const headers: Record<string, string> = { accept: 'text/plain, application/octet-stream, */*' };
  if (offset > 0) headers.range = `bytes=${offset}-`;
  const response = await ctx.http.request<Uint8Array | string>(path, { headers, responseType: 'bytes', allowErrorStatus: true });
  if (response.status === 416 || response.status === 404) return { bytes: new Uint8Array(0), offset };
  if (response.status === 206) {
    const bytes = toBytes(response.data);
    return { bytes, offset: offset + bytes.length };
  }
  if (response.status === 200) {
    const bytes = toBytes(response.data);
    return { bytes: bytes.subarray(Math.min(offset, bytes.length)), offset: Math.max(offset, bytes.length) };
  }
  throw new AtlError(
    response.status >= 500 ? 'server' : 'failure',
    `Bitbucket answered HTTP ${response.status} for the log of ${step.name ?? step.uuid}`,
  );
}

function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

/**
 * Turns log bytes into whole lines: UTF-8 decoded across chunk boundaries, a line handed out only
 * once its newline has arrived (or at `end()`), so a line split between two reads is printed once.
 */
export class LineAssembler {
  #decoder = new TextDecoder('utf-8');
  #tail = '';

  /** The complete lines in the text so far (each ending in `\n`). */
  push(bytes: Uint8Array): string {
    this.#tail += this.#decoder.decode(bytes, { stream: true });
    const cut = this.#tail.lastIndexOf('\n');
    if (cut < 0) return '';
    const lines = this.#tail.slice(0, cut + 1);
    this.#tail = this.#tail.slice(cut + 1);
    return lines;
  }

  /** What is left (a last line without a newline), with its newline. */
  end(): string {
    const rest = this.#tail + this.#decoder.decode();
    this.#tail = '';
    return rest === '' ? '' : `${rest}\n`;
  }
}
