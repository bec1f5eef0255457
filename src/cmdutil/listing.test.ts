import { describe, expect, test, vi } from 'vitest';
import { AtlError } from '../errors.js';
import { fakeFactory } from '../testkit/fakes.testutil.js';
import type { Column } from '../output/table.js';
import { printJsonStream } from './json.js';
import { pagedOf } from './paged.testutil.js';
import { countOf, printListing, printRows, truncationNotice, type ListingFormat } from './listing.js';

interface Issue {
  id: string;
  key: string;
  fields?: { summary?: string };
}

/** A stand-in for an issue listing: the key, then the summary. */
function printIssues(
  io: Parameters<typeof printRows>[0],
  format: ListingFormat,
  fields: readonly string[],
  issues: AsyncIterable<Issue>,
): Promise<number> {
  const columns = [
    { header: 'KEY', value: (i: Issue) => i.key },
    ...(fields.includes('summary') ? [{ header: 'SUMMARY', value: (i: Issue) => i.fields?.summary ?? '' }] : []),
  ];
  return printRows(io, format, () => columns, issues, { one: 'issue', many: 'issues' });
}

interface Named {
  id: number;
  name: string;
}

async function* rows(...items: Named[]): AsyncGenerator<Named> {
  yield* items;
}

const columns: Array<Column<Named>> = [
  { header: 'ID', value: (r) => String(r.id) },
  { header: 'NAME', value: (r) => r.name, flexible: true },
];

describe('printListing', () => {
  test('a table of every row, nothing on stderr', async () => {
    const f = fakeFactory();
    await printListing(f, rows({ id: 1, name: 'Alpha' }, { id: 22, name: 'Beta' }), columns, 'no things');
    expect(
      f.out.text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.trim().split(/\s+/)),
    ).toEqual([
      ['ID', 'NAME'],
      ['1', 'Alpha'],
      ['22', 'Beta'],
    ]);
    expect(f.err.text).toBe('');
  });

  test('no rows: the empty message on stderr, stdout untouched', async () => {
    const f = fakeFactory();
    await printListing(f, rows(), columns, 'no things');
    expect(f.out.text).toBe('');
    expect(f.err.text).toBe('no things\n');
  });

  test('--json: the items as one JSON array, [] when there are none', async () => {
    const f = fakeFactory({ json: true });
    await printListing(f, rows({ id: 1, name: 'Alpha' }), columns, 'no things');
    expect(JSON.parse(f.out.text)).toEqual([{ id: 1, name: 'Alpha' }]);
    const empty = fakeFactory({ json: true });
    await printListing(empty, rows(), columns, 'no things');
    expect(empty.out.text).toBe('[]\n');
    expect(empty.err.text).toBe('');
  });
});

describe('printRows writes a page at a time', () => {
  test('CSV: the header, then one write per page', async () => {
    const f = fakeFactory();
    const write = vi.spyOn(f.out, 'write');
    const issue = (key: string) => ({ id: key, key, fields: { summary: `about ${key}` } });
    await printIssues(f.io, 'csv', ['summary'], pagedOf([[issue('A-1'), issue('A-2')], [issue('A-3')]]));
    expect(write).toHaveBeenCalledTimes(3);
    expect(f.out.text).toBe('KEY,SUMMARY\nA-1,about A-1\nA-2,about A-2\nA-3,about A-3\n');
  });
});

describe('a listing that fails part-way', () => {
  const failure = new AtlError('server', 'service unavailable (HTTP 503 from POST x/rest/api/3/search/jql)', { status: 503 });

  test('JSON: the array printed so far is closed (stdout parses), stderr says how much, the error is rethrown', async () => {
    const f = fakeFactory({ json: true });
    const issues = [
      { id: '1', key: 'A-1' },
      { id: '2', key: 'A-2' },
    ];
    await expect(printIssues(f.io, 'json', [], pagedOf([issues], failure))).rejects.toBe(failure);
    expect(JSON.parse(f.out.text)).toEqual(issues);
    expect(f.err.text).toBe('printed 2 issues before the failure; the output is incomplete\n');
  });

  test('CSV: says how many rows came; nothing printed yet: stdout stays empty and no note', async () => {
    const csv = fakeFactory();
    await expect(printIssues(csv.io, 'csv', [], pagedOf([[{ id: '1', key: 'A-1' }]], failure))).rejects.toBe(failure);
    expect(csv.out.text).toBe('KEY\nA-1\n');
    expect(csv.err.text).toBe('printed 1 issue before the failure; the output is incomplete\n');

    const none = fakeFactory({ json: true });
    await expect(printJsonStream(none.io, pagedOf([], failure))).rejects.toBe(failure);
    expect(none.out.text).toBe('');
    expect(none.err.text).toBe('');
  });

  test('with --output: stderr says the file is left unchanged (it is replaced only by complete output)', async () => {
    const f = fakeFactory({ json: true });
    f.io.outputFile = 'issues.json';
    await expect(
      printIssues(
        f.io,
        'json',
        [],
        pagedOf(
          [
            [
              { id: '1', key: 'A-1' },
              { id: '2', key: 'A-2' },
            ],
          ],
          failure,
        ),
      ),
    ).rejects.toBe(failure);
    expect(f.err.text).toBe('fetched 2 issues before the failure; the output is incomplete, so issues.json is unchanged\n');
    const csv = fakeFactory();
    csv.io.outputFile = 'issues.csv';
    await expect(printIssues(csv.io, 'csv', [], pagedOf([[{ id: '1', key: 'A-1' }]], failure))).rejects.toBe(failure);
    expect(csv.err.text).toBe('fetched 1 issue before the failure; the output is incomplete, so issues.csv is unchanged\n');

    const none = fakeFactory({ json: true });
    none.io.outputFile = 'issues.json';
    await expect(printJsonStream(none.io, pagedOf([], failure))).rejects.toBe(failure);
    expect(none.out.text).toBe('');
    expect(none.err.text).toBe('');
  });
});

describe('counted nouns', () => {
  const noun = { one: 'issue', many: 'issues' };
  test('countOf is singular for one only', () => {
    expect([0, 1, 2].map((n) => countOf(n, noun))).toEqual(['0 issues', '1 issue', '2 issues']);
  });
  test('the truncation notice for one shown issue says "1 issue"', () => {
    expect(truncationNotice(1, noun)).toBe('showing 1 issue; more match — use --limit N or --all');
  });
});
