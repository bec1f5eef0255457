// `atl api` against the sandbox: --paginate over every Atlassian paging style returns every item
// exactly once (Jira Cloud nextPageToken, startAt/total, isLast, Confluence and Bitbucket next links,
// Data Center start/isLastPage/nextPageStart) on Cloud, Data Center, the gateway and Bitbucket; the
// expected items are read from the sandbox directly (one big page, no atl run). Flags, fields and
// printing are unit-tested in src/commands/api/api.test.ts and src/api/*.test.ts.
import { beforeAll, describe, expect, test } from 'vitest';
import { bitbucketStoreOf } from '../../src/sandbox/bitbucket/routes.js';
import { confluenceStoreOf } from '../../src/sandbox/confluence/routes.js';
import type { RunOptions } from '../support/atl.js';
import { type Flavour, jiraE2e, seedIssues, unique } from './jira-support.js';

const e2e = await jiraE2e();
const { sandbox } = e2e;
const { cloud, bitbucket, bitbucketDatacenter } = sandbox.credentials;

type BbFlavour = 'bitbucket-cloud' | 'bitbucket-dc';
/** Bitbucket Cloud runs env-only; Data Center from a login stored in a config dir of its own (made in beforeAll). */
const bitbucketEnv: Record<BbFlavour, Record<string, string>> = {
  'bitbucket-cloud': {
    ATL_CONFIG_DIR: `${e2e.home.home}/bb-cloud-config`,
    ATL_BITBUCKET_TOKEN: bitbucket.token,
    ATL_BITBUCKET_EMAIL: bitbucket.email,
  },
  'bitbucket-dc': { ATL_CONFIG_DIR: `${e2e.home.home}/bb-dc-config` },
};

beforeAll(async () => {
  const login = await e2e.home.run(['auth', 'login', '--bitbucket', '--site', sandbox.bitbucketDcUrl, '--bearer', '--token-stdin'], {
    input: `${bitbucketDatacenter.token}\n`,
    env: bitbucketEnv['bitbucket-dc'],
  });
  expect(login.code, login.stderr).toBe(0);
});

const atl = (flavour: Flavour | BbFlavour, args: readonly string[], env: Record<string, string> = {}, options: RunOptions = {}) =>
  flavour === 'bitbucket-cloud' || flavour === 'bitbucket-dc'
    ? e2e.home.run(args, { ...options, env: { ...bitbucketEnv[flavour], ...env } })
    : e2e.atl(flavour, args, options.input, env);

/** `atl api … --paginate`, which must succeed with one JSON array on stdout. */
async function paginate(flavour: Flavour | BbFlavour, args: readonly string[]): Promise<Array<Record<string, unknown>>> {
  const result = await atl(flavour, ['api', ...args, '--paginate']);
  expect(result.code, result.stderr).toBe(0);
  // Only the notice that the gateway or Bitbucket URL is the sandbox's.
  expect(result.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('notice: ATL_'))).toEqual([]);
  return JSON.parse(result.stdout) as Array<Record<string, unknown>>;
}

/** A GET straight to the sandbox (not through atl), for the items a paged listing must return. */
async function direct(url: string, authorization: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { headers: { authorization, accept: 'application/json' } });
  expect(response.status, url).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}
const basic = (email: string, token: string) => `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
const cloudAuth = basic(cloud.email, cloud.token);

const ids = (items: ReadonlyArray<Record<string, unknown>>, key = 'id') => items.map((item) => String(item[key]));
/** Every item once: no repeats, and exactly the expected ones. */
function expectEachOnce(got: readonly string[], expected: readonly string[]): void {
  expect(new Set(got).size, 'an item came twice').toBe(got.length);
  expect([...got].sort()).toEqual([...expected].sort());
}

describe('--paginate: Jira', () => {
  const label = unique('api-page');
  let seeded: string[];
  beforeAll(() => {
    seeded = seedIssues(e2e, 7, label);
  });

  test.each(['cloud', 'scoped-writer'] as const)(
    'nextPageToken (POST /rest/api/3/search/jql, token in the body) on %s',
    async (flavour) => {
      const items = await paginate(flavour, [
        '/rest/api/3/search/jql',
        '-f',
        `jql=labels = ${label}`,
        '-F',
        'maxResults=3',
        '-f',
        'fields[]=key',
      ]);
      expectEachOnce(ids(items, 'key'), seeded);
    },
  );

  test('--jq filters the merged array as it streams (the global --jq)', async () => {
    const args = ['api', '/rest/api/3/search/jql', '-f', `jql=labels = ${label}`, '-F', 'maxResults=3', '-f', 'fields[]=key'];
    const result = await atl('cloud', [...args, '--paginate', '--jq', '.[].key']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trimEnd().split('\n').sort()).toEqual([...seeded].sort());
  });

  test('startAt/maxResults/total (GET /rest/api/2/search) on Data Center', async () => {
    const items = await paginate('dc', ['/rest/api/2/search', '-X', 'GET', '-f', `jql=labels = ${label}`, '-f', 'maxResults=3']);
    expectEachOnce(ids(items, 'key'), seeded);
  });

  test('startAt/total page beans (project search) and isLast (agile boards) on Cloud', async () => {
    const projects = await direct(`${sandbox.url}/rest/api/3/project/search?maxResults=100`, cloudAuth);
    expectEachOnce(ids(await paginate('cloud', ['/rest/api/3/project/search?maxResults=1'])), ids(projects.values as never));
    const boards = await direct(`${sandbox.url}/rest/agile/1.0/board?maxResults=50`, cloudAuth);
    expect((boards.values as unknown[]).length).toBeGreaterThan(1);
    expectEachOnce(ids(await paginate('cloud', ['/rest/agile/1.0/board?maxResults=1'])), ids(boards.values as never));
  });

  test('start/limit/isLastPage (Service Management desks) on Cloud, through the gateway and on Data Center', async () => {
    const desks = await direct(`${sandbox.url}/rest/servicedeskapi/servicedesk?limit=50`, cloudAuth);
    expect((desks.values as unknown[]).length).toBeGreaterThan(1);
    for (const flavour of ['cloud', 'scoped-writer', 'dc'] as const) {
      expectEachOnce(ids(await paginate(flavour, ['/rest/servicedeskapi/servicedesk?limit=1'])), ids(desks.values as never));
    }
  });
});

describe('--paginate: Confluence', () => {
  const bigPages = () => {
    const store = confluenceStoreOf(sandbox);
    const space = store.spaceByKey('BIG')!;
    return { space, ids: store.spaceContent(space.id, 'page').map((page) => page.id) };
  };

  test.each(['cloud', 'scoped-writer'] as const)('_links.next cursor (v2 pages of a 640-page space) on %s', async (flavour) => {
    const { space, ids: expected } = bigPages();
    expect(expected.length).toBeGreaterThan(250);
    expectEachOnce(ids(await paginate(flavour, [`/wiki/api/v2/spaces/${space.id}/pages?limit=250`])), expected);
  });

  test('start/limit with _links.next (REST content) on Data Center, with --product', async () => {
    const { ids: expected } = bigPages();
    const items = await paginate('dc', ['--product', 'confluence', '/rest/api/content?spaceKey=BIG&type=page&limit=200']);
    expectEachOnce(ids(items), expected);
  });
});

describe('--paginate: Bitbucket', () => {
  test('`next` links (pull requests of bulk-prs) on Cloud', async () => {
    const store = bitbucketStoreOf(sandbox);
    const expected = store.repository('cloud', 'demo-workspace', 'bulk-prs')!.pullRequests.filter((pr) => pr.state === 'OPEN');
    expect(expected.length).toBeGreaterThan(100);
    const items = await paginate('bitbucket-cloud', ['/2.0/repositories/demo-workspace/bulk-prs/pullrequests?pagelen=50&state=OPEN']);
    expectEachOnce(ids(items), ids(expected as never));
  });

  test('start/isLastPage/nextPageStart (pull requests of DEMO/bulk-prs) on Data Center', async () => {
    const expected = bitbucketStoreOf(sandbox).repository('dc', 'DEMO', 'bulk-prs')!.pullRequests;
    expect(expected.length).toBeGreaterThan(100);
    const items = await paginate('bitbucket-dc', ['/rest/api/1.0/projects/DEMO/repos/bulk-prs/pull-requests?state=ALL&limit=100']);
    expectEachOnce(ids(items), ids(expected as never));
  });

  test('--no-slurp prints each page as the server sent it', async () => {
    const result = await atl('bitbucket-cloud', ['api', '/2.0/repositories/demo-workspace?pagelen=1', '--paginate', '--no-slurp']);
    expect(result.code, result.stderr).toBe(0);
    const pages = result.stdout.split(/\n(?=\{)/).map((text) => JSON.parse(text) as { values: unknown[]; next?: string });
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.every((page) => page.values.length === 1)).toBe(true);
    expect(pages.at(-1)!.next).toBeUndefined();
  });
});

describe('errors and writes', () => {
  test('a server error is its status and message, with the usual exit code', async () => {
    const result = await atl('cloud', ['api', '/rest/api/3/issue/NOPE-404']);
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: .*404/m);
  });

  test.each(['cloud', 'dc'] as const)('-f/-F make the body of a POST, and the change is made (%s)', async (flavour) => {
    const summary = unique('api-create');
    const version = flavour === 'dc' ? 2 : 3;
    const result = await atl(flavour, [
      'api',
      `/rest/api/${version}/issue`,
      '-f',
      'fields[project][key]=DEMO',
      '-f',
      'fields[issuetype][name]=Task',
      '-f',
      `fields[summary]=${summary}`,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const { key } = JSON.parse(result.stdout) as { key: string };
    expect((await e2e.issue(flavour, key))?.fields.summary).toBe(summary);
  });
});

/** The requests the sandbox answered during `during()` that could have changed something. */
async function changesDuring(during: () => Promise<void>): Promise<string[]> {
  const before = sandbox.requests.length;
  await during();
  return sandbox.requests.slice(before).flatMap((r) => (['GET', 'HEAD', 'OPTIONS'].includes(r.method) ? [] : [`${r.method} ${r.path}`]));
}

describe('read-only runs refuse every change before it is sent: one write per product and flavour', () => {
  const cases: Array<{ flavour: Flavour | BbFlavour; argv: string[]; names: string; product: string }> = [
    {
      flavour: 'cloud',
      argv: ['jira', 'issue', 'create', '-P', 'DEMO', '-t', 'Task', '--summary', 'no'],
      names: 'atl jira issue create',
      product: 'Jira',
    },
    { flavour: 'dc', argv: ['jira', 'issue', 'comment', 'add', 'DEMO-1', 'no'], names: 'atl jira issue comment add', product: 'Jira' },
    { flavour: 'scoped-writer', argv: ['jira', 'issue', 'assign', 'DEMO-1', 'none'], names: 'atl jira issue assign', product: 'Jira' },
    ...(['cloud', 'scoped-writer', 'dc'] as const).map((flavour) => ({
      flavour,
      argv: ['confluence', 'page', 'create', '--space', 'DOCS', '--title', unique('ro'), '--body', 'no'],
      names: 'atl confluence page create',
      product: 'Confluence',
    })),
    {
      flavour: 'cloud',
      argv: ['jsm', 'request', 'comment', 'HELP-1', 'no'],
      names: 'atl jsm request comment',
      product: 'Jira Service Management',
    },
    {
      flavour: 'bitbucket-cloud',
      argv: ['bb', 'branch', 'create', unique('ro'), '--repo', 'demo-workspace/demo-app'],
      names: 'atl bitbucket branch create',
      product: 'Bitbucket',
    },
    {
      flavour: 'bitbucket-dc',
      argv: ['bb', 'pr', 'comment', '1', 'no', '--repo', 'DEMO/demo-service'],
      names: 'atl bitbucket pr comment',
      product: 'Bitbucket',
    },
    { flavour: 'cloud', argv: ['api', '-X', 'DELETE', '/rest/api/3/issue/DEMO-1'], names: 'atl api', product: 'Jira' },
  ];

  test.each(cases)('$names on $flavour (ATL_READ_ONLY=1)', async ({ flavour, argv, names, product }) => {
    let result: Awaited<ReturnType<typeof atl>> | undefined;
    const changes = await changesDuring(async () => {
      result = await atl(flavour, argv, { ATL_READ_ONLY: '1' });
    });
    expect(result!.code, result!.stderr).toBe(2);
    expect(result!.stderr).toMatch(
      new RegExp(
        `^error: ${names} would change ${product} \\((POST|PUT|DELETE) /[^)]+\\), and this run is read-only \\(ATL_READ_ONLY=1\\)$`,
        'm',
      ),
    );
    expect(changes).toEqual([]);
  });

  test("--read-only and a profile's readOnly: true refuse too; the read-only POST of a search still goes", async () => {
    const flagged = await changesDuring(async () => {
      const result = await atl('cloud', ['--read-only', 'jira', 'issue', 'edit', 'DEMO-1', '--summary', 'no']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/this run is read-only \(--read-only\)\nhint: leave out --read-only/);
    });
    expect(flagged).toEqual([]);
    const searched = await changesDuring(async () => {
      const result = await atl('cloud', ['jira', 'search', '--project', 'DEMO', '--limit', '1'], { ATL_READ_ONLY: '1' });
      expect(result.code, result.stderr).toBe(0);
    });
    expect(
      searched.every((request) => request.startsWith('POST /rest/api/3/search/')),
      searched.join(),
    ).toBe(true);
    // The stored Bitbucket DC login's profile, marked read-only in config.yaml.
    const configFile = `${bitbucketEnv['bitbucket-dc'].ATL_CONFIG_DIR}/config.yaml`;
    const { readFile, writeFile } = await import('node:fs/promises');
    const text = await readFile(configFile, 'utf8');
    await writeFile(configFile, text.replace(/^( {4})scoped: false$/m, '$1scoped: false\n$1readOnly: true'));
    const profiled = await changesDuring(async () => {
      const result = await atl('bitbucket-dc', ['bb', 'branch', 'create', unique('ro'), '--repo', 'DEMO/demo-service']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/this run is read-only \(profile "default" has readOnly: true\)/);
    });
    expect(profiled).toEqual([]);
  });
});
