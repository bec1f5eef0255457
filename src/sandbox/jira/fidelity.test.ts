// Where the sandbox's Jira must be as strict as a real site (issue 7, items 12-21): each test
// here failed against the lenient sandbox. Every exchange is checked against Atlassian's specs
// when ../shared/specs is present.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createOpenApiValidator, specsAvailable } from '../../../test/support/openapi.js';
import { startSandbox, type Sandbox } from '../index.js';
import { api, jiraCaller, type Json, type Who } from './call.testutil.js';
import { jiraStoreOf } from './routes.js';
import { CUSTOM_FIELDS } from './seed.js';

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

describe('comments (item 21)', () => {
  test('every seeded issue lists its comments oldest first, as Jira does, on both flavours', async () => {
    const store = jiraStoreOf(sandbox);
    const withSeveral = [...store.issues.values()].filter((i) => i.comments.length >= 3).slice(0, 5);
    expect(withSeveral.length).toBe(5);
    for (const issue of withSeveral) {
      for (const who of ['cloud', 'dc'] as const) {
        const { status, body } = await call(who, 'GET', `${api(who)}/issue/${issue.key}/comment`);
        expect(status).toBe(200);
        const created = (body.comments as Json[]).map((c) => Date.parse(String(c.created).replace(/\+0000$/, 'Z')));
        expect(created).toEqual([...created].sort((a, b) => a - b));
        expect(created).toHaveLength(issue.comments.length);
      }
    }
  });
});

async function newIssue(who: Who, type = 'Task', extra: Json = {}): Promise<string> {
  const { status, body } = await call(who, 'POST', `${api(who)}/issue`, {
    fields: { project: { key: 'DEMO' }, issuetype: { name: type }, summary: 'fidelity', ...extra },
  });
  expect(status, JSON.stringify(body)).toBe(201);
  return body.key as string;
}

describe('transition screens (item 14)', () => {
  const offScreen = (id: string) => ({
    errorMessages: [],
    errors: { [id]: `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.` },
  });

  test.each(['cloud', 'dc'] as const)(
    "%s: expand=transitions.fields lists each screen; fields off the screen are refused with Jira's 400",
    async (who) => {
      const key = await newIssue(who);
      const listed = await call(who, 'GET', `${api(who)}/issue/${key}/transitions?expand=transitions.fields`);
      const byName = Object.fromEntries((listed.body.transitions as Json[]).map((t) => [t.name, t]));
      expect(Object.keys(byName.Done.fields)).toEqual(['resolution']);
      expect(byName['Start Progress'].fields).toEqual({});
      const post = (body: Json) => call(who, 'POST', `${api(who)}/issue/${key}/transitions`, body);
      expect(await post({ transition: { id: '11' }, fields: { resolution: { name: 'Done' } } })).toEqual({
        status: 400,
        body: offScreen('resolution'),
      });
      expect(await post({ transition: { id: '11' }, fields: { priority: { name: 'High' } } })).toEqual({
        status: 400,
        body: offScreen('priority'),
      });
      expect(await post({ transition: { id: '11' }, update: { labels: [{ add: 'x' }] } })).toEqual({
        status: 400,
        body: offScreen('labels'),
      });
      // A comment goes with any transition; the resolution with the one whose screen has it.
      const comment =
        who === 'cloud' ? { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'ok' }] }] } : 'ok';
      expect((await post({ transition: { id: '11' }, update: { comment: [{ add: { body: comment } }] } })).status).toBe(204);
      expect((await post({ transition: { id: '51' }, fields: { resolution: { name: "Won't Do" } } })).status).toBe(204);
      const after = await call(who, 'GET', `${api(who)}/issue/${key}?fields=status,resolution,summary`);
      expect(after.body.fields).toMatchObject({ status: { name: 'Done' }, resolution: { name: "Won't Do" }, summary: 'fidelity' });
    },
  );
});

describe('assignable users and hidden emails (item 17)', () => {
  test('Cloud: user/assignable/search needs a project or issue, finds by a hidden email, and leaves the email out', async () => {
    const { HIDDEN_EMAIL_USER } = await import('./seed.js');
    const found = await call(
      'cloud',
      'GET',
      `/rest/api/3/user/assignable/search?query=${encodeURIComponent(HIDDEN_EMAIL_USER.emailAddress)}&project=DEMO`,
    );
    expect(found.status).toBe(200);
    expect(found.body).toHaveLength(1);
    expect(found.body[0]).toMatchObject({ accountId: HIDDEN_EMAIL_USER.accountId, displayName: HIDDEN_EMAIL_USER.displayName });
    expect(found.body[0]).not.toHaveProperty('emailAddress');
    const plain = await call('cloud', 'GET', '/rest/api/3/user/search?query=noor');
    expect(plain.body[0]).not.toHaveProperty('emailAddress');
    const byIssue = await call('cloud', 'GET', '/rest/api/3/user/assignable/search?query=mia&issueKey=DEMO-1');
    expect(byIssue.body.map((u: Json) => u.emailAddress)).toEqual(['mia@example.com']);
    expect((await call('cloud', 'GET', '/rest/api/3/user/assignable/search?query=mia')).status).toBe(400);
    expect((await call('cloud', 'GET', '/rest/api/3/user/assignable/search?query=former&project=DEMO')).body).toEqual([]);
    expect((await call('cloud', 'GET', '/rest/api/3/user/assignable/search?query=mia&project=NOPE')).status).toBe(404);
  });

  test('Data Center: username and project; emails are shown', async () => {
    const found = await call('dc', 'GET', '/rest/api/2/user/assignable/search?username=noor&project=DEMO');
    expect(found.status).toBe(200);
    expect(found.body).toEqual([expect.objectContaining({ name: 'noor', emailAddress: 'noor.private@example.com' })]);
    expect((await call('dc', 'GET', '/rest/api/2/user/assignable/search?username=noor')).status).toBe(400);
  });
});

describe('custom field shapes (item 12)', () => {
  const { group, groups, team, area, targetVersion, affectedVersions } = CUSTOM_FIELDS;
  const teamId = '36885b3c-1bf0-4f85-a357-c5b858c31de4';

  test.each(['cloud', 'dc'] as const)('%s: each type in the shape Jira takes is stored and read back as Jira renders it', async (who) => {
    const sprint = jiraStoreOf(sandbox).sprints.find((s) => s.state === 'active')!;
    const key = await newIssue(who, 'Story', {
      customfield_10020: sprint.id,
      [group]: { name: 'developers' },
      [groups]: [{ name: 'support' }, { name: 'developers' }],
      [team]: teamId,
      [area]: { value: 'Hardware', child: { value: 'Keyboard' } },
      [targetVersion]: { name: '2.0' },
      [affectedVersions]: [{ name: '1.0' }, { name: '1.1' }],
    });
    const { body } = await call(who, 'GET', `${api(who)}/issue/${key}`);
    expect(body.fields.customfield_10020.map((s: Json) => s.id)).toEqual([sprint.id]);
    expect(body.fields[group]).toMatchObject({ name: 'developers' });
    expect(body.fields[groups].map((g: Json) => g.name)).toEqual(['support', 'developers']);
    expect(body.fields[team]).toMatchObject({ id: teamId, name: 'Platform Team' });
    expect(body.fields[area]).toMatchObject({ value: 'Hardware', child: { value: 'Keyboard' } });
    expect(body.fields[targetVersion]).toMatchObject({ name: '2.0' });
    expect(body.fields[affectedVersions].map((v: Json) => v.name)).toEqual(['1.0', '1.1']);
  });

  test("wrong shapes are refused with Jira's 400, keyed by the field", async () => {
    const cases: Array<[string, unknown, string]> = [
      ['customfield_10020', ['1'], 'Number value expected as the Sprint id.'],
      ['customfield_10020', '1', 'Number value expected as the Sprint id.'],
      [group, 'developers', 'Specify a valid group for Owning Group: {"name": "group name"}.'],
      [group, { name: 'nobody' }, "Group 'nobody' does not exist."],
      [groups, { name: 'developers' }, 'data was not an array'],
      [team, { id: teamId }, 'Team id must be a string: the id of the team, not an object.'],
      [team, 'not-a-team', "Team with id 'not-a-team' does not exist."],
      [area, { value: 'Hardware/Keyboard' }, "Option value 'Hardware/Keyboard' is not valid"],
      [area, 'Hardware', "Could not find valid 'id' or 'value' in the Parent Option object."],
      [area, { value: 'Hardware', child: { value: 'Installer' } }, "Option value 'Installer' is not valid for parent option 'Hardware'"],
      [targetVersion, { name: '9.9' }, "Version name '9.9' is not valid"],
      [affectedVersions, '1.0', 'data was not an array'],
    ];
    for (const [id, value, message] of cases) {
      const { status, body } = await call('cloud', 'POST', '/rest/api/3/issue', {
        fields: { project: { key: 'DEMO' }, issuetype: { name: 'Story' }, summary: 'bad', [id]: value },
      });
      expect({ id, value, status, body }).toEqual({ id, value, status: 400, body: { errorMessages: [], errors: { [id]: message } } });
    }
  });
});

describe('parent on Data Center (item 13)', () => {
  test('DC refuses parent on a non-sub-task; the Epic Link puts a story under an epic; sub-tasks keep parent', async () => {
    const epic = await newIssue('dc', 'Epic');
    const refused = await call('dc', 'POST', '/rest/api/2/issue', {
      fields: { project: { key: 'DEMO' }, issuetype: { name: 'Story' }, summary: 's', parent: { key: epic } },
    });
    expect(refused).toEqual({
      status: 400,
      body: { errorMessages: [], errors: { parent: 'Issue type is not a sub-task but parent issue key or id specified.' } },
    });
    const story = await newIssue('dc', 'Story', { customfield_10014: epic });
    expect((await call('dc', 'GET', `/rest/api/2/issue/${story}?fields=customfield_10014`)).body.fields).toEqual({
      customfield_10014: epic,
    });
    const edit = await call('dc', 'PUT', `/rest/api/2/issue/${story}`, { fields: { parent: { key: epic } } });
    expect(edit.status).toBe(400);
    expect(edit.body.errors.parent).toBe('Issue type is not a sub-task but parent issue key or id specified.');
    await newIssue('dc', 'Sub-task', { parent: { key: story } });
    const notAnEpic = await call('dc', 'POST', '/rest/api/2/issue', {
      fields: { project: { key: 'DEMO' }, issuetype: { name: 'Task' }, summary: 's', customfield_10014: story },
    });
    expect(notAnEpic.body.errors.customfield_10014).toBe(`Epic '${story}' does not exist or is not an epic.`);
  });

  test('Cloud keeps parent for epics and has no Epic Link field', async () => {
    const epic = await newIssue('cloud', 'Epic');
    const story = await newIssue('cloud', 'Story', { parent: { key: epic } });
    expect((await call('cloud', 'GET', `/rest/api/3/issue/${story}?fields=parent`)).body.fields.parent.key).toBe(epic);
    const fields = (await call('cloud', 'GET', '/rest/api/3/field')).body as unknown as Json[];
    expect(fields.map((f) => f.name)).not.toContain('Epic Link');
    expect(((await call('dc', 'GET', '/rest/api/2/field')).body as unknown as Json[]).map((f) => f.name)).toContain('Epic Link');
    const refused = await call('cloud', 'POST', '/rest/api/3/issue', {
      fields: { project: { key: 'DEMO' }, issuetype: { name: 'Story' }, summary: 's', customfield_10014: epic },
    });
    expect(refused.status).toBe(400);
  });
});
