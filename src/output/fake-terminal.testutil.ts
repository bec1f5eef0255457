import { PassThrough } from 'node:stream';
import type { IOStreams } from '../iostreams.js';

export interface FakeTerminal {
  tty: boolean;
  width: number;
  requested?: number;
  color?: boolean;
}

/** IOStreams for a table test: a terminal (or not) of a given width, stdout collected as text. */
export function fakeIo({ tty, width, requested, color = false }: FakeTerminal): { io: IOStreams; text(): string } {
  const stdout = new PassThrough();
  let text = '';
  stdout.setEncoding('utf8').on('data', (d: string) => (text += d));
  const io: IOStreams = {
    stdin: new PassThrough(),
    stdout,
    stderr: new PassThrough(),
    isStdoutTTY: () => tty,
    isStdinTTY: () => false,
    colorEnabled: () => color,
    terminalWidth: () => width,
    requestedWidth: () => requested,
    canPrompt: () => false,
  };
  return { io, text: () => text };
}
