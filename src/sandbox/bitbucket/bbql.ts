/**
 * The part of Bitbucket's query language (BBQL, the `q` parameter) that clients use on lists:
 * `field = "value"`, `!=`, `~` (contains, case-insensitive), `!~`, joined by AND or OR (AND binds
 * tighter), with parentheses. A field the list does not know is a 400, as on Bitbucket.
 */
import { BitbucketError } from './store.js';

export type FieldReaders<T> = Record<string, (item: T) => string | readonly string[] | null>;

type Token =
  | { kind: 'word'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'paren'; text: string };

function tokenize(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let text = '';
      i++;
      while (i < q.length && q[i] !== '"') {
        if (q[i] === '\\' && i + 1 < q.length) i++;
        text += q[i++];
      }
      if (i >= q.length) throw new BitbucketError(400, `Invalid query: unterminated string in ${q}`);
      i++;
      tokens.push({ kind: 'string', text });
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: 'paren', text: c });
      i++;
    } else if (/[!=~<>]/.test(c)) {
      const op = /^(!=|!~|>=|<=|=|~|>|<)/.exec(q.slice(i))?.[1];
      if (!op) throw new BitbucketError(400, `Invalid query: ${q}`);
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    } else {
      const word = /^[^\s()!=~<>"]+/.exec(q.slice(i))![0];
      tokens.push({ kind: 'word', text: word });
      i += word.length;
    }
  }
  return tokens;
}

type Predicate<T> = (item: T) => boolean;

export function compileQuery<T>(q: string, fields: FieldReaders<T>): Predicate<T> {
  const tokens = tokenize(q);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (t: Token | undefined, w: string) => t?.kind === 'word' && t.text.toUpperCase() === w;

  function comparison(): Predicate<T> {
    const t = peek();
    if (t?.kind === 'paren' && t.text === '(') {
      pos++;
      const inner = or();
      if (peek()?.text !== ')') throw new BitbucketError(400, `Invalid query: missing ) in ${q}`);
      pos++;
      return inner;
    }
    const field = tokens[pos++];
    const op = tokens[pos++];
    const value = tokens[pos++];
    if (field?.kind !== 'word' || op?.kind !== 'op' || (value?.kind !== 'string' && value?.kind !== 'word'))
      throw new BitbucketError(400, `Invalid query: ${q}`);
    const read = fields[field.text];
    if (!read) throw new BitbucketError(400, `Invalid field name: ${field.text}`);
    const wanted = value.kind === 'word' && value.text === 'null' ? null : value.text;
    return (item) => {
      const got = read(item);
      const values = got === null ? [null] : typeof got === 'string' ? [got] : [...got];
      const any = (test: (v: string | null) => boolean) => values.some(test);
      switch (op.text) {
        case '=':
          return any((v) => v === wanted);
        case '!=':
          return !any((v) => v === wanted);
        case '~':
          return any((v) => v !== null && wanted !== null && v.toLowerCase().includes(wanted.toLowerCase()));
        case '!~':
          return !any((v) => v !== null && wanted !== null && v.toLowerCase().includes(wanted.toLowerCase()));
        case '>':
          return any((v) => v !== null && wanted !== null && v > wanted);
        case '<':
          return any((v) => v !== null && wanted !== null && v < wanted);
        case '>=':
          return any((v) => v !== null && wanted !== null && v >= wanted);
        default:
          return any((v) => v !== null && wanted !== null && v <= wanted);
      }
    };
  }
  function and(): Predicate<T> {
    const parts = [comparison()];
    while (isWord(peek(), 'AND')) {
      pos++;
      parts.push(comparison());
    }
    return (item) => parts.every((p) => p(item));
  }
  function or(): Predicate<T> {
    const parts = [and()];
    while (isWord(peek(), 'OR')) {
      pos++;
      parts.push(and());
    }
    return (item) => parts.some((p) => p(item));
  }
  const predicate = or();
  if (pos < tokens.length) throw new BitbucketError(400, `Invalid query: unexpected ${tokens[pos]!.text} in ${q}`);
  return predicate;
}

/** `items` filtered by `q` (all of them when q is absent or empty). */
export function filterByQuery<T>(items: readonly T[], q: string | null, fields: FieldReaders<T>): T[] {
  if (!q?.trim()) return [...items];
  const predicate = compileQuery(q, fields);
  return items.filter(predicate);
}
