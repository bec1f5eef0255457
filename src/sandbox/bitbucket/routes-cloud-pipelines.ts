/**
 * Bitbucket Pipelines (Cloud): list (oldest first unless `sort=-created_on`; pages carry no
 * `next`, as Bitbucket's pipeline lists were seen to), get by `{uuid}` or build number, run on a
 * branch, a commit or a custom pipeline with variables, stop, steps, and each step's log. State
 * comes from the store's clock (pipelines.ts). The log honours `Range: bytes=N-` with 206, and 416
 * when nothing lies beyond N yet; it is plain text, so `Accept: application/json` alone gets 406.
 */
import type { Router } from '../router.js';
import type { SandboxRequest, SandboxResponse } from '../types.js';
import { pipelineJson, stepJson } from './cloud-json.js';
import { logText, pipelineAt } from './pipelines.js';
import { actorOf, bodyObject, cloud, cloudPage, cloudRepo, handler, isObject, str } from './route-kit.js';
import { viewOf } from './routes-cloud-repos.js';
import { BitbucketError, type BitbucketStore, buildLog, type Pipeline, type Repository } from './store.js';

const PIPELINES = '/2.0/repositories/{workspace}/{repo_slug}/pipelines';
const PIPELINE = `${PIPELINES}/{pipeline_uuid}`;

function pipelineOf(store: BitbucketStore, request: SandboxRequest): { repo: Repository; pipeline: Pipeline } {
  const repo = cloudRepo(store, request);
  const id = request.params.pipeline_uuid ?? '';
  // Bitbucket wants the braces (URL-encoded); a bare uuid is a 400 there, a build number works.
  if (/^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(id)) throw new BitbucketError(400, `Invalid pipeline UUID ${id}: it must be wrapped in braces.`);
  const pipeline = store.pipeline(repo, id);
  if (!pipeline) throw new BitbucketError(404, `No pipeline with UUID ${id}.`);
  return { repo, pipeline };
}

function stepOf(store: BitbucketStore, request: SandboxRequest) {
  const { repo, pipeline } = pipelineOf(store, request);
  const view = pipelineAt(pipeline, store.now());
  const step = view.steps.find((s) => s.def.uuid === request.params.step_uuid);
  if (!step) throw new BitbucketError(404, `No step with UUID ${request.params.step_uuid}.`);
  return { repo, pipeline, step };
}

/** Whether the client accepts a plain-text log (not only JSON). */
function acceptsText(request: SandboxRequest): boolean {
  const raw = request.headers.accept;
  const accept = (Array.isArray(raw) ? raw.join(',') : raw) ?? '*/*';
  return /\*\/\*|text\/|application\/octet-stream/i.test(accept);
}

function logResponse(request: SandboxRequest, text: string): SandboxResponse {
  const bytes = Buffer.from(text, 'utf8');
  const headers = { 'Content-Type': 'text/plain;charset=UTF-8', 'Accept-Ranges': 'bytes' };
  const rawRange = request.headers.range;
  const range = Array.isArray(rawRange) ? rawRange[0] : rawRange;
  const parsed = range ? /^bytes=(\d+)-(\d*)$/.exec(range.trim()) : null;
  if (!parsed) return { status: 200, body: bytes, headers };
  const start = Number(parsed[1]);
  if (start >= bytes.length)
    return { status: 416, body: Buffer.alloc(0), headers: { ...headers, 'Content-Range': `bytes */${bytes.length}` } };
  const end = parsed[2] ? Math.min(Number(parsed[2]), bytes.length - 1) : bytes.length - 1;
  return {
    status: 206,
    body: bytes.subarray(start, end + 1),
    headers: { ...headers, 'Content-Range': `bytes ${start}-${end}/${bytes.length}` },
  };
}

export function registerCloudPipelineRoutes(router: Router, store: BitbucketStore): void {
  router
    .add(
      'GET',
      PIPELINES,
      handler((r) => {
        const repo = cloudRepo(store, r);
        const now = store.now();
        const branch = r.query.get('target.branch') ?? r.query.get('target.ref_name');
        const status = r.query.get('status')?.toUpperCase();
        let pipelines = repo.pipelines.filter((p) => !branch || p.refName === branch);
        if (status) {
          pipelines = pipelines.filter((p) => {
            const view = pipelineAt(p, now);
            return [view.state, view.result, view.stage].includes(status as never);
          });
        }
        const sort = r.query.get('sort') ?? 'created_on';
        const sign = sort.startsWith('-') ? -1 : 1;
        pipelines = [...pipelines].sort((a, b) => sign * (a.createdOn - b.createdOn || a.buildNumber - b.buildNumber));
        const v = viewOf(store, r);
        return cloudPage(r, pipelines, (p) => pipelineJson(v, repo, p), { omitNext: true });
      }),
      cloud,
    )
    .add(
      'POST',
      PIPELINES,
      handler((r) => {
        const repo = cloudRepo(store, r);
        const body = bodyObject(r);
        const target = isObject(body.target) ? body.target : undefined;
        if (!target) throw new BitbucketError(400, 'target: This field is required.');
        const refName = str(target.ref_name);
        const commitHash = isObject(target.commit) ? str(target.commit.hash) : undefined;
        const selector = isObject(target.selector) ? target.selector : undefined;
        const custom = selector && selector.type === 'custom' ? str(selector.pattern) : undefined;
        if (selector && selector.type === 'custom' && !custom)
          throw new BitbucketError(400, 'target.selector.pattern: This field is required.');
        if (!refName && !commitHash) throw new BitbucketError(400, 'target: give ref_name or commit.hash.');
        if (refName && !repo.branches.has(refName)) throw new BitbucketError(400, `target.ref_name: branch ${refName} does not exist.`);
        const commit = commitHash ? store.resolveCommit(repo, commitHash) : repo.branches.get(refName!);
        if (!commit) throw new BitbucketError(400, `target.commit.hash: commit ${commitHash} does not exist.`);
        const variables: Array<{ key: string; value: string; secured: boolean }> = [];
        if (body.variables !== undefined) {
          if (!Array.isArray(body.variables)) throw new BitbucketError(400, 'variables: must be a list.');
          for (const item of body.variables) {
            const key = isObject(item) ? str(item.key) : undefined;
            if (!key || !isObject(item)) throw new BitbucketError(400, 'variables: each variable needs a key.');
            variables.push({ key, value: str(item.value) ?? '', secured: item.secured === true });
          }
        }
        const echo = variables.map((v) => `+ echo "${v.key}=${v.secured ? '$$$$$$$$' : v.value}"`);
        const pipeline = store.addPipeline(repo, {
          refName: refName ?? repo.mainBranch,
          commit,
          creatorUuid: actorOf(store, r).uuid,
          ...(custom ? { custom } : {}),
          variables,
          trigger: 'MANUAL',
          steps: [
            { name: 'Build', durationMs: store.stepMs, log: [...echo, ...buildLog('npm ci', 'npm run build')] },
            { name: custom ?? 'Test', durationMs: store.stepMs, log: buildLog(custom ? `./${custom}.sh` : 'npm test') },
          ],
        });
        const v = viewOf(store, r);
        return { status: 201, body: pipelineJson(v, repo, pipeline) };
      }),
      cloud,
    )
    .add(
      'GET',
      PIPELINE,
      handler((r) => {
        const { repo, pipeline } = pipelineOf(store, r);
        return { status: 200, body: pipelineJson(viewOf(store, r), repo, pipeline) };
      }),
      cloud,
    )
    .add(
      'POST',
      `${PIPELINE}/stopPipeline`,
      handler((r) => {
        const { pipeline } = pipelineOf(store, r);
        if (pipelineAt(pipeline, store.now()).state === 'COMPLETED') throw new BitbucketError(400, 'The pipeline has already completed.');
        pipeline.stoppedAt = store.now();
        return { status: 204 };
      }),
      cloud,
    )
    .add(
      'GET',
      `${PIPELINE}/steps`,
      handler((r) => {
        const { repo, pipeline } = pipelineOf(store, r);
        const v = viewOf(store, r);
        return cloudPage(r, pipelineAt(pipeline, store.now()).steps, (s) => stepJson(v, repo, pipeline, s));
      }),
      cloud,
    )
    .add(
      'GET',
      `${PIPELINE}/steps/{step_uuid}`,
      handler((r) => {
        const { repo, pipeline, step } = stepOf(store, r);
        return { status: 200, body: stepJson(viewOf(store, r), repo, pipeline, step) };
      }),
      cloud,
    )
    .add(
      'GET',
      `${PIPELINE}/steps/{step_uuid}/log`,
      handler((r) => {
        const { step } = stepOf(store, r);
        if (!acceptsText(r)) throw new BitbucketError(406, 'The log is plain text: send Accept: text/plain or */*.');
        if (step.startedOn === null) throw new BitbucketError(404, 'No log exists for this step yet.');
        return logResponse(r, logText(step));
      }),
      cloud,
    );
}
