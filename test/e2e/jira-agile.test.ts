// Epics, sprints and boards (issue 11, "What a daily Jira user expects"): the built atl against
// the sandbox on Cloud and Data Center. The demo seed gives DEMO a scrum board with an active
// sprint and epics with issues under them.
import { describe, expect, test } from 'vitest';
import { jiraStoreOf } from '../../src/sandbox/jira/routes.js';
import type { Issue } from '../../src/sandbox/jira/store.js';
import { gatewayCalls, jiraE2e, seedIssues, unique } from './jira-support.js';

const e2e = await jiraE2e();
const store = jiraStoreOf(e2e.sandbox);

const demo = () => store.project('DEMO')!;
const board = () => store.boards.find((b) => b.projectId === demo().id && b.type === 'scrum')!;
const sprintOf = (state: string) => store.sprints.find((s) => s.boardId === board().id && s.state === state)!;
const keysOf = (stdout: string) => (JSON.parse(stdout) as Array<{ key: string }>).map((i) => i.key).sort();
const isEpic = (issue: Issue) => store.issueTypeOf(issue).hierarchyLevel === 1;
/** The issues under an epic as the store has them: standard issues whose parent is the epic. */
const childrenOf = (epic: Issue) =>
  [...store.issues.values()]
    .filter((i) => i.parentId === epic.id && !store.issueTypeOf(i).subtask)
    .map((i) => i.key)
    .sort();

/** A new epic in DEMO, straight into the store. */
function newEpic(): Issue {
  return store.createIssue({ projectId: demo().id, issueTypeId: store.issueType('Epic')!.id, summary: unique('epic') }, null);
}

describe.each(['cloud', 'dc'] as const)('%s', (flavour) => {
  test.concurrent('epic list -P lists the epics of a project; CSV with --fields; -P is required', async () => {
    const listed = await e2e.atl(flavour, ['jira', 'epic', 'list', '-P', 'DEMO', '--all', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const keys = keysOf(listed.stdout);
    const epics = [...store.issues.values()].filter((i) => i.projectId === demo().id && isEpic(i)).map((i) => i.key);
    expect(keys).toEqual(expect.arrayContaining(['DEMO-1', 'DEMO-2', 'DEMO-3']));
    expect(keys.length).toBe(epics.length);
    const csv = await e2e.atl(flavour, ['jira', 'epic', 'list', '-P', 'DEMO', '--fields', 'summary,status', '--csv', '--limit', '2']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\n')[0]).toBe('KEY,SUMMARY,STATUS');
    expect(csv.stdout.trim().split('\n')).toHaveLength(3);
    const missing = await e2e.atl(flavour, ['jira', 'epic', 'list']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing --project');
  });

  test.concurrent("epic issues lists an epic's children (Cloud: parent, DC: Epic Link); an unknown epic is exit 4", async () => {
    const epic = store.issue('DEMO-1')!;
    expect(childrenOf(epic).length, 'the seed gives DEMO-1 children').toBeGreaterThan(0);
    const listed = await e2e.atl(flavour, ['jira', 'epic', 'issues', 'DEMO-1', '--all', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(keysOf(listed.stdout)).toEqual(childrenOf(epic));
    const table = await e2e.atl(flavour, ['jira', 'epic', 'issues', 'DEMO-1', '--fields', 'summary']);
    expect(table.stdout).toContain(childrenOf(epic)[0]);
    const unknown = await e2e.atl(flavour, ['jira', 'epic', 'issues', 'DEMO-99999']);
    expect(unknown.code, unknown.stderr).toBe(4);
    expect(unknown.stderr).toContain('epic DEMO-99999 not found');
  });

  test.concurrent('epic add puts issues under an epic, one result each; a sub-task fails alone; epic remove takes them out', async () => {
    const epic = newEpic();
    const [a, b] = seedIssues(e2e, 2, unique('epic-add'));
    const subtask = [...store.issues.values()].find((i) => i.projectId === demo().id && store.issueTypeOf(i).subtask)!;
    const added = await e2e.atl(flavour, ['jira', 'epic', 'add', epic.key, a!, b!]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toBe(`ok      ${a}\nok      ${b}\n`);
    expect(childrenOf(epic)).toEqual([a, b].sort());
    const listed = await e2e.atl(flavour, ['jira', 'epic', 'issues', epic.key, '--json']);
    expect(keysOf(listed.stdout)).toEqual([a, b].sort());

    const mixed = await e2e.atl(flavour, ['jira', 'epic', 'add', epic.key, subtask.key, '--json']);
    expect(mixed.code).toBe(1);
    expect(JSON.parse(mixed.stdout)).toEqual([{ key: subtask.key, ok: false, error: expect.any(String) }]);

    const removed = await e2e.atl(flavour, ['jira', 'epic', 'remove', a!]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(childrenOf(epic)).toEqual([b]);
  });

  test.concurrent("sprint list --project finds the project's scrum board; a kanban-only project says why it has no sprints", async () => {
    const listed = await e2e.atl(flavour, ['jira', 'sprint', 'list', '--project', 'DEMO', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const expected = store.sprints.filter((s) => s.boardId === board().id).map((s) => s.id);
    expect((JSON.parse(listed.stdout) as Array<{ id: number }>).map((s) => s.id).sort()).toEqual(expected.sort());
    const active = await e2e.atl(flavour, ['jira', 'sprint', 'list', '-P', 'DEMO', '--state', 'active']);
    expect(active.stdout).toContain(sprintOf('active').name);
    const kanban = await e2e.atl(flavour, ['jira', 'sprint', 'list', '--project', 'OPS']);
    expect(kanban.code).toBe(2);
    expect(kanban.stderr).toContain('project OPS has no scrum board');
    const neither = await e2e.atl(flavour, ['jira', 'sprint', 'list']);
    expect(neither.code).toBe(2);
  });

  test.concurrent('sprint list and board list print CSV of the --fields chosen; an unknown field is exit 2', async () => {
    const sprints = await e2e.atl(flavour, [
      'jira',
      'sprint',
      'list',
      '-P',
      'DEMO',
      '--state',
      'active',
      '--fields',
      'id,name,goal',
      '--csv',
    ]);
    expect(sprints.code, sprints.stderr).toBe(0);
    const active = sprintOf('active');
    expect(sprints.stdout).toBe(`ID,NAME,GOAL\n${active.id},${active.name},${active.goal}\n`);
    const boards = await e2e.atl(flavour, ['jira', 'board', 'list', '--project', 'DEMO', '--csv']);
    expect(boards.code, boards.stderr).toBe(0);
    expect(boards.stdout).toBe(`ID,NAME,TYPE,PROJECT\n${board().id},DEMO board,scrum,DEMO\n`);
    const unknown = await e2e.atl(flavour, ['jira', 'board', 'list', '--fields', 'owner']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('hint: choose from id, name, type, project');
  });

  test.concurrent('sprint add moves issues by sprint id or name; a closed sprint is refused; an unknown name is exit 4', async () => {
    const [a, b] = seedIssues(e2e, 2, unique('sprint-add'));
    const future = sprintOf('future');
    const active = sprintOf('active');
    const byId = await e2e.atl(flavour, ['jira', 'sprint', 'add', String(future.id), a!, b!]);
    expect(byId.code, byId.stderr).toBe(0);
    expect(byId.stdout).toBe(`moved 2 issues to ${future.name} (${future.id})\n`);
    expect(store.issue(a!)!.sprintIds).toEqual([future.id]);
    const inSprint = await e2e.atl(flavour, ['jira', 'sprint', 'issues', String(future.id), '--all', '--json']);
    expect(keysOf(inSprint.stdout)).toEqual(expect.arrayContaining([a, b]));

    const byName = await e2e.atl(flavour, ['jira', 'sprint', 'add', active.name, a!, '--project', 'DEMO', '--json']);
    expect(byName.code, byName.stderr).toBe(0);
    expect(JSON.parse(byName.stdout)).toEqual({ sprint: { id: active.id, name: active.name }, issues: [a] });
    expect(store.issue(a!)!.sprintIds).toEqual([active.id]);

    const closed = await e2e.atl(flavour, ['jira', 'sprint', 'add', String(sprintOf('closed').id), b!]);
    expect(closed.code).toBe(2);
    expect(closed.stderr).toContain('closed');
    const unknown = await e2e.atl(flavour, ['jira', 'sprint', 'add', 'No such sprint', b!, '--board', String(board().id)]);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain(`hint: open sprints: ${active.name}`);
    const nameWithoutBoard = await e2e.atl(flavour, ['jira', 'sprint', 'add', 'Some sprint', b!]);
    expect(nameWithoutBoard.code).toBe(2);
  });

  test.concurrent('sprint current shows the active sprint and its issues', async () => {
    const active = sprintOf('active');
    const inActive = [...store.issues.values()].filter((i) => i.sprintIds.includes(active.id)).map((i) => i.key);
    expect(inActive.length, 'the active sprint holds issues').toBeGreaterThan(0);
    const shown = await e2e.atl(flavour, ['jira', 'sprint', 'current', '--project', 'DEMO', '--all']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout.startsWith(`${active.name} (${active.id})`)).toBe(true);
    expect(shown.stdout).toContain(`goal: ${active.goal}`);
    const json = await e2e.atl(flavour, ['jira', 'sprint', 'current', '--board', String(board().id), '--all', '--json']);
    expect(json.code, json.stderr).toBe(0);
    // Issues may have been moved into it by the test above, running at the same time.
    expect(keysOf(json.stdout)).toEqual(expect.arrayContaining(inActive.filter((k) => store.issue(k)!.sprintIds.includes(active.id))));
    const missing = await e2e.atl(flavour, ['jira', 'sprint', 'current']);
    expect(missing.code).toBe(2);
  });

  test.concurrent('board view shows name, type, project and columns; --json adds the configuration; --web prints the URL', async () => {
    const id = String(board().id);
    const shown = await e2e.atl(flavour, ['jira', 'board', 'view', id]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^DEMO board\n\nID {10}1\nType {8}scrum\nProject {5}DEMO {2}Demo Project\n/);
    expect(shown.stdout).toContain('Columns (3):\n  To Do');
    expect(shown.stdout).toContain('  In Progress');
    const json = JSON.parse((await e2e.atl(flavour, ['jira', 'board', 'view', id, '--json'])).stdout);
    expect(json).toMatchObject({ id: board().id, name: 'DEMO board', type: 'scrum' });
    expect(json.configuration.columnConfig.columns.map((c: { name: string }) => c.name)).toEqual(['To Do', 'In Progress', 'Done']);
    const web = await e2e.atl(flavour, ['jira', 'board', 'view', id, '--web']);
    expect(web.code, web.stderr).toBe(0);
    expect(web.stdout).toMatch(new RegExp(`/secure/RapidBoard\\.jspa\\?rapidView=${id}\\n$`));
    const unknown = await e2e.atl(flavour, ['jira', 'board', 'view', '999']);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain('board 999 not found');
  });

  test.concurrent("issue view lists an epic's issues and an issue's sub-tasks (key, status, summary)", async () => {
    const epic = newEpic();
    const [child] = seedIssues(e2e, 1, unique('view-child'));
    store.editIssue(store.issue(child!)!, { parentId: epic.id });
    const epicView = await e2e.atl(flavour, ['jira', 'issue', 'view', epic.key]);
    expect(epicView.code, epicView.stderr).toBe(0);
    const summary = store.issue(child!)!.summary;
    expect(epicView.stdout).toContain(`\nChildren (1):\n  ${child}  To Do  ${summary}\n`);

    const parent = [...store.issues.values()].find((i) => i.projectId === demo().id && store.issueTypeOf(i).subtask)!;
    const withSubtasks = store.issue(parent.parentId!)!;
    const view = await e2e.atl(flavour, ['jira', 'issue', 'view', withSubtasks.key]);
    expect(view.code, view.stderr).toBe(0);
    expect(view.stdout).toMatch(new RegExp(`\\nChildren \\(\\d+\\):\\n(.*\\n)*  ${parent.key} `));
  });
});

// A scoped service account reaches Jira only through api.atlassian.com/ex/jira/{cloudId}, where each
// route needs the scopes its spec names: each command once, which proves the route and its scope
// entry, not the output again. Moving issues into a sprint and out of an epic, and a board's
// configuration, go through the agile API, whose scopes are granular only (write:sprint:jira-software,
// write:epic:jira-software, read:board-scope.admin:jira-software): a token without them (the classic
// write:jira-work does not stand in) is refused there, as on a real site.
describe('through the gateway (scoped-writer)', () => {
  test.concurrent('epic list, issues, add and remove', async () => {
    const epic = newEpic();
    const [key] = seedIssues(e2e, 1, unique('gateway-epic'));
    const listed = await e2e.atl('scoped-writer', ['jira', 'epic', 'list', '-P', 'DEMO', '--all', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(keysOf(listed.stdout)).toContain(epic.key);
    const added = await e2e.atl('scoped-writer', ['jira', 'epic', 'add', epic.key, key!]);
    expect(added.stdout, added.stderr).toBe(`ok      ${key}\n`);
    const children = await e2e.atl('scoped-writer', ['jira', 'epic', 'issues', epic.key, '--json']);
    expect(keysOf(children.stdout)).toEqual([key]);
    const removed = await e2e.atl('scoped-writer', ['jira', 'epic', 'remove', key!, '--json']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(JSON.parse(removed.stdout)).toEqual([{ key, ok: true }]);
    expect(childrenOf(epic)).toEqual([]);
    expect(gatewayCalls(e2e)).toEqual(expect.arrayContaining([`PUT /rest/api/3/issue/${key}`, 'POST /rest/api/3/search/jql']));
  });

  test.concurrent('sprint list, issues, current, add; board list and view; without the granular scope, exit 3 naming it', async () => {
    const [key] = seedIssues(e2e, 1, unique('gateway-sprint'));
    const active = sprintOf('active');
    const sprints = await e2e.atl('scoped-writer', ['jira', 'sprint', 'list', '-P', 'DEMO', '--json']);
    expect(sprints.code, sprints.stderr).toBe(0);
    expect((JSON.parse(sprints.stdout) as Array<{ id: number }>).map((s) => s.id)).toContain(active.id);
    const inSprint = await e2e.atl('scoped-writer', ['jira', 'sprint', 'issues', String(active.id), '--all', '--json']);
    expect(inSprint.code, inSprint.stderr).toBe(0);
    const current = await e2e.atl('scoped-writer', ['jira', 'sprint', 'current', '-P', 'DEMO', '--all', '--json']);
    expect(current.code, current.stderr).toBe(0);
    expect(keysOf(current.stdout)).toEqual(keysOf(inSprint.stdout));
    const boards = await e2e.atl('scoped-writer', ['jira', 'board', 'list', '--project', 'DEMO', '--csv', '--fields', 'id,name']);
    expect(boards.stdout, boards.stderr).toBe(`ID,NAME\n${board().id},DEMO board\n`);
    const view = await e2e.atl('scoped-writer', ['jira', 'board', 'view', String(board().id)]);
    expect(view.code, view.stderr).toBe(0);
    expect(view.stdout).not.toBe('');
    // The read-only account lacks write:sprint:jira-software (write:jira-work would not cover it either).
    const refused = await e2e.atl('scoped', ['jira', 'sprint', 'add', String(active.id), key!]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('needs write:sprint:jira-software');
    expect(store.issue(key!)!.sprintIds).toEqual([]);
    const added = await e2e.atl('scoped-writer', ['jira', 'sprint', 'add', String(active.id), key!]);
    expect(added.code, added.stderr).toBe(0);
    expect(store.issue(key!)!.sprintIds).toEqual([active.id]);
    expect(gatewayCalls(e2e)).toEqual(
      expect.arrayContaining([`GET /rest/agile/1.0/board/${board().id}/sprint`, `GET /rest/agile/1.0/board/${board().id}`]),
    );
  });
});
