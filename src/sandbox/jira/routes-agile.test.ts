// The agile routes of routes-agile.ts, on both flavours, every exchange checked against the specs
// when ../shared/specs is present.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createOpenApiValidator, specsAvailable } from '../../../test/support/openapi.js';
import { startSandbox, type Sandbox } from '../index.js';
import { api, jiraCaller, type Json, type Who } from './call.testutil.js';
import { jiraStoreOf } from './routes.js';

const validator = specsAvailable() ? createOpenApiValidator() : undefined;
let sandbox: Sandbox;
const call = jiraCaller(() => sandbox);

beforeAll(async () => {
  sandbox = await startSandbox(validator ? { validator } : {});
});

afterAll(async () => {
  await sandbox?.stop();
  expect(sandbox.violations).toEqual([]);
});

async function search(who: Who, jql: string): Promise<string[]> {
  const path = who === 'cloud' ? '/rest/api/3/search/jql' : '/rest/api/2/search';
  const { status, body } = await call(who, 'POST', path, { jql, fields: ['summary'], maxResults: 100 });
  expect(status, JSON.stringify(body)).toBe(200);
  return (body.issues as Json[]).map((i) => i.key as string);
}

async function newIssue(who: Who, type: string, extra: Json = {}): Promise<string> {
  const { status, body } = await call(who, 'POST', `${api(who)}/issue`, {
    fields: { project: { key: 'DEMO' }, issuetype: { name: type }, summary: 'agile', ...extra },
  });
  expect(status, JSON.stringify(body)).toBe(201);
  return body.key as string;
}

const demoBoard = () => jiraStoreOf(sandbox).boards.find((b) => b.name === 'DEMO board')!;
const demoSprint = (state: string) => jiraStoreOf(sandbox).sprints.find((s) => s.boardId === demoBoard().id && s.state === state)!;

test.each(['cloud', 'dc'] as const)('%s: a board configuration lists its columns by status category', async (who) => {
  const { status, body } = await call(who, 'GET', `/rest/agile/1.0/board/${demoBoard().id}/configuration`);
  expect(status).toBe(200);
  expect(body).toMatchObject({ id: demoBoard().id, name: 'DEMO board', type: 'scrum' });
  expect((body.columnConfig.columns as Json[]).map((c) => c.name)).toEqual(['To Do', 'In Progress', 'Done']);
  expect(body.columnConfig.columns[0].statuses.length).toBeGreaterThan(0);
  // Data Center's BoardConfigBean has no location.
  expect(body.location).toEqual(who === 'cloud' ? { type: 'project', projectKeyOrId: 'DEMO' } : undefined);
  expect((await call(who, 'GET', '/rest/agile/1.0/board/999/configuration')).status).toBe(404);
});

test.each(['cloud', 'dc'] as const)(
  '%s: issues move to an open sprint, leaving their other open sprint; a closed one refuses',
  async (who) => {
    const key = await newIssue(who, 'Task');
    const future = demoSprint('future');
    const active = demoSprint('active');
    expect((await call(who, 'POST', `/rest/agile/1.0/sprint/${future.id}/issue`, { issues: [key] })).status).toBe(204);
    expect(await search(who, `sprint = ${future.id} AND key = ${key}`)).toEqual([key]);
    expect((await call(who, 'POST', `/rest/agile/1.0/sprint/${active.id}/issue`, { issues: [key] })).status).toBe(204);
    expect(await search(who, `sprint = ${active.id} AND key = ${key}`)).toEqual([key]);
    expect(await search(who, `sprint = ${future.id} AND key = ${key}`)).toEqual([]);
    const closed = await call(who, 'POST', `/rest/agile/1.0/sprint/${demoSprint('closed').id}/issue`, { issues: [key] });
    expect(closed.status).toBe(400);
    expect(closed.body.errorMessages[0]).toMatch(/closed/);
    expect((await call(who, 'POST', '/rest/agile/1.0/sprint/999/issue', { issues: [key] })).status).toBe(404);
    const missing = await call(who, 'POST', `/rest/agile/1.0/sprint/${active.id}/issue`, { issues: ['DEMO-99999'] });
    expect(missing.status).toBe(400);
  },
);

test.each(['cloud', 'dc'] as const)('%s: issues go under an epic and out of it again; sub-tasks and epics are refused', async (who) => {
  const epic = await newIssue(who, 'Epic');
  const story = await newIssue(who, 'Story');
  expect((await call(who, 'POST', `/rest/agile/1.0/epic/${epic}/issue`, { issues: [story] })).status).toBe(204);
  const childrenJql = who === 'cloud' ? `parent = ${epic}` : `"Epic Link" = ${epic}`;
  expect(await search(who, childrenJql)).toEqual([story]);
  const otherEpic = await newIssue(who, 'Epic');
  expect((await call(who, 'POST', `/rest/agile/1.0/epic/${epic}/issue`, { issues: [otherEpic] })).status).toBe(400);
  expect((await call(who, 'POST', `/rest/agile/1.0/epic/${story}/issue`, { issues: [otherEpic] })).body.errorMessages).toEqual([
    `Issue ${story} is not an epic.`,
  ]);
  expect((await call(who, 'POST', '/rest/agile/1.0/epic/DEMO-99999/issue', { issues: [story] })).status).toBe(404);
  expect((await call(who, 'POST', '/rest/agile/1.0/epic/none/issue', { issues: [story] })).status).toBe(204);
  expect(await search(who, childrenJql)).toEqual([]);
});

test("dc: JQL's Epic Link finds the seeded epics' children, not sub-tasks", async () => {
  const store = jiraStoreOf(sandbox);
  const epic = [...store.issues.values()].find(
    (i) =>
      store.projectOf(i).key === 'DEMO' &&
      store.issueTypeOf(i).hierarchyLevel === 1 &&
      [...store.issues.values()].some((c) => c.parentId === i.id),
  )!;
  const children = [...store.issues.values()].filter((c) => c.parentId === epic.id).map((c) => c.key);
  expect(children.length).toBeGreaterThan(0);
  expect((await search('dc', `"Epic Link" = ${epic.key} ORDER BY key ASC`)).sort()).toEqual(children.sort());
});
