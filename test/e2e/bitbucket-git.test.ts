// atl bitbucket from inside a git checkout: the repository comes from the `origin` remote (SSH and
// HTTPS URLs of bitbucket.org and of the Data Center site), the current branch is the PR source.
// The remote is a local bare repository that git reaches through `url.<bare>.insteadOf`, so the
// remote keeps its Bitbucket-shaped URL while fetches and pushes stay on this machine.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { bitbucketCheckout, bitbucketE2e } from './bitbucket-support.js';

const e2e = await bitbucketE2e();
const dir = mkdtempSync(join(tmpdir(), 'atl-bb-git-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const outside = join(dir, 'outside');
mkdirSync(outside);
const CLOUD_SSH = `git@bitbucket.org:${e2e.workspace}/demo-app.git`;
const { work, git } = bitbucketCheckout(dir, CLOUD_SSH);
const setOrigin = (url: string) => git('remote', 'set-url', 'origin', url);
const inWork = { cwd: work };

test('Cloud over SSH: pr view without an ID is the open PR of the current branch', async () => {
  git('checkout', '-q', 'feature/login');
  try {
    const view = await e2e.atl('bearer', ['bb', 'pr', 'view', '--json'], inWork);
    expect(view.code, view.stderr).toBe(0);
    expect(JSON.parse(view.stdout)).toMatchObject({ id: 1, source: { branch: { name: 'feature/login' } } });
  } finally {
    git('checkout', '-q', 'main');
  }
});

test('Cloud over HTTPS (with a user in the URL), Data Center over HTTPS with a context path and over SSH', async () => {
  try {
    setOrigin(`https://x-token-auth@bitbucket.org/${e2e.workspace}/demo-app.git`);
    const cloud = await e2e.atl('cloud', ['bb', 'repo', 'view', '--json'], inWork);
    expect(cloud.code, cloud.stderr).toBe(0);
    expect(JSON.parse(cloud.stdout)).toMatchObject({ full_name: `${e2e.workspace}/demo-app` });
    setOrigin(`${e2e.sandbox.bitbucketDcUrl}/scm/DEMO/demo-web.git`);
    const https = await e2e.atl('dc', ['bb', 'pr', 'list', '--state', 'all', '--json'], inWork);
    expect(https.code, https.stderr).toBe(0);
    expect(JSON.parse(https.stdout)).toHaveLength(6);
    setOrigin(`ssh://git@${new URL(e2e.sandbox.bitbucketDcUrl).hostname}:7999/DEMO/demo-web.git`);
    const ssh = await e2e.atl('dc', ['bb', 'repo', 'view', '--json'], inWork);
    expect(ssh.code, ssh.stderr).toBe(0);
    expect(JSON.parse(ssh.stdout)).toMatchObject({ slug: 'demo-web', project: { key: 'DEMO' } });
    // A Cloud login does not take a Data Center remote for its own.
    const mismatch = await e2e.atl('cloud', ['bb', 'pr', 'list'], inWork);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain('error: no remote of this checkout names a repository on Bitbucket Cloud (bitbucket.org)');
  } finally {
    setOrigin(CLOUD_SSH);
  }
});

test('outside a checkout without --repo: exit 2 with a hint', async () => {
  const run = await e2e.atl('cloud', ['bb', 'pr', 'list'], { cwd: outside });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('error: not inside a git checkout, and no --repo given');
  expect(run.stderr).toContain('hint: run this in a clone of the repository, or pass --repo WORKSPACE/REPO');
});

test('pr checkout fetches the source branch and checks it out', async () => {
  const run = await e2e.atl('bearer', ['bb', 'pr', 'checkout', '1'], inWork);
  try {
    expect(run.code, run.stderr).toBe(0);
    expect(git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('feature/login');
    expect(git('rev-parse', 'HEAD')).toBe(git('rev-parse', 'origin/feature/login'));
  } finally {
    git('checkout', '-q', 'main');
  }
});

test('pr create refuses a branch that is not pushed; once pushed, title and body come from its commit', async () => {
  git('checkout', '-q', '-b', 'topic/git');
  try {
    git('commit', '--allow-empty', '-q', '-m', 'Add the git test', '-m', 'Made from a checkout.');
    const unpushed = await e2e.atl('bearer', ['bb', 'pr', 'create'], inWork);
    expect(unpushed.code).toBe(2);
    expect(unpushed.stderr).toContain('hint: push it first: git push -u origin topic/git');
    git('push', '-q', '-u', 'origin', 'topic/git');
    const repo = e2e.store.requireRepository('cloud', e2e.workspace, 'demo-app');
    e2e.store.importRefs(repo, [{ name: 'topic/git', hash: repo.branches.get('main')! }]);
    const created = await e2e.atl('bearer', ['bb', 'pr', 'create'], inWork);
    expect(created.code, created.stderr).toBe(0);
    expect(repo.pullRequests.at(-1)).toMatchObject({
      title: 'Add the git test',
      description: 'Made from a checkout.',
      source: { branch: 'topic/git' },
    });
  } finally {
    git('checkout', '-q', 'main');
  }
});
