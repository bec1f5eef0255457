import { expect, test } from 'vitest';
import { FakeHttp, fakeFactory, runArgv } from '../../testkit/fakes.testutil.js';

/** A JSON answer as the client hands `atl api` its bytes. */
const bytes = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value)));

test('GET by default; JSON answers are printed through the JSON exporter', async () => {
  const http = new FakeHttp().on('GET', '/rest/api/3/myself', () => bytes({ accountId: 'a1', displayName: 'Demo' }));
  const f = fakeFactory({ http });
  expect(await runArgv(f, ['api', '/rest/api/3/myself'])).toEqual({ code: 0 });
  expect(f.out.text).toBe('{\n  "accountId": "a1",\n  "displayName": "Demo"\n}\n');
});

test('-f strings and -F typed values make a JSON body, nested with key[sub] and listed with key[]; POST by default', async () => {
  const http = new FakeHttp().on('POST', '/rest/api/3/issue', () => bytes({ key: 'ABC-1' }));
  const f = fakeFactory({ http });
  const fields = ['-f', 'fields[summary]=Hi', '-F', 'fields[project][id]=10000', '-F', 'notify=false', '-F', 'x=null'];
  const result = await runArgv(f, ['api', '/rest/api/3/issue', ...fields, '-f', 'fields[labels][]=a', '-f', 'fields[labels][]=b']);
  expect(result).toEqual({ code: 0 });
  expect(http.requests[0]!.body).toEqual({ fields: { summary: 'Hi', project: { id: 10000 }, labels: ['a', 'b'] }, notify: false, x: null });
  expect(JSON.parse(f.out.text)).toEqual({ key: 'ABC-1' });
});

test("with -X GET the fields are query parameters, after the path's own", async () => {
  const http = new FakeHttp().on('GET', '/rest/api/space', () => bytes({ results: [] }));
  const f = fakeFactory({ http });
  expect(
    await runArgv(f, ['api', '--product', 'confluence', '/rest/api/space?type=global', '-X', 'get', '-f', 'limit=10', '-F', 'expand=x']),
  ).toEqual({
    code: 0,
  });
  expect(http.requests[0]).toMatchObject({ method: 'GET', query: { type: 'global', limit: '10', expand: 'x' } });
});

test('a path that names no product is exit 2 with a hint; a bad field or header too', async () => {
  const f = fakeFactory();
  const unknown = await runArgv(f, ['api', '/rest/api/content']);
  expect(unknown.code).toBe(2);
  expect(unknown.error?.message).toBe('cannot tell which product /rest/api/content is for');
  expect(unknown.error?.hint).toMatch(/--product jira, confluence, bitbucket or jsm/);
  expect((await runArgv(fakeFactory(), ['api', '/rest/api/3/issue', '-f', 'novalue'])).code).toBe(2);
  expect((await runArgv(fakeFactory(), ['api', '/rest/api/3/myself', '-H', 'no colon'])).code).toBe(2);
  expect((await runArgv(fakeFactory(), ['api', '--product', 'github', '/x'])).code).toBe(2);
});

test("--paginate: one array of every page's items, each once (an item handed out twice is dropped by id)", async () => {
  const pages: Record<number, unknown> = {
    0: { startAt: 0, maxResults: 2, total: 5, values: [{ id: 1 }, { id: 2 }] },
    2: { startAt: 2, maxResults: 2, total: 5, values: [{ id: 2 }, { id: 3 }] },
    4: { startAt: 4, maxResults: 2, total: 5, values: [{ id: 4 }] },
  };
  const http = new FakeHttp().on('GET', '/rest/api/3/project/search', (request) => bytes(pages[Number(request.query.startAt ?? 0)]));
  const f = fakeFactory({ http });
  expect(await runArgv(f, ['api', '/rest/api/3/project/search', '-X', 'GET', '-f', 'maxResults=2', '--paginate'])).toEqual({ code: 0 });
  expect(JSON.parse(f.out.text)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }]);
  expect(http.requests.map((r) => r.query)).toEqual([
    { maxResults: '2' },
    { maxResults: '2', startAt: 2 },
    { maxResults: '2', startAt: 4 },
  ]);
});

test('--paginate --no-slurp prints each page as it came; --include puts the status first; --silent prints no body', async () => {
  const token = (request: { body: unknown }) => (request.body as { nextPageToken?: string }).nextPageToken;
  const search = () =>
    new FakeHttp().on('POST', '/rest/api/3/search/jql', (request) =>
      bytes(
        token(request) === undefined
          ? { issues: [{ id: '1' }], nextPageToken: 'n2', isLast: false }
          : { issues: [{ id: '2' }], isLast: true },
      ),
    );
  const f = fakeFactory({ http: search() });
  expect(await runArgv(f, ['api', '/rest/api/3/search/jql', '-f', 'jql=order by key', '--paginate', '--no-slurp'])).toEqual({ code: 0 });
  expect(f.out.text).toBe(
    '{\n  "issues": [\n    {\n      "id": "1"\n    }\n  ],\n  "nextPageToken": "n2",\n  "isLast": false\n}\n' +
      '{\n  "issues": [\n    {\n      "id": "2"\n    }\n  ],\n  "isLast": true\n}\n',
  );
  expect(f.http.requests.map((r) => r.body)).toEqual([{ jql: 'order by key' }, { jql: 'order by key', nextPageToken: 'n2' }]);
  const g = fakeFactory({ http: search() });
  expect(await runArgv(g, ['api', '/rest/api/3/search/jql', '-f', 'jql=x', '--paginate', '--include'])).toEqual({ code: 0 });
  expect(g.out.text).toBe('HTTP 200\n\n[\n  {\n    "id": "1"\n  },\n  {\n    "id": "2"\n  }\n]\n');
  const h = fakeFactory({ http: search() });
  expect(await runArgv(h, ['api', '/rest/api/3/search/jql', '-f', 'jql=x', '--paginate', '--silent'])).toEqual({ code: 0 });
  expect(h.out.text).toBe('');
  expect(h.http.requests).toHaveLength(2);
});

test('--input sends the file as the body (JSON), and the fields go in the query; a body that is not JSON prints as it came', async () => {
  const http = new FakeHttp().on('PUT', '/rest/api/3/issue/ABC-1', () => new Uint8Array(Buffer.from('plain text')));
  const f = fakeFactory({ http });
  f.stdinText('{"fields":{"summary":"New"}}\n');
  expect(await runArgv(f, ['api', '-X', 'PUT', '/rest/api/3/issue/ABC-1', '--input', '-', '-f', 'notifyUsers=false'])).toEqual({ code: 0 });
  expect(http.requests[0]).toMatchObject({ body: '{"fields":{"summary":"New"}}\n', query: { notifyUsers: 'false' } });
  expect(f.out.text).toBe('plain text');
});
