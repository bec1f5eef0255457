import { beforeAll, describe, expect, test } from 'vitest';
import { JiraError } from './errors.js';
import { parseDateValue, parseJql, parsePeriod, searchIssues, textMatcher } from './jql.js';
import { JiraStore, STORY_POINTS_FIELD, TEAM_FIELD, type Issue } from './store.js';
import { seedUsers, DEFAULT_IDENTITIES } from './seed.js';

// Wednesday 2025-06-11 12:00 UTC.
const NOW = Date.UTC(2025, 5, 11, 12, 0);
const DAY = 86_400_000;
const ME = DEFAULT_IDENTITIES.cloud.accountId;
const MIA = '5b10a2844c20165700ede21g';
const RAVI = '5b109f2e9729b51b54dc274d';

let store: JiraStore;
const issues: Record<string, Issue> = {};

function keys(jql: string, currentUserId: string | null = ME): string[] {
  return searchIssues(store, jql, { currentUserId, now: NOW }).issues.map((i) => i.key);
}

function sorted(jql: string): string[] {
  return keys(jql).sort();
}

function jqlError(jql: string): string {
  try {
    searchIssues(store, jql, { currentUserId: ME, now: NOW });
  } catch (err) {
    expect(err).toBeInstanceOf(JiraError);
    expect((err as JiraError).status).toBe(400);
    return (err as JiraError).errorMessages[0] ?? '';
  }
  throw new Error(`expected an error for: ${jql}`);
}

beforeAll(() => {
  store = new JiraStore({ now: () => NOW });
  seedUsers(store);
  const alpha = store.addProject({ key: 'ALPHA', name: 'Alpha Project', leadAccountId: ME, components: ['Backend', 'Frontend'] });
  const beta = store.addProject({ key: 'BETA', name: 'Beta', leadAccountId: ME });
  const board = store.addBoard({ name: 'Alpha board', type: 'scrum', projectId: alpha.id });
  const active = store.addSprint({ boardId: board.id, name: 'Sprint 1', state: 'active', startDate: NOW - 3 * DAY });
  const future = store.addSprint({ boardId: board.id, name: 'Sprint 2', state: 'future' });
  const type = (name: string) => store.issueType(name)?.id as string;
  const make = (name: string, fields: Parameters<JiraStore['createIssue']>[0]) => {
    issues[name] = store.createIssue(fields, ME);
  };
  // ALPHA-1: epic, mine, in progress, created 10 days ago.
  make('epic', {
    projectId: alpha.id,
    issueTypeId: type('Epic'),
    summary: 'Payments epic',
    assigneeId: ME,
    statusId: '3',
    created: NOW - 10 * DAY,
    updated: NOW - 1 * DAY,
    priorityId: '2',
  });
  // ALPHA-2: story under the epic, Mia, login text in description, labels, sprint, points, team.
  make('story', {
    projectId: alpha.id,
    issueTypeId: type('Story'),
    summary: 'Login page redesign',
    description: { format: 'wiki', text: 'The *login* form needs a refresh.' },
    assigneeId: MIA,
    labels: ['ux', 'Frontend-Work'],
    componentIds: [alpha.components[1]?.id as string],
    parentId: issues.epic?.id ?? null,
    sprintIds: [active.id],
    custom: { [STORY_POINTS_FIELD]: 5, [TEAM_FIELD]: '10102' },
    created: NOW - 2 * DAY,
    updated: NOW - 2 * DAY,
    priorityId: '1',
  });
  // ALPHA-3: bug, unassigned, done (resolved), created 30 days ago, future sprint.
  make('bug', {
    projectId: alpha.id,
    issueTypeId: type('Bug'),
    summary: 'Crash on logout',
    statusId: '10002',
    resolutionId: '10000',
    resolutionDate: NOW - 5 * DAY,
    sprintIds: [future.id],
    created: NOW - 30 * DAY,
    updated: NOW - 5 * DAY,
    priorityId: '4',
    labels: ['backend'],
  });
  // BETA-1: task, Ravi, reported by Mia, created today 08:00.
  make('task', {
    projectId: beta.id,
    issueTypeId: type('Task'),
    summary: 'Rotate TLS certificates',
    assigneeId: RAVI,
    reporterId: MIA,
    created: NOW - 4 * 3_600_000,
    updated: NOW - 3_600_000,
    priorityId: '3',
  });
  // ALPHA-4: sub-task of the story, mine, with a comment mentioning "deadline".
  make('subtask', {
    projectId: alpha.id,
    issueTypeId: type('Sub-task'),
    summary: 'Write copy',
    parentId: issues.story?.id ?? null,
    assigneeId: ME,
    created: NOW - 1 * DAY,
    updated: NOW - 1 * DAY,
    priorityId: null,
  });
  store.addComment(
    issues.subtask as Issue,
    {
      format: 'adf',
      doc: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'The deadline moved' }] }] },
    },
    MIA,
    NOW - DAY,
  );
});

describe('clauses', () => {
  test('project by key, name or id, case-insensitive; IN and NOT IN', () => {
    expect(sorted('project = ALPHA')).toEqual(['ALPHA-1', 'ALPHA-2', 'ALPHA-3', 'ALPHA-4']);
    expect(sorted('project = "alpha project"')).toEqual(['ALPHA-1', 'ALPHA-2', 'ALPHA-3', 'ALPHA-4']);
    expect(sorted(`project = ${store.project('BETA')?.id}`)).toEqual(['BETA-1']);
    expect(sorted('project in (beta)')).toEqual(['BETA-1']);
    expect(sorted('project not in (ALPHA)')).toEqual(['BETA-1']);
  });

  test('assignee and reporter: currentUser(), email, accountId, display name, EMPTY', () => {
    expect(sorted('assignee = currentUser()')).toEqual(['ALPHA-1', 'ALPHA-4']);
    expect(keys('assignee = currentUser()', null)).toEqual([]);
    expect(sorted('assignee = "mia@example.com"')).toEqual(['ALPHA-2']);
    expect(sorted(`assignee = ${RAVI}`)).toEqual(['BETA-1']);
    expect(sorted('assignee = "Ravi Sharma"')).toEqual(['BETA-1']);
    expect(sorted('assignee is EMPTY')).toEqual(['ALPHA-3']);
    expect(sorted('assignee = EMPTY')).toEqual(['ALPHA-3']);
    expect(sorted('assignee in (EMPTY, mia)')).toEqual(['ALPHA-2', 'ALPHA-3']);
    expect(sorted('reporter = mia')).toEqual(['BETA-1']);
  });

  test('!= and NOT IN never match an empty field, as in Jira', () => {
    expect(sorted('assignee != currentUser()')).toEqual(['ALPHA-2', 'BETA-1']);
    expect(sorted('assignee not in (mia)')).toEqual(['ALPHA-1', 'ALPHA-4', 'BETA-1']);
    expect(sorted('labels != ux')).toEqual(['ALPHA-3']);
  });

  test('status, statusCategory, issuetype/type, priority with names and ids', () => {
    expect(sorted('status = "In Progress"')).toEqual(['ALPHA-1']);
    expect(sorted('status = 10002')).toEqual(['ALPHA-3']);
    expect(sorted('status != Done AND project = ALPHA')).toEqual(['ALPHA-1', 'ALPHA-2', 'ALPHA-4']);
    expect(sorted('statusCategory = "To Do"')).toEqual(['ALPHA-2', 'ALPHA-4', 'BETA-1']);
    expect(sorted('issuetype = Bug')).toEqual(['ALPHA-3']);
    expect(sorted('type in (Story, Task)')).toEqual(['ALPHA-2', 'BETA-1']);
    expect(sorted('type in subTaskIssueTypes()')).toEqual(['ALPHA-4']);
    expect(sorted('priority = Highest')).toEqual(['ALPHA-2']);
    expect(sorted('priority > Medium')).toEqual(['ALPHA-1', 'ALPHA-2']);
    expect(sorted('priority is EMPTY')).toEqual(['ALPHA-4']);
  });

  test('labels match case-insensitively, component by name', () => {
    expect(sorted('labels = UX')).toEqual(['ALPHA-2']);
    expect(sorted('labels in (backend, frontend-work)')).toEqual(['ALPHA-2', 'ALPHA-3']);
    expect(sorted('labels is EMPTY')).toEqual(['ALPHA-1', 'ALPHA-4', 'BETA-1']);
    expect(sorted('component = Frontend')).toEqual(['ALPHA-2']);
  });

  test('text ~ searches summary, description and comments by word prefix; summary ~ only the summary', () => {
    expect(sorted('text ~ "login"')).toEqual(['ALPHA-2']);
    expect(sorted('text ~ "log"')).toEqual(['ALPHA-2', 'ALPHA-3']);
    expect(sorted('text ~ "deadline"')).toEqual(['ALPHA-4']);
    expect(sorted('text ~ "refresh form"')).toEqual(['ALPHA-2']);
    expect(sorted('text ~ "ogin"')).toEqual([]);
    expect(sorted('summary ~ "refresh"')).toEqual([]);
    expect(sorted('description ~ refresh')).toEqual(['ALPHA-2']);
    expect(sorted('comment ~ deadline')).toEqual(['ALPHA-4']);
    expect(sorted('summary !~ crash AND project = ALPHA')).toEqual(['ALPHA-1', 'ALPHA-2', 'ALPHA-4']);
  });

  test('dates against relative periods, absolute dates and startOf…() functions', () => {
    expect(sorted('created >= -7d')).toEqual(['ALPHA-2', 'ALPHA-4', 'BETA-1']);
    expect(sorted('created >= -2w')).toEqual(['ALPHA-1', 'ALPHA-2', 'ALPHA-4', 'BETA-1']);
    expect(sorted('created < "2025-05-20"')).toEqual(['ALPHA-3']);
    expect(sorted('created >= "2025/06/11 00:00"')).toEqual(['BETA-1']);
    expect(sorted('created >= startOfDay()')).toEqual(['BETA-1']);
    expect(sorted('created >= startOfDay(-1)')).toEqual(['ALPHA-4', 'BETA-1']);
    // The week starts on Sunday 2025-06-08.
    expect(sorted('created >= startOfWeek()')).toEqual(['ALPHA-2', 'ALPHA-4', 'BETA-1']);
    expect(sorted('created >= startOfMonth()')).toEqual(['ALPHA-1', 'ALPHA-2', 'ALPHA-4', 'BETA-1']);
    expect(sorted('updated <= -2d')).toEqual(['ALPHA-2', 'ALPHA-3']);
    expect(sorted('resolved is not empty')).toEqual(['ALPHA-3']);
    expect(sorted('resolution = Unresolved AND project = BETA')).toEqual(['BETA-1']);
    expect(sorted('resolution = Done')).toEqual(['ALPHA-3']);
  });

  test('key/id, parent, sprint and custom fields', () => {
    expect(keys('key = alpha-2')).toEqual(['ALPHA-2']);
    expect(keys(`id = ${issues.task?.id}`)).toEqual(['BETA-1']);
    expect(sorted('issuekey in (ALPHA-1, BETA-1)')).toEqual(['ALPHA-1', 'BETA-1']);
    expect(sorted('key <= ALPHA-2')).toEqual(['ALPHA-1', 'ALPHA-2']);
    expect(sorted('parent = ALPHA-1')).toEqual(['ALPHA-2']);
    expect(sorted('parent in (ALPHA-1, ALPHA-2)')).toEqual(['ALPHA-2', 'ALPHA-4']);
    expect(sorted('sprint in openSprints()')).toEqual(['ALPHA-2']);
    expect(sorted('sprint in futureSprints()')).toEqual(['ALPHA-3']);
    expect(sorted('sprint = "Sprint 2"')).toEqual(['ALPHA-3']);
    expect(sorted('sprint is EMPTY AND project = ALPHA')).toEqual(['ALPHA-1', 'ALPHA-4']);
    expect(sorted('"Story Points" >= 3')).toEqual(['ALPHA-2']);
    expect(sorted('cf[10016] < 3')).toEqual([]);
    expect(sorted('Team = Web')).toEqual(['ALPHA-2']);
  });

  test('AND binds tighter than OR; NOT and parentheses; keywords in any case', () => {
    expect(sorted('project = BETA or project = ALPHA and type = Bug')).toEqual(['ALPHA-3', 'BETA-1']);
    expect(sorted('(project = BETA OR project = ALPHA) AND type = Bug')).toEqual(['ALPHA-3']);
    expect(sorted('NOT project = ALPHA')).toEqual(['BETA-1']);
    expect(sorted('project = ALPHA AND NOT (type = Bug OR type = Epic)')).toEqual(['ALPHA-2', 'ALPHA-4']);
    expect(sorted('project = ALPHA AND !(status = Done)')).toEqual(['ALPHA-1', 'ALPHA-2', 'ALPHA-4']);
  });
});

describe('ORDER BY', () => {
  test('by one or several fields, ASC by default', () => {
    expect(keys('project = ALPHA ORDER BY created')).toEqual(['ALPHA-3', 'ALPHA-1', 'ALPHA-2', 'ALPHA-4']);
    expect(keys('project = ALPHA order by created desc')).toEqual(['ALPHA-4', 'ALPHA-2', 'ALPHA-1', 'ALPHA-3']);
    expect(keys('project in (ALPHA, BETA) ORDER BY key DESC')).toEqual(['BETA-1', 'ALPHA-4', 'ALPHA-3', 'ALPHA-2', 'ALPHA-1']);
    // Highest first on DESC; the empty priority last.
    expect(keys('project = ALPHA ORDER BY priority DESC')).toEqual(['ALPHA-4', 'ALPHA-2', 'ALPHA-1', 'ALPHA-3']);
    expect(keys('project = ALPHA ORDER BY priority ASC')).toEqual(['ALPHA-3', 'ALPHA-1', 'ALPHA-2', 'ALPHA-4']);
    expect(keys('project = ALPHA ORDER BY status ASC, key DESC')).toEqual(['ALPHA-4', 'ALPHA-2', 'ALPHA-1', 'ALPHA-3']);
    expect(keys('ORDER BY updated DESC')[0]).toBe('BETA-1');
  });

  test('without ORDER BY the newest issue comes first', () => {
    expect(keys('project = ALPHA')).toEqual(['ALPHA-4', 'ALPHA-3', 'ALPHA-2', 'ALPHA-1']);
  });

  test('an unknown or unsortable field is an error', () => {
    expect(jqlError('project = ALPHA ORDER BY nonsense')).toBe("Field 'nonsense' does not exist or you do not have permission to view it.");
    expect(jqlError('project = ALPHA ORDER BY labels')).toBe("Not able to sort using field 'labels'.");
  });
});

describe('errors in Jira’s words', () => {
  test('syntax errors name the position', () => {
    expect(jqlError('summary ~ "abc')).toBe(
      "Error in the JQL Query: The quoted string 'abc' has not been completed. (line 1, character 11)",
    );
    expect(jqlError('project ALPHA')).toBe(
      "Error in the JQL Query: Expecting operator but got 'ALPHA'. The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'. (line 1, character 9)",
    );
    expect(jqlError('project = ')).toBe('Error in the JQL Query: Expecting either a value, list or function before the end of the query.');
    expect(jqlError('project = ALPHA status = Done')).toBe(
      "Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'status'. (line 1, character 17)",
    );
    expect(jqlError('project = order')).toMatch(/^Error in the JQL Query: Expecting either a value, list or function but got 'order'/);
    expect(jqlError('(project = ALPHA')).toMatch(/^Error in the JQL Query: Expecting '\)'/);
    expect(jqlError('project in ALPHA')).toBe("Error in the JQL Query: Expecting '(' but got 'ALPHA'. (line 1, character 12)");
  });

  test('an incomplete query: at its end, or at an ORDER BY a client appended, as Jira says it', () => {
    expect(jqlError('project = ALPHA AND')).toBe('Error in the JQL Query: Expecting a field name at the end of the query.');
    expect(jqlError('project = ALPHA AND ORDER BY updated DESC')).toBe(
      "Error in the JQL Query: 'ORDER' is a reserved JQL word. You must surround it in quotation marks to use it in a query. (line 1, character 21)",
    );
  });

  test('unknown fields, values and functions', () => {
    expect(jqlError('colour = red')).toBe("Field 'colour' does not exist or you do not have permission to view it.");
    expect(jqlError('project = NOPE')).toBe("The value 'NOPE' does not exist for the field 'project'.");
    expect(jqlError('status = Sleeping')).toBe("The value 'Sleeping' does not exist for the field 'status'.");
    expect(jqlError('assignee = nobody@example.com')).toBe("The value 'nobody@example.com' does not exist for the field 'assignee'.");
    expect(jqlError('key = ALPHA-99')).toBe("An issue with key 'ALPHA-99' does not exist for field 'key'.");
    expect(jqlError('created > yesterday')).toMatch(/^Date value 'yesterday' for field 'created' is invalid\./);
    expect(jqlError('assignee = whoever()')).toBe("Unable to find JQL function 'whoever()'.");
    expect(jqlError('project ~ ALPHA')).toBe("The operator '~' is not supported by the 'project' field.");
    expect(jqlError('labels > a')).toBe("The operator '>' is not supported by the 'labels' field.");
  });
});

describe('helpers', () => {
  test('parseJql gives a tree and the ORDER BY list', () => {
    const query = parseJql('a = 1 AND (b = 2 OR c != 3) ORDER BY updated DESC, key');
    expect(query.where?.kind).toBe('and');
    expect(query.orderBy.map(({ field, direction }) => ({ field, direction }))).toEqual([
      { field: 'updated', direction: 'desc' },
      { field: 'key', direction: 'asc' },
    ]);
    expect(parseJql('').where).toBeNull();
  });

  test('periods and dates', () => {
    expect(parsePeriod('-7d')).toBe(-7 * DAY);
    expect(parsePeriod('4w 2d')).toBe(30 * DAY);
    expect(parsePeriod('+1h')).toBe(3_600_000);
    expect(parsePeriod('2025-01-01')).toBeNull();
    expect(parseDateValue('2025-01-02', 'created', NOW)).toBe(Date.UTC(2025, 0, 2));
    expect(parseDateValue('2025/01/02 13:45', 'created', NOW)).toBe(Date.UTC(2025, 0, 2, 13, 45));
  });

  test('text matcher: word prefixes, wildcards and phrases', () => {
    expect(textMatcher('log')('the login page')).toBe(true);
    expect(textMatcher('ogin')('the login page')).toBe(false);
    expect(textMatcher('l?gin')('the login page')).toBe(true);
    expect(textMatcher('"login page"')('the login page')).toBe(true);
    expect(textMatcher('"page login"')('the login page')).toBe(false);
  });

  test('results are cached per store version, and a write invalidates them', () => {
    const before = searchIssues(store, 'project = BETA', { currentUserId: ME, now: NOW });
    expect(searchIssues(store, 'project = BETA', { currentUserId: ME, now: NOW })).toBe(before);
    const added = store.createIssue({ projectId: store.project('BETA')?.id as string, issueTypeId: '10002', summary: 'cache buster' }, ME);
    const after = searchIssues(store, 'project = BETA', { currentUserId: ME, now: NOW });
    expect(after.issues.map((i) => i.key)).toContain(added.key);
    store.deleteIssue(added, false);
    expect(searchIssues(store, 'project = BETA', { currentUserId: ME, now: NOW }).issues.map((i) => i.key)).toEqual(['BETA-1']);
  });
});
