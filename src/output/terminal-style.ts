/**
 * How rich text is drawn for a person at a terminal (`issue view`): the Markdown rendered (bold,
 * headings, lists, code) rather than printed as source, status names in their category's colour.
 * Only on a terminal: piped output stays the Markdown source, byte for byte, for scripts and files.
 */
import type { IOStreams } from '../iostreams.js';

export interface TerminalStyle {
  /** SGR styling (bold, italics, colours): off with NO_COLOR, --no-color or TERM=dumb. */
  color: boolean;
  /** The terminal's width, for rules. */
  width: number;
}

/** The style to draw with when stdout is a terminal; undefined when it is not (print Markdown source). */
export function terminalStyleFor(io: IOStreams): TerminalStyle | undefined {
  if (!io.isStdoutTTY() || io.outputFile !== undefined) return undefined;
  return { color: io.colorEnabled(), width: io.terminalWidth() };
}

/** `ESC [ open m` text `ESC [ close m`: one SGR attribute around `text`. */
export function sgr(text: string, open: string, close: string): string {
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

/** Jira's status category colours (statusCategory.key): To Do grey, In Progress blue, Done green. */
const CATEGORY_COLOURS: Record<string, string> = { new: '90', indeterminate: '34', done: '32' };

/** A status name in its category's colour (bold, so it stands out among the fields); plain without colour. */
export function statusInColour(name: string, categoryKey: unknown, style: TerminalStyle | undefined): string {
  if (!style?.color || name === '') return name;
  const colour = typeof categoryKey === 'string' ? CATEGORY_COLOURS[categoryKey] : undefined;
  return colour ? sgr(sgr(name, colour, '39'), '1', '22') : sgr(name, '1', '22');
}
