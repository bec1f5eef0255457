/**
 * Bitbucket Pipelines (Cloud): list (oldest first unless `sort=-created_on`; pages carry no
 * `next`, as Bitbucket's pipeline lists were seen to), get by `{uuid}` or build number, run on a
 * branch, a commit or a custom pipeline with variables, stop, steps, and each step's log. State
 * comes from the store's clock (pipelines.ts). The log honours `Range: bytes=N-` with 206, and 416
 * when nothing lies beyond N yet; it is plain text, so `Accept: application/json` alone gets 406.
 * Once the step has completed, the log moves to "long-term storage": 307 to a presigned URL on
 * another origin (the same server under its other loopback name), which refuses any credentials
 * sent along, as presigned storage does (so clients must drop them on the hop).
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Router } from '../router.js';
import type { SandboxRequest, SandboxResponse } from '../types.js';
import { pipelineJson, stepJson } from './cloud-json.js';
import { logText, pipelineAt } from './pipelines.js';
import { actorOf, bodyObject, cloud, cloudPage, cloudRepo, handler, isObject, str } from './route-kit.js';
import { viewOf } from './routes-cloud-repos.js';
import { BitbucketError, type BitbucketStore, buildLog, type Pipeline, type Repository } from './store.js';

const PIPELINES = '/2.0/repositories/{workspace}/{repo_slug}/pipelines';
/** Where completed step logs are served (the sandbox's own path, anonymous, signed in the query). */
export const LOG_STORAGE_PATH = '/rest/atl-sandbox/1.0/bitbucket/log-storage';
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

/** The same server under its other loopback name: another host to the client, so another origin. */
function storageOrigin(siteUrl: string): string {
  const url = new URL(siteUrl);
  url.hostname = url.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
  return url.origin;
}

export function registerCloudPipelineRoutes(router: Router, store: BitbucketStore): void {
  const secret = randomBytes(16);
  const sign = (id: string) => createHmac('sha256', secret).update(id).digest('base64url');
  /** Storage ids of completed steps' logs: id → where the log is. */
  const stored = new Map<string, { repo: Repository; pipeline: Pipeline; stepUuid: string }>();
  const storageIdOf = new Map<string, string>();
  router.add(
    'GET',
    `${LOG_STORAGE_PATH}/{id}`,
    (r) => {
      const entry = stored.get(r.params.id ?? '');
      const given = Buffer.from(r.query.get('sig') ?? '');
      const expected = Buffer.from(sign(r.params.id ?? ''));
      const xml = (code: string, message: string) =>
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
      const headers = { 'Content-Type': 'application/xml' };
      if (r.headers.authorization)
        return {
          status: 400,
          headers,
          body: xml(
            'InvalidArgument',
            'Only one auth mechanism allowed; the signature in the query string is one, so send no Authorization header.',
          ),
        };
      if (!entry || given.length !== expected.length || !timingSafeEqual(given, expected))
        return { status: 403, headers, body: xml('AccessDenied', 'Request has expired or the signature does not match.') };
      const step = pipelineAt(entry.pipeline, store.now()).steps.find((s) => s.def.uuid === entry.stepUuid)!;
      return logResponse(r, logText(step));
    },
    { realm: 'jira', flavours: ['cloud'], anonymous: true },
  );
  const redirectToStorage = (r: SandboxRequest, repo: Repository, pipeline: Pipeline, stepUuid: string): SandboxResponse => {
    let id = storageIdOf.get(stepUuid);
    if (!id) {
      id = randomUUID();
      storageIdOf.set(stepUuid, id);
      stored.set(id, { repo, pipeline, stepUuid });
    }
    return { status: 307, headers: { Location: `${storageOrigin(r.siteUrl)}${LOG_STORAGE_PATH}/${id}?sig=${sign(id)}` } };
  };
  router
    .add(
      'GET',
      PIPELINES,
      handler((r) => {
        const repo = cloudRepo(store, r);
        const now = store.now();
        const branch = r.query.get('target.branch') ?? r.query.get('target.ref_name');
        const status = r.query.get('status')?.toUpperCase();
        const commit = r.query.get('target.commit.hash');
        let pipelines = repo.pipelines.filter((p) => (!branch || p.refName === branch) && (!commit || p.commit.startsWith(commit)));
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
          refName: refName ?? '',
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
        const { repo, pipeline, step } = stepOf(store, r);
        if (!acceptsText(r)) throw new BitbucketError(406, 'The log is plain text: send Accept: text/plain or */*.');
        if (step.startedOn === null) throw new BitbucketError(404, 'No log exists for this step yet.');
        if (step.state === 'COMPLETED' && store.logStorageRedirect) return redirectToStorage(r, repo, pipeline, step.def.uuid);
        return logResponse(r, logText(step));
      }),
      cloud,
    );
}
