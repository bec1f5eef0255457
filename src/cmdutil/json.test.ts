import { describe, expect, test, vi } from 'vitest';
import { fakeFactory } from '../testkit/fakes.testutil.js';
import { printJson, printJsonStream } from './json.js';
import { pagedOf } from './paged.testutil.js';

describe('the JSON exporter', () => {
  test('printJson: two-space indent, one final newline', () => {
    const f = fakeFactory({ json: true });
    printJson(f.io, { key: 'A-1', labels: ['x'] });
    expect(f.out.text).toBe('{\n  "key": "A-1",\n  "labels": [\n    "x"\n  ]\n}\n');
  });

  test('one write per page, then the closing bracket; the same bytes printJson would print', async () => {
    const f = fakeFactory({ json: true });
    const write = vi.spyOn(f.out, 'write');
    const items = [{ id: 1 }, { id: 2 }, { id: 3 }];
    expect(await printJsonStream(f.io, pagedOf([items.slice(0, 2), items.slice(2)]))).toBe(3);
    expect(write).toHaveBeenCalledTimes(3);
    expect(f.out.text).toBe(`${JSON.stringify(items, null, 2)}\n`);
  });
});
