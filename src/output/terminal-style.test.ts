import { expect, test } from 'vitest';
import type { IOStreams } from '../iostreams.js';
import { statusInColour, terminalStyleFor } from './terminal-style.js';

const io = (tty: boolean, colour: boolean): IOStreams =>
  ({ isStdoutTTY: () => tty, colorEnabled: () => colour, terminalWidth: () => 99 }) as IOStreams;

test('a terminal gets a style (colour as the streams allow); a pipe gets none, so it is given Markdown source', () => {
  expect(terminalStyleFor(io(true, true))).toEqual({ color: true, width: 99 });
  expect(terminalStyleFor(io(true, false))).toEqual({ color: false, width: 99 });
  expect(terminalStyleFor(io(false, false))).toBeUndefined();
});

test("statuses take their category's colour, bold; without colour they are the plain name", () => {
  expect(statusInColour('Done', 'done', { color: true, width: 80 })).toBe('\u001b[1m\u001b[32mDone\u001b[39m\u001b[22m');
  expect(statusInColour('In Progress', 'indeterminate', { color: true, width: 80 })).toContain('\u001b[34mIn Progress');
  expect(statusInColour('To Do', 'new', { color: true, width: 80 })).toContain('\u001b[90mTo Do');
  expect(statusInColour('Odd', undefined, { color: true, width: 80 })).toBe('\u001b[1mOdd\u001b[22m');
  expect(statusInColour('Done', 'done', { color: false, width: 80 })).toBe('Done');
  expect(statusInColour('Done', 'done', undefined)).toBe('Done');
});
