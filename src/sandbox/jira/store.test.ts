import { beforeEach, describe, expect, test } from 'vitest';
import { JiraError } from './errors.js';
import { DEFAULT_IDENTITIES, seedUsers } from './seed.js';
import { JiraStore, STORY_POINTS_FIELD, TEAM_FIELD, type Project } from './store.js';

const ME = DEFAULT_IDENTITIES.cloud.accountId;
let clock = 1_000_000;
let store: JiraStore;
let project: Project;

function failure(fn: () => unknown): JiraError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(JiraError);
    return err as JiraError;
  }
  throw new Error('expected a JiraError');
}

beforeEach(() => {
  clock = 1_000_000;
  store = new JiraStore({ now: () => clock });
  seedUsers(store);
  project = store.addProject({ key: 'abc', name: 'ABC', leadAccountId: ME, components: ['Core'] });
});

function task(summary = 'A task') {
  return store.createIssue({ projectId: project.id, issueTypeId: '10002', summary }, ME);
}

describe('issues', () => {
  test('keys count up per project and defaults are Jira’s', () => {
    const first = task();
    const second = task();
    expect([first.key, second.key]).toEqual(['ABC-1', 'ABC-2']);
    expect(Number(second.id)).toBe(Number(first.id) + 1);
    expect(first.statusId).toBe('10000');
    expect(first.priorityId).toBe(store.defaultPriorityId);
    expect(first.reporterId).toBe(ME);
    expect(first.created).toBe(1_000_000);
    expect(store.issue('abc-1')).toBe(first);
    expect(store.issue(first.id)).toBe(first);
  });

  test('create validation reports every bad field at once', () => {
    const err = failure(() =>
      store.createIssue({ projectId: project.id, summary: ' ', labels: ['has space'], priorityId: '99', assigneeId: 'ghost' }, ME),
    );
    expect(err.status).toBe(400);
    expect(err.errors).toEqual({
      issuetype: 'Specify an issue type',
      summary: 'You must specify a summary of the issue.',
      priority: 'Specify the Priority (id or name) in the string format',
      assignee: "User 'ghost' cannot be assigned issues.",
      labels: 'The label must not contain spaces.',
    });
    expect(failure(() => store.createIssue({ issueTypeId: '10002', summary: 'x' }, ME)).errors.project).toBe(
      'Specify a valid project ID or key',
    );
  });

  test('hierarchy: sub-tasks need a standard parent, standard issues take an epic parent', () => {
    const epic = store.createIssue({ projectId: project.id, issueTypeId: '10000', summary: 'Epic' }, ME);
    const story = store.createIssue({ projectId: project.id, issueTypeId: '10001', summary: 'Story', parentId: epic.id }, ME);
    const sub = store.createIssue({ projectId: project.id, issueTypeId: '10004', summary: 'Sub', parentId: story.id }, ME);
    expect(store.subtasks(story)).toEqual([sub]);
    expect(failure(() => store.createIssue({ projectId: project.id, issueTypeId: '10004', summary: 'orphan' }, ME)).errors.parent).toMatch(
      /Parent is required/,
    );
    expect(
      failure(() => store.createIssue({ projectId: project.id, issueTypeId: '10004', summary: 'x', parentId: epic.id }, ME)).errors.parent,
    ).toMatch(/appropriate hierarchy/);
    expect(failure(() => store.editIssue(story, { parentId: story.id })).errors.parent).toMatch(/own parent/);
  });

  test('edit changes only what is given and moves `updated`', () => {
    const issue = store.createIssue(
      { projectId: project.id, issueTypeId: '10002', summary: 'Before', labels: ['a'], custom: { [STORY_POINTS_FIELD]: 3 } },
      ME,
    );
    clock += 5000;
    store.editIssue(issue, { summary: 'After', custom: { [STORY_POINTS_FIELD]: null, [TEAM_FIELD]: '10100' } });
    expect(issue.summary).toBe('After');
    expect(issue.labels).toEqual(['a']);
    expect(issue.custom).toEqual({ [TEAM_FIELD]: '10100' });
    expect(issue.updated).toBe(1_005_000);
    expect(failure(() => store.editIssue(issue, { custom: { [TEAM_FIELD]: 'nope' } })).errors[TEAM_FIELD]).toMatch(/not valid/);
    expect(failure(() => store.editIssue(issue, { custom: { customfield_99999: 1 } })).errors.customfield_99999).toMatch(/cannot be set/);
  });

  test('deleting an issue with sub-tasks needs deleteSubtasks, then takes them along', () => {
    const parent = task('parent');
    const sub = store.createIssue({ projectId: project.id, issueTypeId: '10004', summary: 'sub', parentId: parent.id }, ME);
    const err = failure(() => store.deleteIssue(parent, false));
    expect(err.errorMessages[0]).toMatch(/has subtasks/);
    store.deleteIssue(parent, true);
    expect(store.issue(parent.key)).toBeUndefined();
    expect(store.issue(sub.key)).toBeUndefined();
    expect(() => store.requireIssue(sub.key)).toThrow('Issue does not exist or you do not have permission to see it.');
  });

  test('assign refuses unknown and inactive users', () => {
    const issue = task();
    store.assign(issue, ME);
    expect(issue.assigneeId).toBe(ME);
    store.assign(issue, null);
    expect(issue.assigneeId).toBeNull();
    const inactive = [...store.users.values()].find((u) => !u.active);
    expect(inactive).toBeDefined();
    expect(failure(() => store.assign(issue, inactive?.accountId ?? '')).errors.assignee).toMatch(/cannot be assigned/);
  });
});

describe('workflow', () => {
  test('transitions depend on the status; Done sets a resolution, Reopen clears it', () => {
    const issue = task();
    expect(store.availableTransitions(issue).map((t) => t.name)).toEqual(['Start Progress', 'Done']);
    store.transition(issue, '11');
    expect(store.statusOf(issue).name).toBe('In Progress');
    expect(store.availableTransitions(issue).map((t) => t.name)).toEqual(['Stop Progress', 'Request Review', 'Done']);
    clock += 1000;
    store.transition(issue, '51', { resolutionId: '10001' });
    expect(store.statusOf(issue).name).toBe('Done');
    expect(issue.resolutionId).toBe('10001');
    expect(issue.resolutionDate).toBe(1_001_000);
    store.transition(issue, '61');
    expect(issue.resolutionId).toBeNull();
    expect(issue.resolutionDate).toBeNull();
  });

  test('Done without a resolution gets the default one; a transition not available is a 400', () => {
    const issue = task();
    store.transition(issue, '51');
    expect(store.resolution(issue.resolutionId ?? '')?.name).toBe('Done');
    expect(failure(() => store.transition(issue, '11')).errorMessages).toEqual(["Transition id '11' is not valid for this issue."]);
    const other = task();
    expect(failure(() => store.transition(other, '11', { resolutionId: '10000' })).errors.resolution).toMatch(/cannot be set/);
  });
});

describe('comments, users, lookups', () => {
  test('comments get ids and feed text search', () => {
    const issue = task();
    const comment = store.addComment(issue, { format: 'wiki', text: 'Deploy *tonight*' }, ME);
    expect(comment.id).toMatch(/^\d+$/);
    expect(issue.comments).toEqual([comment]);
    expect(store.searchTextOf(issue)).toContain('deploy *tonight*');
  });

  test('users are found by accountId, name, key or email; search by word prefix', () => {
    expect(store.resolveUser('demo')?.accountId).toBe(ME);
    expect(store.resolveUser('DEMO@example.com')?.accountId).toBe(ME);
    expect(store.resolveUser('JIRAUSER10000')?.accountId).toBe(ME);
    expect(store.searchUsers('krys').map((u) => u.displayName)).toEqual(['Mia Krystof']);
    expect(store.searchUsers('mia@').map((u) => u.displayName)).toEqual(['Mia Krystof']);
    expect(store.searchUsers('')).toEqual([]);
  });

  test('fields by id, name or JQL clause name', () => {
    expect(store.field('Story Points')?.id).toBe(STORY_POINTS_FIELD);
    expect(store.field('cf[10001]')?.id).toBe(TEAM_FIELD);
    expect(store.field('type')?.id).toBe('issuetype');
    expect(store.project('ABC')).toBe(project);
    expect(store.status('in progress')?.id).toBe('3');
  });
});
