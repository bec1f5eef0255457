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
