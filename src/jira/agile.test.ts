import { expect, test } from 'vitest';
import { findSprint, sprintBoardOf } from './agile.js';
import { makeContext } from './context.js';
import { FakeHttp } from './fake.testutil.js';

const page = (values: unknown[]) => ({ startAt: 0, maxResults: 50, total: values.length, isLast: true, values });
const boards = (...list: Array<[number, string, string]>) =>
  new FakeHttp().on('GET', '/rest/agile/1.0/board', () => page(list.map(([id, name, type]) => ({ id, name, type }))));

test("a project's sprint board is its only scrum board, whatever kanban boards it also has", async () => {
  const ctx = makeContext(boards([4, 'ABC kanban', 'kanban'], [7, 'ABC scrum', 'scrum']), 'cloud');
  expect((await sprintBoardOf(ctx, 'ABC')).id).toBe(7);
});

test('several scrum boards: a usage error naming each, to pick with --board', async () => {
  const ctx = makeContext(boards([7, 'Team A', 'scrum'], [9, 'Team B', 'scrum']), 'cloud');
  await expect(sprintBoardOf(ctx, 'ABC')).rejects.toMatchObject({
    exitCode: 2,
    message: 'project ABC has 2 scrum boards',
    hint: 'pick one with --board ID: 7 (Team A), 9 (Team B)',
  });
});

test('no scrum board: says the project has no sprints and lists its boards; no board at all is not found', async () => {
  await expect(sprintBoardOf(makeContext(boards([4, 'Flow', 'kanban']), 'cloud'), 'OPS')).rejects.toMatchObject({
    exitCode: 2,
    message: 'project OPS has no scrum board, so no sprints',
    hint: 'its boards: 4 (Flow); sprints are on scrum boards',
  });
  await expect(sprintBoardOf(makeContext(boards(), 'cloud'), 'NEW')).rejects.toMatchObject({ exitCode: 4 });
});

test('a sprint by name is found among the board sprints, ignoring case; by id it is fetched', async () => {
  const http = new FakeHttp()
    .on('GET', '/rest/agile/1.0/board/7/sprint', () =>
      page([
        { id: 1, name: 'Sprint 1', state: 'closed' },
        { id: 2, name: 'Sprint 2', state: 'active' },
      ]),
    )
    .on('GET', '/rest/agile/1.0/sprint/1', () => ({ id: 1, name: 'Sprint 1', state: 'closed' }));
  const ctx = makeContext(http, 'datacenter');
  expect((await findSprint(ctx, 'sprint 2', 7)).id).toBe(2);
  expect((await findSprint(ctx, '1', undefined)).name).toBe('Sprint 1');
  await expect(findSprint(ctx, 'Sprint 9', 7)).rejects.toMatchObject({ exitCode: 4, hint: 'open sprints: Sprint 2' });
  await expect(findSprint(ctx, 'Sprint 2', undefined)).rejects.toMatchObject({ exitCode: 2 });
});
