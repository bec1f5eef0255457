import { expect, test } from 'vitest';
import { FakeHttp, fakeFactory, runArgv } from '../../../jira/fake.testutil.js';

const page = (values: unknown[]) => ({ startAt: 0, maxResults: 50, total: values.length, isLast: true, values });

test('sprint add moves at most 50 issues per request, as Jira takes them', async () => {
  const keys = Array.from({ length: 51 }, (_, n) => `ABC-${n + 1}`);
  const http = new FakeHttp()
    .on('GET', '/rest/agile/1.0/sprint/3', () => ({ id: 3, name: 'Sprint 3', state: 'active' }))
    .on('POST', '/rest/agile/1.0/sprint/3/issue', () => undefined);
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['jira', 'sprint', 'add', '3', ...keys])).code).toBe(0);
  const posts = http.requests.filter((r) => r.method === 'POST').map((r) => (r.body as { issues: string[] }).issues);
  expect(posts.map((issues) => issues.length)).toEqual([50, 1]);
  expect(posts.flat()).toEqual(keys);
  expect(f.out.text).toBe('moved 51 issues to Sprint 3 (3)\n');
});

test('sprint add by id does not look up the board even with --project', async () => {
  const http = new FakeHttp()
    .on('GET', '/rest/agile/1.0/sprint/3', () => ({ id: 3, name: 'Sprint 3', state: 'active' }))
    .on('POST', '/rest/agile/1.0/sprint/3/issue', () => undefined);
  expect((await runArgv(fakeFactory({ http }), ['jira', 'sprint', 'add', '3', 'ABC-1', '--project', 'ABC'])).code).toBe(0);
  expect(http.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
    'GET /rest/agile/1.0/sprint/3',
    'POST /rest/agile/1.0/sprint/3/issue',
  ]);
});

test('sprint current with no active sprint says so and exits 1', async () => {
  const http = new FakeHttp().on('GET', '/rest/agile/1.0/board/7/sprint', (request) => {
    expect(request.query.state).toBe('active');
    return page([]);
  });
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['jira', 'sprint', 'current', '--board', '7'])).code).toBe(1);
  expect(f.err.text).toBe('no active sprint on board 7\n');
});

test('sprint list --project lists the sprints of the scrum board it finds', async () => {
  const http = new FakeHttp()
    .on('GET', '/rest/agile/1.0/board', (request) => {
      expect(request.query.projectKeyOrId).toBe('ABC');
      return page([
        { id: 4, name: 'Flow', type: 'kanban' },
        { id: 7, name: 'Scrum', type: 'scrum' },
      ]);
    })
    .on('GET', '/rest/agile/1.0/board/7/sprint', () => page([{ id: 3, name: 'Sprint 3', state: 'active' }]));
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['jira', 'sprint', 'list', '--project', 'ABC', '--json'])).code).toBe(0);
  expect(JSON.parse(f.out.text)).toEqual([{ id: 3, name: 'Sprint 3', state: 'active' }]);
});

test('sprint list --fields chooses the columns, in table and CSV; an unknown field is exit 2 naming the fields', async () => {
  const sprints = () => page([{ id: 3, name: 'Sprint 3', state: 'active', goal: 'Ship it' }]);
  const http = new FakeHttp().on('GET', '/rest/agile/1.0/board/7/sprint', sprints);
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['jira', 'sprint', 'list', '--board', '7', '--fields', 'name,goal', '--csv'])).code).toBe(0);
  expect(f.out.text).toBe('NAME,GOAL\nSprint 3,Ship it\n');
  const g = fakeFactory({ http });
  expect((await runArgv(g, ['jira', 'sprint', 'list', '--board', '7', '--fields', 'id,goal'])).code).toBe(0);
  expect(g.out.text).toBe('ID\tGOAL\n3\tShip it\n');
  const bad = await runArgv(fakeFactory(), ['jira', 'sprint', 'list', '--board', '7', '--fields', 'owner']);
  expect(bad.code).toBe(2);
  expect(bad.error?.hint).toBe('choose from id, name, state, start, end, goal');
});

test('sprint current --web opens the board (where Jira shows its active sprint): found from --project, or --board asking nothing', async () => {
  const http = new FakeHttp().on('GET', '/rest/agile/1.0/board', () => page([{ id: 7, name: 'Scrum', type: 'scrum' }]));
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['jira', 'sprint', 'current', '-P', 'ABC', '--web'])).code).toBe(0);
  expect(f.opened).toEqual(['https://example.atlassian.net/secure/RapidBoard.jspa?rapidView=7']);
  expect(f.out.text).toBe('https://example.atlassian.net/secure/RapidBoard.jspa?rapidView=7\n');
  expect(http.requests.map((r) => r.path)).toEqual(['/rest/agile/1.0/board']);
  const byBoard = fakeFactory();
  expect((await runArgv(byBoard, ['jira', 'sprint', 'current', '--board', '9', '--web'])).code).toBe(0);
  expect(byBoard.opened).toEqual(['https://example.atlassian.net/secure/RapidBoard.jspa?rapidView=9']);
  expect(byBoard.http.requests).toEqual([]);
  expect((await runArgv(fakeFactory(), ['jira', 'sprint', 'current', '--board', '9', '--web', '--count'])).code).toBe(2);
  expect((await runArgv(fakeFactory({ json: true }), ['jira', 'sprint', 'current', '--board', '9', '--web'])).code).toBe(2);
});
