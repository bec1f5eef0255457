import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createHttpClient } from './client.js';
import {
  CONCURRENT_PAGES,
  paginateBitbucket,
  paginateConfluence,
  paginateJiraSearch,
  paginateJsm,
  paginateOffset,
  type Paged,
} from './paginate.js';
import { sendJson, startTestServer, testClientOptions, type TestServer } from './test-server.js';
import type { HttpClient } from './types.js';

/** Items 1..n on the fake server. */
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

let server: TestServer;
let client: HttpClient;
/** How many items the fake server holds for this test. */
let itemCount = 0;
/** The most the fake server returns per page, whatever is asked (servers cap page sizes). */
let serverCap = 1000;

function query(req: IncomingMessage): URLSearchParams {
  return new URL(req.url ?? '/', 'http://x').searchParams;
}

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const q = query(req);
    const all = range(itemCount);
    if (url.pathname === '/rest/api/3/search/jql') {
      // Jira Cloud: the token is the offset, as an opaque string.
      const body = JSON.parse(req.body) as { maxResults: number; nextPageToken?: string };
      const start = body.nextPageToken ? Number(Buffer.from(body.nextPageToken, 'base64').toString()) : 0;
      const issues = all.slice(start, start + Math.min(body.maxResults, serverCap)).map((id) => ({ id: String(id) }));
      const end = start + issues.length;
      const isLast = end >= all.length;
      return sendJson(
        res,
        200,
        isLast ? { issues, isLast } : { issues, isLast, nextPageToken: Buffer.from(String(end)).toString('base64') },
      );
    }
    if (url.pathname === '/rest/api/2/search') {
      const startAt = Number(q.get('startAt'));
      const maxResults = Math.min(Number(q.get('maxResults')), serverCap);
      return sendJson(res, 200, { startAt, maxResults, total: all.length, issues: all.slice(startAt, startAt + maxResults) });
    }
    if (url.pathname === '/rest/servicedeskapi/request') {
      const start = Number(q.get('start'));
      const limit = Math.min(Number(q.get('limit')), serverCap);
      const values = all.slice(start, start + limit);
      return sendJson(res, 200, { size: values.length, start, limit, isLastPage: start + values.length >= all.length, values });
    }
    if (url.pathname === '/wiki/api/v2/pages' || url.pathname === '/wiki/api/v2/spaces') {
      const start = Number(q.get('cursor') ?? '0');
      const limit = Math.min(Number(q.get('limit')), serverCap);
      const results = all.slice(start, start + limit);
      const end = start + results.length;
      const next =
        end < all.length ? `/wiki/api/v2/${url.pathname.endsWith('pages') ? 'pages' : 'spaces'}?cursor=${end}&limit=${limit}` : null;
      // /pages uses _links.next, /spaces only the Link header.
      if (url.pathname.endsWith('pages')) return sendJson(res, 200, { results, _links: next ? { next, base: 'http://x/wiki' } : {} });
      return sendJson(res, 200, { results, _links: {} }, next ? { link: `<${next}>; rel="next", <http://x/wiki>; rel="base"` } : {});
    }
    if (url.pathname === '/2.0/repositories/ws') {
      const page = Number(q.get('page') ?? '1');
      const pagelen = Math.min(Number(q.get('pagelen')), serverCap);
      const values = all.slice((page - 1) * pagelen, page * pagelen);
      const more = page * pagelen < all.length;
      return sendJson(res, 200, {
        pagelen,
        size: all.length,
        page,
        values,
        ...(more ? { next: `${server.url}/2.0/repositories/ws?pagelen=${pagelen}&page=${page + 1}` } : {}),
      });
    }
    sendJson(res, 404, { message: 'no route' });
  });
  client = createHttpClient(testClientOptions(server.url));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  serverCap = 1000;
});

async function drain<T>(page: Paged<T>): Promise<T[]> {
  return page.toArray();
}

interface Style {
  name: string;
  make(limit: number | undefined, pageSize: number): Paged<unknown>;
  /** Whether this style reports a total. */
  total: boolean;
}

const styles: Style[] = [
  {
    name: 'Jira Cloud cursor',
    total: false,
    make: (limit, pageSize) => paginateJiraSearch(client, { body: { jql: 'project = A' }, limit, pageSize }),
  },
  {
    name: 'Jira DC offset',
    total: true,
    make: (limit, pageSize) => paginateOffset(client, { path: '/rest/api/2/search', itemsKey: 'issues', limit, pageSize }),
  },
  {
    name: 'JSM offset',
    total: false,
    make: (limit, pageSize) => paginateJsm(client, { path: '/rest/servicedeskapi/request', limit, pageSize }),
  },
  {
    name: 'Confluence _links.next',
    total: false,
    make: (limit, pageSize) => paginateConfluence(client, { path: '/wiki/api/v2/pages', limit, pageSize }),
  },
  {
    name: 'Confluence Link header',
    total: false,
    make: (limit, pageSize) => paginateConfluence(client, { path: '/wiki/api/v2/spaces', limit, pageSize }),
  },
  {
    name: 'Bitbucket next',
    total: true,
    make: (limit, pageSize) => paginateBitbucket(client, { path: '/2.0/repositories/ws', limit, pageSize }),
  },
];

describe.each(styles)('$name', (style) => {
  test('all items across page boundaries, in order, one request per page', async () => {
    itemCount = 25;
    const page = style.make(undefined, 10);
    expect(await drain(page)).toHaveLength(25);
    expect(server.requests).toHaveLength(3);
    expect(page.hasMore).toBe(false);
    expect(page.total).toBe(style.total ? 25 : undefined);
  });

  test('limit smaller than a page: one small request, hasMore true', async () => {
    itemCount = 25;
    const page = style.make(3, 10);
    const items = await drain(page);
    expect(items).toHaveLength(3);
    expect(server.requests).toHaveLength(1);
    expect(page.hasMore).toBe(true);
  });

  test('limit across pages: exact count', async () => {
    itemCount = 25;
    const page = style.make(13, 5);
    expect(await drain(page)).toHaveLength(13);
    expect(server.requests).toHaveLength(3);
    expect(page.hasMore).toBe(true);
  });

  test('limit hit exactly at a page end with more on the server: no extra request, hasMore true', async () => {
    itemCount = 25;
    const page = style.make(10, 5);
    expect(await drain(page)).toHaveLength(10);
    expect(server.requests).toHaveLength(2);
    expect(page.hasMore).toBe(true);
  });

  test('limit equal to everything there is: hasMore false', async () => {
    itemCount = 10;
    const page = style.make(10, 5);
    expect(await drain(page)).toHaveLength(10);
    expect(page.hasMore).toBe(false);
    expect(server.requests).toHaveLength(2);
  });

  test('limit larger than everything: all items, hasMore false', async () => {
    itemCount = 7;
    const page = style.make(50, 5);
    expect(await drain(page)).toHaveLength(7);
    expect(page.hasMore).toBe(false);
  });

  test('empty result: nothing, one request, hasMore false', async () => {
    itemCount = 0;
    const page = style.make(10, 5);
    expect(await drain(page)).toEqual([]);
    expect(server.requests).toHaveLength(1);
    expect(page.hasMore).toBe(false);
  });

  test('breaking out early still tells whether more exist', async () => {
    itemCount = 25;
    const page = style.make(undefined, 10);
    let seen = 0;
    for await (const _item of page) if (++seen === 4) break;
    expect(page.hasMore).toBe(true);
    expect(server.requests).toHaveLength(1);
  });
});

test('items come in server order across pages', async () => {
  itemCount = 12;
  expect(await paginateJiraSearch<{ id: string }>(client, { body: { jql: 'x' }, pageSize: 5 }).toArray()).toEqual(
    range(12).map((id) => ({ id: String(id) })),
  );
  expect(await paginateOffset<number>(client, { path: '/rest/api/2/search', itemsKey: 'issues', pageSize: 5 }).toArray()).toEqual(
    range(12),
  );
});

test('requests ask for min(pageSize, still wanted) and carry the cursor', async () => {
  itemCount = 25;
  await paginateJiraSearch(client, { body: { jql: 'project = A', fields: ['summary'] }, limit: 12, pageSize: 10 }).toArray();
  const bodies = server.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);
  expect(bodies[0]).toEqual({ jql: 'project = A', fields: ['summary'], maxResults: 10 });
  expect(bodies[1]).toMatchObject({ maxResults: 2, nextPageToken: Buffer.from('10').toString('base64') });

  server.requests.length = 0;
  await paginateOffset(client, { path: '/rest/api/2/search', itemsKey: 'issues', query: { jql: 'x' }, limit: 7, pageSize: 5 }).toArray();
  expect(server.requests.map((r) => r.url)).toEqual([
    '/rest/api/2/search?jql=x&startAt=0&maxResults=5',
    '/rest/api/2/search?jql=x&startAt=5&maxResults=2',
  ]);
});

test('offset paging follows what the server returned when it caps the page size', async () => {
  itemCount = 23;
  serverCap = 4;
  const page = paginateOffset<number>(client, { path: '/rest/api/2/search', itemsKey: 'issues', pageSize: 10 });
  expect(await page.toArray()).toEqual(range(23));
  expect(page.hasMore).toBe(false);
  expect(server.requests).toHaveLength(6);
});

test('a limit below 1 is refused; a page result is single-use', async () => {
  expect(() => paginateBitbucket(client, { path: '/2.0/repositories/ws', limit: 0 })).toThrow(RangeError);
  itemCount = 1;
  const page = paginateBitbucket(client, { path: '/2.0/repositories/ws' });
  await page.toArray();
  await expect(page.toArray()).rejects.toThrow(/once/);
});

/** A stand-in HttpClient answering GETs and POSTs from `answer`, recording what is in flight. */
function fakeClient(answer: (path: string, query: Record<string, unknown>, body: unknown) => Promise<unknown> | unknown) {
  const stats = { inFlight: 0, maxInFlight: 0, calls: [] as Array<Record<string, unknown>> };
  const call = async (path: string, query: Record<string, unknown>, body?: unknown): Promise<unknown> => {
    stats.calls.push({ ...query, ...(body === undefined ? {} : { body }) });
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    try {
      return await answer(path, query, body);
    } finally {
      stats.inFlight -= 1;
    }
  };
  const fake: HttpClient = {
    baseUrl: 'http://fake',
    request: async (path, options) =>
      ({ status: 200, headers: new Headers(), url: path, data: await call(path, { ...options?.query }) }) as never,
    get: async (path, options) => (await call(path, { ...options?.query })) as never,
    post: async (path, body) => (await call(path, {}, body)) as never,
    put: async () => undefined as never,
    delete: async () => undefined as never,
  };
  return { client: fake, stats };
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('duplicates while paging are dropped, in every style', () => {
  test('offset: an item inserted at the front shifts the next page by one; nothing comes twice, nothing is lost', async () => {
    let items = range(10).map((n) => ({ id: String(n) }));
    const { client: fake } = fakeClient((_path, query) => {
      const startAt = Number(query.startAt);
      const page = items.slice(startAt, startAt + Number(query.maxResults));
      // Right after the first page is served, a new item appears ahead of everything (ORDER BY updated DESC).
      if (startAt === 0) items = [{ id: 'new' }, ...items];
      return { startAt, maxResults: query.maxResults, total: items.length, issues: page };
    });
    const paged = paginateOffset<{ id: string }>(fake, { path: '/rest/api/2/search', itemsKey: 'issues', pageSize: 4 });
    const ids = (await paged.toArray()).map((i) => i.id);
    expect(ids).toEqual(range(10).map(String));
    expect(paged.hasMore).toBe(false);
  });

  test('Jira Cloud cursor: an issue handed out again on a later page is yielded once, and the limit counts unique issues', async () => {
    const pages = [
      {
        issues: [
          { id: '1', key: 'A-1' },
          { id: '2', key: 'A-2' },
        ],
        nextPageToken: 't1',
      },
      {
        issues: [
          { id: '2', key: 'A-2' },
          { id: '3', key: 'A-3' },
        ],
        nextPageToken: 't2',
      },
      {
        issues: [
          { id: '4', key: 'A-4' },
          { id: '5', key: 'A-5' },
        ],
        isLast: true,
      },
    ];
    let n = 0;
    const { client: fake } = fakeClient(() => pages[n++]);
    const paged = paginateJiraSearch<{ key: string }>(fake, { body: { jql: 'x' }, pageSize: 2, limit: 4 });
    expect((await paged.toArray()).map((i) => i.key)).toEqual(['A-1', 'A-2', 'A-3', 'A-4']);
    expect(paged.hasMore).toBe(true);
  });

  test('items without an id are told apart by key; items with neither are all kept', async () => {
    const { client: keyed } = fakeClient((_path, query) =>
      query.start === 0
        ? { values: [{ key: 'P' }, { key: 'Q' }], isLastPage: false }
        : { values: [{ key: 'Q' }, { key: 'R' }], isLastPage: true },
    );
    expect(await paginateJsm<{ key: string }>(keyed, { path: '/x', pageSize: 2 }).toArray()).toEqual([
      { key: 'P' },
      { key: 'Q' },
      { key: 'R' },
    ]);
    const { client: plain } = fakeClient((_path, query) =>
      query.start === 0 ? { values: [1, 1], isLastPage: false } : { values: [1], isLastPage: true },
    );
    expect(await paginateJsm<number>(plain, { path: '/x', pageSize: 2 }).toArray()).toEqual([1, 1, 1]);
  });
});

describe('pages()', () => {
  test('hands over whole pages as they come, duplicates dropped, the last one cut at the limit', async () => {
    itemCount = 25;
    const paged = paginateJiraSearch<{ id: string }>(client, { body: { jql: 'x' }, pageSize: 10, limit: 23 });
    const sizes: number[] = [];
    for await (const page of paged.pages()) sizes.push(page.length);
    expect(sizes).toEqual([10, 10, 3]);
    expect(paged.hasMore).toBe(true);
    await expect(paged.toArray()).rejects.toThrow(/once/);
  });
});

/** A Jira DC search page over issues with ids 1..total, `size` of them from the asked offset. */
function searchPage(query: Record<string, unknown>, total: number, size = Number(query.maxResults)) {
  const startAt = Number(query.startAt);
  return {
    startAt,
    maxResults: Number(query.maxResults),
    total,
    issues: range(total)
      .slice(startAt, startAt + size)
      .map((n) => ({ id: String(n) })),
  };
}

describe('offset listings fetch the pages after the first 4 at a time', () => {
  /** A DC-like search over `count` issues where each request takes 5-20 ms, later pages answering sooner. */
  const slowSearch = (count: number) =>
    fakeClient(async (_path, query) => {
      await delay(Math.max(5, 20 - Number(query.startAt) / 10));
      return searchPage(query, count);
    });

  test('at most 4 requests in flight, items in order, every page asked for once', async () => {
    const { client: fake, stats } = slowSearch(1234);
    const ids = (await paginateOffset<{ id: string }>(fake, { path: '/s', itemsKey: 'issues', pageSize: 100 }).toArray()).map((i) =>
      Number(i.id),
    );
    expect(ids).toEqual(range(1234));
    expect(stats.maxInFlight).toBe(CONCURRENT_PAGES);
    expect(stats.calls.map((c) => c.startAt)).toEqual(range(13).map((n) => (n - 1) * 100));
  });

  test('the limit is honoured: nothing is requested beyond it', async () => {
    const { client: fake, stats } = slowSearch(1234);
    const paged = paginateOffset<{ id: string }>(fake, { path: '/s', itemsKey: 'issues', pageSize: 100, limit: 250 });
    expect(await paged.toArray()).toHaveLength(250);
    expect(paged.hasMore).toBe(true);
    expect(stats.calls.map((c) => [c.startAt, c.maxResults])).toEqual([
      [0, 100],
      [100, 100],
      [200, 50],
    ]);
  });

  test('nothing is fetched ahead before the consumer asks for the second page; stopping early leaves nothing unhandled', async () => {
    const { client: fake, stats } = slowSearch(1234);
    const paged = paginateOffset<{ id: string }>(fake, { path: '/s', itemsKey: 'issues', pageSize: 100 });
    let seen = 0;
    for await (const _page of paged.pages()) if (++seen === 2) break;
    expect(paged.hasMore).toBe(true);
    // Page 1, then pages 2-5 at once (plus page 6 as page 2 was handed over).
    expect(stats.calls.length).toBeLessThanOrEqual(6);
    await delay(50);
  });

  test('a total that shrinks ends at the first empty page; one that grows is followed', async () => {
    let count = 500;
    const { client: shrinking } = fakeClient((_path, query) => {
      const answer = searchPage(query, count);
      count = 250;
      return answer;
    });
    const shrunk = paginateOffset<{ id: string }>(shrinking, { path: '/s', itemsKey: 'issues', pageSize: 100 });
    expect(await shrunk.toArray()).toHaveLength(250);
    expect(shrunk.hasMore).toBe(false);

    let grown = 200;
    const { client: growing } = fakeClient((_path, query) => {
      const answer = searchPage(query, grown);
      grown = 330;
      return answer;
    });
    expect(
      (await paginateOffset<{ id: string }>(growing, { path: '/s', itemsKey: 'issues', pageSize: 100 }).toArray()).map((i) => Number(i.id)),
    ).toEqual(range(330));
  });

  test('a page shorter than asked in the middle restarts the window right after it', async () => {
    // The page at 200 comes back with 60 items (some hidden from this user, say).
    const { client: fake, stats } = fakeClient((_path, query) => searchPage(query, 600, query.startAt === 200 ? 60 : undefined));
    const ids = (await paginateOffset<{ id: string }>(fake, { path: '/s', itemsKey: 'issues', pageSize: 100 }).toArray()).map((i) =>
      Number(i.id),
    );
    expect(ids).toEqual(range(600));
    expect(stats.calls.map((c) => c.startAt)).toContain(260);
  });
});
