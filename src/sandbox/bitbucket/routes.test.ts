// The sandbox's Bitbucket over HTTP: Cloud paging and refusals, and Data Center (under
// /dc-bitbucket) end to end — paging, optimistic locking, reviews, comments, merge vetoes, the
// XSRF guard, branch-utils, build statuses and the access token's project. Cloud shapes are held
// to the spec by test/contract/bitbucket.contract.test.ts.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSandbox, type Sandbox } from '../index.js';
import { bitbucketStoreOf } from './routes.js';
import { BULK_PULL_REQUESTS, DEMO_PROJECT_KEY } from './seed.js';
import { manualClock } from './store.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field in assertions; their shapes are the docs' business.
type Json = Record<string, any>;

let sandbox: Sandbox;
let ws: string;

beforeAll(async () => {
  sandbox = await startSandbox();
  ws = sandbox.credentials.bitbucketAccessToken.workspace;
});
afterAll(async () => {
  await sandbox?.stop();
});

type Who = 'cloud' | 'access' | 'dc' | 'dc-basic' | 'dc-token';

async function call(
  who: Who,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; xsrf?: boolean } = {},
): Promise<{ status: number; body: Json; text: string; headers: Headers }> {
  const c = sandbox.credentials;
  const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
  const authorization = {
    cloud: basic(c.bitbucket.email, c.bitbucket.token),
    access: `Bearer ${c.bitbucketAccessToken.token}`,
    dc: `Bearer ${c.bitbucketDatacenter.token}`,
    'dc-basic': basic(c.bitbucketDatacenter.username, c.bitbucketDatacenter.token),
    'dc-token': `Bearer ${c.bitbucketDatacenterAccessToken.token}`,
  }[who];
  const dc = who.startsWith('dc');
  const headers: Record<string, string> = { Authorization: authorization, Accept: 'application/json', ...options.headers };
  if (options.body !== undefined || (dc && method === 'POST')) headers['Content-Type'] ??= 'application/json';
  if (dc && method !== 'GET' && options.xsrf !== false) headers['X-Atlassian-Token'] = 'no-check';
  const response = await fetch(`${sandbox.url}${dc ? '/dc-bitbucket' : ''}${path}`, {
    method,
    headers,
    redirect: 'manual',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const json = /json/.test(response.headers.get('content-type') ?? '') && text ? (JSON.parse(text) as Json) : {};
  return { status: response.status, body: json, text, headers: response.headers };
}

const DC_REPO = `/rest/api/1.0/projects/${DEMO_PROJECT_KEY}/repos/demo-service`;

describe('Cloud', () => {
  test('--all over the 1,050 pull requests: `next` links give each exactly once; pagelen over 50 is refused there', async () => {
    const ids = new Set<number>();
    let url: string | undefined = `/2.0/repositories/${ws}/bulk-prs/pullrequests?pagelen=50&sort=-id`;
    let pages = 0;
    while (url) {
      const page = await call('cloud', 'GET', url);
      expect(page.status).toBe(200);
      for (const pr of page.body.values) ids.add(pr.id);
      url = page.body.next ? new URL(page.body.next).pathname + new URL(page.body.next).search : undefined;
      pages++;
    }
    expect(ids.size).toBe(BULK_PULL_REQUESTS);
    expect(pages).toBe(21);
    const tooBig = await call('cloud', 'GET', `/2.0/repositories/${ws}/bulk-prs/pullrequests?pagelen=51`);
    expect([tooBig.status, tooBig.body.error.message]).toEqual([400, 'Invalid pagelen']);
    expect((await call('cloud', 'GET', `/2.0/repositories/${ws}/demo-app/refs/branches?pagelen=100`)).status).toBe(200);
  });

  test('the list leaves participants out unless fields asks for them; q filters by author and source branch', async () => {
    const base = `/2.0/repositories/${ws}/demo-app/pullrequests`;
    const plain = await call('cloud', 'GET', base);
    expect(plain.body.values[0].participants).toBeUndefined();
    const withThem = await call('cloud', 'GET', `${base}?fields=%2Bvalues.participants`);
    expect(withThem.body.values.find((pr: Json) => pr.id === 1).participants.map((p: Json) => p.state ?? null)).toEqual(['approved', null]);
    const uuid = sandbox.credentials.bitbucket.uuid;
    const mine = await call('cloud', 'GET', `${base}?state=OPEN&state=MERGED&q=${encodeURIComponent(`author.uuid="${uuid}"`)}`);
    expect(mine.body.values.map((pr: Json) => pr.id)).toEqual([6, 4, 1]);
    const ofBranch = await call('cloud', 'GET', `${base}?q=${encodeURIComponent('source.branch.name="feature/search" AND state="OPEN"')}`);
    expect(ofBranch.body.values.map((pr: Json) => pr.id)).toEqual([2]);
  });

  test('reviewers given by name are refused; a PUT without title is refused; an omitted description is emptied', async () => {
    const base = `/2.0/repositories/${ws}/demo-app/pullrequests`;
    const byName = await call('access', 'POST', base, {
      body: { title: 'x', source: { branch: { name: 'feature/readme' } }, reviewers: [{ username: 'alice' }] },
    });
    expect([byName.status, byName.body.error.message]).toEqual([400, 'Malformed reviewers list']);
    expect((await call('access', 'PUT', `${base}/6`, { body: { description: 'x' } })).status).toBe(400);
    const edited = await call('access', 'PUT', `${base}/6`, { body: { title: 'Draft: renamed' } });
    expect([edited.body.title, edited.body.description, edited.body.reviewers]).toEqual(['Draft: renamed', '', []]);
  });

  test('pipelines: no `next` on list pages; a bare uuid is a 400; the log is refused to JSON-only clients; a finished log moves to storage; a paused manual step', async () => {
    const base = `/2.0/repositories/${ws}/demo-app/pipelines`;
    const page = await call('access', 'GET', `${base}?pagelen=1`);
    expect(page.body).toMatchObject({ page: 1, pagelen: 1, size: 4 });
    expect(page.body.next).toBeUndefined();
    const first = page.body.values[0];
    expect((await call('access', 'GET', `${base}/${first.uuid.slice(1, -1)}`)).status).toBe(400);
    const steps = await call('access', 'GET', `${base}/${encodeURIComponent(first.uuid)}/steps`);
    const log = `${base}/${encodeURIComponent(first.uuid)}/steps/${encodeURIComponent(steps.body.values[0].uuid)}/log`;
    expect((await call('access', 'GET', log)).status).toBe(406);
    // Completed: 307 to storage on another origin, which refuses credentials and honours Range.
    const hop = await call('access', 'GET', log, { headers: { Accept: '*/*' } });
    expect(hop.status).toBe(307);
    const storage = new URL(hop.headers.get('location') ?? '');
    expect(storage.origin).not.toBe(sandbox.url);
    expect(storage.host.replace('localhost', '127.0.0.1')).toBe(new URL(sandbox.url).host);
    const same = `${sandbox.url}${storage.pathname}${storage.search}`;
    const withAuth = await fetch(same, { headers: { Authorization: `Bearer ${sandbox.credentials.bitbucketAccessToken.token}` } });
    // A Bitbucket credential means nothing there (401); the site's own would be a 400 (one auth mechanism only).
    expect(withAuth.status).toBe(401);
    const cloud = sandbox.credentials.cloud;
    const siteAuth = `Basic ${Buffer.from(`${cloud.email}:${cloud.token}`).toString('base64')}`;
    expect((await fetch(same, { headers: { Authorization: siteAuth } })).status).toBe(400);
    expect(await (await fetch(same)).text()).toContain('+ npm ci');
    expect(await (await fetch(same, { headers: { Range: 'bytes=2-6' } })).text()).toBe('umask');
    const custom = await call('access', 'GET', `${base}/4`);
    expect(custom.body.state).toMatchObject({ name: 'IN_PROGRESS', stage: { name: 'PAUSED' } });
  });

  test('pipeline logs grow with the injected clock; a Range past the end is 416 until more arrives', async () => {
    const store = bitbucketStoreOf(sandbox);
    const clock = manualClock();
    store.clock = clock;
    const repo = store.repository('cloud', ws, 'demo-app')!;
    const pipeline = store.addPipeline(repo, {
      refName: 'main',
      creatorUuid: store.users[0]!.uuid,
      pendingMs: 500,
      steps: [{ name: 'Only', durationMs: 4000, log: ['one', 'two', 'three', 'four'] }],
    });
    const log = `/2.0/repositories/${ws}/demo-app/pipelines/${pipeline.buildNumber}/steps/${encodeURIComponent(pipeline.steps[0]!.uuid)}/log`;
    const get = (range?: string) => call('access', 'GET', log, { headers: { Accept: 'text/plain', ...(range ? { Range: range } : {}) } });
    expect((await get()).status).toBe(404);
    clock.advance(2000);
    expect((await get()).text).toBe('one\n');
    const empty = await get('bytes=4-');
    expect([empty.status, empty.headers.get('content-range')]).toEqual([416, 'bytes */4']);
    clock.advance(1000);
    const more = await get('bytes=4-');
    expect([more.status, more.text, more.headers.get('content-range')]).toEqual([206, 'two\n', 'bytes 4-7/8']);
    clock.advance(10_000);
    const done = await get('bytes=8-');
    expect(done.status).toBe(307);
    const storage = new URL(done.headers.get('location') ?? '');
    const rest = await fetch(`${sandbox.url}${storage.pathname}${storage.search}`, { headers: { Range: 'bytes=8-' } });
    expect([rest.status, await rest.text()]).toEqual([206, 'three\nfour\n']);
  });
});

describe('Data Center', () => {
  test('projects and repositories, with clone links of both kinds; the access token sees its project only', async () => {
    const repos = await call('dc', 'GET', `/rest/api/1.0/projects/${DEMO_PROJECT_KEY}/repos`);
    expect(repos.body.values.map((r: Json) => r.slug)).toEqual(['bulk-prs', 'demo-service', 'demo-web']);
    expect(repos.body.values[1].links.clone.map((l: Json) => l.name)).toEqual(['http', 'ssh']);
    expect(repos.body.values[1].links.clone[0].href).toMatch(
      /^http:\/\/demo@127\.0\.0\.1:\d+\/dc-bitbucket\/scm\/demo\/demo-service\.git$/,
    );
    expect((await call('dc-basic', 'GET', '/rest/api/latest/repos?name=demo')).body.values).toHaveLength(2);
    const created = await call('dc', 'POST', `/rest/api/1.0/projects/${DEMO_PROJECT_KEY}/repos`, {
      body: { name: 'New Service', scmId: 'git' },
    });
    expect([created.status, created.body.slug]).toEqual([201, 'new-service']);
    expect((await call('dc-token', 'GET', `/rest/api/1.0/projects/OTHER/repos/x`)).status).toBe(404);
  });

  test('--all over the 1,050 pull requests by start/limit/nextPageStart gives each exactly once', async () => {
    const ids = new Set<number>();
    let start: number | undefined = 0;
    while (start !== undefined) {
      const page = await call(
        'dc',
        'GET',
        `/rest/api/1.0/projects/${DEMO_PROJECT_KEY}/repos/bulk-prs/pull-requests?limit=100&start=${start}`,
      );
      for (const pr of page.body.values) ids.add(pr.id);
      start = page.body.isLastPage ? undefined : page.body.nextPageStart;
    }
    expect(ids.size).toBe(BULK_PULL_REQUESTS);
  });

  test('writes need X-Atlassian-Token: no-check (403) and a JSON content type (415)', async () => {
    const noXsrf = await call('dc', 'POST', `${DC_REPO}/pull-requests/1/comments`, { body: { text: 'x' }, xsrf: false });
    expect([noXsrf.status, noXsrf.body.errors[0].message]).toEqual([403, 'XSRF check failed']);
    const noType = await call('dc', 'POST', `${DC_REPO}/pull-requests/1/merge?version=0`, { headers: { 'Content-Type': 'text/plain' } });
    expect(noType.status).toBe(415);
  });

  test('an edit with a stale version is a 409 naming both versions; a current one moves the version', async () => {
    const pr = await call('dc', 'GET', `${DC_REPO}/pull-requests/1`);
    const reviewers = pr.body.reviewers.map((r: Json) => ({ user: { name: r.user.name } }));
    const ok = await call('dc', 'PUT', `${DC_REPO}/pull-requests/1`, { body: { version: pr.body.version, title: 'Retitled', reviewers } });
    expect([ok.status, ok.body.version, ok.body.reviewers.length]).toEqual([200, pr.body.version + 1, 2]);
    const stale = await call('dc', 'PUT', `${DC_REPO}/pull-requests/1`, { body: { version: pr.body.version, title: 'Again' } });
    expect(stale.status).toBe(409);
    expect(stale.body.errors[0]).toMatchObject({
      exceptionName: 'com.atlassian.bitbucket.pull.PullRequestOutOfDateException',
      currentVersion: pr.body.version + 1,
      expectedVersion: pr.body.version,
    });
    expect((await call('dc', 'POST', `${DC_REPO}/pull-requests/1/decline?version=0`)).status).toBe(409);
  });

  test('reviewers set APPROVED / NEEDS_WORK on themselves; the author cannot', async () => {
    const me = sandbox.credentials.bitbucketDatacenter.username;
    const approve = await call('dc', 'PUT', `${DC_REPO}/pull-requests/2/participants/${me}`, {
      body: { user: { name: me }, status: 'APPROVED' },
    });
    expect(approve.body).toMatchObject({ role: 'REVIEWER', approved: true, status: 'APPROVED' });
    const work = await call('dc', 'PUT', `${DC_REPO}/pull-requests/2/participants/${me}`, { body: { status: 'NEEDS_WORK' } });
    expect(work.body.status).toBe('NEEDS_WORK');
    expect((await call('dc', 'PUT', `${DC_REPO}/pull-requests/1/participants/${me}`, { body: { status: 'APPROVED' } })).status).toBe(400);
    expect((await call('dc', 'PUT', `${DC_REPO}/pull-requests/2/participants/alice`, { body: { status: 'APPROVED' } })).status).toBe(403);
  });

  test('comments: general with a reply in its thread, inline anchored to a diff line, outside the diff refused; activities list them', async () => {
    const base = `${DC_REPO}/pull-requests/1`;
    const general = await call('dc', 'POST', `${base}/comments`, { body: { text: 'Top' } });
    expect(general.status).toBe(201);
    await call('dc', 'POST', `${base}/comments`, { body: { text: 'Reply', parent: { id: general.body.id } } });
    const anchor = { path: 'src/login.ts', line: 5, lineType: 'ADDED', fileType: 'TO', diffType: 'EFFECTIVE' };
    const inline = await call('dc', 'POST', `${base}/comments`, { body: { text: 'Here', anchor } });
    expect(inline.body.anchor).toMatchObject({ path: 'src/login.ts', line: 5, lineType: 'ADDED', fileType: 'TO' });
    expect((await call('dc', 'POST', `${base}/comments`, { body: { text: 'No', anchor: { ...anchor, line: 99 } } })).status).toBe(409);
    expect((await call('dc', 'GET', `${base}/comments`)).status).toBe(400);
    const onFile = await call('dc', 'GET', `${base}/comments?path=src/login.ts`);
    expect(onFile.body.values.map((c: Json) => c.text)).toEqual(['Should `remember` default to true?', 'Here']);
    const activities = await call('dc', 'GET', `${base}/activities?limit=100`);
    const top = activities.body.values.find((a: Json) => a.comment?.text === 'Top');
    expect(top.comment.comments.map((c: Json) => c.text)).toEqual(['Reply']);
    expect(activities.body.values.some((a: Json) => a.comment?.text === 'Reply')).toBe(false);
  });

  test('diff as JSON and as text, and changes', async () => {
    const json = await call('dc', 'GET', `${DC_REPO}/pull-requests/1/diff`);
    expect(json.body.diffs.map((d: Json) => d.destination.toString)).toEqual(['src/login.ts', 'docs/login.md']);
    expect(json.body.diffs[0].hunks[0].segments.map((s: Json) => s.type)).toEqual(['CONTEXT', 'REMOVED', 'ADDED', 'CONTEXT']);
    const text = await call('dc', 'GET', `${DC_REPO}/pull-requests/1.diff`);
    expect(text.text).toContain('+  if (remember) session.persist(started);');
    const changes = await call('dc', 'GET', `${DC_REPO}/pull-requests/1/changes`);
    expect(changes.body.values.map((c: Json) => c.type)).toEqual(['MODIFY', 'ADD']);
  });

  test('merge: the merge check vetoes a failed build and conflicts; a clean one merges with the version it read', async () => {
    const check = await call('dc', 'GET', `${DC_REPO}/pull-requests/2/merge`);
    expect(check.body).toMatchObject({ canMerge: false, conflicted: false, outcome: 'CLEAN' });
    expect(check.body.vetoes[0].summaryMessage).toBe('Not all required builds are successful yet');
    const pr = await call('dc', 'GET', `${DC_REPO}/pull-requests/2`);
    const vetoed = await call('dc', 'POST', `${DC_REPO}/pull-requests/2/merge?version=${pr.body.version}`);
    expect([vetoed.status, vetoed.body.errors[0].exceptionName]).toEqual([
      409,
      'com.atlassian.bitbucket.pull.PullRequestMergeVetoedException',
    ]);
    expect((await call('dc', 'GET', `${DC_REPO}/pull-requests/3/merge`)).body).toMatchObject({ conflicted: true, outcome: 'CONFLICTED' });
    const web = `/rest/api/1.0/projects/${DEMO_PROJECT_KEY}/repos/demo-web/pull-requests`;
    const clean = await call('dc', 'GET', `${web}/1`);
    expect((await call('dc-token', 'POST', `${web}/1/merge?version=${clean.body.version}`)).status).toBe(400);
    const merged = await call('dc', 'POST', `${web}/1/merge?version=${clean.body.version}`, { body: { strategyId: 'squash' } });
    expect([merged.status, merged.body.state, merged.body.version]).toEqual([200, 'MERGED', clean.body.version + 1]);
  });

  test('branches through branch-utils: create from a start point, delete guarded by endPoint, dry run keeps it', async () => {
    const utils = `/rest/branch-utils/1.0/projects/${DEMO_PROJECT_KEY}/repos/demo-service/branches`;
    const made = await call('dc', 'POST', utils, { body: { name: 'topic/x', startPoint: 'refs/heads/main' } });
    expect(made.body).toMatchObject({ id: 'refs/heads/topic/x', displayId: 'topic/x' });
    expect((await call('dc', 'DELETE', utils, { body: { name: 'refs/heads/topic/x', endPoint: '0000000' } })).status).toBe(409);
    expect((await call('dc', 'DELETE', utils, { body: { name: 'refs/heads/topic/x', dryRun: true } })).status).toBe(204);
    expect((await call('dc', 'DELETE', utils, { body: { name: 'refs/heads/topic/x', endPoint: made.body.latestCommit } })).status).toBe(
      204,
    );
    const list = await call('dc', 'GET', `${DC_REPO}/branches?filterText=topic`);
    expect(list.body.values).toEqual([]);
    expect((await call('dc', 'GET', `${DC_REPO}/branches/default`)).body.displayId).toBe('main');
  });

  test('build statuses by commit: list, add, stats', async () => {
    const pr = await call('dc', 'GET', `${DC_REPO}/pull-requests/2`);
    const sha = pr.body.fromRef.latestCommit;
    const list = await call('dc', 'GET', `/rest/build-status/1.0/commits/${sha}`);
    expect(list.body.values.map((s: Json) => s.state).sort()).toEqual(['FAILED', 'SUCCESSFUL']);
    expect(
      (
        await call('dc', 'POST', `/rest/build-status/1.0/commits/${sha}`, {
          body: { state: 'INPROGRESS', key: 'e2e', url: 'https://ci/1' },
        })
      ).status,
    ).toBe(204);
    expect((await call('dc', 'GET', `/rest/build-status/1.0/commits/stats/${sha}`)).body).toEqual({
      successful: 1,
      failed: 1,
      inProgress: 1,
      cancelled: 0,
      unknown: 0,
    });
  });

  test('the pull request list filters by author and reviewer role, and by the source branch', async () => {
    const me = sandbox.credentials.bitbucketDatacenter.username;
    const list = (query: string) =>
      call('dc', 'GET', `${DC_REPO}/pull-requests?${query}`).then((r) => r.body.values.map((pr: Json) => pr.id));
    expect(await list(`state=ALL&username.1=${me}&role.1=AUTHOR`)).toEqual([6, 4, 1]);
    expect(await list(`username.1=${me}&role.1=REVIEWER`)).toEqual([3, 2]);
    expect(await list('at=refs/heads/feature/search&direction=OUTGOING')).toEqual([2]);
  });
});
