// atl bitbucket pipeline, end to end against the sandbox's clock-driven pipelines (steps progress
// and logs grow in real time): run --watch, logs --follow by Range requests, wait on a failure and
// on a manual step, stop. Pipelines are Cloud's; Data Center is refused. The workspace access token
// (Bearer) is used throughout: the sandbox's API token holds no pipeline scope.
import { expect, test } from 'vitest';
import { buildLog } from '../../src/sandbox/bitbucket/store.js';
import { bitbucketE2e } from './bitbucket-support.js';

const e2e = await bitbucketE2e();
const APP = `${e2e.workspace}/demo-app`;
const repo = e2e.store.requireRepository('cloud', e2e.workspace, 'demo-app');
e2e.store.stepMs = 2_000;
const me = e2e.sandbox.credentials.bitbucket.uuid;

test('pipeline list newest first, and view with its steps', async () => {
  const list = await e2e.atl('bearer', ['bb', 'pipeline', 'list', '--fields', 'number,status,ref', '--repo', APP]);
  expect(list.code, list.stderr).toBe(0);
  expect(list.stdout.split('\n').slice(1, 5)).toEqual([
    expect.stringMatching(/^#3\s+RUNNING\s+feature\/login/),
    expect.stringMatching(/^#4\s+PAUSED\s+main \(custom: deploy-production\)/),
    expect.stringMatching(/^#2\s+FAILED\s+feature\/search/),
    expect.stringMatching(/^#1\s+SUCCESSFUL\s+main/),
  ]);
  const view = await e2e.atl('bearer', ['bb', 'pipeline', 'view', '2', '--repo', APP]);
  expect(view.code, view.stderr).toBe(0);
  expect(view.stdout).toMatch(/^#2 FAILED on feature\/search/);
  expect(view.stdout).toMatch(/Build\s+SUCCESSFUL\s+1m 30s\nTest\s+FAILED\s+2m 0s\nDeploy\s+NOT_RUN/);
});

test('pipeline wait: exit 1 on a failed pipeline, and on one paused at a manual step, naming it', async () => {
  const failed = await e2e.atl('bearer', ['bb', 'pipeline', 'wait', '2', '--repo', APP]);
  expect(failed.code).toBe(1);
  expect(failed.stdout).toBe('#2 ended FAILED\n');
  const paused = await e2e.atl('bearer', ['bb', 'pipeline', 'wait', '4', '--repo', APP]);
  expect(paused.code).toBe(1);
  expect(paused.stdout).toBe('#4 is paused at the manual step "Deploy to production"\n');
});

test('pipeline run --custom --var --watch: exit 0 once it succeeded', async () => {
  const run = await e2e.atl('bearer', [
    'bb',
    'pipeline',
    'run',
    '--branch',
    'main',
    '--custom',
    'deploy-staging',
    '--var',
    'ENV=staging',
    '--watch',
    '--interval',
    '1',
    '--repo',
    APP,
  ]);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^#\d+ succeeded\n$/);
  const started = repo.pipelines.at(-1)!;
  expect(started).toMatchObject({ refName: 'main', variables: [{ key: 'ENV', value: 'staging' }] });
});

test('pipeline logs --follow prints each line exactly once while the steps run, by Range requests', async () => {
  const steps = [
    { name: 'Build', durationMs: 4_000, log: buildLog('npm ci', 'npm run build', 'npm run lint') },
    { name: 'Test', durationMs: 4_000, log: buildLog('npm test', 'npm run e2e') },
  ];
  const pipeline = e2e.store.addPipeline(repo, { refName: 'main', creatorUuid: me, steps, pendingMs: 0 });
  const before = e2e.sandbox.requests.length;
  const follow = await e2e.atl('bearer', [
    'bb',
    'pipeline',
    'logs',
    String(pipeline.buildNumber),
    '--follow',
    '--interval',
    '1',
    '--repo',
    APP,
  ]);
  expect(follow.code, follow.stderr).toBe(0);
  expect(follow.stdout).toBe(steps.map((s) => `==> ${s.name}\n${s.log.map((line) => `${line}\n`).join('')}`).join(''));
  const ranges = e2e.sandbox.requests.slice(before).filter((r) => r.path.endsWith('/log') && r.status === 206);
  expect(ranges.length).toBeGreaterThan(1);
});

test('pipeline stop, then DC refuses pipelines with a hint', async () => {
  const pipeline = e2e.store.addPipeline(repo, {
    refName: 'main',
    creatorUuid: me,
    steps: [{ name: 'Long', durationMs: 600_000, log: buildLog('sleep 600') }],
  });
  const stop = await e2e.atl('bearer', ['bb', 'pipeline', 'stop', String(pipeline.buildNumber), '--repo', APP]);
  expect(stop.code, stop.stderr).toBe(0);
  expect(pipeline.stoppedAt).not.toBeNull();
  const dc = await e2e.atl('dc', ['bb', 'pipeline', 'list', '--repo', 'DEMO/demo-web']);
  expect(dc.code).toBe(2);
  expect(dc.stderr).toContain('hint: on Data Center, build results come from `atl bb build status [COMMIT]`');
});
