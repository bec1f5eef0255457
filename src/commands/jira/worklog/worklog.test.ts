import { describe, expect, test } from 'vitest';
import { FakeHttp, fakeFactory, httpError, runArgv } from '../../../jira/fake.testutil.js';
import { jiraTimestamp } from '../../../jira/worklogs.js';

const author = { accountId: 'a1', displayName: 'Jane Doe' };
const worklog = (id: number, seconds: number, comment?: unknown) => ({
  id: String(id),
  author,
  started: '2024-05-01T10:20:30.000+0000',
  timeSpent: `${seconds / 60}m`,
  timeSpentSeconds: seconds,
  ...(comment === undefined ? {} : { comment }),
});

describe('worklog add', () => {
  test('Cloud: sends the normalised duration, now as started, and the comment as ADF', async () => {
    const now = new Date(2024, 4, 31, 14, 30, 0, 0);
    const http = new FakeHttp().on('POST', '/rest/api/3/issue/ABC-1/worklog', (r) => ({
      ...(r.body as object),
      id: '100',
      timeSpentSeconds: 5400,
    }));
    const f = fakeFactory({ http, now });
    expect((await runArgv(f, ['jira', 'worklog', 'add', 'abc-1', '1h30m', '--comment', 'Code **review**'])).code).toBe(0);
    const body = http.requests[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ timeSpent: '1h 30m', started: jiraTimestamp(now) });
    expect(body.comment).toMatchObject({ type: 'doc', version: 1 });
    expect(JSON.stringify(body.comment)).toContain('"marks":[{"type":"strong"}]');
    expect(f.out.text).toBe('logged 1h 30m on ABC-1 (worklog 100)\n');
  });

  test('Data Center: the comment is wiki markup; --started with a date; --json prints the worklog', async () => {
    const http = new FakeHttp('https://jira.example.com').on('POST', '/rest/api/2/issue/ABC-1/worklog', (r) => ({
      ...(r.body as object),
      id: '7',
    }));
    const f = fakeFactory({ http, deployment: 'datacenter' });
    expect(
      (await runArgv(f, ['jira', 'worklog', 'add', 'ABC-1', '2d', '--comment', 'Code **review**', '--started', '2024-05-30', '--json']))
        .code,
    ).toBe(0);
    expect(http.requests[0]!.body).toEqual({ timeSpent: '2d', started: jiraTimestamp(new Date(2024, 4, 30, 9)), comment: 'Code *review*' });
    expect(JSON.parse(f.out.text)).toMatchObject({ id: '7', timeSpent: '2d' });
  });

  test('a bad duration or --started is exit 2 before any request', async () => {
    for (const argv of [
      ['jira', 'worklog', 'add', 'ABC-1', 'soon'],
      ['jira', 'worklog', 'add', 'ABC-1', '1h', '--started', 'yesterday'],
      ['jira', 'worklog', 'add', 'not-a-key', '1h'],
    ]) {
      const f = fakeFactory({ http: new FakeHttp() });
      expect((await runArgv(f, argv)).code).toBe(2);
    }
  });

  test('a missing issue is exit 4 naming it', async () => {
    const http = new FakeHttp().on('POST', '/rest/api/3/issue/ABC-9/worklog', () => {
      throw httpError(404);
    });
    const result = await runArgv(fakeFactory({ http }), ['jira', 'worklog', 'add', 'ABC-9', '1h']);
    expect(result.code).toBe(4);
    expect(result.error?.message).toBe('issue ABC-9 not found');
  });
});

describe('worklog list', () => {
  const site = (count: number) =>
    new FakeHttp().on('GET', '/rest/api/3/issue/ABC-1/worklog', (r) => {
      const all = Array.from({ length: count }, (_, i) => worklog(i + 1, 1800 * (i + 1), i === 0 ? 'plain text' : undefined));
      const startAt = Number(r.query.startAt);
      const maxResults = Number(r.query.maxResults);
      return { startAt, maxResults, total: count, worklogs: all.slice(startAt, startAt + maxResults) };
    });

  test('the table lists each worklog and ends with the total time', async () => {
    const f = fakeFactory({ http: site(3) });
    expect((await runArgv(f, ['jira', 'worklog', 'list', 'ABC-1'])).code).toBe(0);
    const lines = f.out.text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+STARTED\s+AUTHOR\s+TIME SPENT\s+COMMENT$/);
    expect(lines[1]).toMatch(/^1\s+2024-05-01 10:20\s+Jane Doe\s+30m\s+plain text$/);
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('total: 3h in 3 worklogs');
  });

  test('--limit stops early with the notice; --fields chooses CSV columns; --json streams the array', async () => {
    const limited = fakeFactory({ http: site(5) });
    expect(
      (await runArgv(limited, ['jira', 'worklog', 'list', 'ABC-1', '--limit', '2', '--csv', '--fields', 'id,timeSpentSeconds'])).code,
    ).toBe(0);
    expect(limited.out.text).toBe('ID,SECONDS\n1,1800\n2,3600\n');
    expect(limited.err.text).toContain('showing 2 worklogs; more match');
    const json = fakeFactory({ http: site(2) });
    expect((await runArgv(json, ['jira', 'worklog', 'list', 'ABC-1', '--all', '--json'])).code).toBe(0);
    expect((JSON.parse(json.out.text) as unknown[]).map((w) => (w as { id: string }).id)).toEqual(['1', '2']);
  });

  test('an unknown --fields name is exit 2 listing the choices', async () => {
    const result = await runArgv(fakeFactory({ http: new FakeHttp() }), ['jira', 'worklog', 'list', 'ABC-1', '--fields', 'hours']);
    expect(result.code).toBe(2);
    expect(result.error?.hint).toContain('timeSpent');
    expect(result.error?.hint).toBe(
      'choose from id, author, started, timeSpent, timeSpentSeconds, comment, created, updated, updateAuthor',
    );
  });
});
