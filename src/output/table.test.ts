import { describe, expect, test } from 'vitest';
import { columnsFromEnv } from '../iostreams.js';
import { fakeIo } from './fake-terminal.testutil.js';
import { displayWidth, printTable, truncate, type Column } from './table.js';

interface Row {
  key: string;
  status: string;
  summary: string;
}

const columns: Column<Row>[] = [
  { header: 'KEY', value: (r) => r.key },
  { header: 'STATUS', value: (r) => r.status },
  { header: 'SUMMARY', value: (r) => r.summary, flexible: true },
];
const rows: Row[] = [
  { key: 'DEMO-1', status: 'In Progress', summary: 'A rather long summary that will not fit in a narrow terminal at all' },
  { key: 'DEMO-10', status: 'Done', summary: 'Short\tone' },
];

describe('printTable', () => {
  test('piped, no COLUMNS: tab-separated whole values for scripts', () => {
    const out = fakeIo({ tty: false, width: 160 });
    printTable(out.io, columns, rows);
    expect(out.text()).toBe(`KEY\tSTATUS\tSUMMARY\nDEMO-1\tIn Progress\t${rows[0]!.summary}\nDEMO-10\tDone\tShort one\n`);
  });

  test('on a terminal: columns aligned, the flexible column truncated to the width', () => {
    const out = fakeIo({ tty: true, width: 40 });
    printTable(out.io, columns, rows);
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toEqual(['KEY      STATUS       SUMMARY', 'DEMO-1   In Progress  A rather long sum…', 'DEMO-10  Done         Short one']);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(40);
  });

  test('COLUMNS given while piped: the aligned table at that width, no colour', () => {
    const out = fakeIo({ tty: false, width: 30, requested: 30 });
    printTable(out.io, columns, rows);
    const lines = out.text().trimEnd().split('\n');
    expect(lines[0]).toBe('KEY      STATUS     SUMMARY');
    expect(lines[1]).toMatch(/^DEMO-1 {3}In Progr… {2}A rather …$/);
    expect(out.text()).not.toContain('\u001b');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(30);
  });

  test('a very narrow terminal: no line is ever wider than the width', () => {
    for (const width of [5, 12, 20, 25]) {
      const out = fakeIo({ tty: true, width });
      printTable(out.io, columns, rows);
      for (const line of out.text().trimEnd().split('\n')) expect(displayWidth(line), `width ${width}: ${line}`).toBeLessThanOrEqual(width);
    }
  });

  test('colour only when enabled: bold header', () => {
    const colored = fakeIo({ tty: true, width: 80, color: true });
    printTable(colored.io, columns, rows);
    expect(colored.text().split('\n')[0]).toBe('\u001b[1mKEY      STATUS       SUMMARY\u001b[22m');
    const plain = fakeIo({ tty: true, width: 80, color: false });
    printTable(plain.io, columns, rows);
    expect(plain.text()).not.toContain('\u001b');
  });

  test('control characters in cells (server text) are shown escaped, piped or on a terminal, and counted as printed', () => {
    type R = { key: string; summary: string };
    const cols: Array<Column<R>> = [
      { header: 'KEY', value: (r) => r.key },
      { header: 'SUMMARY', value: (r) => r.summary },
    ];
    const evil = [{ key: 'X-1', summary: 'a\u001b[2J\u001b]0;t\u0007b\u202ec' }];
    const piped = fakeIo({ tty: false, width: 80 });
    printTable(piped.io, cols, evil);
    expect(piped.text()).toBe('KEY\tSUMMARY\nX-1\ta\\x1b[2J\\x1b]0;t\\x07b\\u202ec\n');
    const tty = fakeIo({ tty: true, width: 80, color: true });
    printTable(tty.io, cols, evil);
    const lines = tty.text().split('\n');
    expect(lines[1]).toBe('X-1  a\\x1b[2J\\x1b]0;t\\x07b\\u202ec');
    expect(lines[0]).toBe('\u001b[1mKEY  SUMMARY\u001b[22m');
  });

  test('headers too (the name of a custom field comes from the server), piped or on a terminal', () => {
    const cols: Array<Column<{ n: string }>> = [{ header: 'POINTS\u001b]8;;http://evil\u0007', value: (r) => r.n }];
    const piped = fakeIo({ tty: false, width: 80 });
    printTable(piped.io, cols, [{ n: '3' }]);
    expect(piped.text()).toBe('POINTS\\x1b]8;;http://evil\\x07\n3\n');
    const tty = fakeIo({ tty: true, width: 80 });
    printTable(tty.io, cols, [{ n: '3' }]);
    expect(tty.text().split('\n')[0]).toBe('POINTS\\x1b]8;;http://evil\\x07');
  });

  test('wide characters count as two columns', () => {
    expect(displayWidth('日本')).toBe(4);
    expect(truncate('日本語テキスト', 7)).toBe('日本語…');
  });
});

describe('columnsFromEnv', () => {
  test('a positive whole number, else undefined', () => {
    expect(columnsFromEnv({ COLUMNS: '72' })).toBe(72);
    expect(columnsFromEnv({ COLUMNS: ' 100 ' })).toBe(100);
    expect(columnsFromEnv({})).toBeUndefined();
    expect(columnsFromEnv({ COLUMNS: '' })).toBeUndefined();
    expect(columnsFromEnv({ COLUMNS: '0' })).toBeUndefined();
    expect(columnsFromEnv({ COLUMNS: 'wide' })).toBeUndefined();
  });
});

describe('values with edge whitespace (issue 11, item 15)', () => {
  const nameColumns: Column<{ key: string; name: string }>[] = [
    { header: 'KEY', value: (r) => r.key },
    { header: 'NAME', value: (r) => r.name },
    { header: 'LEAD', value: () => 'Ann' },
  ];
  const rows = [
    { key: 'DEMO', name: 'Demo' },
    { key: 'SP', name: ' Leading space' },
    { key: 'NB', name: '\u00a0\u200bInvisible start ' },
  ];

  test('a name with a leading space or invisible character starts under its header, and columns stay aligned', () => {
    const t = fakeIo({ tty: true, width: 80 });
    printTable(t.io, nameColumns, rows);
    expect(t.text()).toBe(
      ['KEY   NAME             LEAD', 'DEMO  Demo             Ann', 'SP    Leading space    Ann', 'NB    Invisible start  Ann', ''].join(
        '\n',
      ),
    );
  });

  test('piped, values stay exactly as stored, for scripts', () => {
    const t = fakeIo({ tty: false, width: 80 });
    printTable(t.io, nameColumns, rows);
    expect(t.text().split('\n')[2]).toBe('SP\t Leading space\tAnn');
  });

  test('zero-width characters take no column', () => {
    expect(displayWidth('a\u200bb\ufeff')).toBe(2);
  });
});
