import { describe, expect, test } from 'vitest';
import type { AtlError } from '../errors.js';
import { makeContext } from './context.js';
import { FakeHttp, httpError } from './fake.testutil.js';
import { explainChangeError, explainSearchError } from './hints.js';

const projects = [
  { id: '1', key: 'DEMO', name: 'Demo Project' },
  { id: '2', key: 'OPS', name: 'Operations' },
];

const cloud = () =>
  new FakeHttp()
    .optional('GET', '/rest/api/3/project/search', () => ({ startAt: 0, maxResults: 50, total: 2, isLast: true, values: projects }))
    .optional('GET', '/rest/api/3/project/DEMO/components', () => [
      { id: '10', name: 'Backend' },
      { id: '11', name: 'Frontend' },
    ])
    .optional('GET', '/rest/api/3/project/OPS/components', () => []);

const dc = () => new FakeHttp('https://jira.example.com').optional('GET', '/rest/api/2/project', () => projects);

describe('explainSearchError', () => {
  test('an unknown project in JQL: the close keys or names as "did you mean"', async () => {
    const cause = httpError(400, "The value 'DEM' does not exist for the field 'project'.");
    const error = (await explainSearchError(makeContext(cloud(), 'cloud'), cause)) as AtlError;
    expect(error.message).toBe(cause.message);
    expect(error.exitCode).toBe(2);
    expect(error.hint).toBe('did you mean: DEMO (Demo Project)');
    const byName = (await explainSearchError(
      makeContext(dc(), 'datacenter'),
      httpError(400, "The value 'operatons' does not exist for the field 'project'."),
    )) as AtlError;
    expect(byName.hint).toBe('did you mean: OPS (Operations)');
  });

  test('nothing close: some of the projects the caller can see', async () => {
    const error = (await explainSearchError(
      makeContext(cloud(), 'cloud'),
      httpError(400, "The value 'ZZZZ' does not exist for the field 'project'."),
    )) as AtlError;
    expect(error.hint).toBe('projects you can see: DEMO (Demo Project), OPS (Operations)');
  });

  test('other errors pass through untouched, without a lookup', async () => {
    const http = cloud();
    const other = httpError(400, "Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'x'.");
    expect(await explainSearchError(makeContext(http, 'cloud'), other)).toBe(other);
    expect(http.requests).toEqual([]);
  });
});

describe('explainChangeError', () => {
  test("a refused component: the project's components", async () => {
    const cause = httpError(400, "components: Component name 'Nope' is not valid");
    expect(((await explainChangeError(makeContext(cloud(), 'cloud'), 'DEMO', cause)) as AtlError).hint).toBe(
      'components of DEMO: Backend, Frontend',
    );
    expect(((await explainChangeError(makeContext(cloud(), 'cloud'), 'OPS', cause)) as AtlError).hint).toBe('OPS has no components');
  });

  test('a refused project: close matches', async () => {
    const cause = httpError(400, 'project: Specify a valid project ID or key');
    expect(((await explainChangeError(makeContext(cloud(), 'cloud'), 'DEMOX', cause)) as AtlError).hint).toBe(
      'did you mean: DEMO (Demo Project)',
    );
  });

  test('a lookup that fails leaves the error as it was', async () => {
    const cause = httpError(400, "components: Component name 'Nope' is not valid");
    const failing = new FakeHttp().optional('GET', '/rest/api/3/project/DEMO/components', () => {
      throw httpError(403, 'no');
    });
    expect(await explainChangeError(makeContext(failing, 'cloud'), 'DEMO', cause)).toBe(cause);
  });
});
