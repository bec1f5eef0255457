// The sandbox's Jira over HTTP, Cloud and Data Center, with every exchange checked against
// Atlassian's OpenAPI specs (test/support/openapi.ts) when ../shared/specs is present. Defects of
// the specs themselves are excused there (KNOWN_SPEC_DEFECTS), each by operation and JSON path.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createOpenApiValidator, KNOWN_SPEC_DEFECTS, specsAvailable } from '../../../test/support/openapi.js';
import { startSandbox, type Sandbox } from '../index.js';
import { jiraStoreOf } from './routes.js';
import { seedIssues } from './seed.js';

// `any`: response bodies are read field by field in assertions; typing each shape would only restate the specs.
// biome-ignore lint/suspicious/noExplicitAny: sandbox answers are read field by field in assertions; their shapes are the specs' business.
type Json = Record<string, any>;

const validator = specsAvailable() ? createOpenApiValidator() : undefined;
let sandbox: Sandbox;

interface Reply {
  status: number;
  body: Json;
}

type Who = 'cloud' | 'dc' | 'scoped';

async function call(who: Who, method: string, path: string, body?: unknown): Promise<Reply> {
  const c = sandbox.credentials;
  const base = who === 'cloud' ? sandbox.url : who === 'dc' ? sandbox.dcUrl : `${sandbox.gatewayUrl}/ex/jira/${sandbox.cloudId}`;
  const authorization =
    who === 'cloud'
      ? `Basic ${Buffer.from(`${c.cloud.email}:${c.cloud.token}`).toString('base64')}`
      : who === 'dc'
        ? `Bearer ${c.datacenter.token}`
        : `Bearer ${c.serviceAccount.token}`;
  const headers: Record<string, string> = { Authorization: authorization, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
}

const adf = (text: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

beforeAll(async () => {
  sandbox = await startSandbox(validator ? { validator } : {});
  seedIssues(jiraStoreOf(sandbox), 1234, { project: 'BULK', projectName: 'Bulk' });
});

afterAll(async () => {
  await sandbox?.stop();
});

describe('search', () => {
  test('Cloud /search/jql pages by nextPageToken until isLast, nothing lost or repeated', async () => {
    const keys: string[] = [];
    let token: string | undefined;
    let pages = 0;
    for (;;) {
      const { status, body } = await call('cloud', 'POST', '/rest/api/3/search/jql', {
        jql: 'project = BULK ORDER BY key ASC',
        maxResults: 100,
        fields: ['summary', 'status'],
        ...(token ? { nextPageToken: token } : {}),
      });
      expect(status).toBe(200);
      pages++;
      expect(body.issues.length).toBeLessThanOrEqual(100);
      for (const issue of body.issues) {
        expect(Object.keys(issue.fields).sort()).toEqual(['status', 'summary']);
        keys.push(issue.key);
      }
      if (body.isLast) {
        expect(body.nextPageToken).toBeUndefined();
        break;
      }
      token = body.nextPageToken;
      expect(typeof token).toBe('string');
    }
    expect(pages).toBe(13);
    expect(keys).toHaveLength(1234);
    expect(new Set(keys).size).toBe(1234);
    expect(keys[0]).toBe('BULK-1');
    expect(keys.at(-1)).toBe('BULK-1234');
  });

  test('maxResults is capped at 100 unless only ids/keys are asked for; the default returns ids only', async () => {
    const capped = await call('cloud', 'POST', '/rest/api/3/search/jql', { jql: 'project = BULK', maxResults: 500, fields: ['summary'] });
    expect(capped.body.issues).toHaveLength(100);
    const keysOnly = await call('cloud', 'POST', '/rest/api/3/search/jql', { jql: 'project = BULK', maxResults: 500, fields: ['key'] });
    expect(keysOnly.body.issues).toHaveLength(500);
    const byDefault = await call('cloud', 'GET', '/rest/api/3/search/jql?jql=project%3DBULK&maxResults=3');
    expect(byDefault.body.issues).toEqual([{ id: expect.any(String) }, { id: expect.any(String) }, { id: expect.any(String) }]);
    const viaGet = await call('cloud', 'GET', '/rest/api/3/search/jql?jql=project%3DBULK&maxResults=2&fields=summary&fields=assignee');
    expect(Object.keys(viaGet.body.issues[0].fields).sort()).toEqual(expect.arrayContaining(['summary']));
    expect(Object.keys(viaGet.body.issues[0].fields).every((f) => f === 'summary' || f === 'assignee')).toBe(true);
  });

  test('the retired Cloud /search answers 410 Gone, as Atlassian does', async () => {
    for (const method of ['GET', 'POST']) {
      const gone = await call(
        'cloud',
        method,
        '/rest/api/3/search?jql=project%3DBULK',
        method === 'POST' ? { jql: 'project = BULK' } : undefined,
      );
      expect(gone.status).toBe(410);
      expect(gone.body.errorMessages[0]).toMatch(/\/rest\/api\/3\/search\/jql/);
    }
  });

  test('approximate count, and Cloud errors: unbounded JQL, bad JQL, a forged token', async () => {
    expect(await call('cloud', 'POST', '/rest/api/3/search/approximate-count', { jql: 'project = BULK' })).toEqual({
      status: 200,
      body: { count: 1234 },
    });
    const unbounded = await call('cloud', 'POST', '/rest/api/3/search/jql', { jql: 'ORDER BY updated DESC' });
    expect(unbounded).toEqual({
      status: 400,
      body: { errorMessages: ['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.'], errors: {} },
    });
    const bad = await call('cloud', 'POST', '/rest/api/3/search/jql', { jql: 'project = BULK AND' });
    expect(bad.status).toBe(400);
    expect(bad.body.errorMessages[0]).toMatch(/^Error in the JQL Query: /);
    const unknown = await call('cloud', 'POST', '/rest/api/3/search/jql', { jql: 'project = NOPE' });
    expect(unknown.body.errorMessages).toEqual(["The value 'NOPE' does not exist for the field 'project'."]);
    const forged = await call('cloud', 'POST', '/rest/api/3/search/jql', { jql: 'project = BULK', nextPageToken: 'not-a-token' });
    expect(forged.status).toBe(400);
  });

  test('Data Center /search pages by startAt with a total, GET and POST', async () => {
    const keys = new Set<string>();
    for (let startAt = 0; ; startAt += 100) {
      const { status, body } = await call(
        'dc',
        'GET',
        `/rest/api/2/search?jql=${encodeURIComponent('project = BULK')}&startAt=${startAt}&maxResults=100&fields=summary`,
      );
      expect(status).toBe(200);
      expect(body.total).toBe(1234);
      expect(body.startAt).toBe(startAt);
      for (const issue of body.issues) keys.add(issue.key);
      if (startAt + body.issues.length >= body.total) break;
    }
    expect(keys.size).toBe(1234);
    const countOnly = await call('dc', 'POST', '/rest/api/2/search', { jql: 'project = BULK', maxResults: 0 });
    expect(countOnly.body).toMatchObject({ total: 1234, issues: [] });
    const mine = await call('dc', 'POST', '/rest/api/2/search', {
      jql: 'assignee = currentUser() AND project = DEMO',
      maxResults: 5,
      fields: ['assignee'],
    });
    expect(mine.body.total).toBeGreaterThan(0);
    for (const issue of mine.body.issues) expect(issue.fields.assignee.name).toBe('demo');
  });
});

describe('issues on Cloud', () => {
  test('create, read, edit, transition with resolution and comment, reopen', async () => {
    const created = await call('cloud', 'POST', '/rest/api/3/issue', {
      fields: {
        project: { key: 'DEMO' },
        issuetype: { name: 'Story' },
        summary: 'Routes test story',
        description: adf('Made by the routes test'),
        labels: ['alpha'],
        priority: { name: 'High' },
        customfield_10016: 5,
        customfield_10001: { value: 'Mobile' },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^DEMO-\d+$/);
    expect(created.body.self).toBe(`${sandbox.url}/rest/api/3/issue/${created.body.id}`);
    const key: string = created.body.key;

    const got = await call('cloud', 'GET', `/rest/api/3/issue/${key}`);
    expect(got.body.fields).toMatchObject({
      summary: 'Routes test story',
      description: adf('Made by the routes test'),
      labels: ['alpha'],
      priority: { name: 'High' },
      status: { name: 'To Do', statusCategory: { key: 'new' } },
      reporter: { accountId: sandbox.credentials.cloud.accountId },
      customfield_10016: 5,
      customfield_10001: { value: 'Mobile' },
    });
    expect(got.body.fields.reporter.name).toBeUndefined();

    expect(
      (await call('cloud', 'PUT', `/rest/api/3/issue/${key}`, { update: { labels: [{ add: 'beta' }, { remove: 'alpha' }] } })).status,
    ).toBe(204);
    expect((await call('cloud', 'GET', `/rest/api/3/issue/${key}?fields=labels`)).body.fields).toEqual({ labels: ['beta'] });

    const transitions = await call('cloud', 'GET', `/rest/api/3/issue/${key}/transitions?expand=transitions.fields`);
    const done = transitions.body.transitions.find((t: Json) => t.to.name === 'Done');
    expect(done).toMatchObject({ id: '51', name: 'Done', hasScreen: true, fields: { resolution: { required: true } } });
    const moved = await call('cloud', 'POST', `/rest/api/3/issue/${key}/transitions`, {
      transition: { id: done.id },
      fields: { resolution: { name: "Won't Do" } },
      update: { comment: [{ add: { body: adf('Closing as won’t do') } }] },
    });
    expect(moved.status).toBe(204);
    const after = await call('cloud', 'GET', `/rest/api/3/issue/${key}?fields=status,resolution,comment,resolutiondate`);
    expect(after.body.fields.status.name).toBe('Done');
    expect(after.body.fields.resolution.name).toBe("Won't Do");
    expect(after.body.fields.resolutiondate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(after.body.fields.comment.comments.map((c: Json) => c.body)).toEqual([adf('Closing as won’t do')]);

    const notAvailable = await call('cloud', 'POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: '11' } });
    expect(notAvailable).toEqual({ status: 400, body: { errorMessages: ["Transition id '11' is not valid for this issue."], errors: {} } });
    expect((await call('cloud', 'POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: '61' } })).status).toBe(204);
    const reopened = await call('cloud', 'GET', `/rest/api/3/issue/${key}?fields=status,resolution`);
    expect(reopened.body.fields).toMatchObject({ status: { name: 'To Do' }, resolution: null });
  });

  test('Cloud refuses a wiki string where ADF belongs, and DC-style users', async () => {
    const wrong = await call('cloud', 'POST', '/rest/api/3/issue', {
      fields: {
        project: { key: 'DEMO' },
        issuetype: { name: 'Task' },
        summary: 'x',
        description: 'plain string',
        assignee: { name: 'demo' },
      },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.description).toMatch(/Atlassian Document/);
    expect(wrong.body.errors.assignee).toBeDefined();
    const missing = await call('cloud', 'POST', '/rest/api/3/issue', { fields: { project: { key: 'DEMO' } } });
    expect(missing.body.errors).toMatchObject({ summary: 'You must specify a summary of the issue.', issuetype: 'Specify an issue type' });
  });

  test('assign, comments with paging, delete with sub-tasks', async () => {
    const parent = (
      await call('cloud', 'POST', '/rest/api/3/issue', {
        fields: { project: { key: 'DEMO' }, issuetype: { name: 'Task' }, summary: 'Parent' },
      })
    ).body;
    const sub = (
      await call('cloud', 'POST', '/rest/api/3/issue', {
        fields: { project: { key: 'DEMO' }, issuetype: { name: 'Sub-task' }, summary: 'Child', parent: { key: parent.key } },
      })
    ).body;
    expect(sub.key).toMatch(/^DEMO-/);
    expect(
      (await call('cloud', 'GET', `/rest/api/3/issue/${parent.key}?fields=subtasks`)).body.fields.subtasks.map((s: Json) => s.key),
    ).toEqual([sub.key]);

    expect(
      (await call('cloud', 'PUT', `/rest/api/3/issue/${parent.key}/assignee`, { accountId: sandbox.credentials.cloud.accountId })).status,
    ).toBe(204);
    expect((await call('cloud', 'GET', `/rest/api/3/issue/${parent.key}?fields=assignee`)).body.fields.assignee.accountId).toBe(
      sandbox.credentials.cloud.accountId,
    );
    expect((await call('cloud', 'PUT', `/rest/api/3/issue/${parent.key}/assignee`, { accountId: null })).status).toBe(204);
    expect((await call('cloud', 'GET', `/rest/api/3/issue/${parent.key}?fields=assignee`)).body.fields.assignee).toBeNull();
    expect((await call('cloud', 'PUT', `/rest/api/3/issue/${parent.key}/assignee`, { accountId: 'nobody' })).status).toBe(404);

    for (const text of ['one', 'two', 'three']) {
      const added = await call('cloud', 'POST', `/rest/api/3/issue/${parent.key}/comment`, { body: adf(text) });
      expect(added.status).toBe(201);
      expect(added.body.author.accountId).toBe(sandbox.credentials.cloud.accountId);
    }
    const page = await call('cloud', 'GET', `/rest/api/3/issue/${parent.key}/comment?startAt=1&maxResults=1`);
    expect(page.body).toMatchObject({ startAt: 1, maxResults: 1, total: 3 });
    expect(page.body.comments.map((c: Json) => c.body)).toEqual([adf('two')]);
    expect((await call('cloud', 'POST', `/rest/api/3/issue/${parent.key}/comment`, { body: 'wiki text' })).status).toBe(400);

    const refused = await call('cloud', 'DELETE', `/rest/api/3/issue/${parent.key}`);
    expect(refused.status).toBe(400);
    expect(refused.body.errorMessages[0]).toMatch(/deleteSubtasks/);
    expect((await call('cloud', 'DELETE', `/rest/api/3/issue/${parent.key}?deleteSubtasks=true`)).status).toBe(204);
    const gone = await call('cloud', 'GET', `/rest/api/3/issue/${sub.key}`);
    expect(gone).toEqual({
      status: 404,
      body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} },
    });
  });
});

describe('issues on Data Center', () => {
  test('wiki markup and user names in, the same issue seen as ADF on Cloud', async () => {
    const created = await call('dc', 'POST', '/rest/api/2/issue', {
      fields: {
        project: { key: 'WEB' },
        issuetype: { name: 'Bug' },
        summary: 'DC bug',
        description: 'h2. Steps\n* open *the* page',
        assignee: { name: 'mia' },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.self).toBe(`${sandbox.dcUrl}/rest/api/2/issue/${created.body.id}`);
    const key: string = created.body.key;

    const dcView = await call('dc', 'GET', `/rest/api/2/issue/${key}?fields=description,assignee,reporter`);
    expect(dcView.body.fields.description).toBe('h2. Steps\n* open *the* page');
    expect(dcView.body.fields.assignee).toMatchObject({ name: 'mia', key: expect.stringMatching(/^JIRAUSER/) });
    expect(dcView.body.fields.reporter.name).toBe('demo');
    const cloudView = await call('cloud', 'GET', `/rest/api/3/issue/${key}?fields=description`);
    expect(cloudView.body.fields.description.content[0]).toEqual({
      type: 'heading',
      attrs: { level: 2 },
      content: [{ type: 'text', text: 'Steps' }],
    });

    expect((await call('dc', 'PUT', `/rest/api/2/issue/${key}/assignee`, { name: 'ravi' })).status).toBe(204);
    expect((await call('dc', 'GET', `/rest/api/2/issue/${key}?fields=assignee`)).body.fields.assignee.name).toBe('ravi');
    expect((await call('dc', 'PUT', `/rest/api/2/issue/${key}/assignee`, { name: null })).status).toBe(204);
    expect((await call('dc', 'GET', `/rest/api/2/issue/${key}?fields=assignee`)).body.fields.assignee).toBeNull();
    expect((await call('dc', 'PUT', `/rest/api/2/issue/${key}/assignee`, { accountId: sandbox.credentials.cloud.accountId })).status).toBe(
      400,
    );

    const comment = await call('dc', 'POST', `/rest/api/2/issue/${key}/comment`, { body: 'Fixed in *1.2*' });
    expect(comment.status).toBe(201);
    expect(comment.body).toMatchObject({ body: 'Fixed in *1.2*', author: { name: 'demo' } });

    const transitions = await call('dc', 'GET', `/rest/api/2/issue/${key}/transitions`);
    expect(transitions.body.transitions.map((t: Json) => t.name)).toEqual(['Start Progress', 'Done']);
    expect(
      (
        await call('dc', 'POST', `/rest/api/2/issue/${key}/transitions`, {
          transition: { id: '11' },
          update: { comment: [{ add: { body: 'Starting' } }] },
        })
      ).status,
    ).toBe(204);
    const after = await call('dc', 'GET', `/rest/api/2/issue/${key}?fields=status,comment`);
    expect(after.body.fields.status.name).toBe('In Progress');
    expect(after.body.fields.comment.comments.map((c: Json) => c.body)).toEqual(['Fixed in *1.2*', 'Starting']);
  });

  test('user search by username', async () => {
    const found = await call('dc', 'GET', '/rest/api/2/user/search?username=mia');
    expect(found.body.map((u: Json) => u.name)).toEqual(['mia']);
    expect((await call('dc', 'GET', '/rest/api/2/user/search')).status).toBe(400);
  });
});

describe('lookups', () => {
  test('projects, fields, users, priorities, resolutions', async () => {
    const page = await call('cloud', 'GET', '/rest/api/3/project/search?maxResults=2');
    // Six: the demo's four, and the service desks' HELP and FAC (issue 14: a desk is a Jira project).
    expect(page.body).toMatchObject({ startAt: 0, maxResults: 2, total: 6, isLast: false });
    expect(page.body.values.map((p: Json) => p.key)).toEqual(['BULK', 'DEMO']);
    expect(page.body.nextPage).toContain('startAt=2');
    const rest = await call('cloud', 'GET', '/rest/api/3/project/search?startAt=2&maxResults=4');
    expect(rest.body.values.map((p: Json) => p.key)).toEqual(['FAC', 'HELP', 'OPS', 'WEB']);
    expect(rest.body.isLast).toBe(true);
    expect((await call('cloud', 'GET', '/rest/api/3/project')).body.map((p: Json) => p.key)).toEqual([
      'DEMO',
      'WEB',
      'OPS',
      'HELP',
      'FAC',
      'BULK',
    ]);
    expect((await call('dc', 'GET', '/rest/api/2/project')).body).toHaveLength(6);

    const fields = (await call('cloud', 'GET', '/rest/api/3/field')).body as unknown as Json[];
    expect(fields.find((f) => f.name === 'Story Points')).toMatchObject({
      id: 'customfield_10016',
      custom: true,
      schema: { type: 'number' },
    });
    expect(fields.find((f) => f.name === 'Team')).toMatchObject({ id: 'customfield_10001', schema: { type: 'option' } });

    const users = await call('cloud', 'GET', '/rest/api/3/user/search?query=demo%40example.com');
    expect(users.body.map((u: Json) => u.accountId)).toEqual([sandbox.credentials.cloud.accountId]);
    expect((await call('cloud', 'GET', '/rest/api/3/user/search')).status).toBe(400);
    expect((await call('cloud', 'GET', '/rest/api/3/priority')).body.map((p: Json) => p.name)).toEqual([
      'Highest',
      'High',
      'Medium',
      'Low',
      'Lowest',
    ]);
    expect((await call('dc', 'GET', '/rest/api/2/resolution')).body.map((r: Json) => r.name)).toContain("Won't Do");
  });

  test('create metadata for a project and issue type, both flavours', async () => {
    const types = await call('cloud', 'GET', '/rest/api/3/issue/createmeta/DEMO/issuetypes');
    expect(types.body.issueTypes.map((t: Json) => t.name)).toEqual(['Epic', 'Story', 'Task', 'Bug', 'Sub-task']);
    const story = await call('cloud', 'GET', '/rest/api/3/issue/createmeta/DEMO/issuetypes/10001');
    const byId = Object.fromEntries(story.body.fields.map((f: Json) => [f.fieldId, f]));
    expect(byId.summary.required).toBe(true);
    expect(byId.customfield_10001.allowedValues.map((o: Json) => o.value)).toEqual(['Platform', 'Mobile', 'Web', 'Data']);
    const sub = await call('dc', 'GET', '/rest/api/2/issue/createmeta/DEMO/issuetypes/10004');
    expect(sub.body.values.find((f: Json) => f.fieldId === 'parent').required).toBe(true);
    expect((await call('cloud', 'GET', '/rest/api/3/issue/createmeta/NOPE/issuetypes')).status).toBe(404);
  });
});

describe('agile', () => {
  test('boards by project, sprints by state, issues of a sprint', async () => {
    const boards = await call('cloud', 'GET', '/rest/agile/1.0/board?projectKeyOrId=DEMO');
    expect(boards.body).toMatchObject({ total: 1, isLast: true });
    const board = boards.body.values[0];
    expect(board).toMatchObject({ type: 'scrum', location: { projectKey: 'DEMO' } });
    const paged = await call('dc', 'GET', '/rest/agile/1.0/board?maxResults=1');
    expect(paged.body).toMatchObject({ maxResults: 1, total: 3, isLast: false });

    const active = await call('cloud', 'GET', `/rest/agile/1.0/board/${board.id}/sprint?state=active`);
    expect(active.body.values.map((s: Json) => s.state)).toEqual(['active']);
    const all = await call('cloud', 'GET', `/rest/agile/1.0/board/${board.id}/sprint`);
    expect(all.body.values.map((s: Json) => s.state)).toEqual(['closed', 'closed', 'active', 'future']);
    const kanban = (await call('cloud', 'GET', '/rest/agile/1.0/board?projectKeyOrId=OPS')).body.values[0];
    expect((await call('cloud', 'GET', `/rest/agile/1.0/board/${kanban.id}/sprint`)).status).toBe(400);
    expect((await call('cloud', 'GET', '/rest/agile/1.0/board/999/sprint')).status).toBe(404);

    const sprintId = active.body.values[0].id;
    const issues = await call('cloud', 'GET', `/rest/agile/1.0/sprint/${sprintId}/issue?maxResults=100`);
    const count = await call('cloud', 'POST', '/rest/api/3/search/approximate-count', { jql: `sprint = ${sprintId}` });
    expect(issues.body.total).toBe(count.body.count);
    expect(issues.body.issues.length).toBe(count.body.count);
    expect(issues.body.issues.every((i: Json) => i.fields.customfield_10020.some((s: Json) => s.id === sprintId))).toBe(true);
    // The agile API speaks the v2 representation: descriptions are wiki strings.
    const descriptions = issues.body.issues.map((i: Json) => i.fields.description).filter((d: unknown) => d !== null && d !== undefined);
    expect(descriptions.length, 'the sprint holds no issue with a description to check').toBeGreaterThan(0);
    for (const description of descriptions) expect(typeof description).toBe('string');
    expect((await call('dc', 'GET', `/rest/agile/1.0/sprint/${sprintId}/issue?maxResults=1`)).body.total).toBe(count.body.count);
  });
});

describe('scoped service account through the gateway', () => {
  test('reads work, writes need a scope it lacks', async () => {
    const search = await call('scoped', 'POST', '/rest/api/3/search/jql', { jql: 'project = OPS', maxResults: 1, fields: ['summary'] });
    expect(search.status).toBe(200);
    expect(search.body.issues[0].self).toContain(`/ex/jira/${sandbox.cloudId}/rest/api/3/issue/`);
    expect((await call('scoped', 'GET', '/rest/api/3/user/search?query=mia')).status).toBe(200);
    const write = await call('scoped', 'POST', '/rest/api/3/issue', {
      fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'nope' },
    });
    expect(write).toEqual({ status: 401, body: { code: 401, message: 'Unauthorized; scope does not match' } });
    const count = await call('cloud', 'POST', '/rest/api/3/search/approximate-count', { jql: 'summary ~ nope AND project = OPS' });
    expect(count.body.count).toBe(0);
  });
});

test('the seed endpoint adds bulk issues for out-of-process users', async () => {
  const seeded = await call('dc', 'POST', '/rest/atl-sandbox/1.0/jira/seed', { count: 25, project: 'SEEDED', summaryPrefix: 'Seeded' });
  expect(seeded).toEqual({ status: 201, body: { created: 25, project: 'SEEDED', firstKey: 'SEEDED-1', lastKey: 'SEEDED-25' } });
  expect((await call('dc', 'GET', '/rest/api/2/search?jql=project%3DSEEDED&maxResults=0')).body.total).toBe(25);
  expect((await call('cloud', 'POST', '/rest/atl-sandbox/1.0/jira/seed', { count: 0 })).status).toBe(400);
});

test('attachments: a multipart upload on Cloud and Data Center, its metadata, the bytes, and removal', async () => {
  const c = sandbox.credentials;
  for (const who of ['cloud', 'dc'] as const) {
    const base = who === 'cloud' ? `${sandbox.url}/rest/api/3` : `${sandbox.dcUrl}/rest/api/2`;
    const authorization =
      who === 'cloud' ? `Basic ${Buffer.from(`${c.cloud.email}:${c.cloud.token}`).toString('base64')}` : `Bearer ${c.datacenter.token}`;
    const form = new FormData();
    form.append('file', new Blob(['hello']), 'hello.txt');
    const refused = await fetch(`${base}/issue/OPS-1/attachments`, { method: 'POST', headers: { authorization }, body: form });
    expect(refused.status).toBe(403);
    const upload = await fetch(`${base}/issue/OPS-1/attachments`, {
      method: 'POST',
      headers: { authorization, 'X-Atlassian-Token': 'no-check' },
      body: form,
    });
    expect(upload.status).toBe(200);
    const [added] = (await upload.json()) as Json[];
    expect(added).toMatchObject({ filename: 'hello.txt', size: 5 });
    const meta = await call(who, 'GET', `${who === 'cloud' ? '/rest/api/3' : '/rest/api/2'}/attachment/${added!.id}`);
    expect(meta.body).toMatchObject({ filename: 'hello.txt', id: who === 'cloud' ? Number(added!.id) : added!.id });
    const bytes = await fetch(added!.content, { headers: { authorization } });
    expect(await bytes.text()).toBe('hello');
    expect((await call(who, 'DELETE', `${who === 'cloud' ? '/rest/api/3' : '/rest/api/2'}/attachment/${added!.id}`)).status).toBe(204);
  }
});

test("a service request's comments say which are internal notes: jsdPublic on Cloud, sd.public.comment with expand=properties", async () => {
  // HELP-1 (the demo Service Management desk): a public reply, then an internal note.
  const cloud = await call('cloud', 'GET', '/rest/api/3/issue/HELP-1/comment');
  expect(cloud.body.comments.map((c: Json) => c.jsdPublic)).toEqual([true, false]);
  const dc = await call('dc', 'GET', '/rest/api/2/issue/HELP-1/comment?expand=properties');
  expect(dc.body.comments.map((c: Json) => c.properties)).toEqual([
    [{ key: 'sd.public.comment', value: { internal: false } }],
    [{ key: 'sd.public.comment', value: { internal: true } }],
  ]);
  expect(dc.body.comments[0].jsdPublic).toBeUndefined();
  // Not a request: public, with no such property; no properties unless expanded.
  const plain = await call('cloud', 'POST', '/rest/api/3/issue/DEMO-1/comment', { body: adf('plain') });
  expect(plain.body.jsdPublic).toBe(true);
  const listed = await call('cloud', 'GET', '/rest/api/3/issue/DEMO-1/comment?expand=properties');
  expect(listed.body.comments.at(-1).properties).toEqual([]);
  expect((await call('dc', 'GET', '/rest/api/2/issue/HELP-1/comment')).body.comments[0].properties).toBeUndefined();
});

describe.skipIf(!validator)('contract', () => {
  test('every exchange above matched the official specs (bar known spec defects)', () => {
    expect(sandbox.violations).toEqual([]);
    // The allow-list hides only what it names: the known defects did occur (so the checks ran)
    // and each was excused for the reason its entry gives.
    const reasons = new Set(validator!.excused.map((e) => e.reason));
    // Jira's defects only: other products' are proven by their own contract tests.
    for (const defect of KNOWN_SPEC_DEFECTS.filter((d) => d.file.startsWith('jira-')))
      expect(reasons, defect.reason).toContain(defect.reason);
    expect(validator!.unspecified.map((u) => u.path)).toContain('/dc/rest/atl-sandbox/1.0/jira/seed');
  });
});
