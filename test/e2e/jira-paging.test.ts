import { describe, expect, test } from 'vitest';
import { jiraStoreOf } from '../../src/sandbox/jira/routes.js';
import { seedIssues as seedIntoStore } from '../../src/sandbox/jira/seed.js';
import { jiraE2e, NOTICE, seedIssues, type Flavour } from './jira-support.js';

const LABEL = 'paging1234';
const e2e = await jiraE2e();
const seeded = seedIssues(e2e, 1234, LABEL);

function keysOf(stdout: string): string[] {
  return (JSON.parse(stdout) as Array<{ key: string }>).map((i) => i.key);
}

const FLAVOURS: Flavour[] = ['cloud', 'scoped', 'dc'];

// The reads run concurrently; the 429 tests come after them (they inject faults on the search
// paths, which a concurrent read of the same flavour would consume). Each flavour's search path
// is its own, so the three 429 tests can run together.
describe('search paging', () => {
  test.concurrent.each(FLAVOURS)('%s: --all over 1,234 issues gets exactly 1,234, each once, and no notice', async (flavour) => {
    const result = await e2e.atl(flavour, ['jira', 'search', '--label', LABEL, '--all', '--json']);
    expect(result.stderr).not.toContain(NOTICE);
    expect(result.code).toBe(0);
    const keys = keysOf(result.stdout);
    expect(keys).toHaveLength(1234);
    expect(new Set(keys).size).toBe(1234);
    expect([...keys].sort()).toEqual([...seeded].sort());
    await e2e.home.assertNoSecretsLeaked();
  });

  test.concurrent.each(FLAVOURS)(
    '%s: the truncation notice appears when more match, in every output mode, and not otherwise',
    async (flavour) => {
      const table = await e2e.atl(flavour, ['jira', 'search', '--label', LABEL]);
      expect(table.code).toBe(0);
      expect(table.stdout.trimEnd().split('\n')).toHaveLength(51);
      expect(table.stderr).toContain(`showing 50 issues; ${NOTICE}`);

      const csv = await e2e.atl(flavour, ['jira', 'search', '--label', LABEL, '--limit', '1233', '--csv']);
      expect(csv.stdout.trimEnd().split('\n')).toHaveLength(1234);
      expect(csv.stderr).toContain(`showing 1233 issues; ${NOTICE}`);

      const exact = await e2e.atl(flavour, ['jira', 'search', '--label', LABEL, '--limit', '1234', '--json']);
      expect(keysOf(exact.stdout)).toHaveLength(1234);
      expect(exact.stderr).not.toContain(NOTICE);

      const none = await e2e.atl(flavour, ['jira', 'search', '--label', 'no-such-label-anywhere', '--json']);
      expect(none.stdout).toBe('[]\n');
      expect(none.stderr).not.toContain(NOTICE);
      await e2e.home.assertNoSecretsLeaked();
    },
  );

  test.concurrent.each(FLAVOURS)('%s: --count', async (flavour) => {
    const result = await e2e.atl(flavour, ['jira', 'search', '--label', LABEL, '--count']);
    expect(result.code).toBe(0);
    // Cloud's count is an estimate and says so; Data Center's is exact.
    expect(result.stdout).toBe(flavour === 'dc' ? '1234\n' : '~1234\n');
  });
});

describe('a 429 in the middle of paging', () => {
  test.concurrent.each(FLAVOURS)('%s: is retried; nothing lost or duplicated', async (flavour) => {
    const path =
      flavour === 'dc'
        ? '/dc/rest/api/2/search'
        : flavour === 'scoped'
          ? `/ex/jira/${e2e.sandbox.cloudId}/rest/api/3/search/jql`
          : '/rest/api/3/search/jql';
    const before = e2e.sandbox.requests.length;
    // Two pages go through, the third is rate limited once, then answered.
    e2e.sandbox.faults.add({ path, type: 'delay', ms: 0, times: 2 });
    e2e.sandbox.faults.add({ path, type: 'status', status: 429, retryAfter: 1 });
    // No faults.clear(): the other flavours' faults may still be pending; this run uses up its own
    // (the status sequence below proves it).
    const result = await e2e.atl(flavour, ['jira', 'search', '--label', LABEL, '--all', '--json']);
    expect(result.code).toBe(0);
    const keys = keysOf(result.stdout);
    expect(keys).toHaveLength(1234);
    expect(new Set(keys).size).toBe(1234);
    const searches = e2e.sandbox.requests.slice(before).filter((r) => r.path === path);
    expect(searches.map((r) => r.status)).toEqual([200, 200, 429, ...Array(11).fill(200)]);
    await e2e.home.assertNoSecretsLeaked();
  });
});

test('scoped profiles really go through the gateway', async () => {
  const before = e2e.sandbox.requests.length;
  const result = await e2e.atl('scoped', ['jira', 'search', '--label', LABEL, '--limit', '5', '--json']);
  expect(result.code).toBe(0);
  const paths = e2e.sandbox.requests.slice(before).map((r) => r.path);
  expect(paths.length).toBeGreaterThan(0);
  expect(paths.every((p) => p.startsWith(`/ex/jira/${e2e.sandbox.cloudId}/`))).toBe(true);
});

// These inject faults on Cloud's search path, so they run one at a time,
// after the concurrent reads above.
describe('a search that fails part-way, or whose results move while paging', () => {
  const SEARCH = '/rest/api/3/search/jql';
  const searchesSince = (before: number) => e2e.sandbox.requests.slice(before).filter((r) => r.path === SEARCH);

  test('a single 503 on a later page of the (POST) search is retried like a GET; the search succeeds', async () => {
    const before = e2e.sandbox.requests.length;
    e2e.sandbox.faults.add({ path: SEARCH, method: 'POST', type: 'delay', ms: 0 });
    e2e.sandbox.faults.add({ path: SEARCH, method: 'POST', type: 'status', status: 503, retryAfter: 0 });
    const result = await e2e.atl('cloud', ['jira', 'search', '--label', LABEL, '--all', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(new Set(keysOf(result.stdout)).size).toBe(1234);
    expect(searchesSince(before).map((r) => r.status)).toEqual([200, 503, ...Array(12).fill(200)]);
  });

  test('--json: a page that keeps failing (503) leaves valid JSON holding what came, says how much, exit 5', async () => {
    e2e.sandbox.faults.add({ path: SEARCH, method: 'POST', type: 'delay', ms: 0 });
    e2e.sandbox.faults.add({ path: SEARCH, method: 'POST', type: 'status', status: 503, retryAfter: 0, times: 4 });
    const result = await e2e.atl('cloud', ['jira', 'search', '--label', LABEL, '--all', '--json']);
    expect(result.code).toBe(5);
    const keys = keysOf(result.stdout);
    expect(keys).toHaveLength(100);
    expect(result.stderr).toMatch(/^printed 100 issues before the failure; the output is incomplete$/m);
    expect(result.stderr).toMatch(/^error: .*\(HTTP 503/m);
  });

  test('--json and --csv: a body cut on every attempt at the third page, the same: valid output, exit 5', async () => {
    e2e.sandbox.faults.add({ path: SEARCH, method: 'POST', type: 'delay', ms: 0, times: 2 });
    e2e.sandbox.faults.add({ path: SEARCH, method: 'POST', type: 'cut', times: 4 });
    const json = await e2e.atl('cloud', ['jira', 'search', '--label', LABEL, '--all', '--json']);
    expect(json.code).toBe(5);
    expect(keysOf(json.stdout)).toHaveLength(200);
    expect(json.stderr).toMatch(/^printed 200 issues before the failure; the output is incomplete$/m);
    expect(json.stderr).toMatch(/^error: could not reach .*connection closed before the response was complete$/m);

    e2e.sandbox.faults.add({ path: SEARCH, method: 'POST', type: 'delay', ms: 0 });
    e2e.sandbox.faults.add({ path: SEARCH, method: 'POST', type: 'cut', times: 4 });
    const csv = await e2e.atl('cloud', ['jira', 'search', '--label', LABEL, '--all', '--csv']);
    expect(csv.code).toBe(5);
    expect(csv.stdout.trimEnd().split('\n')).toHaveLength(101);
    expect(csv.stderr).toMatch(/^printed 100 issues before the failure; the output is incomplete$/m);
  });

  test('issues that move to the front while --all pages are printed once each (de-duplicated by id)', async () => {
    const label = 'shifting7';
    const store = jiraStoreOf(e2e.sandbox);
    const keys = seedIssues(e2e, 250, label);
    const before = e2e.sandbox.requests.length;
    // The second page waits; meanwhile a newer issue lands at the front of `ORDER BY updated DESC`,
    // so the second page starts with the last issue of the first.
    e2e.sandbox.faults.add({ path: SEARCH, method: 'POST', type: 'delay', ms: 0 });
    e2e.sandbox.faults.add({ path: SEARCH, method: 'POST', type: 'delay', ms: 1500 });
    const running = e2e.atl('cloud', ['jira', 'search', '--label', label, '--all', '--json']);
    while (searchesSince(before).length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    seedIntoStore(store, 1, {
      project: 'DEMO',
      summaryPrefix: `${label} newer`,
      labels: [label],
      onlyGivenLabels: true,
      now: store.now() + 400 * 86_400_000,
    });
    const result = await running;
    expect(result.code, result.stderr).toBe(0);
    const printed = keysOf(result.stdout);
    expect(printed).toHaveLength(250);
    expect([...printed].sort()).toEqual([...keys].sort());
    // The server really did hand one issue out twice: 251 issues were delivered over the pages.
    expect(searchesSince(before)).toHaveLength(3);
  });
});
