import type { IOStreams } from '../iostreams.js';

export interface Column<Row> {
  header: string;
  value(row: Row): string;
  /** The column that gives up width first when the table is too wide (usually a summary). */
  flexible?: boolean;
}

/** Visible width of a string, ignoring ANSI colour codes; wide CJK/emoji counted as two. */
export function displayWidth(text: string): number {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  let width = 0;
  for (const ch of plain) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 32 || (code >= 0x300 && code <= 0x36f)) continue;
    width += code >= 0x1100 && (code <= 0x115f || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0x1f300 && code <= 0x1faff)) ? 2 : 1;
  }
  return width;
}

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
 * Prints rows as an aligned table fitted to the terminal width. Not a terminal: tab-separated,
 * never truncated, no header styling, so `cut`/`awk` get whole values (as gh does).
 */
export function printTable<Row>(io: IOStreams, columns: ReadonlyArray<Column<Row>>, rows: Iterable<Row>): void {
  const cells = [...rows].map((row) => columns.map((c) => c.value(row).replace(/[\r\n\t]+/g, ' ')));
  if (!io.isStdoutTTY()) {
    io.stdout.write(`${columns.map((c) => c.header).join('\t')}\n`);
    for (const line of cells) io.stdout.write(`${line.join('\t')}\n`);
    return;
  }
  const widths = columns.map((c, i) => Math.max(displayWidth(c.header), ...cells.map((line) => displayWidth(line[i] ?? ''))));
  const gap = 2;
  const total = () => widths.reduce((a, b) => a + b, 0) + gap * (columns.length - 1);
  const max = io.terminalWidth();
  // Shrink the flexible column first, then the widest ones, never below 8 characters.
  const order = columns.map((c, i) => ({ c, i })).sort((a, b) => Number(b.c.flexible ?? false) - Number(a.c.flexible ?? false));
  for (const { i } of order) {
    if (total() <= max) break;
    widths[i] = Math.max(8, widths[i]! - (total() - max));
  }
  const bold = io.colorEnabled() ? (s: string) => `\u001b[1m${s}\u001b[22m` : (s: string) => s;
  const pad = (text: string, width: number, last: boolean) => {
    const cut = truncate(text, width);
    return last ? cut : cut + ' '.repeat(Math.max(0, width - displayWidth(cut)));
  };
  const render = (line: string[], style: (s: string) => string = (s) => s) =>
    line.map((cell, i) => style(pad(cell, widths[i]!, i === line.length - 1))).join(' '.repeat(gap)).trimEnd();
  io.stdout.write(`${render(columns.map((c) => c.header), bold)}\n`);
  for (const line of cells) io.stdout.write(`${render(line)}\n`);
}

/** Prints a value as stable, exact JSON on stdout (two-space indent on a terminal, compact otherwise is not used: always indented for diff-friendliness). */
export function printJson(io: IOStreams, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
