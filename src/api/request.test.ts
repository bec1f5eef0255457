import { expect, test } from 'vitest';
import { fieldsBody, pathUnderClient, productOfPath } from './request.js';

test('the product a path names, as the docs write it; null where it is ambiguous', () => {
  expect(productOfPath('/rest/api/3/myself')).toBe('jira');
  expect(productOfPath('rest/api/2/search')).toBe('jira');
  expect(productOfPath('/rest/agile/1.0/board')).toBe('jira');
  expect(productOfPath('/rest/servicedeskapi/servicedesk')).toBe('jsm');
  expect(productOfPath('/wiki/api/v2/pages')).toBe('confluence');
  expect(productOfPath('/2.0/repositories/acme')).toBe('bitbucket');
  expect(productOfPath('/rest/api/1.0/projects')).toBe('bitbucket');
  expect(productOfPath('https://api.bitbucket.org/2.0/user')).toBe('bitbucket');
  expect(productOfPath('https://api.atlassian.com/ex/jira/abc/rest/api/3/myself')).toBe('jira');
  for (const path of ['/rest/api/content', '/rest/api/latest/myself', '/repositories/acme']) expect(productOfPath(path), path).toBeNull();
});

test("paths under the client: /wiki and /2.0 once, whether or not the docs' prefix is typed; the query split off", () => {
  expect(pathUnderClient('/wiki/api/v2/pages?limit=5', 'https://a.atlassian.net/wiki')).toEqual({
    path: '/api/v2/pages',
    query: { limit: '5' },
  });
  expect(pathUnderClient('/wiki/api/v2/pages', 'https://api.atlassian.com/ex/confluence/c1/wiki').path).toBe('/api/v2/pages');
  expect(pathUnderClient('/api/v2/pages', 'https://a.atlassian.net/wiki').path).toBe('/api/v2/pages');
  expect(pathUnderClient('/2.0/repositories/w', 'https://api.bitbucket.org/2.0').path).toBe('/repositories/w');
  expect(pathUnderClient('/rest/api/content', 'https://wiki.corp.example.com').path).toBe('/rest/api/content');
  expect(pathUnderClient('rest/api/3/myself', 'https://api.atlassian.com/ex/jira/c1').path).toBe('/rest/api/3/myself');
  expect(pathUnderClient('https://a.atlassian.net/rest/api/3/search?jql=x&x=1&x=2', 'https://a.atlassian.net')).toEqual({
    path: 'https://a.atlassian.net/rest/api/3/search',
    query: { jql: 'x', x: ['1', '2'] },
  });
});

test('fields: -F reads @file and parses numbers; a key given twice or with two shapes is exit 2', async () => {
  const read = async (path: string) => `text of ${path}`;
  expect(
    await fieldsBody(
      [
        { text: 'body=@notes.md', typed: true },
        { text: 'n=-1.5e2', typed: true },
        { text: 'n2=012', typed: true },
      ],
      read,
    ),
  ).toEqual({ body: 'text of notes.md', n: -150, n2: '012' });
  expect(
    await fieldsBody(
      [
        { text: 'raw=@notes.md', typed: false },
        { text: 'eq=a=b', typed: false },
      ],
      read,
    ),
  ).toEqual({
    raw: '@notes.md',
    eq: 'a=b',
  });
  await expect(
    fieldsBody(
      [
        { text: 'a=1', typed: false },
        { text: 'a=2', typed: false },
      ],
      read,
    ),
  ).rejects.toMatchObject({ exitCode: 2 });
  await expect(
    fieldsBody(
      [
        { text: 'a[]=1', typed: false },
        { text: 'a[b]=2', typed: false },
      ],
      read,
    ),
  ).rejects.toMatchObject({ exitCode: 2 });
  await expect(fieldsBody([{ text: 'a]b=1', typed: false }], read)).rejects.toMatchObject({ exitCode: 2 });
});
