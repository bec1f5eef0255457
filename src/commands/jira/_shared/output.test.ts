import { describe, expect, test } from 'vitest';
import { fakeFactory } from '../../../jira/fake.testutil.js';
import type { Column } from '../../../output/table.js';
import { printListing } from './output.js';

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
    expect(f.out.text.split('\n').filter((l) => l !== '').map((l) => l.trim().split(/\s+/))).toEqual([['ID', 'NAME'], ['1', 'Alpha'], ['22', 'Beta']]);
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
