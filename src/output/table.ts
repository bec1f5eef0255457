import type { IOStreams } from '../iostreams.js';
import { sanitizeText } from './terminal.js';

export interface Column<Row> {
  header: string;
  value(row: Row): string;
  /** The free-text column (usually a summary): it keeps its room, and gives up width only after the rest. */
  flexible?: boolean;
  /** A shorter form used when the table is too wide (a date without its time). */
  short?(row: Row): string;
  /**
   * Dropped when the table is too wide for the flexible column to keep FLEXIBLE_ROOM: columns with
   * the lowest number go first (priority before type, say).
   */
  dropOrder?: number;
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

/** Other columns are squeezed to this before the flexible one gives up its room. */
const READABLE_WIDTH = 8;

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

const GAP = 2;

/**
 * The room the flexible column keeps (or its whole width, if less) before other columns are
 * squeezed: a third of the terminal, up to 30 characters.
 */
export const FLEXIBLE_ROOM = 30;

const flexibleRoom = (max: number) => Math.min(FLEXIBLE_ROOM, Math.floor(max / 3));

interface FittedColumn<Row> {
  column: Column<Row>;
  text(row: Row): string;
  width: number;
}

/**
 * Which columns to show, in which form, at what width, for a terminal `max` wide. In order, while
 * the table is too wide: short forms (dates without their time); then columns with a dropOrder go,
 * lowest first, as long as the flexible column would otherwise get less than its room (flexibleRoom);
 * then the flexible column gives up width down to its room and the others, widest first, down to
 * READABLE_WIDTH; then the flexible one down to READABLE_WIDTH and the others to MIN_COLUMN_WIDTH.
 * Should even that be too wide, printTable cuts each line at the edge.
 */
function fitColumns<Row>(
  columns: ReadonlyArray<Column<Row>>,
  rows: readonly Row[],
  max: number,
  cell: (text: string) => string,
): Array<FittedColumn<Row>> {
  const measure = (column: Column<Row>, text: (row: Row) => string): FittedColumn<Row> => ({
    column,
    text,
    width: Math.max(displayWidth(cell(column.header)), ...rows.map((row) => displayWidth(text(row)))),
  });
  let fitted = columns.map((column) => measure(column, (row) => cell(column.value(row))));
  const total = () => fitted.reduce((sum, f) => sum + f.width, 0) + GAP * (fitted.length - 1);
  if (total() > max) {
    fitted = fitted.map((f) => (f.column.short ? measure(f.column, (row) => cell(f.column.short!(row))) : f));
  }
  const flexible = () => fitted.find((f) => f.column.flexible);
  const dropOrder = columns.filter((c) => c.dropOrder !== undefined).sort((a, b) => a.dropOrder! - b.dropOrder!);
  for (const column of dropOrder) {
    const flex = flexible();
    if (total() <= max || flex === undefined) break;
    const roomLeft = max - (total() - flex.width);
    if (roomLeft >= Math.min(flex.width, flexibleRoom(max))) break;
    fitted = fitted.filter((f) => f.column !== column);
  }
  const flex = flexible();
  const squeeze = (flexTo: number, othersTo: number) => {
    if (flex && total() > max) flex.width = Math.max(Math.min(flex.width, flexTo), flex.width - (total() - max));
    while (total() > max) {
      const widest = fitted
        .filter((f) => f !== flex)
        .reduce<FittedColumn<Row> | undefined>((best, f) => (best && best.width >= f.width ? best : f), undefined);
      if (widest === undefined || widest.width <= othersTo) break;
      widest.width -= 1;
    }
  };
  squeeze(flexibleRoom(max), READABLE_WIDTH);
  squeeze(READABLE_WIDTH, MIN_COLUMN_WIDTH);
  if (flex && total() > max) flex.width = Math.max(MIN_COLUMN_WIDTH, flex.width - (total() - max));
  return fitted;
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
  const all = [...rows];
  if (!io.isStdoutTTY() && io.requestedWidth?.() === undefined) {
    io.stdout.write(`${columns.map((c) => cell(c.header)).join('\t')}\n`);
    for (const row of all) io.stdout.write(`${columns.map((c) => cell(c.value(row))).join('\t')}\n`);
    return;
  }
  const max = io.terminalWidth();
  // For people, edge whitespace is trimmed: a name stored as " Alpha" would sit a column right of its header.
  const personCell = (text: string) => cell(text).replace(/^[\s\u200b\ufeff]+|[\s\u200b\ufeff]+$/g, '');
  const fitted = fitColumns(columns, all, max, personCell);
  const headers = fitted.map(({ column }) => cell(column.header));
  const cells = all.map((row) => fitted.map(({ text }) => text(row)));
  const widths = fitted.map(({ width }) => width);
  const bold = io.colorEnabled() ? (s: string) => `\u001b[1m${s}\u001b[22m` : (s: string) => s;
  const pad = (text: string, width: number, last: boolean) => {
    const cut = truncate(text, width);
    return last ? cut : cut + ' '.repeat(Math.max(0, width - displayWidth(cut)));
  };
  const render = (line: string[]) =>
    truncate(
      line
        .map((cell, i) => pad(cell, widths[i]!, i === line.length - 1))
        .join(' '.repeat(GAP))
        .trimEnd(),
      max,
    );
  io.stdout.write(`${bold(render(headers))}\n`);
  for (const line of cells) io.stdout.write(`${render(line)}\n`);
}
