// Contract test: every Bitbucket Cloud route the sandbox serves answers, and takes requests, in the
// shapes of ../shared/specs/bitbucket.json — reads with the API token (Basic), writes with the
// workspace access token (Bearer), each exchange checked by the same validator the e2e tests use.
// Request bodies carry `type` only as the pipeline discriminators, as clients send them; the spec's
// demand for `type` on every request object is a known defect (test/support/openapi.ts).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bitbucketStoreOf } from '../../src/sandbox/bitbucket/routes.js';
import { manualClock } from '../../src/sandbox/bitbucket/store.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { createOpenApiValidator, KNOWN_SPEC_DEFECTS, type OpenApiValidator } from '../support/openapi.js';
import { contractSpecs } from './specs.js';

const { specsDir, available } = contractSpecs();

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field; their shapes are what the validator checks.
type Json = Record<string, any>;

describe.skipIf(!available)('Bitbucket Cloud routes match bitbucket.json', () => {
  let sandbox: Sandbox;
  let ws: string;
  let validator: OpenApiValidator;

  beforeAll(async () => {
    validator = createOpenApiValidator(specsDir);
    sandbox = await startSandbox({ validator });
    ws = sandbox.credentials.bitbucketAccessToken.workspace;
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  async function call(
    method: string,
    path: string,
    options: { body?: unknown; basic?: boolean; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: Json; text: string; headers: Headers }> {
    const c = sandbox.credentials;
    const authorization = options.basic
      ? `Basic ${Buffer.from(`${c.bitbucket.email}:${c.bitbucket.token}`).toString('base64')}`
      : `Bearer ${c.bitbucketAccessToken.token}`;
    const headers: Record<string, string> = { Authorization: authorization, Accept: 'application/json', ...options.headers };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers,
      redirect: 'manual',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    const isJson = /json/.test(response.headers.get('content-type') ?? '');
    return { status: response.status, body: isJson && text ? (JSON.parse(text) as Json) : {}, text, headers: response.headers };
  }

  test('reads of repositories, branches, pull requests, statuses and members', async () => {
    const repo = `/2.0/repositories/${ws}/demo-app`;
    const reads: Array<[string, number]> = [
      [`/2.0/repositories/${ws}`, 200],
      [`/2.0/repositories/${ws}?q=name~"demo"&pagelen=1`, 200],
      [repo, 200],
      [`${repo}/refs/branches`, 200],
      [`${repo}/refs/branches/feature%2Flogin`, 200],
      [`${repo}/pullrequests`, 200],
      [`${repo}/pullrequests?state=OPEN&state=MERGED&state=DECLINED&fields=%2Bvalues.participants,%2Bvalues.reviewers`, 200],
      [`${repo}/pullrequests?q=source.branch.name="feature/login" AND state="OPEN"`, 200],
      [`${repo}/pullrequests/1`, 200],
      [`${repo}/pullrequests/1/comments`, 200],
      [`${repo}/pullrequests/1/comments/1`, 200],
      [`${repo}/pullrequests/2/statuses`, 200],
      [`${repo}/pullrequests/1/diff`, 302],
      [`${repo}/pullrequests/1/diffstat`, 302],
      [`${repo}/pullrequests/3/conflicts`, 302],
      [`/2.0/workspaces/${ws}/members`, 200],
    ];
    for (const [path, status] of reads) expect((await call('GET', path, { basic: true })).status, path).toBe(status);
    const pr = await call('GET', `${repo}/pullrequests/2`, { basic: true });
    const statuses = await call('GET', `/2.0/repositories/${ws}/demo-app/commit/${pr.body.source.commit.hash}/statuses`, { basic: true });
    expect(statuses.body.values.map((s: Json) => s.state).sort()).toEqual(['FAILED', 'SUCCESSFUL']);
    expect(sandbox.violations).toEqual([]);
  });

  test('the diff, diffstat and conflicts follow their 302 on the same host', async () => {
    const repo = `/2.0/repositories/${ws}/demo-app`;
    for (const [kind, id] of [
      ['diff', 1],
      ['diffstat', 1],
      ['conflicts', 3],
    ] as const) {
      const hop = await call('GET', `${repo}/pullrequests/${id}/${kind}`, { basic: true });
      const location = new URL(hop.headers.get('location') ?? '');
      expect(location.origin).toBe(sandbox.url);
      const target = await call('GET', `${location.pathname}${location.search}`, { basic: true });
      expect(target.status).toBe(200);
      if (kind === 'diff') expect(target.text).toContain('+export function login(user: string, remember = false) {');
      if (kind === 'diffstat')
        expect(target.body.values.map((d: Json) => [d.status, d.lines_added, d.lines_removed])).toEqual([
          ['modified', 4, 2],
          ['added', 3, 0],
        ]);
      if (kind === 'conflicts') expect(target.body.values.map((c: Json) => c.path)).toEqual(['src/app.ts']);
    }
    expect(sandbox.violations).toEqual([]);
  });

  test('writes: repository, branch, pull request, review, comments, status, decline and merge', async () => {
    const created = await call('POST', `/2.0/repositories/${ws}/contract-repo`, {
      body: {
        scm: 'git',
        is_private: true,
        description: 'made by the contract test',
        project: { key: 'PROJ' },
      },
    });
    expect(created.status).toBe(200);
    const repo = `/2.0/repositories/${ws}/demo-lib`;
    const main = await call('GET', `${repo}/refs/branches/main`);
    const branch = await call('POST', `${repo}/refs/branches`, {
      body: { name: 'feature/contract', target: { hash: main.body.target.hash } },
    });
    expect(branch.status).toBe(201);
    const members = await call('GET', `/2.0/workspaces/${ws}/members`);
    const alice = members.body.values.find((m: Json) => m.user.display_name === 'Alice Reviewer').user;
    // The access token acts as its own user, so the demo user can review this one.
    const made = await call('POST', `${repo}/pullrequests`, {
      body: {
        title: 'Contract change',
        description: 'Body',
        source: { branch: { name: 'feature/contract' } },
        destination: { branch: { name: 'main' } },
        reviewers: [{ uuid: alice.uuid }],
        close_source_branch: true,
      },
    });
    expect(made.status).toBe(201);
    const pr = `${repo}/pullrequests/${made.body.id}`;
    expect(
      (
        await call('PUT', pr, {
          body: { title: 'Contract change, edited', reviewers: [{ uuid: alice.uuid }] },
        })
      ).status,
    ).toBe(200);
    expect((await call('POST', `${pr}/approve`)).body.error.message).toBe("You can't approve your own pull request.");
    // Alice's pull request: the access token's bot user reviews it.
    const hers = `${repo}/pullrequests/2`;
    expect((await call('POST', `${hers}/approve`)).body).toMatchObject({ approved: true, state: 'approved', role: 'PARTICIPANT' });
    expect((await call('DELETE', `${hers}/approve`)).status).toBe(204);
    expect((await call('POST', `${hers}/request-changes`)).body.state).toBe('changes_requested');
    expect((await call('DELETE', `${hers}/request-changes`)).status).toBe(204);
    const comment = await call('POST', `${pr}/comments`, { body: { content: { raw: 'A general note' } } });
    expect(comment.status).toBe(201);
    const inline = await call('POST', `${pr}/comments`, {
      body: { content: { raw: 'Inline' }, inline: { path: 'docs/feature-contract.md', to: 1 } },
    });
    expect(inline.body.inline).toEqual({ path: 'docs/feature-contract.md', to: 1 });
    expect(
      (
        await call('POST', `${pr}/comments`, {
          body: { content: { raw: 'Reply' }, parent: { id: comment.body.id } },
        })
      ).status,
    ).toBe(201);
    const head = made.body.source.commit.hash as string;
    const full = (await call('GET', `${repo}/refs/branches/feature%2Fcontract`)).body.target.hash as string;
    expect(full.startsWith(head)).toBe(true);
    const status = await call('POST', `${repo}/commit/${full}/statuses/build`, {
      body: { key: 'ci', state: 'FAILED', name: 'CI', url: 'https://ci.example.com/1' },
    });
    expect(status.status).toBe(201);
    expect((await call('GET', `${repo}/commit/${full}/statuses/build/ci`)).body.state).toBe('FAILED');
    // The API merges despite the failed build (only branch restrictions would stop it); demo-lib answers 202 + a task.
    const merged = await call('POST', `${pr}/merge`, {
      body: { merge_strategy: 'squash', message: 'Squashed', close_source_branch: true },
    });
    expect(merged.status).toBe(202);
    const task = new URL(merged.headers.get('location') ?? '');
    expect((await call('GET', task.pathname)).body.task_status).toBe('PENDING');
    const done = await call('GET', task.pathname);
    expect(done.body.task_status).toBe('SUCCESS');
    expect(done.body.merge_result.state).toBe('MERGED');
    expect((await call('GET', `${repo}/refs/branches/feature%2Fcontract`)).status).toBe(404);

    const other = await call('POST', `${repo}/pullrequests`, {
      body: { title: 'To decline', source: { branch: { name: 'feature/search' } } },
    });
    expect((await call('POST', `${repo}/pullrequests/${other.body.id}/decline`)).body.state).toBe('DECLINED');
    expect((await call('POST', `${repo}/refs/branches`, { body: { name: 'tmp', target: { hash: full } } })).status).toBe(201);
    expect((await call('DELETE', `${repo}/refs/branches/tmp`)).status).toBe(204);
    expect(sandbox.violations).toEqual([]);
  });

  test('pipelines: list, run, steps, logs by range, stop', async () => {
    const store = bitbucketStoreOf(sandbox);
    const clock = manualClock();
    store.clock = clock;
    const repo = `/2.0/repositories/${ws}/demo-app`;
    expect((await call('GET', `${repo}/pipelines?sort=-created_on&pagelen=2`)).body.values).toHaveLength(2);
    const run = await call('POST', `${repo}/pipelines`, {
      body: {
        target: { type: 'pipeline_ref_target', ref_type: 'branch', ref_name: 'main', selector: { type: 'custom', pattern: 'nightly' } },
        variables: [{ key: 'LEVEL', value: 'full' }],
      },
    });
    expect(run.status).toBe(201);
    const pipeline = `${repo}/pipelines/${encodeURIComponent(run.body.uuid)}`;
    expect(run.body.state.name).toBe('PENDING');
    clock.advance(1_000 + store.stepMs / 2);
    const steps = await call('GET', `${pipeline}/steps`);
    expect(steps.body.values.map((s: Json) => s.state.name)).toEqual(['IN_PROGRESS', 'PENDING']);
    const log = `${pipeline}/steps/${encodeURIComponent(steps.body.values[0].uuid)}/log`;
    const first = await call('GET', log, { headers: { Accept: 'text/plain' } });
    expect(first.status).toBe(200);
    expect(first.text).toContain('LEVEL=full');
    const offset = Buffer.byteLength(first.text);
    expect((await call('GET', log, { headers: { Accept: 'text/plain', Range: `bytes=${offset}-` } })).status).toBe(416);
    clock.advance(store.stepMs / 4);
    const more = await call('GET', log, { headers: { Accept: 'text/plain', Range: `bytes=${offset}-` } });
    expect(more.status).toBe(206);
    expect(first.text + more.text).toBe((await call('GET', log, { headers: { Accept: 'text/plain' } })).text);
    expect((await call('GET', `${repo}/pipelines/${run.body.build_number}`)).body.state.stage.name).toBe('RUNNING');
    expect((await call('POST', `${pipeline}/stopPipeline`)).status).toBe(204);
    const stopped = await call('GET', pipeline);
    expect(stopped.body.state.result.name).toBe('STOPPED');
    expect((await call('POST', `${pipeline}/stopPipeline`)).status).toBe(400);
    const main = (await call('GET', `${repo}/refs/branches/main`)).body.target.hash as string;
    const onCommit = await call('POST', `${repo}/pipelines`, {
      body: { target: { type: 'pipeline_commit_target', commit: { type: 'commit', hash: main }, selector: { type: 'default' } } },
    });
    expect(onCommit.body.target).toMatchObject({ type: 'pipeline_commit_target', commit: { hash: main } });
    const byCommit = await call('GET', `${repo}/pipelines?target.commit.hash=${main}&sort=-created_on`);
    expect(byCommit.body.values[0].uuid).toBe(onCommit.body.uuid);
    // The stopped step's log has moved to storage: a 307 whose target answers without credentials.
    const moved = await call('GET', log, { headers: { Accept: 'text/plain' } });
    expect(moved.status).toBe(307);
    const storage = new URL(moved.headers.get('location') ?? '');
    const stored = await fetch(`${sandbox.url}${storage.pathname}${storage.search}`);
    expect(await stored.text()).toBe(first.text + more.text);
    expect(sandbox.violations).toEqual([]);
  });

  test('the allow-list hides only what it names: each Bitbucket spec defect occurred above and was excused', () => {
    const reasons = new Set(validator.excused.map((e) => e.reason));
    for (const defect of KNOWN_SPEC_DEFECTS.filter((d) => d.file === 'bitbucket.json'))
      expect(reasons, defect.reason).toContain(defect.reason);
    // The log storage hop is allowed as unspecified (not an Atlassian API), and was recorded as such.
    expect(validator.unspecified.some((u) => u.path.startsWith('/rest/atl-sandbox/1.0/bitbucket/log-storage/'))).toBe(true);
  });
});
