import { expect, test } from 'vitest';
import { FakeHttp, fakeFactory, runArgv } from '../../../jira/fake.testutil.js';

test('board view --web opens the board and asks Jira nothing', async () => {
  const f = fakeFactory();
  expect((await runArgv(f, ['jira', 'board', 'view', '7', '--web'])).code).toBe(0);
  expect(f.opened).toEqual(['https://example.atlassian.net/secure/RapidBoard.jspa?rapidView=7']);
  expect(f.out.text).toBe('https://example.atlassian.net/secure/RapidBoard.jspa?rapidView=7\n');
});

test('board view prints the board and its columns; a board id must be a number', async () => {
  const http = new FakeHttp()
    .on('GET', '/rest/agile/1.0/board/7', () => ({ id: 7, name: 'Team', type: 'kanban', location: { projectKey: 'ABC' } }))
    .on('GET', '/rest/agile/1.0/board/7/configuration', () => ({
      id: 7,
      name: 'Team',
      columnConfig: {
        columns: [
          { name: 'Backlog', statuses: [{ id: '1' }] },
          { name: 'Doing', statuses: [] },
        ],
      },
    }));
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['jira', 'board', 'view', '7'])).code).toBe(0);
  expect(f.out.text).toBe(
    'Team\n\nID          7\nType        kanban\nProject     ABC\nURL         https://example.atlassian.net/secure/RapidBoard.jspa?rapidView=7\n' +
      '\nColumns (2):\n  Backlog  (1 status)\n  Doing  (0 statuses)\n',
  );
  expect((await runArgv(fakeFactory(), ['jira', 'board', 'view', 'seven'])).code).toBe(2);
});

test('board list prints CSV with the chosen --fields; --csv with --json is refused', async () => {
  const http = new FakeHttp().on('GET', '/rest/agile/1.0/board', () => ({
    startAt: 0,
    maxResults: 50,
    total: 1,
    isLast: true,
    values: [{ id: 7, name: 'Team', type: 'scrum', location: { projectKey: 'ABC' } }],
  }));
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['jira', 'board', 'list', '--csv'])).code).toBe(0);
  expect(f.out.text).toBe('ID,NAME,TYPE,PROJECT\n7,Team,scrum,ABC\n');
  const g = fakeFactory({ http });
  expect((await runArgv(g, ['jira', 'board', 'list', '--fields', 'project,name', '--csv'])).code).toBe(0);
  expect(g.out.text).toBe('PROJECT,NAME\nABC,Team\n');
  expect((await runArgv(fakeFactory(), ['jira', 'board', 'list', '--csv', '--json'])).code).toBe(2);
});
