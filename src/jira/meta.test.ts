import { describe, expect, test } from 'vitest';
import { AtlError } from '../errors.js';
import { makeContext } from './context.js';
import { FakeHttp, httpError } from '../testkit/fakes.testutil.js';
import { canonicalName, explainIssueTypeError } from './meta.js';

const resolutions = [
  { id: '1', name: 'Fixed' },
  { id: '2', name: "Won't Fix" },
  { id: '3', name: 'Duplicate' },
];

function cloud(): FakeHttp {
  // Two pages of the paged Cloud endpoint, to prove every page is read.
  return new FakeHttp().on('GET', '/rest/api/3/resolution/search', (r) =>
    Number(r.query.startAt ?? 0) === 0
      ? { startAt: 0, maxResults: 2, total: 3, isLast: false, values: resolutions.slice(0, 2) }
      : { startAt: 2, maxResults: 2, total: 3, isLast: true, values: resolutions.slice(2) },
  );
}

describe('canonicalName', () => {
  test("matches case-insensitively (or by id) and returns the site's spelling; one lookup per run", async () => {
    const http = cloud();
    const ctx = makeContext(http, 'cloud');
    expect(await canonicalName(ctx, 'resolution', "won't fix")).toBe("Won't Fix");
    expect(await canonicalName(ctx, 'resolution', ' DUPLICATE ')).toBe('Duplicate');
    expect(await canonicalName(ctx, 'resolution', '1')).toBe('Fixed');
    expect(http.requests.map((r) => r.path)).toEqual(['/rest/api/3/resolution/search', '/rest/api/3/resolution/search']);
  });

  test('an unknown name is a usage error listing the valid ones', async () => {
    const error = await canonicalName(makeContext(cloud(), 'cloud'), 'resolution', 'Bogus').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtlError);
    expect((error as AtlError).exitCode).toBe(2);
    expect((error as AtlError).message).toBe('unknown resolution "Bogus"');
    expect((error as AtlError).hint).toBe("valid resolutions: Fixed, Won't Fix, Duplicate");
  });

  test('Data Center reads the plain list; priorities work the same way', async () => {
    const http = new FakeHttp('https://jira.example.com').on('GET', '/rest/api/2/priority', () => [
      { id: '1', name: 'Highest' },
      { id: '2', name: 'High' },
    ]);
    const ctx = makeContext(http, 'datacenter');
    expect(await canonicalName(ctx, 'priority', 'high')).toBe('High');
    await expect(canonicalName(ctx, 'priority', 'urgent')).rejects.toMatchObject({ hint: 'valid priorities: Highest, High' });
  });

  test('when the list cannot be read, the name goes through as typed', async () => {
    const http = new FakeHttp().on('GET', '/rest/api/3/priority/search', () => {
      throw httpError(403, 'no');
    });
    expect(await canonicalName(makeContext(http, 'cloud'), 'priority', 'Urgent')).toBe('Urgent');
  });
});

describe('explainIssueTypeError', () => {
  const http = () =>
    new FakeHttp()
      .optional('GET', '/rest/api/3/issue/createmeta/ABC/issuetypes', () => ({
        issueTypes: [
          { id: '1', name: 'Task' },
          { id: '2', name: 'Bug' },
        ],
      }))
      .optional('GET', '/rest/api/2/issue/createmeta/ABC/issuetypes', () => ({ values: [{ id: '1', name: 'Story' }] }));

  test("adds the project's issue types to Jira's 400 about the issue type", async () => {
    const cause = httpError(400, 'issuetype: Specify a valid issue type');
    const cloudError = (await explainIssueTypeError(makeContext(http(), 'cloud'), 'ABC', cause)) as AtlError;
    expect(cloudError.message).toBe(cause.message);
    expect(cloudError.exitCode).toBe(2);
    expect(cloudError.hint).toBe('issue types in ABC: Task, Bug');
    const dcError = (await explainIssueTypeError(makeContext(http(), 'datacenter'), 'ABC', cause)) as AtlError;
    expect(dcError.hint).toBe('issue types in ABC: Story');
  });

  test('other errors pass through untouched, without a lookup', async () => {
    const fake = http();
    const other = httpError(400, 'summary: You must specify a summary of the issue.');
    expect(await explainIssueTypeError(makeContext(fake, 'cloud'), 'ABC', other)).toBe(other);
    expect(fake.requests).toEqual([]);
  });
});
