// Requests a real Jira accepts: what atl sends for custom fields, parents,
// resolutions, assignees, bulk key collection and comments, checked against in-memory fakes.
import { describe, expect, test } from 'vitest';
import { FakeHttp, fakeFactory, runArgv } from '../../../testkit/fakes.testutil.js';

function commentSite(deployment: 'cloud' | 'datacenter' = 'cloud'): FakeHttp {
  const api = deployment === 'cloud' ? '/rest/api/3' : '/rest/api/2';
  const all = Array.from({ length: 7 }, (_, i) => ({
    id: String(i + 1),
    author: { displayName: 'Jane' },
    created: `2024-05-0${i + 1}T10:00:00.000+0000`,
    body: `comment ${i + 1}`,
  }));
  return new FakeHttp(deployment === 'cloud' ? 'https://example.atlassian.net' : 'https://jira.example.com')
    .on('GET', `${api}/issue/ABC-1`, () => ({ id: '1', key: 'ABC-1', fields: { summary: 'S' } }))
    .on('GET', `${api}/issue/ABC-1/comment`, (r) => {
      const list = r.query.orderBy === '-created' ? [...all].reverse() : all;
      const startAt = Number(r.query.startAt ?? 0);
      const max = Number(r.query.maxResults ?? 50);
      return { startAt, maxResults: max, total: list.length, comments: list.slice(startAt, startAt + max) };
    });
}

describe('issue view comments', () => {
  test.each(['cloud', 'datacenter'] as const)(
    '%s: the latest N, oldest of them first, from the page Jira is asked for',
    async (deployment) => {
      const f = fakeFactory({ deployment, http: commentSite(deployment) });
      expect((await runArgv(f, ['jira', 'issue', 'view', 'ABC-1', '--comments', '3'])).code).toBe(0);
      const shown = [...f.out.text.matchAll(/comment (\d)/g)].map((m) => m[1]);
      expect(shown).toEqual(['5', '6', '7']);
      const pages = f.http.requests.filter((r) => r.path.endsWith('/comment')).map((r) => r.query);
      // Data Center also asks for the comments' properties (Service Management's internal-note flag).
      const properties = deployment === 'datacenter' ? { expand: 'properties' } : {};
      expect(pages).toEqual([
        { startAt: 0, maxResults: 3, orderBy: 'created', ...properties },
        { startAt: 4, maxResults: 3, orderBy: 'created', ...properties },
      ]);
    },
  );
});

describe('bulk key collection', () => {
  test('Cloud asks /search/jql for the key only, 5,000 a page; Data Center for the key only, 1,000 a page', async () => {
    const keys = ['ABC-1', 'ABC-2'];
    const http = () =>
      new FakeHttp()
        .optional('POST', '/rest/api/3/search/jql', () => ({ issues: keys.map((key) => ({ id: key, key })), isLast: true }))
        .optional('GET', '/rest/api/2/search', () => ({
          startAt: 0,
          maxResults: 1000,
          total: 2,
          issues: keys.map((key) => ({ id: key, key })),
        }))
        .optional('GET', '/rest/api/*/issue/*/transitions', () => ({
          transitions: [{ id: '11', name: 'Start', to: { name: 'In Progress' } }],
        }))
        .optional('POST', '/rest/api/*/issue/*/transitions', () => null);
    const cloud = fakeFactory({ http: http() });
    expect((await runArgv(cloud, ['jira', 'issue', 'transition', 'Start', '--jql', 'project = ABC', '--yes'])).code).toBe(0);
    expect(cloud.http.requests[0]).toEqual({
      method: 'POST',
      path: '/rest/api/3/search/jql',
      query: {},
      body: { jql: 'project = ABC', fields: ['key'], maxResults: 5000 },
    });
    const dc = fakeFactory({ deployment: 'datacenter', http: http() });
    expect((await runArgv(dc, ['jira', 'issue', 'transition', 'Start', '--jql', 'project = ABC', '--yes'])).code).toBe(0);
    expect(dc.http.requests[0]).toMatchObject({
      method: 'GET',
      path: '/rest/api/2/search',
      query: { jql: 'project = ABC', fields: 'key', maxResults: 1000, startAt: 0 },
    });
  });
});

describe('transition --resolution', () => {
  const transitions = [
    { id: '11', name: 'Start Progress', to: { name: 'In Progress' }, fields: {} },
    {
      id: '21',
      name: 'Close',
      to: { name: 'Done' },
      fields: { resolution: { name: 'Resolution', required: true }, assignee: { name: 'Assignee', required: false } },
    },
    { id: '31', name: 'Review', to: { name: 'In Review' }, fields: { assignee: { name: 'Assignee', required: false } } },
  ];
  const site = () =>
    new FakeHttp()
      .optional('GET', '/rest/api/3/issue/*/transitions', () => ({ transitions }))
      .optional('GET', '/rest/api/3/resolution/search', () => ({
        startAt: 0,
        maxResults: 50,
        total: 1,
        isLast: true,
        values: [{ id: '1', name: 'Fixed' }],
      }))
      .optional('POST', '/rest/api/3/issue/*/transitions', () => null);

  test('sent only to a transition whose screen has the Resolution field, which atl asks Jira about', async () => {
    const f = fakeFactory({ http: site() });
    expect((await runArgv(f, ['jira', 'issue', 'transition', 'ABC-1', 'Done', '--resolution', 'fixed'])).code).toBe(0);
    expect(f.http.requests.find((r) => r.path.endsWith('/transitions') && r.method === 'GET')!.query).toEqual({
      expand: 'transitions.fields',
    });
    expect(f.http.requests.find((r) => r.method === 'POST')!.body).toEqual({
      transition: { id: '21' },
      fields: { resolution: { name: 'Fixed' } },
    });
  });

  test('a transition without it: exit 2 naming its fields and the transitions that take one; nothing sent', async () => {
    const f = fakeFactory({ http: site() });
    const { code, error } = await runArgv(f, ['jira', 'issue', 'transition', 'ABC-1', 'In Review', '--resolution', 'Fixed']);
    expect(code).toBe(2);
    expect(error!.message).toBe('transition "Review" on ABC-1 does not take a resolution');
    expect(error!.hint).toBe('its screen has Assignee; transitions that take a resolution: Close (→ Done)');
    const none = fakeFactory({ http: site() });
    expect((await runArgv(none, ['jira', 'issue', 'transition', 'ABC-1', 'Start Progress', '--resolution', 'Fixed'])).error!.hint).toBe(
      'its screen has no fields; transitions that take a resolution: Close (→ Done)',
    );
    expect([...f.http.requests, ...none.http.requests].filter((r) => r.method === 'POST')).toEqual([]);
  });

  test('without --resolution the screen fields are not asked for', async () => {
    const f = fakeFactory({ http: site() });
    expect((await runArgv(f, ['jira', 'issue', 'transition', 'ABC-1', 'Start Progress'])).code).toBe(0);
    expect(f.http.requests[0]!.query).toEqual({});
  });
});

describe('assignee lookup among assignable people', () => {
  // Noor hides her email: Jira matches the query against it but leaves it out of the answer.
  const people = [
    { accountId: '5b10a2844c20165700ede21g', name: 'jane', displayName: 'Jane Doe', emailAddress: 'jane@example.com' },
    { accountId: '63c2ebfa4d5e6f0071d4e5f6', name: 'noor', displayName: 'Noor Haddad', hiddenEmail: 'noor@example.com' },
    { accountId: '62a1dae9b4e3c60081c3d4e5', name: 'noah', displayName: 'Noah Berg', emailAddress: 'noah@example.com' },
  ];
  const site = (deployment: 'cloud' | 'datacenter' = 'cloud') => {
    const api = deployment === 'cloud' ? '/rest/api/3' : '/rest/api/2';
    return new FakeHttp(deployment === 'cloud' ? 'https://example.atlassian.net' : 'https://jira.example.com')
      .optional('GET', `${api}/user/assignable/search`, (r) => {
        const q = String(r.query.query ?? r.query.username).toLowerCase();
        return people
          .filter((p) => [p.emailAddress, p.hiddenEmail, p.name, p.displayName.toLowerCase()].some((v) => v?.startsWith(q)))
          .map(({ hiddenEmail: _, ...visible }) => visible);
      })
      .optional('PUT', `${api}/issue/*/assignee`, () => null)
      .optional('PUT', `${api}/issue/*`, () => null)
      .optional('POST', `${api}/issue`, () => ({ id: '10', key: 'ABC-10' }))
      .optional('POST', '/rest/api/3/search/jql', () => ({
        issues: [
          { id: '1', key: 'ABC-1' },
          { id: '2', key: 'ABC-2' },
          { id: '3', key: 'XYZ-7' },
        ],
        isLast: true,
      }));
  };
  const lookups = (f: { http: FakeHttp }) => f.http.requests.filter((r) => r.path.includes('/user/'));

  test('assign: Cloud asks user/assignable/search for the issue; an email the profile hides still finds the person', async () => {
    const f = fakeFactory({ http: site() });
    expect((await runArgv(f, ['jira', 'issue', 'assign', 'ABC-1', 'noor@example.com'])).code).toBe(0);
    expect(lookups(f)).toEqual([
      {
        method: 'GET',
        path: '/rest/api/3/user/assignable/search',
        query: { query: 'noor@example.com', issueKey: 'ABC-1', maxResults: 20 },
        body: undefined,
      },
    ]);
    expect(f.http.requests.at(-1)!.body).toEqual({ accountId: '63c2ebfa4d5e6f0071d4e5f6' });
  });

  test('Data Center asks with username; several or no matches are clear errors', async () => {
    const f = fakeFactory({ deployment: 'datacenter', http: site('datacenter') });
    expect((await runArgv(f, ['jira', 'issue', 'assign', 'ABC-1', 'jane'])).code).toBe(0);
    expect(lookups(f)[0]!.query).toEqual({ username: 'jane', issueKey: 'ABC-1', maxResults: 20 });
    expect(f.http.requests.at(-1)!.body).toEqual({ name: 'jane' });
    const several = await runArgv(fakeFactory({ http: site() }), ['jira', 'issue', 'assign', 'ABC-1', 'no']);
    expect(several.code).toBe(2);
    expect(several.error!.message).toBe('2 Jira users match "no"');
    expect(several.error!.hint).toBe(
      'be more specific; matches: Noor Haddad (63c2ebfa4d5e6f0071d4e5f6); Noah Berg (noah@example.com, 62a1dae9b4e3c60081c3d4e5)',
    );
    const none = await runArgv(fakeFactory({ http: site() }), ['jira', 'issue', 'assign', 'ABC-1', 'zed@example.com']);
    expect(none.code).toBe(4);
    expect(none.error!.message).toBe('no Jira user who can be assigned in ABC-1 matches "zed@example.com"');
  });

  test('create --assignee looks in the project; edit --assignee in the issue', async () => {
    const f = fakeFactory({ http: site() });
    expect(
      (
        await runArgv(f, [
          'jira',
          'issue',
          'create',
          '--project',
          'abc',
          '--type',
          'Task',
          '--summary',
          'S',
          '--assignee',
          'jane@example.com',
        ])
      ).code,
    ).toBe(0);
    expect(lookups(f)[0]!.query).toEqual({ query: 'jane@example.com', project: 'ABC', maxResults: 20 });
    const e = fakeFactory({ http: site() });
    expect((await runArgv(e, ['jira', 'issue', 'edit', 'ABC-2', '--assignee', 'Noah Berg'])).code).toBe(0);
    expect(lookups(e)[0]!.query).toEqual({ query: 'Noah Berg', issueKey: 'ABC-2', maxResults: 20 });
    expect(e.http.requests.at(-1)!.body).toEqual({ fields: { assignee: { accountId: '62a1dae9b4e3c60081c3d4e5' } } });
  });

  test('bulk: one lookup per project, before anything changes; an unknown person changes nothing', async () => {
    const f = fakeFactory({ http: site() });
    expect((await runArgv(f, ['jira', 'issue', 'assign', 'jane', '--jql', 'labels = x', '--yes'])).code).toBe(0);
    expect(lookups(f).map((r) => r.query.project)).toEqual(['ABC', 'XYZ']);
    expect(f.http.requests.filter((r) => r.method === 'PUT').map((r) => r.body)).toEqual(
      Array(3).fill({ accountId: '5b10a2844c20165700ede21g' }),
    );
    const e = fakeFactory({ http: site() });
    expect((await runArgv(e, ['jira', 'issue', 'edit', '--jql', 'labels = x', '--yes', '--assignee', 'noah'])).code).toBe(0);
    expect(e.http.requests.filter((r) => r.method === 'PUT').map((r) => r.body)).toEqual(
      Array(3).fill({ fields: { assignee: { accountId: '62a1dae9b4e3c60081c3d4e5' } } }),
    );
    const unknown = fakeFactory({ http: site() });
    expect((await runArgv(unknown, ['jira', 'issue', 'assign', 'zed', '--jql', 'labels = x', '--yes'])).code).toBe(4);
    expect(unknown.http.requests.filter((r) => r.method === 'PUT')).toEqual([]);
  });
});

describe('--parent on Data Center', () => {
  const epicLink = {
    id: 'customfield_10100',
    name: 'Epic Link',
    custom: true,
    schema: { type: 'any', custom: 'com.pyxis.greenhopper.jira:gh-epic-link' },
  };
  const site = (fields: unknown[] = [epicLink]) =>
    new FakeHttp('https://jira.example.com')
      .optional('GET', '/rest/api/2/field', () => fields)
      .optional('GET', '/rest/api/2/issue/createmeta/ABC/issuetypes', () => ({
        values: [
          { id: '1', name: 'Story', subtask: false },
          { id: '2', name: 'Sub-task', subtask: true },
        ],
      }))
      .optional('GET', '/rest/api/2/issue/ABC-5', () => ({
        id: '5',
        key: 'ABC-5',
        fields: { issuetype: { name: 'Story', subtask: false } },
      }))
      .optional('GET', '/rest/api/2/issue/ABC-6', () => ({
        id: '6',
        key: 'ABC-6',
        fields: { issuetype: { name: 'Sub-task', subtask: true } },
      }))
      .optional('POST', '/rest/api/2/issue', () => ({ id: '10', key: 'ABC-10' }))
      .optional('PUT', '/rest/api/2/issue/*', () => null);
  const sent = (f: { http: FakeHttp }) =>
    f.http.requests.filter((r) => r.method !== 'GET').map((r) => (r.body as { fields: Record<string, unknown> }).fields);

  test('a story under an epic gets the Epic Link (found by its type); a sub-task keeps parent', async () => {
    const f = fakeFactory({ deployment: 'datacenter', http: site() });
    expect(
      (await runArgv(f, ['jira', 'issue', 'create', '--project', 'ABC', '--type', 'story', '--summary', 'S', '--parent', 'abc-1'])).code,
    ).toBe(0);
    expect(
      (await runArgv(f, ['jira', 'issue', 'create', '--project', 'ABC', '--type', 'Sub-task', '--summary', 'S', '--parent', 'ABC-5'])).code,
    ).toBe(0);
    expect((await runArgv(f, ['jira', 'issue', 'edit', 'ABC-5', '--parent', 'ABC-1'])).code).toBe(0);
    expect((await runArgv(f, ['jira', 'issue', 'edit', 'ABC-6', '--parent', 'ABC-5'])).code).toBe(0);
    const [storyCreate, subtaskCreate, storyEdit, subtaskEdit] = sent(f);
    expect(storyCreate).toMatchObject({ customfield_10100: 'ABC-1' });
    expect(storyCreate).not.toHaveProperty('parent');
    expect(subtaskCreate).toMatchObject({ parent: { key: 'ABC-5' } });
    expect(storyEdit).toEqual({ customfield_10100: 'ABC-1' });
    expect(subtaskEdit).toEqual({ parent: { key: 'ABC-5' } });
  });

  test('found by name "Epic Link" too; no such field: exit 2 before sending', async () => {
    const byName = fakeFactory({
      deployment: 'datacenter',
      http: site([{ id: 'customfield_7', name: 'Epic Link', custom: true, schema: { type: 'any' } }]),
    });
    await runArgv(byName, ['jira', 'issue', 'edit', 'ABC-5', '--parent', 'ABC-1']);
    expect(sent(byName)).toEqual([{ customfield_7: 'ABC-1' }]);
    const none = fakeFactory({ deployment: 'datacenter', http: site([]) });
    const { code, error } = await runArgv(none, [
      'jira',
      'issue',
      'create',
      '--project',
      'ABC',
      '--type',
      'Story',
      '--summary',
      'S',
      '--parent',
      'ABC-1',
    ]);
    expect(code).toBe(2);
    expect(error!.message).toBe('on Data Center, --parent sets the parent of a sub-task only, and a Story is not a sub-task');
    expect(sent(none)).toEqual([]);
  });

  test('Cloud sends parent for every level, with no lookup', async () => {
    const f = fakeFactory({ http: new FakeHttp().on('POST', '/rest/api/3/issue', () => ({ id: '10', key: 'ABC-10' })) });
    expect(
      (await runArgv(f, ['jira', 'issue', 'create', '--project', 'ABC', '--type', 'Story', '--summary', 'S', '--parent', 'ABC-1'])).code,
    ).toBe(0);
    expect(f.http.requests.map((r) => r.method)).toEqual(['POST']);
    expect(sent(f)[0]).toMatchObject({ parent: { key: 'ABC-1' } });
  });
});
