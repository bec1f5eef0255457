// What the demo seed holds (the README's Bitbucket sandbox paragraph names it), and that the empty
// seed holds only the users, the workspace and the project.
import { describe, expect, test } from 'vitest';
import { generateCredentials } from '../auth.js';
import { pipelineAt } from './pipelines.js';
import { BULK_PULL_REQUESTS, DEMO_PROJECT_KEY, seedDemo } from './seed.js';
import { BitbucketStore } from './store.js';

function seeded(demo: boolean) {
  const credentials = generateCredentials();
  const store = new BitbucketStore();
  const started = performance.now();
  seedDemo(store, credentials, { demo });
  return { store, credentials, ms: performance.now() - started };
}

describe('the demo seed', () => {
  test('each flavour has two repositories with pull requests in every state, and a bulk one with 1,050', () => {
    const { store, credentials } = seeded(true);
    const ws = credentials.bitbucketAccessToken.workspace;
    for (const [host, owner, slugs] of [
      ['cloud', ws, ['bulk-prs', 'demo-app', 'demo-lib']],
      ['dc', DEMO_PROJECT_KEY, ['bulk-prs', 'demo-service', 'demo-web']],
    ] as const) {
      expect(
        store
          .repositories(host, owner)
          .map((r) => r.slug)
          .sort(),
      ).toEqual(slugs);
      const repo = store.repository(host, owner, slugs[1])!;
      expect(repo.pullRequests.map((pr) => [pr.id, pr.state, pr.draft, pr.conflicted])).toEqual([
        [1, 'OPEN', false, false],
        [2, 'OPEN', false, false],
        [3, 'OPEN', false, true],
        [4, 'MERGED', false, false],
        [5, 'DECLINED', false, false],
        [6, 'OPEN', true, false],
      ]);
      const [first, second] = repo.pullRequests;
      expect(first!.comments.map((c) => [c.inline !== undefined, c.parentId !== undefined, c.severity])).toEqual([
        [false, false, 'NORMAL'],
        [false, true, 'NORMAL'],
        [true, false, 'NORMAL'],
        [false, false, 'BLOCKER'],
      ]);
      expect(first!.participants.map((p) => p.state)).toEqual(['approved', null]);
      expect(second!.participants.map((p) => p.state)).toEqual([null, 'changes_requested']);
      expect(store.statusesOf(repo, second!.source.hash).map((s) => s.state)).toEqual(['FAILED', 'SUCCESSFUL']);
      expect(store.repository(host, owner, 'bulk-prs')!.pullRequests).toHaveLength(BULK_PULL_REQUESTS);
    }
  });

  test("demo-app's pipelines: successful, failed, paused at a manual step, and running on the real clock", () => {
    const { store, credentials } = seeded(true);
    const repo = store.repository('cloud', credentials.bitbucketAccessToken.workspace, 'demo-app')!;
    const now = store.now() + 5_000;
    expect(repo.pipelines.map((p) => pipelineAt(p, now)).map((v) => [v.state, v.result ?? v.stage])).toEqual([
      ['COMPLETED', 'SUCCESSFUL'],
      ['COMPLETED', 'FAILED'],
      ['IN_PROGRESS', 'RUNNING'],
      ['IN_PROGRESS', 'PAUSED'],
    ]);
  });

  test('the empty seed has the users, the workspace and the project, and no repositories', () => {
    const { store, credentials } = seeded(false);
    expect(store.workspace(credentials.bitbucketAccessToken.workspace)).toBeDefined();
    expect(store.project('dc', DEMO_PROJECT_KEY)).toBeDefined();
    expect(store.repositories('cloud')).toEqual([]);
    expect(store.userByName(credentials.bitbucketDatacenter.username)?.dcId).toBe(credentials.bitbucketDatacenter.userId);
  });
});
