import { describe, expect, test } from 'vitest';
import { FakeHttp, fakeFactory, httpError, runArgv } from '../../../jira/fake.testutil.js';

describe('issue watch / unwatch', () => {
  test('Cloud names the caller by account id: a JSON string in the body, accountId on removal', async () => {
    const http = new FakeHttp()
      .on('GET', '/rest/api/3/myself', () => ({ accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Me' }))
      .on('POST', '/rest/api/3/issue/ABC-1/watchers', () => undefined)
      .on('DELETE', '/rest/api/3/issue/ABC-1/watchers', () => undefined);
    const f = fakeFactory({ http });
    expect((await runArgv(f, ['jira', 'issue', 'watch', 'ABC-1'])).code).toBe(0);
    expect(f.http.requests[1]!.body).toBe('"5b10ac8d82e05b22cc7d4ef5"');
    expect(f.out.text).toBe('watching ABC-1\n');
    const g = fakeFactory({ http });
    expect((await runArgv(g, ['jira', 'issue', 'unwatch', 'ABC-1'])).code).toBe(0);
    expect(http.requests.at(-1)).toMatchObject({ method: 'DELETE', query: { accountId: '5b10ac8d82e05b22cc7d4ef5' } });
    expect(g.out.text).toBe('stopped watching ABC-1\n');
  });

  test('Data Center names the caller by user name', async () => {
    const http = new FakeHttp('https://jira.example.com')
      .on('GET', '/rest/api/2/myself', () => ({ name: 'jdoe', key: 'JIRAUSER10000' }))
      .on('POST', '/rest/api/2/issue/ABC-1/watchers', () => undefined)
      .on('DELETE', '/rest/api/2/issue/ABC-1/watchers', () => undefined);
    await runArgv(fakeFactory({ deployment: 'datacenter', http }), ['jira', 'issue', 'watch', 'ABC-1']);
    expect(http.requests[1]!.body).toBe('"jdoe"');
    await runArgv(fakeFactory({ deployment: 'datacenter', http }), ['jira', 'issue', 'unwatch', 'ABC-1', '--json']);
    expect(http.requests.at(-1)).toMatchObject({ method: 'DELETE', query: { username: 'jdoe' } });
  });
});

describe('issue vote', () => {
  test('POST votes; --remove DELETEs it', async () => {
    const http = new FakeHttp()
      .on('POST', '/rest/api/3/issue/ABC-1/votes', () => undefined)
      .on('DELETE', '/rest/api/3/issue/ABC-1/votes', () => undefined);
    const f = fakeFactory({ http });
    expect((await runArgv(f, ['jira', 'issue', 'vote', 'ABC-1'])).code).toBe(0);
    expect(f.out.text).toBe('voted for ABC-1\n');
    const g = fakeFactory({ http, json: true });
    expect((await runArgv(g, ['jira', 'issue', 'vote', 'ABC-1', '--remove', '--json'])).code).toBe(0);
    expect(JSON.parse(g.out.text)).toEqual({ key: 'ABC-1', voted: false });
  });

  test('a 404 is exit 4 with a hint naming why Jira refuses votes', async () => {
    const f = fakeFactory({
      http: new FakeHttp().on('POST', '/rest/api/3/issue/ABC-1/votes', () => {
        throw httpError(404, 'You cannot vote for an issue you have reported.');
      }),
    });
    const { code, error } = await runArgv(f, ['jira', 'issue', 'vote', 'ABC-1']);
    expect(code).toBe(4);
    expect(error?.message).toBe('cannot vote for ABC-1: You cannot vote for an issue you have reported.');
    expect(error?.hint).toContain('you reported it');
  });
});
