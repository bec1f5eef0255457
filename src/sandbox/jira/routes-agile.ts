/**
 * The sandbox's Jira Software (agile) routes beyond boards and sprint listings (those are in
 * routes.ts): a board's configuration, moving issues to a sprint, and putting issues under an epic
 * or taking them out of one. Both flavours serve them (`/rest/agile/1.0`), shaped as
 * ../shared/specs/jira-software.json (Cloud) and jira-datacenter.json (Data Center) say.
 */
import type { Router } from '../router.js';
import type { SandboxRequest } from '../types.js';
import { badRequest, notFound } from './errors.js';
import { both, bodyObject, handler, type Json } from './route-kit.js';
import { STORY_POINTS_FIELD, type Board, type Issue, type JiraStore } from './store.js';

/** Jira Software takes at most 50 issues in one move (sprint or epic). */
const MOVE_LIMIT = 50;
/** The Rank field's id on our sites (Jira gives it its own custom field). */
const RANK_FIELD_ID = 10019;

export function registerAgileRoutes(router: Router, store: JiraStore): void {
  router.add(
    'GET',
    '/rest/agile/1.0/board/{boardId}/configuration',
    handler((request) => {
      const board = store.board(Number(request.params.boardId));
      if (!board) throw notFound('Board does not exist or you do not have permission to see it.');
      return { status: 200, body: boardConfiguration(store, request, board) };
    }),
    both,
  );

  router.add(
    'POST',
    '/rest/agile/1.0/sprint/{sprintId}/issue',
    handler((request) => {
      const sprint = store.sprint(Number(request.params.sprintId));
      if (!sprint) throw notFound('Sprint does not exist or you do not have permission to see it.');
      const issues = issuesToMove(store, request);
      if (sprint.state === 'closed') throw badRequest(`Issues cannot be moved to sprint '${sprint.name}': it is closed.`);
      for (const issue of issues) {
        if (store.issueTypeOf(issue).subtask)
          throw badRequest(`Issue ${issue.key} is a sub-task: sub-tasks are in the sprint of their parent.`);
      }
      // An issue is in one open sprint at a time; the closed sprints it was in stay in its history.
      for (const issue of issues) {
        const closed = issue.sprintIds.filter((id) => store.sprint(id)?.state === 'closed');
        store.editIssue(issue, { sprintIds: [...closed, sprint.id] });
      }
      return { status: 204 };
    }),
    both,
  );

  router.add(
    'POST',
    '/rest/agile/1.0/epic/{epicIdOrKey}/issue',
    handler((request) => {
      const epic = store.issue(request.params.epicIdOrKey ?? '');
      if (!epic) throw notFound('Epic does not exist or you do not have permission to see it.');
      if (store.issueTypeOf(epic).hierarchyLevel !== 1) throw badRequest(`Issue ${epic.key} is not an epic.`);
      const issues = issuesToMove(store, request);
      for (const issue of issues) checkEpicChild(store, issue);
      for (const issue of issues) store.editIssue(issue, { parentId: epic.id });
      return { status: 204 };
    }),
    both,
  );

  router.add(
    'POST',
    '/rest/agile/1.0/epic/none/issue',
    handler((request) => {
      const issues = issuesToMove(store, request);
      for (const issue of issues) checkEpicChild(store, issue);
      for (const issue of issues) {
        const parent = issue.parentId === null ? undefined : store.issue(issue.parentId);
        if (parent && store.issueTypeOf(parent).hierarchyLevel === 1) store.editIssue(issue, { parentId: null });
      }
      return { status: 204 };
    }),
    both,
  );
}

/** The `issues` of a move request (keys or ids), each one found, at most 50. */
function issuesToMove(store: JiraStore, request: SandboxRequest): Issue[] {
  const body = bodyObject(request);
  const refs = body.issues;
  if (!Array.isArray(refs) || refs.length === 0 || refs.some((r) => typeof r !== 'string'))
    throw badRequest('The issues to move must be a list of issue keys or ids.');
  if (refs.length > MOVE_LIMIT) throw badRequest(`At most ${MOVE_LIMIT} issues can be moved at once.`);
  return (refs as string[]).map((ref) => {
    const issue = store.issue(ref);
    if (!issue) throw badRequest(`Issue '${ref}' does not exist or you do not have permission to see it.`);
    return issue;
  });
}

/** Only standard issues (stories, tasks, bugs) go under an epic. */
function checkEpicChild(store: JiraStore, issue: Issue): void {
  const type = store.issueTypeOf(issue);
  if (type.subtask) throw badRequest(`Issue ${issue.key} is a sub-task: a sub-task belongs to its parent, not to an epic.`);
  if (type.hierarchyLevel !== 0) throw badRequest(`Issue ${issue.key} is an epic: an epic cannot be put under another epic.`);
}

/**
 * A board's configuration: its columns map the workflow's status categories (To Do, In Progress,
 * Done) as a new board's do; a scrum board estimates in Story Points. Data Center's bean has no
 * `location`.
 */
function boardConfiguration(store: JiraStore, request: SandboxRequest, board: Board): Json {
  const project = store.projects.find((p) => p.id === board.projectId);
  const columns = (
    [
      ['To Do', 'new'],
      ['In Progress', 'indeterminate'],
      ['Done', 'done'],
    ] as const
  ).map(([name, category]) => ({
    name,
    statuses: store.statuses
      .filter((s) => s.categoryKey === category)
      .map((s) => ({ id: s.id, self: `${request.baseUrl}/rest/api/2/status/${s.id}` })),
  }));
  const filterId = String(10_000 + board.id);
  const out: Json = {
    id: board.id,
    name: board.name,
    type: board.type,
    self: `${request.baseUrl}/rest/agile/1.0/board/${board.id}/configuration`,
  };
  if (request.flavour === 'cloud' && project) out.location = { type: 'project', projectKeyOrId: project.key };
  out.filter = { id: filterId, self: `${request.baseUrl}/rest/api/2/filter/${filterId}` };
  if (board.type === 'kanban') out.subQuery = { query: 'resolution = EMPTY OR resolution changed after -2w' };
  out.columnConfig = { columns, constraintType: 'none' };
  if (board.type === 'scrum') out.estimation = { type: 'field', field: { fieldId: STORY_POINTS_FIELD, displayName: 'Story Points' } };
  out.ranking = { rankCustomFieldId: RANK_FIELD_ID };
  return out;
}
