// The sandbox's comment edits, issue links, remote links, watchers and votes (issue 11), Cloud and
// Data Center, every exchange checked against Atlassian's OpenAPI specs when ../shared/specs is present.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createOpenApiValidator, specsAvailable } from '../../../test/support/openapi.js';
import { startSandbox, type Sandbox } from '../index.js';
import { api, jiraCaller, type Json, type Who } from './call.testutil.js';

const validator = specsAvailable() ? createOpenApiValidator() : undefined;
let sandbox: Sandbox;
const call = jiraCaller(() => sandbox);

const text = (who: Who, words: string) =>
  who === 'cloud' ? { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: words }] }] } : words;

async function newIssue(who: Who): Promise<string> {
  const created = await call(who, 'POST', `${api(who)}/issue`, {
    fields: { project: { key: 'DEMO' }, issuetype: { name: 'Task' }, summary: 'issue ops' },
  });
  expect(created.status).toBe(201);
  return created.body.key as string;
}

beforeAll(async () => {
  sandbox = await startSandbox(validator ? { validator } : {});
});

afterAll(async () => {
  await sandbox?.stop();
});

describe.each<Who>(['cloud', 'dc'])('issue operations (%s)', (who) => {
  test('a comment is added with visibility, edited, read and deleted; unknown roles and ids are refused', async () => {
    const key = await newIssue(who);
    const added = await call(who, 'POST', `${api(who)}/issue/${key}/comment`, {
      body: text(who, 'first'),
      visibility: { type: 'role', value: 'developers' },
    });
    expect(added.status).toBe(201);
    expect(added.body.visibility).toMatchObject({ type: 'role', value: 'Developers' });
    const path = `${api(who)}/issue/${key}/comment/${added.body.id}`;
    const edited = await call(who, 'PUT', path, { body: text(who, 'second') });
    expect(edited.status).toBe(200);
    expect(JSON.stringify(edited.body.body)).toContain('second');
    expect(edited.body.visibility).toMatchObject({ type: 'role', value: 'Developers' });
    const group = await call(who, 'PUT', path, { body: text(who, 'third'), visibility: { type: 'group', value: 'jira-software-users' } });
    expect(group.body.visibility).toMatchObject({ type: 'group', value: 'jira-software-users' });
    const badRole = await call(who, 'POST', `${api(who)}/issue/${key}/comment`, {
      body: text(who, 'x'),
      visibility: { type: 'role', value: 'Nobody' },
    });
    expect(badRole.status).toBe(400);
    expect(badRole.body.errors.commentLevel).toContain('Nobody');
    expect((await call(who, 'DELETE', path)).status).toBe(204);
    expect((await call(who, 'GET', path)).status).toBe(404);
    expect((await call(who, 'DELETE', path)).status).toBe(404);
  });

  test('issue links: types, create (inwardIssue is the source), listed on both issues, deleted', async () => {
    const [a, b] = [await newIssue(who), await newIssue(who)];
    const types = await call(who, 'GET', `${api(who)}/issueLinkType`);
    expect(types.status).toBe(200);
    expect(types.body.issueLinkTypes.map((t: Json) => t.name)).toEqual(['Blocks', 'Cloners', 'Duplicate', 'Relates']);
    const made = await call(who, 'POST', `${api(who)}/issueLink`, {
      type: { name: 'Blocks' },
      inwardIssue: { key: a },
      outwardIssue: { key: b },
    });
    expect(made.status).toBe(201);
    const links = async (key: string) =>
      (await call(who, 'GET', `${api(who)}/issue/${key}?fields=issuelinks`)).body.fields.issuelinks as Json[];
    const [fromA] = await links(a);
    expect(fromA).toMatchObject({ type: { name: 'Blocks', outward: 'blocks' }, outwardIssue: { key: b } });
    expect(fromA!.inwardIssue).toBeUndefined();
    expect((await links(b))[0]).toMatchObject({ inwardIssue: { key: a } });
    const one = await call(who, 'GET', `${api(who)}/issueLink/${fromA!.id}`);
    expect(one.body).toMatchObject({ inwardIssue: { key: a }, outwardIssue: { key: b } });
    expect(
      (await call(who, 'POST', `${api(who)}/issueLink`, { type: { name: 'Nope' }, inwardIssue: { key: a }, outwardIssue: { key: b } }))
        .status,
    ).toBe(404);
    expect((await call(who, 'DELETE', `${api(who)}/issueLink/${fromA!.id}`)).status).toBe(204);
    expect(await links(a)).toEqual([]);
  });

  test('remote links are created, listed and deleted', async () => {
    const key = await newIssue(who);
    const made = await call(who, 'POST', `${api(who)}/issue/${key}/remotelink`, {
      object: { url: 'https://example.com/x', title: 'Spec' },
    });
    expect(made.status).toBe(who === 'cloud' ? 201 : 200);
    const listed = await call(who, 'GET', `${api(who)}/issue/${key}/remotelink`);
    expect(listed.body).toMatchObject([{ id: made.body.id, object: { url: 'https://example.com/x', title: 'Spec' } }]);
    expect((await call(who, 'DELETE', `${api(who)}/issue/${key}/remotelink/${made.body.id}`)).status).toBe(204);
    expect((await call(who, 'GET', `${api(who)}/issue/${key}/remotelink`)).body).toEqual([]);
  });

  test('watchers by account id (Cloud) or user name (DC); votes by the caller, not on their own issue', async () => {
    const key = await newIssue(who);
    const me = (await call(who, 'GET', `${api(who)}/myself`)).body;
    const ref = who === 'cloud' ? me.accountId : me.name;
    expect((await call(who, 'POST', `${api(who)}/issue/${key}/watchers`, ref)).status).toBe(204);
    expect((await call(who, 'GET', `${api(who)}/issue/${key}/watchers`)).body).toMatchObject({ isWatching: true, watchCount: 1 });
    const query = who === 'cloud' ? `accountId=${encodeURIComponent(ref)}` : `username=${encodeURIComponent(ref)}`;
    expect((await call(who, 'DELETE', `${api(who)}/issue/${key}/watchers?${query}`)).status).toBe(204);
    expect((await call(who, 'GET', `${api(who)}/issue/${key}/watchers`)).body).toMatchObject({ isWatching: false, watchCount: 0 });
    expect((await call(who, 'POST', `${api(who)}/issue/${key}/votes`)).status).toBe(404);
    expect((await call(who, 'POST', `${api(who)}/issue/DEMO-1/votes`)).status).toBe(who === 'cloud' ? 204 : 200);
    expect((await call(who, 'GET', `${api(who)}/issue/DEMO-1/votes`)).body).toMatchObject({ hasVoted: true, votes: 1 });
    expect((await call(who, 'DELETE', `${api(who)}/issue/DEMO-1/votes`)).status).toBe(204);
    expect((await call(who, 'GET', `${api(who)}/issue/DEMO-1/votes`)).body).toMatchObject({ hasVoted: false, votes: 0 });
  });
});

describe.skipIf(!validator)('contract', () => {
  test('every exchange above matched the specs', () => {
    expect(sandbox.violations).toEqual([]);
  });
});
