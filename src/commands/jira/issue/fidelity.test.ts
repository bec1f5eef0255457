// Requests a real Jira accepts (issue 7, items 12-21): what atl sends for custom fields, parents,
// resolutions, assignees, bulk key collection and comments, checked against in-memory fakes.
import { describe, expect, test } from 'vitest';
import { FakeHttp, fakeFactory, runCommand } from '../../../jira/fake.testutil.js';
import transition from './transition.js';
import view from './view.js';

function commentSite(deployment: 'cloud' | 'datacenter' = 'cloud'): FakeHttp {
  const api = deployment === 'cloud' ? '/rest/api/3' : '/rest/api/2';
  const all = Array.from({ length: 7 }, (_, i) => ({ id: String(i + 1), author: { displayName: 'Jane' }, created: `2024-05-0${i + 1}T10:00:00.000+0000`, body: `comment ${i + 1}` }));
  return new FakeHttp(deployment === 'cloud' ? 'https://example.atlassian.net' : 'https://jira.example.com')
    .on('GET', `${api}/issue/ABC-1`, () => ({ id: '1', key: 'ABC-1', fields: { summary: 'S' } }))
    .on('GET', `${api}/issue/ABC-1/comment`, (r) => {
      const list = r.query.orderBy === '-created' ? [...all].reverse() : all;
      const startAt = Number(r.query.startAt ?? 0);
      const max = Number(r.query.maxResults ?? 50);
      return { startAt, maxResults: max, total: list.length, comments: list.slice(startAt, startAt + max) };
    });
}

describe('issue view comments (item 21)', () => {
  test.each(['cloud', 'datacenter'] as const)('%s: the latest N, oldest of them first, from the page Jira is asked for', async (deployment) => {
    const f = fakeFactory({ deployment, http: commentSite(deployment) });
    expect((await runCommand(view, f, ['ABC-1'], { comments: '3' })).code).toBe(0);
    const shown = [...f.out.text.matchAll(/comment (\d)/g)].map((m) => m[1]);
    expect(shown).toEqual(['5', '6', '7']);
    const pages = f.http.requests.filter((r) => r.path.endsWith('/comment')).map((r) => r.query);
    expect(pages).toEqual([
      { startAt: 0, maxResults: 3, orderBy: 'created' },
      { startAt: 4, maxResults: 3, orderBy: 'created' },
    ]);
  });
});

describe('bulk key collection (item 19)', () => {
  test('Cloud asks /search/jql for the key only, 5,000 a page; Data Center for the key only, 1,000 a page', async () => {
    const keys = ['ABC-1', 'ABC-2'];
    const http = () =>
      new FakeHttp()
        .on('POST', '/rest/api/3/search/jql', () => ({ issues: keys.map((key) => ({ id: key, key })), isLast: true }))
        .on('GET', '/rest/api/2/search', () => ({ startAt: 0, maxResults: 1000, total: 2, issues: keys.map((key) => ({ id: key, key })) }))
        .on('GET', '/rest/api/*/issue/*/transitions', () => ({ transitions: [{ id: '11', name: 'Start', to: { name: 'In Progress' } }] }))
        .on('POST', '/rest/api/*/issue/*/transitions', () => null);
    const cloud = fakeFactory({ http: http() });
    expect((await runCommand(transition, cloud, ['Start'], { jql: 'project = ABC', yes: true })).code).toBe(0);
    expect(cloud.http.requests[0]).toEqual({ method: 'POST', path: '/rest/api/3/search/jql', query: {}, body: { jql: 'project = ABC', fields: ['key'], maxResults: 5000 } });
    const dc = fakeFactory({ deployment: 'datacenter', http: http() });
    expect((await runCommand(transition, dc, ['Start'], { jql: 'project = ABC', yes: true })).code).toBe(0);
    expect(dc.http.requests[0]).toMatchObject({ method: 'GET', path: '/rest/api/2/search', query: { jql: 'project = ABC', fields: 'key', maxResults: 1000, startAt: 0 } });
  });
});

describe('transition --resolution (item 14)', () => {
  const transitions = [
    { id: '11', name: 'Start Progress', to: { name: 'In Progress' }, fields: {} },
    { id: '21', name: 'Close', to: { name: 'Done' }, fields: { resolution: { name: 'Resolution', required: true }, assignee: { name: 'Assignee', required: false } } },
    { id: '31', name: 'Review', to: { name: 'In Review' }, fields: { assignee: { name: 'Assignee', required: false } } },
  ];
  const site = () =>
    new FakeHttp()
      .on('GET', '/rest/api/3/issue/*/transitions', () => ({ transitions }))
      .on('GET', '/rest/api/3/resolution/search', () => ({ startAt: 0, maxResults: 50, total: 1, isLast: true, values: [{ id: '1', name: 'Fixed' }] }))
      .on('POST', '/rest/api/3/issue/*/transitions', () => null);

  test('sent only to a transition whose screen has the Resolution field, which atl asks Jira about', async () => {
    const f = fakeFactory({ http: site() });
    expect((await runCommand(transition, f, ['ABC-1', 'Done'], { resolution: 'fixed' })).code).toBe(0);
    expect(f.http.requests.find((r) => r.path.endsWith('/transitions') && r.method === 'GET')!.query).toEqual({ expand: 'transitions.fields' });
    expect(f.http.requests.find((r) => r.method === 'POST')!.body).toEqual({ transition: { id: '21' }, fields: { resolution: { name: 'Fixed' } } });
  });

  test('a transition without it: exit 2 naming its fields and the transitions that take one; nothing sent', async () => {
    const f = fakeFactory({ http: site() });
    const { code, error } = await runCommand(transition, f, ['ABC-1', 'In Review'], { resolution: 'Fixed' });
    expect(code).toBe(2);
    expect(error!.message).toBe('transition "Review" on ABC-1 does not take a resolution');
    expect(error!.hint).toBe('its screen has Assignee; transitions that take a resolution: Close (→ Done)');
    const none = fakeFactory({ http: site() });
    expect((await runCommand(transition, none, ['ABC-1', 'Start Progress'], { resolution: 'Fixed' })).error!.hint).toBe('its screen has no fields; transitions that take a resolution: Close (→ Done)');
    expect([...f.http.requests, ...none.http.requests].filter((r) => r.method === 'POST')).toEqual([]);
  });

  test('without --resolution the screen fields are not asked for', async () => {
    const f = fakeFactory({ http: site() });
    expect((await runCommand(transition, f, ['ABC-1', 'Start Progress'], {})).code).toBe(0);
    expect(f.http.requests[0]!.query).toEqual({});
  });
});
