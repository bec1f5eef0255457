/**
 * HTTP headers without the global `Headers` class.
 *
 * Why: on Node 20 and 22 the globals `Headers`, `Response`, `Request` and `FormData` are getters
 * that load Node's bundled undici (its whole fetch implementation) on first touch, even for an
 * `instanceof` test: about 0.06 s of CPU per process, a third of what `node -e 0` costs. atl sends
 * with node:http (node-fetch.ts) and starts one process per command, so the client, its redirect
 * and retry rules and its debug output use this small map instead. undici's own `Headers` (the
 * proxy path, transport.ts) fits `HeaderReader`, so either can come back from a fetch.
 */

/** What the client and its callers read from response headers; both this map and fetch's Headers fit. */
export interface HeaderReader {
  get(name: string): string | null;
  has(name: string): boolean;
  forEach(callback: (value: string, name: string) => void): void;
}

/** What a HeaderMap can be built from. */
export type HeaderInit = HeaderReader | Record<string, string> | Iterable<readonly [string, string]>;

/** RFC 9110 token characters: what a header name may hold. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Refused as fetch refuses them, but naming only the header: the value may be a secret. */
function checked(name: string, value: string): string {
  if (!HEADER_NAME.test(name)) throw new TypeError(`"${name}" is not a valid HTTP header name`);
  const text = String(value).trim();
  if (/[\r\n\0]/.test(text)) throw new TypeError(`the value of header "${name}" holds a line break or NUL character`);
  return text;
}

function isReader(init: HeaderInit): init is HeaderReader {
  return typeof (init as HeaderReader).forEach === 'function' && typeof (init as HeaderReader).get === 'function';
}

/** The pairs of any header source, names as they were given (for printing). */
export function headerEntries(init: HeaderInit): Iterable<readonly [string, string]> {
  if (isReader(init)) {
    const out: Array<[string, string]> = [];
    init.forEach((value, name) => {
      out.push([name, value]);
    });
    return out;
  }
  return Symbol.iterator in init ? (init as Iterable<readonly [string, string]>) : Object.entries(init);
}

/**
 * Header names case-insensitive (kept lower-case, as fetch's Headers gives them), values as
 * strings; `append` joins a repeated header with ", " as fetch does. Iterates in name order, as
 * fetch does, so debug output reads the same on both paths.
 */
export class HeaderMap implements HeaderReader, Iterable<[string, string]> {
  readonly #values = new Map<string, string>();

  constructor(init?: HeaderInit) {
    if (init === undefined) return;
    for (const [name, value] of headerEntries(init)) this.append(name, value);
  }

  get(name: string): string | null {
    return this.#values.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.#values.has(name.toLowerCase());
  }

  set(name: string, value: string): void {
    this.#values.set(name.toLowerCase(), checked(name, value));
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const text = checked(name, value);
    const previous = this.#values.get(key);
    this.#values.set(key, previous === undefined ? text : `${previous}, ${text}`);
  }

  delete(name: string): void {
    this.#values.delete(name.toLowerCase());
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const [name, value] of this) callback(value, name);
  }

  entries(): IterableIterator<[string, string]> {
    return [...this.#values.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))[Symbol.iterator]();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /** A plain object, for fetch's `init.headers` (both node-fetch.ts and undici's fetch take one). */
  toRecord(): Record<string, string> {
    return Object.fromEntries(this.#values);
  }
}
