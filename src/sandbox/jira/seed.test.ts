import { describe, expect, test } from 'vitest';
import { searchIssues } from './jql.js';
import { DEFAULT_IDENTITIES, prng, seedDemo, seedIssues } from './seed.js';
import { JiraStore } from './store.js';

const NOW = Date.UTC(2025, 5, 11, 12, 0);

function demo(): JiraStore {
  const store = new JiraStore({ now: () => NOW });
  seedDemo(store);
  return store;
}

describe('demo seed', () => {
  test('3 projects, a few hundred issues, boards and sprints in every state', () => {
    const store = demo();
    expect(store.projects.map((p) => p.key)).toEqual(['DEMO', 'WEB', 'OPS']);
    expect(store.issues.size).toBe(300);
    expect(store.boards.map((b) => b.type)).toEqual(['scrum', 'scrum', 'kanban']);
    expect(new Set(store.sprints.map((s) => s.state))).toEqual(new Set(['closed', 'active', 'future']));
    const all = [...store.issues.values()];
    expect(new Set(all.map((i) => store.issueTypeOf(i).name))).toEqual(new Set(['Epic', 'Story', 'Task', 'Bug', 'Sub-task']));
    expect(new Set(all.map((i) => store.statusOf(i).categoryKey))).toEqual(new Set(['new', 'indeterminate', 'done']));
    expect(all.some((i) => i.comments.length > 0)).toBe(true);
    // Done issues carry a resolution; others do not.
    for (const issue of all) expect(issue.resolutionId !== null).toBe(store.statusOf(issue).categoryKey === 'done');
    // Sub-tasks sit under a standard issue of their own project.
    for (const issue of all.filter((i) => store.issueTypeOf(i).subtask)) {
      const parent = store.issue(issue.parentId ?? '');
      expect(parent?.projectId).toBe(issue.projectId);
      expect(parent && store.issueTypeOf(parent).hierarchyLevel).toBe(0);
    }
  });

  test('the demo user has work assigned and recent issues exist for relative JQL', () => {
    const store = demo();
    const mine = searchIssues(store, 'assignee = currentUser()', { currentUserId: DEFAULT_IDENTITIES.cloud.accountId, now: NOW });
    expect(mine.issues.length).toBeGreaterThan(10);
    expect(searchIssues(store, 'created >= -7d', { currentUserId: null, now: NOW }).issues.length).toBeGreaterThan(0);
    expect(store.resolveUser('demo')?.accountId).toBe(DEFAULT_IDENTITIES.cloud.accountId);
    expect(store.user(DEFAULT_IDENTITIES.serviceAccount.accountId)?.accountType).toBe('app');
  });

  test('is deterministic', () => {
    const a = demo();
    const b = demo();
    const snapshot = (store: JiraStore) =>
      [...store.issues.values()].map((i) => [i.key, i.summary, i.statusId, i.assigneeId, i.labels.join(','), i.created]);
    expect(snapshot(a)).toEqual(snapshot(b));
  });
});

describe('seedIssues', () => {
  test('1,234 issues in their own project, found by JQL', () => {
    const store = demo();
    const made = seedIssues(store, 1234, { project: 'BULK', now: NOW });
    expect(made).toHaveLength(1234);
    expect(made[0]?.key).toBe('BULK-1');
    expect(made.at(-1)?.key).toBe('BULK-1234');
    expect(searchIssues(store, 'project = BULK', { currentUserId: null, now: NOW }).issues).toHaveLength(1234);
    // Later creates continue the key sequence.
    const next = store.createIssue({ projectId: store.project('BULK')?.id as string, issueTypeId: '10002', summary: 'after' }, null);
    expect(next.key).toBe('BULK-1235');
  });

  test('50,000 issues for the benchmark', () => {
    const store = new JiraStore({ now: () => NOW });
    seedIssues(store, 50_000, { now: NOW });
    expect(store.issues.size).toBe(50_000);
    expect(store.issue('LOAD-50000')?.summary).toBe('Load test issue 50000');
  });

  test('the same seed gives the same issues; options apply to every issue', () => {
    const a = seedIssues(new JiraStore(), 50, { seed: 7, now: NOW, labels: ['bench'], assigneeId: null, summaryPrefix: 'Bench' });
    const b = seedIssues(new JiraStore(), 50, { seed: 7, now: NOW, labels: ['bench'], assigneeId: null, summaryPrefix: 'Bench' });
    expect(a.map((i) => [i.statusId, i.priorityId, i.created])).toEqual(b.map((i) => [i.statusId, i.priorityId, i.created]));
    expect(a.every((i) => i.labels.includes('bench') && i.assigneeId === null && i.summary.startsWith('Bench '))).toBe(true);
  });

  test('prng is deterministic and in [0, 1)', () => {
    const a = prng(42);
    const b = prng(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(990);
  });
});

describe('demo issue links', () => {
  test('DEMO-1 blocks DEMO-2, is blocked by DEMO-5 and relates to DEMO-3; each issue sees its links from its own side', async () => {
    const { issue: renderIssue } = await import('./render.js');
    const store = demo();
    const view = { store, flavour: 'cloud', baseUrl: 'https://x', siteUrl: 'https://x' } as Parameters<typeof renderIssue>[0];
    const links = (key: string) =>
      (
        renderIssue(view, store.requireIssue(key), { fields: (id) => id === 'issuelinks' }).fields as { issuelinks: unknown[] }
      ).issuelinks.map((link) => {
        const l = link as { type: { inward: string; outward: string }; inwardIssue?: { key: string }; outwardIssue?: { key: string } };
        return l.outwardIssue ? `${l.type.outward} ${l.outwardIssue.key}` : `${l.type.inward} ${l.inwardIssue!.key}`;
      });
    expect(links('DEMO-1')).toEqual(['blocks DEMO-2', 'is blocked by DEMO-5', 'relates to DEMO-3']);
    expect(links('DEMO-2')).toEqual(['is blocked by DEMO-1']);
    store.deleteIssue(store.requireIssue('DEMO-5'), true);
    expect(links('DEMO-1')).toEqual(['blocks DEMO-2', 'relates to DEMO-3']);
  });
});
