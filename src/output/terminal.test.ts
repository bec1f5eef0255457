import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { ownControlStream, sanitizeTerminalOutput, sanitizeText, terminalSafeStream } from './terminal.js';

const ESC = '\u001b';

describe('sanitizeText', () => {
  test('controls (but tab and newline), C1 and bidi overrides become visible escapes', () => {
    expect(sanitizeText(`a${ESC}[2Jb\rc\u0007d\u009b1me\u202ef\tg\nh\u007f`)).toBe('a\\x1b[2Jb\\x0dc\\x07d\\x9b1me\\u202ef\tg\nh\\x7f');
  });
  test('ordinary text, accents, CJK and emoji are untouched (same string)', () => {
    const text = 'Résumé 日本語 🚀 — ok';
    expect(sanitizeText(text)).toBe(text);
  });
  test('colour codes from the server are escaped too: data never styles the terminal', () => {
    expect(sanitizeText(`${ESC}[8mhidden`)).toBe('\\x1b[8mhidden');
  });
});

describe('sanitizeTerminalOutput', () => {
  test("keeps SGR colour sequences (atl's own bold) and escapes every other sequence", () => {
    expect(sanitizeTerminalOutput(`${ESC}[1mKEY${ESC}[22m ${ESC}]0;t\u0007 ${ESC}[2J ${ESC}[31;1mred${ESC}[0m`)).toBe(
      `${ESC}[1mKEY${ESC}[22m \\x1b]0;t\\x07 \\x1b[2J ${ESC}[31;1mred${ESC}[0m`,
    );
  });
  test('a lone ESC at the end, or ESC [ without a final m, is escaped', () => {
    expect(sanitizeTerminalOutput(`x${ESC}`)).toBe('x\\x1b');
    expect(sanitizeTerminalOutput(`${ESC}[12`)).toBe('\\x1b[12');
  });
});

function fakeStream(tty: boolean): { stream: PassThrough & { isTTY?: boolean; columns?: number }; text(): string } {
  const stream = Object.assign(new PassThrough(), { isTTY: tty, columns: 99 });
  let text = '';
  stream.setEncoding('utf8').on('data', (d: string) => (text += d));
  return { stream, text: () => text };
}

describe('terminalSafeStream', () => {
  test('not a terminal: the very same stream, output byte for byte', () => {
    const { stream, text } = fakeStream(false);
    const safe = terminalSafeStream(stream);
    expect(safe).toBe(stream);
    safe.write(`${ESC}[2J`);
    expect(text()).toBe(`${ESC}[2J`);
  });

  test('a terminal: strings and bytes are sanitised, a character split across writes survives, callbacks run', async () => {
    const { stream, text } = fakeStream(true);
    const safe = terminalSafeStream(stream);
    expect(safe.isTTY).toBe(true);
    expect(safe.columns).toBe(99);
    safe.write(`${ESC}[1mok${ESC}[22m ${ESC}]52;c;eA==\u0007\n`);
    const bytes = Buffer.from(`é${ESC}c`);
    safe.write(bytes.subarray(0, 1));
    await new Promise<void>((resolve) => safe.write(bytes.subarray(1), () => resolve()));
    expect(text()).toBe(`${ESC}[1mok${ESC}[22m \\x1b]52;c;eA==\\x07\né\\x1bc`);
  });

  test("ownControlStream: atl's own cursor control goes under the view; the view still escapes it", () => {
    const { stream, text } = fakeStream(true);
    const safe = terminalSafeStream(stream);
    safe.write('\r\u001b[K');
    ownControlStream(safe).write('\r\u001b[Kfetched 1 page');
    expect(text()).toBe('\\x0d\\x1b[K\r\u001b[Kfetched 1 page');
    const plain = fakeStream(false).stream;
    expect(ownControlStream(plain)).toBe(plain);
  });

  test('events and methods are the real stream’s', () => {
    const { stream } = fakeStream(true);
    const safe = terminalSafeStream(stream);
    let closed = false;
    safe.on('close', () => (closed = true));
    stream.emit('close');
    expect(closed).toBe(true);
  });
});
