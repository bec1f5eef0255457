import { expect, test } from 'vitest';
import { type ApiRequest, itemsOfAnswer, nextRequest } from './paginate.js';

const get = (query: ApiRequest['query'] = {}): ApiRequest => ({ method: 'GET', path: '/x', query, headers: {} });
const post = (body: Record<string, unknown>): ApiRequest => ({
  method: 'POST',
  path: '/rest/api/3/search/jql',
  query: {},
  body,
  headers: {},
});
const next = (request: ApiRequest, json: unknown, link: string | null = null) =>
  nextRequest(request, { json, items: itemsOfAnswer(json) }, link);

test('the items of an answer: a top-level array, a known key, or the one array property', () => {
  expect(itemsOfAnswer([1, 2])).toEqual([1, 2]);
  expect(itemsOfAnswer({ issues: [1], warningMessages: ['w'] })).toEqual([1]);
  expect(itemsOfAnswer({ sprints: [3], startAt: 0 })).toEqual([3]);
  expect(itemsOfAnswer({ a: [1], b: [2] })).toBeNull();
  expect(itemsOfAnswer({ key: 'ABC-1' })).toBeNull();
});

test('Jira Cloud nextPageToken: in the body of a POST, in the query of a GET; isLast, a missing or repeated token end it', () => {
  expect(next(post({ jql: 'x' }), { issues: [1], nextPageToken: 't2', isLast: false })).toEqual({
    request: post({ jql: 'x', nextPageToken: 't2' }),
    style: 'token',
  });
  expect(next(get(), { values: [1], nextPageToken: 't2' })?.request.query).toEqual({ nextPageToken: 't2' });
  expect(next(post({}), { issues: [1], nextPageToken: 't2', isLast: true })).toBeNull();
  expect(next(post({ nextPageToken: 't2' }), { issues: [1], nextPageToken: 't2' })).toBeNull();
  expect(next(post({}), { issues: [1], isLast: true })).toBeNull();
});

test("next links: Bitbucket `next`, Confluence `_links.next`, the Link header; the link's query on our own path, as a GET", () => {
  expect(next(get({ pagelen: 2 }), { values: [1], next: 'https://api.bitbucket.org/2.0/repositories/w?pagelen=2&page=2' })).toEqual({
    request: get({ pagelen: '2', page: '2' }),
    style: 'link',
  });
  expect(next(get(), { results: [1], _links: { next: '/wiki/api/v2/pages?cursor=abc&limit=2' } })?.request).toEqual(
    get({ cursor: 'abc', limit: '2' }),
  );
  expect(next(get(), { results: [1], _links: {} }, '</wiki/api/v2/pages?cursor=z>; rel="next"')?.request.query).toEqual({ cursor: 'z' });
  expect(next(get(), { results: [1], _links: {} })).toBeNull();
});

test('Data Center start/isLastPage/nextPageStart', () => {
  expect(next(get({ limit: 2 }), { values: [1, 2], start: 0, isLastPage: false, nextPageStart: 2 })).toEqual({
    request: get({ limit: 2, start: 2 }),
    style: 'start',
  });
  // Without nextPageStart: start + items received.
  expect(next(get({ start: 4 }), { values: [1, 2], start: 4, isLastPage: false })?.request.query).toEqual({ start: 6 });
  expect(next(get(), { values: [1], start: 0, isLastPage: true })).toBeNull();
});

test('startAt/maxResults/total/isLast: the next startAt (in the body of a POST); total, isLast, a short or empty page end it', () => {
  expect(next(get({ maxResults: 2 }), { startAt: 0, maxResults: 2, total: 5, values: [1, 2] })).toEqual({
    request: get({ maxResults: 2, startAt: 2 }),
    style: 'offset',
  });
  const dcSearch: ApiRequest = { ...post({ jql: 'x' }), path: '/rest/api/2/search' };
  expect(next(dcSearch, { startAt: 0, maxResults: 1, total: 3, issues: [1] })?.request.body).toEqual({ jql: 'x', startAt: 1 });
  expect(next(get(), { startAt: 4, maxResults: 2, total: 5, values: [1] })).toBeNull();
  expect(next(get(), { startAt: 0, maxResults: 2, isLast: true, values: [1, 2] })).toBeNull();
  expect(next(get(), { startAt: 0, maxResults: 2, isLast: false, values: [1, 2] })?.request.query).toEqual({ startAt: 2 });
  expect(next(get(), { startAt: 0, maxResults: 2, values: [1] })).toBeNull();
  expect(next(get(), { startAt: 0, maxResults: 2, total: 9, values: [] })).toBeNull();
  expect(next(get(), { key: 'ABC-1' })).toBeNull();
});
