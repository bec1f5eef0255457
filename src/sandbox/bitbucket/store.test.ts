// The Bitbucket store on its own: commits and branches, pull requests following their branches,
// merges by strategy, the pipeline clock, the unified-diff reader and the BBQL subset.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { filterByQuery } from './bbql.js';
import { linesAdded, linesRemoved, parseUnifiedDiff } from './diff.js';
import { logText, pipelineAt } from './pipelines.js';
import { BitbucketError, BitbucketStore, manualClock, type Repository } from './store.js';

function fixture() {
  const clock = manualClock();
  const store = new BitbucketStore({ clock });
  const me = store.addUser({ name: 'me', displayName: 'Me' });
  const other = store.addUser({ name: 'other', displayName: 'Other' });
  const repo = store.addRepository({ host: 'cloud', owner: 'ws', slug: 'repo' });
  const main = repo.branches.get('main')!;
  const feature = store.addCommit(repo, { message: 'Feature', parents: [main], seed: 'feature' });
  store.setBranch(repo, 'feature', feature.hash);
  return { clock, store, me, other, repo, main, feature: feature.hash };
}

describe('commits and branches', () => {
  test('a branch is created from a branch name, a full hash or a unique prefix; unknown refs are refused', () => {
    const { store, repo, feature } = fixture();
    expect(store.createBranch(repo, 'a', 'feature')).toBe(feature);
    expect(store.createBranch(repo, 'b', feature.slice(0, 10))).toBe(feature);
    expect(() => store.createBranch(repo, 'c', 'nope')).toThrow(BitbucketError);
    expect(() => store.createBranch(repo, 'a', 'main')).toThrow('already exists');
  });

  test('importRefs mirrors `git for-each-ref` output, and open pull requests follow their source branch', () => {
    const { store, repo, me } = fixture();
    const pr = store.addPullRequest(repo, { title: 'T', source: 'feature', authorUuid: me.uuid });
    const moved = 'a'.repeat(40);
    store.importRefs(repo, `feature ${moved}\nrelease/1.0 ${'b'.repeat(40)}\n`);
    expect(repo.branches.get('release/1.0')).toBe('b'.repeat(40));
    expect(pr.source.hash).toBe(moved);
  });

  test('the main branch cannot be deleted', () => {
    const { store, repo } = fixture();
    expect(() => store.deleteBranch(repo, 'main')).toThrow('main branch');
  });
});

describe('a real local repository mirrored into the store', () => {
  test('its commits (git log), branches (git for-each-ref) and a pull request with its git diff agree with git, and fast-forward', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atl-bb-git-'));
    try {
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], {
          cwd: dir,
          encoding: 'utf8',
        });
      git('init', '-q');
      writeFileSync(join(dir, 'a.txt'), 'one\ntwo\n');
      git('add', '.');
      git('commit', '-qm', 'first');
      git('checkout', '-qb', 'feature/x');
      writeFileSync(join(dir, 'a.txt'), 'one\nTWO\nthree\n');
      git('commit', '-qam', 'second');
      const store = new BitbucketStore({ clock: manualClock() });
      const me = store.addUser({ name: 'me', displayName: 'Me' });
      const repo = store.addRepository({ host: 'dc', owner: 'P', slug: 'r', initialCommit: false });
      store.importLog(repo, git('log', '--all', '--format=%H%x09%P%x09%an%x09%ae%x09%at%x09%s'));
      store.importRefs(repo, git('for-each-ref', '--format=%(refname:short) %(objectname)', 'refs/heads'));
      const pr = store.addPullRequest(repo, {
        title: 'X',
        source: 'feature/x',
        authorUuid: me.uuid,
        diff: git('diff', 'main...feature/x'),
      });
      expect(pr.source.hash).toBe(git('rev-parse', 'feature/x').trim());
      expect(pr.destination.hash).toBe(git('rev-parse', 'main').trim());
      const [file] = parseUnifiedDiff(pr.diff);
      expect([file?.newPath, linesAdded(file!), linesRemoved(file!)]).toEqual(['a.txt', 2, 1]);
      expect(repo.commits.get(pr.source.hash)).toMatchObject({ message: 'second', parents: [pr.destination.hash], authorName: 'T' });
      store.merge(repo, pr, { byUuid: me.uuid, strategy: 'fast_forward' });
      expect(repo.branches.get('main')).toBe(pr.source.hash);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pull requests', () => {
  function merged(strategy: string) {
    const f = fixture();
    const pr = f.store.addPullRequest(f.repo, { title: 'T', source: 'feature', authorUuid: f.me.uuid, closeSourceBranch: true });
    f.store.merge(f.repo, pr, { byUuid: f.other.uuid, strategy });
    return { ...f, pr, head: f.repo.branches.get('main')! };
  }

  test('merge_commit adds a commit with both parents; squash one with the destination only; fast_forward moves main to the source', () => {
    const merge = merged('merge_commit');
    expect(merge.repo.commits.get(merge.head)?.parents).toEqual([merge.main, merge.feature]);
    expect(merge.pr).toMatchObject({ state: 'MERGED', mergeCommit: merge.head });
    expect(merge.repo.branches.has('feature')).toBe(false);
    const squash = merged('squash');
    expect(squash.repo.commits.get(squash.head)?.parents).toEqual([squash.main]);
    const ff = merged('fast_forward');
    expect(ff.head).toBe(ff.feature);
  });

  test('a conflicted pull request, and a fast-forward the destination has moved away from, are refused', () => {
    const { store, repo, me } = fixture();
    const pr = store.addPullRequest(repo, { title: 'T', source: 'feature', authorUuid: me.uuid, conflicted: true });
    expect(() => store.merge(repo, pr, { byUuid: me.uuid, strategy: 'merge_commit' })).toThrow('merge conflicts');
    pr.conflicted = false;
    store.setBranch(repo, 'main', store.addCommit(repo, { message: 'Elsewhere', parents: [repo.branches.get('main')!], seed: 'x' }).hash);
    expect(() => store.merge(repo, pr, { byUuid: me.uuid, strategy: 'fast_forward' })).toThrow('fast-forward');
  });

  test('an update replaces the reviewers and moves the version; reviews are kept for reviewers who stay', () => {
    const { store, repo, me, other } = fixture();
    const third = store.addUser({ name: 'third', displayName: 'Third' });
    const pr = store.addPullRequest(repo, { title: 'T', source: 'feature', authorUuid: me.uuid, reviewers: [other.uuid, third.uuid] });
    store.review(pr, other.uuid, 'approved');
    store.updatePullRequest(pr, { title: 'T2', reviewers: [other.uuid] }, repo);
    expect(pr.participants.map((p) => [p.uuid, p.state])).toEqual([[other.uuid, 'approved']]);
    expect(pr.version).toBe(1);
  });

  test('seedPullRequests makes thousands in memory', () => {
    const { store, repo, me } = fixture();
    expect(store.seedPullRequests(repo, 1200, { authorUuid: me.uuid })).toHaveLength(1200);
    expect(repo.pullRequests.at(-1)?.id).toBe(1200);
  });
});

describe('pipelines on a manual clock', () => {
  function pipeline(repo: Repository, store: BitbucketStore, uuid: string) {
    return store.addPipeline(repo, {
      refName: 'main',
      creatorUuid: uuid,
      pendingMs: 1000,
      steps: [
        { name: 'Build', durationMs: 10_000, log: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] },
        { name: 'Test', durationMs: 10_000, outcome: 'FAILED', log: ['x', 'y'] },
        { name: 'Deploy', durationMs: 10_000 },
      ],
    });
  }

  test('steps run one after another, the log grows with elapsed time, and a failure leaves the rest NOT_RUN', () => {
    const { store, repo, me, clock } = fixture();
    const p = pipeline(repo, store, me.uuid);
    expect(pipelineAt(p, clock.now()).state).toBe('PENDING');
    clock.advance(1000 + 3000);
    let view = pipelineAt(p, clock.now());
    expect(view).toMatchObject({ state: 'IN_PROGRESS', stage: 'RUNNING' });
    expect(view.steps.map((s) => s.state)).toEqual(['IN_PROGRESS', 'PENDING', 'PENDING']);
    expect(logText(view.steps[0]!)).toBe('a\nb\nc\n');
    clock.advance(7000 + 10_000);
    view = pipelineAt(p, clock.now());
    expect(view).toMatchObject({ state: 'COMPLETED', result: 'FAILED' });
    expect(view.steps.map((s) => s.result)).toEqual(['SUCCESSFUL', 'FAILED', 'NOT_RUN']);
    expect(logText(view.steps[0]!)).toBe('a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n');
  });

  test('a stop ends the running step as STOPPED and keeps its partial log', () => {
    const { store, repo, me, clock } = fixture();
    const p = pipeline(repo, store, me.uuid);
    clock.advance(1000 + 5000);
    p.stoppedAt = clock.now();
    clock.advance(60_000);
    const view = pipelineAt(p, clock.now());
    expect(view).toMatchObject({ state: 'COMPLETED', result: 'STOPPED' });
    expect(view.steps.map((s) => s.result)).toEqual(['STOPPED', 'NOT_RUN', 'NOT_RUN']);
    expect(view.steps[0]!.logLines).toBe(5);
  });

  test('a manual step pauses the pipeline until it is triggered', () => {
    const { store, repo, me, clock } = fixture();
    const p = store.addPipeline(repo, {
      refName: 'main',
      creatorUuid: me.uuid,
      pendingMs: 0,
      steps: [
        { name: 'Build', durationMs: 1000 },
        { name: 'Deploy', durationMs: 1000, manual: true },
      ],
    });
    clock.advance(5000);
    expect(pipelineAt(p, clock.now())).toMatchObject({ state: 'IN_PROGRESS', stage: 'PAUSED' });
    p.steps[1]!.triggeredAt = clock.now();
    clock.advance(1000);
    expect(pipelineAt(p, clock.now())).toMatchObject({ state: 'COMPLETED', result: 'SUCCESSFUL' });
  });
});

describe('the unified diff reader', () => {
  test('files, statuses and line numbers as git prints them', () => {
    const files = parseUnifiedDiff(
      [
        'diff --git a/a.txt b/a.txt',
        'index 1..2 100644',
        '--- a/a.txt',
        '+++ b/a.txt',
        '@@ -1,3 +1,3 @@',
        ' one',
        '-two',
        '+TWO',
        ' three',
        'diff --git a/new.txt b/new.txt',
        'new file mode 100644',
        '--- /dev/null',
        '+++ b/new.txt',
        '@@ -0,0 +1 @@',
        '+hello',
        '\\ No newline at end of file',
        '',
      ].join('\n'),
    );
    expect(files.map((f) => [f.status, f.oldPath, f.newPath, linesAdded(f), linesRemoved(f)])).toEqual([
      ['modified', 'a.txt', 'a.txt', 1, 1],
      ['added', null, 'new.txt', 1, 0],
    ]);
    expect(files[0]!.hunks[0]!.lines.map((l) => [l.kind, l.oldLine, l.newLine])).toEqual([
      ['context', 1, 1],
      ['removed', 2, null],
      ['added', null, 2],
      ['context', 3, 3],
    ]);
  });
});

describe('BBQL', () => {
  const items = [
    { name: 'alpha', state: 'OPEN' },
    { name: 'beta', state: 'MERGED' },
    { name: 'Gamma', state: 'OPEN' },
  ];
  const fields = { name: (i: (typeof items)[number]) => i.name, state: (i: (typeof items)[number]) => i.state };

  test('=, ~ (case-insensitive), AND binding tighter than OR, parentheses', () => {
    const names = (q: string) => filterByQuery(items, q, fields).map((i) => i.name);
    expect(names('state = "OPEN"')).toEqual(['alpha', 'Gamma']);
    expect(names('name ~ "GAM"')).toEqual(['Gamma']);
    expect(names('state = "MERGED" OR state = "OPEN" AND name ~ "al"')).toEqual(['alpha', 'beta']);
    expect(names('(state = "MERGED" OR state = "OPEN") AND name != "beta"')).toEqual(['alpha', 'Gamma']);
  });

  test('an unknown field or a malformed query is a 400', () => {
    expect(() => filterByQuery(items, 'colour = "red"', fields)).toThrow('Invalid field name: colour');
    expect(() => filterByQuery(items, 'name = "open', fields)).toThrow(BitbucketError);
  });
});
