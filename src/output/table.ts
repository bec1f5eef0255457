import type { IOStreams } from '../iostreams.js';
import { sanitizeText } from './terminal.js';

export interface Column<Row> {
  header: string;
  value(row: Row): string;
  /** The column that gives up width first when the table is too wide (usually a summary). */
  flexible?: boolean;
}

/** Zero-width space, joiners and marks, word joiner and the BOM: they take no column. */
const ZERO_WIDTH = /[\u200b-\u200f\u2060-\u2064\ufeff]/;

/** Visible width of a string, ignoring ANSI colour codes; wide CJK/emoji counted as two. */
export function displayWidth(text: string): number {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  let width = 0;
  for (const ch of plain) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 32 || (code >= 0x300 && code <= 0x36f) || ZERO_WIDTH.test(ch)) continue;
    width +=
      code >= 0x1100 &&
      (code <= 0x115f ||
        (code >= 0x2e80 && code <= 0xa4cf) ||
        (code >= 0xac00 && code <= 0xd7a3) ||
        (code >= 0xf900 && code <= 0xfaff) ||
        (code >= 0xfe30 && code <= 0xfe4f) ||
        (code >= 0xff00 && code <= 0xff60) ||
        (code >= 0x1f300 && code <= 0x1faff))
        ? 2
        : 1;
  }
  return width;
}

/** Columns are not squeezed below this many characters (then whole lines are cut instead). */
const MIN_COLUMN_WIDTH = 4;

export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/**
 * Prints rows as an aligned table fitted to the terminal width, for people. Piped (not a terminal)
 * and no COLUMNS set: tab-separated, never truncated, no header styling, so `cut`/`awk` get whole
 * values (as gh does). COLUMNS set explicitly asks for the people's table at that width, piped or not
 * (`COLUMNS=100 atl jira search | less`). Colour (bold headers) only on a terminal.
 */
export function printTable<Row>(io: IOStreams, columns: ReadonlyArray<Column<Row>>, rows: Iterable<Row>): void {
  // Cells are server text (summaries, names): line breaks would break the layout, and any other
  // control character could drive the terminal, so they are shown as escapes (see terminal.ts).
  const cell = (text: string) => sanitizeText(text.replace(/[\r\n\t]+/g, ' '));
  const piped = [...rows].map((row) => columns.map((c) => cell(c.value(row))));
  // Headers too: a custom field's column is headed by its name, as the site calls it.
  const headers = columns.map((c) => cell(c.header));
  if (!io.isStdoutTTY() && io.requestedWidth?.() === undefined) {
    io.stdout.write(`${headers.join('\t')}\n`);
    for (const line of piped) io.stdout.write(`${line.join('\t')}\n`);
    return;
  }
  // For people, edge whitespace is trimmed: a name stored as " Alpha" would sit a column right of its header.
  const cells = piped.map((line) => line.map((text) => text.replace(/^[\s\u200b\ufeff]+|[\s\u200b\ufeff]+$/g, '')));
  const widths = headers.map((header, i) => Math.max(displayWidth(header), ...cells.map((line) => displayWidth(line[i] ?? ''))));
  const gap = 2;
  const total = () => widths.reduce((a, b) => a + b, 0) + gap * (columns.length - 1);
  const max = io.terminalWidth();
  // The flexible column (usually a summary) gives up width first, down to 8 characters; then the
  // widest column, one character at a time, down to MIN_COLUMN_WIDTH. Should even that be too
  // wide (a very narrow terminal), each line is cut at the edge: no line is ever wider than `max`.
  for (const [i, column] of columns.entries()) {
    if (column.flexible && total() > max) widths[i] = Math.max(8, widths[i]! - (total() - max));
  }
  while (total() > max) {
    const widest = widths.reduce((best, w, i) => (w > widths[best]! ? i : best), 0);
    if (widths[widest]! <= MIN_COLUMN_WIDTH) break;
    widths[widest] = widths[widest]! - 1;
  }
  const bold = io.colorEnabled() ? (s: string) => `\u001b[1m${s}\u001b[22m` : (s: string) => s;
  const pad = (text: string, width: number, last: boolean) => {
    const cut = truncate(text, width);
    return last ? cut : cut + ' '.repeat(Math.max(0, width - displayWidth(cut)));
  };
  const render = (line: string[]) =>
    truncate(
      line
        .map((cell, i) => pad(cell, widths[i]!, i === line.length - 1))
        .join(' '.repeat(gap))
        .trimEnd(),
      max,
    );
  io.stdout.write(`${bold(render(headers))}\n`);
  for (const line of cells) io.stdout.write(`${render(line)}\n`);
}
