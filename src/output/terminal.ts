/**
 * Keeping server text from driving the terminal. An issue summary, a comment or an error message
 * is written by whoever can edit the site; printed raw, an escape sequence in it can clear the
 * screen, move the cursor over earlier lines, retitle the window, write the clipboard (OSC 52) or
 * plant a hyperlink. Two tools:
 *
 * - `sanitizeText`: for a value going into human output (a table cell, an error message). Every
 *   control character but tab and newline, and the bidi overrides used to reorder text
 *   ("Trojan Source"), become visible escapes such as `\x1b`: nothing is hidden, nothing acts.
 * - `terminalSafeStream`: the net under everything else a command prints to a terminal. It keeps
 *   only atl's own colour codes (SGR, `ESC [ … m`) and renders every other control the same way.
 *   Applied only when the stream is a terminal: piped output (files, other programs, binary
 *   downloads) stays byte for byte what the command wrote.
 */
import type { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** C0 controls except tab and newline, DEL, C1 controls, and the Unicode bidi embedding/override/isolate marks. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Colour/style sequences (SGR) atl itself writes; the only escapes let through to a terminal. */
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/y;

function visible(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control character (but tab and newline) and bidi override shown as an escape. */
export function sanitizeText(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** Like sanitizeText, but SGR colour sequences pass unchanged. */
export function sanitizeTerminalOutput(text: string): string {
  let out = '';
  let last = 0;
  UNSAFE.lastIndex = 0;
  for (let match = UNSAFE.exec(text); match !== null; match = UNSAFE.exec(text)) {
    const at = match.index;
    if (match[0] === '\u001b') {
      SGR.lastIndex = at;
      const sgr = SGR.exec(text);
      if (sgr) {
        UNSAFE.lastIndex = at + sgr[0].length;
        continue;
      }
    }
    out += text.slice(last, at) + visible(match[0]);
    last = at + 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

type WriteCallback = (err?: Error | null) => void;

/** Where a terminal-safe view keeps the stream it wraps (see ownControlStream). */
const UNDERLYING = Symbol('terminal-safe stream: the stream underneath');

/**
 * The stream under a terminal-safe view, for atl's own cursor control (the progress line's carriage
 * return and erase-line), which the view would render visible. Only text atl composed itself may be
 * written there, never server text. A stream that is not such a view is returned as it is.
 */
export function ownControlStream<S extends Writable>(stream: S): S {
  return ((stream as S & { [UNDERLYING]?: S })[UNDERLYING] ?? stream) as S;
}

/**
 * `stream` itself when it is not a terminal; otherwise a view of it whose `write` passes text
 * through sanitizeTerminalOutput. Everything else (isTTY, columns, events) is the stream's own.
 */
export function terminalSafeStream<S extends Writable & { isTTY?: boolean }>(stream: S): S {
  if (stream.isTTY !== true) return stream;
  // Bytes are decoded as a stream, so a character split across two writes is not mangled.
  const decoder = new StringDecoder('utf8');
  const write = (chunk: unknown, encodingOrCallback?: BufferEncoding | WriteCallback, callback?: WriteCallback): boolean => {
    const encoding = typeof encodingOrCallback === 'string' ? encodingOrCallback : undefined;
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    let text: string;
    if (typeof chunk === 'string')
      text = encoding === undefined || encoding === 'utf8' || encoding === 'utf-8' ? chunk : Buffer.from(chunk, encoding).toString('utf8');
    else if (chunk instanceof Uint8Array) text = decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    else return stream.write(chunk, done);
    return stream.write(sanitizeTerminalOutput(text), 'utf8', done);
  };
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write') return write;
      if (property === UNDERLYING) return target;
      const value: unknown = Reflect.get(target, property, target);
      // Methods run against the real stream (its private fields and `this` checks).
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
