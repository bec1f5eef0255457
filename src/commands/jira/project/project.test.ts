import { expect, test } from 'vitest';
import { FakeHttp, fakeFactory, runArgv } from '../../../jira/fake.testutil.js';

const projects = () =>
  new FakeHttp().on('GET', '/rest/api/3/project/search', () => ({
    startAt: 0,
    maxResults: 50,
    total: 2,
    isLast: true,
    values: [
      { id: '10000', key: 'DEMO', name: 'Demo Project', projectTypeKey: 'software', lead: { displayName: 'Demo User' } },
      { id: '10001', key: 'OPS', name: '=Operations', projectTypeKey: 'business' },
    ],
  }));

test('project list takes --fields and --csv (formula cells neutralised); --json stays the projects as Jira sends them', async () => {
  const csv = fakeFactory({ http: projects() });
  expect((await runArgv(csv, ['jira', 'project', 'list', '--fields', 'key,id,name', '--csv'])).code).toBe(0);
  expect(csv.out.text).toBe("KEY,ID,NAME\nDEMO,10000,Demo Project\nOPS,10001,'=Operations\n");

  const json = fakeFactory({ http: projects(), json: true });
  expect((await runArgv(json, ['jira', 'project', 'list'])).code).toBe(0);
  expect((JSON.parse(json.out.text) as Array<{ key: string; lead?: unknown }>).map((p) => p.key)).toEqual(['DEMO', 'OPS']);

  // An unknown column is refused before anything is asked.
  const unknown = await runArgv(fakeFactory(), ['jira', 'project', 'list', '--fields', 'owner']);
  expect(unknown.code).toBe(2);
  expect(unknown.error?.hint).toBe('choose from key, name, type, lead, id');
});
