/**
 * JQL for the sandbox's Jira: a tokenizer, a recursive-descent parser and an evaluator that turns a
 * query into a predicate and a comparator over the store's issues.
 *
 * It covers what clients send in practice: the clauses `atl jira search`'s shortcut flags build
 * (project, assignee, reporter, status, issuetype/type, labels, priority, text ~, created/updated
 * against dates, relative periods and startOf…() functions), plus key/id, parent, sprint,
 * resolution, component, statusCategory and the custom fields; operators = != < > <= >= ~ !~ IN,
 * NOT IN, IS [NOT] EMPTY; AND/OR/NOT and parentheses; ORDER BY. Keywords are case-insensitive.
 *
 * Errors use Jira's wording, so a client's error handling meets the messages it will meet for real:
 * syntax errors read `Error in the JQL Query: … (line 1, character N)`, unknown fields and values
 * read like Jira's validation messages. All are JiraError 400s.
 *
 * Semantics follow Jira where it surprises people: `!=` and `NOT IN` never match an empty field
 * (`assignee != bob` leaves out unassigned issues), and a value that names nothing (an unknown
 * project, status or user) is an error, not an empty result.
 */
import { badRequest } from './errors.js';
import type { Issue, JiraStore } from './store.js';
import { SPRINT_FIELD, STORY_POINTS_FIELD, TEAM_FIELD } from './store.js';
import { plainText } from './richtext.js';

/** Data Center's Epic Link field (see CUSTOM_FIELDS.epicLink in seed.ts). */
const EPIC_LINK_FIELD = 'customfield_10014';

// --- tokens ----------------------------------------------------------------------------------

type TokenKind = 'word' | 'string' | 'lparen' | 'rparen' | 'comma' | 'op' | 'eof';

interface Token {
  kind: TokenKind;
  text: string;
  /** 0-based offset in the query, for messages (Jira reports 1-based characters). */
  pos: number;
}

const OPERATOR_LIST = "'=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'";
const RESERVED = new Set(['and', 'or', 'not', 'empty', 'null', 'order', 'by', 'asc', 'desc', 'in', 'is', 'was', 'changed']);

function syntaxError(message: string, pos?: number): never {
  const where = pos === undefined ? '' : ` (line 1, character ${pos + 1})`;
  throw badRequest(`Error in the JQL Query: ${message}${where}`);
}

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === '"' || ch === "'") {
      let value = '';
      i++;
      let closed = false;
      while (i < query.length) {
        const c = query[i] as string;
        if (c === '\\' && i + 1 < query.length) {
          const next = query[i + 1] as string;
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          i += 2;
          continue;
        }
        if (c === ch) {
          closed = true;
          i++;
          break;
        }
        value += c;
        i++;
      }
      if (!closed) syntaxError(`The quoted string '${value}' has not been completed.`, start);
      tokens.push({ kind: 'string', text: value, pos: start });
      continue;
    }
    if (ch === '(') {
      tokens.push({ kind: 'lparen', text: ch, pos: i++ });
      continue;
    }
    if (ch === ')') {
      tokens.push({ kind: 'rparen', text: ch, pos: i++ });
      continue;
    }
    if (ch === ',') {
      tokens.push({ kind: 'comma', text: ch, pos: i++ });
      continue;
    }
    const two = query.slice(i, i + 2);
    if (two === '!=' || two === '<=' || two === '>=' || two === '!~') {
      tokens.push({ kind: 'op', text: two, pos: i });
      i += 2;
      continue;
    }
    if (ch === '=' || ch === '<' || ch === '>' || ch === '~') {
      tokens.push({ kind: 'op', text: ch, pos: i++ });
      continue;
    }
    if (ch === '!') {
      // A lone `!` is NOT.
      tokens.push({ kind: 'word', text: 'not', pos: i++ });
      continue;
    }
    while (i < query.length && !/[\s()",'=!<>~]/.test(query[i] as string)) i++;
    tokens.push({ kind: 'word', text: query.slice(start, i), pos: start });
  }
  tokens.push({ kind: 'eof', text: '', pos: query.length });
  return tokens;
}

// --- AST -------------------------------------------------------------------------------------

export type Operand =
  | { kind: 'value'; text: string; quoted: boolean; pos: number }
  | { kind: 'function'; name: string; args: string[]; pos: number }
  | { kind: 'empty'; pos: number }
  | { kind: 'list'; items: Operand[]; pos: number };

export type Operator = '=' | '!=' | '<' | '>' | '<=' | '>=' | '~' | '!~' | 'in' | 'not in' | 'is' | 'is not';

export type Clause =
  | { kind: 'and'; clauses: Clause[] }
  | { kind: 'or'; clauses: Clause[] }
  | { kind: 'not'; clause: Clause }
  | { kind: 'terminal'; field: string; fieldPos: number; operator: Operator; operand: Operand };

export interface OrderBy {
  field: string;
  direction: 'asc' | 'desc';
  pos: number;
}

export interface JqlQuery {
  where: Clause | null;
  orderBy: OrderBy[];
}

class Parser {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private isWord(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'word' && token.text.toLowerCase() === word;
  }

  parse(): JqlQuery {
    let where: Clause | null = null;
    if (!this.isWord('order') && this.peek().kind !== 'eof') where = this.parseOr();
    const orderBy: OrderBy[] = [];
    if (this.isWord('order')) {
      const orderToken = this.next();
      if (!this.isWord('by')) syntaxError(`Expecting 'BY' but got '${this.peek().text || 'the end of the query'}'.`, this.peek().pos);
      this.next();
      for (;;) {
        const token = this.next();
        if (token.kind !== 'word' && token.kind !== 'string')
          syntaxError(
            `Expecting a field name in the ORDER BY clause but got '${token.text || 'the end of the query'}'.`,
            token.pos ?? orderToken.pos,
          );
        let direction: 'asc' | 'desc' = 'asc';
        if (this.isWord('asc') || this.isWord('desc')) direction = this.next().text.toLowerCase() as 'asc' | 'desc';
        orderBy.push({ field: token.text, direction, pos: token.pos });
        if (this.peek().kind !== 'comma') break;
        this.next();
      }
    }
    const rest = this.peek();
    if (rest.kind !== 'eof') {
      if (where && !this.isWord('order')) syntaxError(`Expecting either 'OR' or 'AND' but got '${rest.text}'.`, rest.pos);
      syntaxError(`Expecting ',' but got '${rest.text}'.`, rest.pos);
    }
    return { where, orderBy };
  }

  private parseOr(): Clause {
    const clauses = [this.parseAnd()];
    while (this.isWord('or')) {
      this.next();
      clauses.push(this.parseAnd());
    }
    return clauses.length === 1 ? (clauses[0] as Clause) : { kind: 'or', clauses };
  }

  private parseAnd(): Clause {
    const clauses = [this.parseNot()];
    while (this.isWord('and')) {
      this.next();
      clauses.push(this.parseNot());
    }
    return clauses.length === 1 ? (clauses[0] as Clause) : { kind: 'and', clauses };
  }

  private parseNot(): Clause {
    if (this.isWord('not')) {
      this.next();
      return { kind: 'not', clause: this.parseNot() };
    }
    if (this.peek().kind === 'lparen') {
      this.next();
      const inner = this.parseOr();
      const close = this.next();
      if (close.kind !== 'rparen') syntaxError(`Expecting ')' but got '${close.text || 'the end of the query'}'.`, close.pos);
      return inner;
    }
    return this.parseTerminal();
  }

  private parseTerminal(): Clause {
    const fieldToken = this.next();
    if (fieldToken.kind === 'eof') syntaxError('Expecting a field name at the end of the query.');
    if (fieldToken.kind !== 'word' && fieldToken.kind !== 'string')
      syntaxError(`Expecting a field name but got '${fieldToken.text}'.`, fieldToken.pos);
    if (fieldToken.kind === 'word' && RESERVED.has(fieldToken.text.toLowerCase())) {
      syntaxError(
        `'${fieldToken.text}' is a reserved JQL word. You must surround it in quotation marks to use it in a query.`,
        fieldToken.pos,
      );
    }
    const operator = this.parseOperator();
    const operand = this.parseOperand(operator);
    return { kind: 'terminal', field: fieldToken.text, fieldPos: fieldToken.pos, operator, operand };
  }

  private parseOperator(): Operator {
    const token = this.next();
    if (token.kind === 'op') return token.text as Operator;
    if (token.kind === 'word') {
      const word = token.text.toLowerCase();
      if (word === 'in') return 'in';
      if (word === 'not' && this.isWord('in')) {
        this.next();
        return 'not in';
      }
      if (word === 'is') {
        if (this.isWord('not')) {
          this.next();
          return 'is not';
        }
        return 'is';
      }
      if (word === 'was' || word === 'changed')
        syntaxError(`The operator '${token.text.toUpperCase()}' is not supported by this sandbox.`, token.pos);
    }
    if (token.kind === 'eof') syntaxError(`Expecting operator before the end of the query. The valid operators are ${OPERATOR_LIST}.`);
    syntaxError(`Expecting operator but got '${token.text}'. The valid operators are ${OPERATOR_LIST}.`, token.pos);
  }

  private parseOperand(operator: Operator): Operand {
    const token = this.peek();
    if (operator === 'in' || operator === 'not in') {
      if (token.kind === 'lparen') return this.parseList();
      if (token.kind === 'word' && this.peek(1).kind === 'lparen') return this.parseSingleOperand();
      syntaxError(`Expecting '(' but got '${token.text || 'the end of the query'}'.`, token.pos);
    }
    if (token.kind === 'lparen')
      syntaxError(
        `Expecting either a value, list or function but got '('. You must surround '(' in quotation marks to use it as a value.`,
        token.pos,
      );
    return this.parseSingleOperand();
  }

  private parseList(): Operand {
    const open = this.next();
    const items: Operand[] = [];
    if (this.peek().kind === 'rparen') syntaxError(`Expecting either a value or function but got ')'.`, this.peek().pos);
    for (;;) {
      items.push(this.parseSingleOperand());
      const sep = this.next();
      if (sep.kind === 'rparen') break;
      if (sep.kind !== 'comma') syntaxError(`Expecting ')' but got '${sep.text || 'the end of the query'}'.`, sep.pos);
    }
    return { kind: 'list', items, pos: open.pos };
  }

  private parseSingleOperand(): Operand {
    const token = this.next();
    if (token.kind === 'string') return { kind: 'value', text: token.text, quoted: true, pos: token.pos };
    if (token.kind === 'eof') syntaxError('Expecting either a value, list or function before the end of the query.');
    if (token.kind !== 'word')
      syntaxError(
        `Expecting either a value, list or function but got '${token.text}'. You must surround '${token.text}' in quotation marks to use it as a value.`,
        token.pos,
      );
    const lower = token.text.toLowerCase();
    if (lower === 'empty' || lower === 'null') return { kind: 'empty', pos: token.pos };
    if (this.peek().kind === 'lparen') {
      this.next();
      const args: string[] = [];
      while (this.peek().kind !== 'rparen') {
        const arg = this.next();
        if (arg.kind === 'eof') syntaxError(`Expecting ')' before the end of the query.`);
        if (arg.kind !== 'comma') args.push(arg.text);
      }
      this.next();
      return { kind: 'function', name: token.text, args, pos: token.pos };
    }
    if (RESERVED.has(lower)) {
      syntaxError(
        `Expecting either a value, list or function but got '${token.text}'. You must surround '${token.text}' in quotation marks to use it as a value.`,
        token.pos,
      );
    }
    return { kind: 'value', text: token.text, quoted: false, pos: token.pos };
  }
}

/** Parses JQL; throws a 400 JiraError in Jira's words when it is not valid. */
export function parseJql(query: string): JqlQuery {
  return new Parser(tokenize(query)).parse();
}

// --- evaluation ------------------------------------------------------------------------------

export interface JqlContext {
  /** accountId of the caller, for currentUser(); null when anonymous. */
  currentUserId: string | null;
  /** Epoch ms "now" for relative dates and startOf…() functions. */
  now: number;
}

export type IssuePredicate = (issue: Issue) => boolean;
export type IssueComparator = (a: Issue, b: Issue) => number;

export interface CompiledJql {
  matches: IssuePredicate;
  compare: IssueComparator;
  /** Whether the query restricts the search (Jira Cloud refuses unbounded queries on /search/jql). */
  bounded: boolean;
}

/** Where a field's values come from and how operands resolve against them. */
type FieldKind = 'ref' | 'label' | 'text' | 'date' | 'number' | 'key';

interface FieldSpec {
  /** The name used in messages. */
  name: string;
  kind: FieldKind;
  /** The issue's values: ids for refs, ms for dates, numbers, lower-cased labels, keys' sort numbers. */
  values(issue: Issue): Array<string | number>;
  /** Resolves an operand value to the values it stands for (refs, keys); errors when it names nothing. */
  resolve?(value: string, operand: Operand): Array<string | number>;
  /** Functions the field accepts, resolved to values. */
  functions?: Record<string, (args: string[]) => Array<string | number>>;
  /** `<`/`>` on a ref field (priority): the ordinal of a ref value. */
  ordinal?(value: string | number): number;
  /** Text for `~`. */
  text?(issue: Issue): string;
  /** `key < X-10`: compares an issue with the issue of id `targetId` (same project only; null otherwise). */
  keyCompare?(targetId: string): (issue: Issue) => number | null;
}

const DAY = 86_400_000;

/** What a value that means "no value" (`resolution = Unresolved`) resolves to. */
const EMPTY_VALUE = '\u0000empty';

export function compileJql(query: JqlQuery, store: JiraStore, context: JqlContext): CompiledJql {
  const fields = fieldSpecs(store, context);
  const matches = query.where ? compileClause(query.where, fields, context) : () => true;
  const compare = compileOrder(query.orderBy, store);
  return { matches, compare, bounded: query.where !== null };
}

/**
 * Runs a JQL search: the matching issues in order. Recent results are cached per query, caller and
 * store version, so paging through 50,000 issues does not re-run the query for every page.
 */
export function searchIssues(store: JiraStore, jql: string, context: JqlContext): { issues: Issue[]; bounded: boolean } {
  const cacheKey = `${store.version}\u0000${context.currentUserId ?? ''}\u0000${Math.floor(context.now / 60_000)}\u0000${jql}`;
  const cache = searchCaches.get(store) ?? new Map<string, { issues: Issue[]; bounded: boolean }>();
  searchCaches.set(store, cache);
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const compiled = compileJql(parseJql(jql), store, context);
  const issues: Issue[] = [];
  for (const issue of store.issues.values()) if (compiled.matches(issue)) issues.push(issue);
  issues.sort(compiled.compare);
  const result = { issues, bounded: compiled.bounded };
  if (cache.size >= 16) cache.delete(cache.keys().next().value as string);
  cache.set(cacheKey, result);
  return result;
}

const searchCaches = new WeakMap<JiraStore, Map<string, { issues: Issue[]; bounded: boolean }>>();

function compileClause(clause: Clause, fields: (name: string) => FieldSpec, context: JqlContext): IssuePredicate {
  switch (clause.kind) {
    case 'and': {
      const parts = clause.clauses.map((c) => compileClause(c, fields, context));
      return (issue) => parts.every((p) => p(issue));
    }
    case 'or': {
      const parts = clause.clauses.map((c) => compileClause(c, fields, context));
      return (issue) => parts.some((p) => p(issue));
    }
    case 'not': {
      const inner = compileClause(clause.clause, fields, context);
      return (issue) => !inner(issue);
    }
    case 'terminal':
      return compileTerminal(clause, fields(clause.field), context);
  }
}

function unsupportedOperator(operator: Operator, field: FieldSpec): never {
  throw badRequest(`The operator '${operator.toUpperCase()}' is not supported by the '${field.name}' field.`);
}

function compileTerminal(clause: Extract<Clause, { kind: 'terminal' }>, field: FieldSpec, context: JqlContext): IssuePredicate {
  const { operator, operand } = clause;

  if (operator === 'is' || operator === 'is not') {
    if (operand.kind !== 'empty') syntaxError(`Expecting 'EMPTY' but got '${operandText(operand)}'.`, operand.pos);
    const isEmpty: IssuePredicate = (issue) => field.values(issue).length === 0;
    return operator === 'is' ? isEmpty : (issue) => !isEmpty(issue);
  }

  if (operator === '~' || operator === '!~') {
    if (field.kind !== 'text' || !field.text) unsupportedOperator(operator, field);
    if (operand.kind !== 'value') throw badRequest(`The operator '${operator}' does not support the value for the field '${field.name}'.`);
    const match = textMatcher(operand.text);
    const text = field.text;
    return operator === '~' ? (issue) => match(text(issue)) : (issue) => !match(text(issue));
  }
  if (field.kind === 'text') unsupportedOperator(operator, field);

  if (operator === '<' || operator === '>' || operator === '<=' || operator === '>=') {
    if (operand.kind !== 'value' && operand.kind !== 'function') {
      throw badRequest(`The operator '${operator}' does not support the value for the field '${field.name}'.`);
    }
    const [target] = resolveOperand(operand, field, context);
    if (target === undefined) return () => false;
    if (field.kind === 'key' && field.keyCompare) {
      const compareTo = field.keyCompare(String(target));
      const test =
        operator === '<'
          ? (c: number) => c < 0
          : operator === '>'
            ? (c: number) => c > 0
            : operator === '<='
              ? (c: number) => c <= 0
              : (c: number) => c >= 0;
      return (issue) => {
        const c = compareTo(issue);
        return c !== null && test(c);
      };
    }
    const ordinal = field.kind === 'ref' ? field.ordinal : undefined;
    if (field.kind === 'ref' && !ordinal) unsupportedOperator(operator, field);
    if (field.kind === 'label') unsupportedOperator(operator, field);
    const toNumber = ordinal ?? ((v: string | number) => Number(v));
    const goal = toNumber(target);
    const test =
      operator === '<'
        ? (v: number) => v < goal
        : operator === '>'
          ? (v: number) => v > goal
          : operator === '<='
            ? (v: number) => v <= goal
            : (v: number) => v >= goal;
    return (issue) => field.values(issue).some((v) => test(toNumber(v)));
  }

  // =, !=, IN, NOT IN
  const operands = operand.kind === 'list' ? operand.items : [operand];
  if ((operator === '=' || operator === '!=') && operand.kind === 'list') {
    throw badRequest(`The operator '${operator}' does not support the list value for the field '${field.name}'.`);
  }
  let includesEmpty = false;
  const targets = new Set<string | number>();
  for (const item of operands) {
    if (item.kind === 'empty') includesEmpty = true;
    else
      for (const v of resolveOperand(item, field, context)) {
        if (v === EMPTY_VALUE) includesEmpty = true;
        else targets.add(v);
      }
  }
  const positive: IssuePredicate = (issue) => {
    const values = field.values(issue);
    if (values.length === 0) return includesEmpty;
    return values.some((v) => targets.has(v));
  };
  if (operator === '=' || operator === 'in') return positive;
  // `!=` / NOT IN: an empty field never matches, unless EMPTY itself was excluded… which still leaves it out.
  return (issue) => {
    const values = field.values(issue);
    if (values.length === 0) return false;
    return !values.some((v) => targets.has(v));
  };
}

function operandText(operand: Operand): string {
  switch (operand.kind) {
    case 'value':
      return operand.text;
    case 'function':
      return `${operand.name}()`;
    case 'empty':
      return 'EMPTY';
    case 'list':
      return '(...)';
  }
}

function resolveOperand(operand: Operand, field: FieldSpec, context: JqlContext): Array<string | number> {
  if (operand.kind === 'empty') return [];
  if (operand.kind === 'list') return operand.items.flatMap((item) => resolveOperand(item, field, context));
  if (operand.kind === 'function') {
    const fn = Object.entries(field.functions ?? {}).find(([name]) => name.toLowerCase() === operand.name.toLowerCase());
    if (!fn) {
      if (knownFunctions.has(operand.name.toLowerCase())) {
        throw badRequest(`Function '${operand.name}' cannot be used with the field '${field.name}'.`);
      }
      throw badRequest(`Unable to find JQL function '${operand.name}(${operand.args.join(', ')})'.`);
    }
    return fn[1](operand.args);
  }
  if (field.resolve) return field.resolve(operand.text, operand);
  if (field.kind === 'date') return [parseDateValue(operand.text, field.name, context.now)];
  if (field.kind === 'number') {
    const n = Number(operand.text);
    if (operand.text.trim() === '' || !Number.isFinite(n))
      throw badRequest(`The value '${operand.text}' is not a valid number for the field '${field.name}'.`);
    return [n];
  }
  if (field.kind === 'label') return [operand.text.toLowerCase()];
  return [operand.text];
}

const knownFunctions = new Set([
  'currentuser',
  'now',
  'startofday',
  'endofday',
  'startofweek',
  'endofweek',
  'startofmonth',
  'endofmonth',
  'startofyear',
  'endofyear',
  'opensprints',
  'closedsprints',
  'futuresprints',
  'standardissuetypes',
  'subtaskissuetypes',
]);

/** `~`: every word of the query must start a word of the text; `"a phrase"` must appear as it is. */
export function textMatcher(query: string): (text: string) => boolean {
  const trimmed = query.trim();
  if (trimmed.length > 1 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    const phrase = trimmed.slice(1, -1).toLowerCase().replace(/\s+/g, ' ');
    return (text) => text.replace(/\s+/g, ' ').includes(phrase);
  }
  const terms = trimmed
    .toLowerCase()
    .split(/[^\p{L}\p{N}*?]+/u)
    .filter((t) => t.length > 0 && t !== '*');
  if (terms.length === 0) throw badRequest(`The field 'text' does not support searching for an empty string.`);
  const patterns = terms.map((term) => {
    const body = term
      .split('')
      .map((c) => (c === '*' ? '[\\p{L}\\p{N}]*' : c === '?' ? '[\\p{L}\\p{N}]' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    return new RegExp(`(?:^|[^\\p{L}\\p{N}])${body}`, 'u');
  });
  return (text) => patterns.every((p) => p.test(text));
}

// --- dates -----------------------------------------------------------------------------------

const PERIOD_UNITS: Record<string, number> = { w: 7 * DAY, d: DAY, h: 3_600_000, m: 60_000 };

/** `-7d`, `4w 2d`, `+1h`, `-30m` → a signed offset in ms; null when it is not a period. */
export function parsePeriod(text: string): number | null {
  const trimmed = text.trim();
  const match = /^([+-])?\s*((?:\d+\s*[wdhmy]\s*)+|\d+\s*M\s*)$/.exec(trimmed);
  if (!match) return null;
  const sign = match[1] === '-' ? -1 : 1;
  let total = 0;
  for (const part of (match[2] ?? '').matchAll(/(\d+)\s*([wdhmyM])/g)) {
    const n = Number(part[1]);
    const unit = part[2] as string;
    if (unit === 'y') total += n * 365 * DAY;
    else if (unit === 'M') total += n * 30 * DAY;
    else total += n * (PERIOD_UNITS[unit] as number);
  }
  return sign * total;
}

/** A JQL date value: `yyyy-MM-dd`, `yyyy/MM/dd`, either with ` HH:mm`, or a period relative to now. UTC. */
export function parseDateValue(text: string, fieldName: string, now: number): number {
  const period = parsePeriod(text);
  if (period !== null) return now + period;
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(text.trim());
  if (match) {
    const [, y, mo, d, h, mi] = match;
    const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0));
    if (Number.isFinite(ms) && Number(mo) >= 1 && Number(mo) <= 12 && Number(d) >= 1 && Number(d) <= 31) return ms;
  }
  throw badRequest(
    `Date value '${text}' for field '${fieldName}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
  );
}

type DateUnit = 'day' | 'week' | 'month' | 'year';

function startOf(unit: DateUnit, now: number): number {
  const d = new Date(now);
  switch (unit) {
    case 'day':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    case 'week':
      // Weeks start on Sunday, as in Jira's default (en_US) locale.
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - d.getUTCDay());
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case 'year':
      return Date.UTC(d.getUTCFullYear(), 0, 1);
  }
}

function addUnits(ms: number, unit: DateUnit, count: number): number {
  const d = new Date(ms);
  switch (unit) {
    case 'day':
      return ms + count * DAY;
    case 'week':
      return ms + count * 7 * DAY;
    case 'month':
      return Date.UTC(
        d.getUTCFullYear(),
        d.getUTCMonth() + count,
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes(),
        d.getUTCSeconds(),
        d.getUTCMilliseconds(),
      );
    case 'year':
      return Date.UTC(
        d.getUTCFullYear() + count,
        d.getUTCMonth(),
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes(),
        d.getUTCSeconds(),
        d.getUTCMilliseconds(),
      );
  }
}

/** `startOfDay()`, `startOfWeek(-1)`, `endOfMonth("+1M")`, … → epoch ms. */
function dateFunction(kind: 'start' | 'end', unit: DateUnit, now: number, args: string[]): number {
  let base = kind === 'start' ? startOf(unit, now) : addUnits(startOf(unit, now), unit, 1) - 1;
  const arg = args[0]?.trim();
  if (arg) {
    if (/^[+-]?\d+$/.test(arg)) base = addUnits(base, unit, Number(arg));
    else {
      const period = parsePeriod(arg);
      if (period === null)
        throw badRequest(
          `The argument '${arg}' for the function '${kind}Of${unit[0]?.toUpperCase()}${unit.slice(1)}' is not a valid increment.`,
        );
      const months = /^([+-])?(\d+)M$/.exec(arg);
      base = months ? addUnits(base, 'month', (months[1] === '-' ? -1 : 1) * Number(months[2])) : base + period;
    }
  }
  return base;
}

function dateFunctions(now: number): Record<string, (args: string[]) => number[]> {
  const fns: Record<string, (args: string[]) => number[]> = { now: () => [now] };
  for (const unit of ['day', 'week', 'month', 'year'] as const) {
    const cap = `${unit[0]?.toUpperCase()}${unit.slice(1)}`;
    fns[`startOf${cap}`] = (args) => [dateFunction('start', unit, now, args)];
    fns[`endOf${cap}`] = (args) => [dateFunction('end', unit, now, args)];
  }
  return fns;
}

// --- fields ----------------------------------------------------------------------------------

function unknownValue(value: string, field: string): never {
  throw badRequest(`The value '${value}' does not exist for the field '${field}'.`);
}

const KEY_PATTERN = /^([A-Z][A-Z0-9_]*)-(\d+)$/;

function keyNumber(issue: Issue): number {
  return Number(issue.key.slice(issue.key.lastIndexOf('-') + 1));
}

function fieldSpecs(store: JiraStore, context: JqlContext): (name: string) => FieldSpec {
  const dateFns = dateFunctions(context.now);
  const userField = (name: string, get: (issue: Issue) => string | null): FieldSpec => ({
    name,
    kind: 'ref',
    values: (issue) => {
      const id = get(issue);
      return id === null ? [] : [id];
    },
    resolve: (value) => {
      const user = store.resolveUser(value) ?? [...store.users.values()].find((u) => u.displayName.toLowerCase() === value.toLowerCase());
      if (!user) unknownValue(value, name);
      return [user.accountId];
    },
    functions: { currentUser: () => (context.currentUserId ? [context.currentUserId] : []) },
  });
  const issueRef = (value: string, fieldName: string): string => {
    const issue = store.issue(value);
    if (issue) return issue.id;
    if (/^\d+$/.test(value)) throw badRequest(`An issue with key '${value}' does not exist for field '${fieldName}'.`);
    if (!KEY_PATTERN.test(value.toUpperCase())) throw badRequest(`The issue key '${value}' for field '${fieldName}' is invalid.`);
    throw badRequest(`An issue with key '${value.toUpperCase()}' does not exist for field '${fieldName}'.`);
  };
  const textOf = (rich: Issue['description']): string => (rich ? plainText(rich).toLowerCase() : '');

  const specs: Record<string, () => FieldSpec> = {
    project: () => ({
      name: 'project',
      kind: 'ref',
      values: (issue) => [issue.projectId],
      resolve: (value) => {
        const project = store.project(value);
        if (!project) unknownValue(value, 'project');
        return [project.id];
      },
    }),
    assignee: () => userField('assignee', (issue) => issue.assigneeId),
    reporter: () => userField('reporter', (issue) => issue.reporterId),
    creator: () => userField('creator', (issue) => issue.creatorId),
    status: () => ({
      name: 'status',
      kind: 'ref',
      values: (issue) => [issue.statusId],
      resolve: (value) => {
        const status = store.status(value);
        if (!status) unknownValue(value, 'status');
        return [status.id];
      },
    }),
    statuscategory: () => ({
      name: 'statusCategory',
      kind: 'ref',
      values: (issue) => [store.statusOf(issue).categoryKey],
      resolve: (value) => {
        const lower = value.toLowerCase();
        const category = store.statusCategories.find((c) => c.key === lower || c.name.toLowerCase() === lower || String(c.id) === value);
        if (!category) unknownValue(value, 'statusCategory');
        return [category.key];
      },
    }),
    issuetype: () => ({
      name: 'issuetype',
      kind: 'ref',
      values: (issue) => [issue.issueTypeId],
      resolve: (value) => {
        const type = store.issueType(value);
        if (!type) unknownValue(value, 'issuetype');
        return [type.id];
      },
      functions: {
        standardIssueTypes: () => store.issueTypes.filter((t) => !t.subtask).map((t) => t.id),
        subTaskIssueTypes: () => store.issueTypes.filter((t) => t.subtask).map((t) => t.id),
      },
    }),
    priority: () => ({
      name: 'priority',
      kind: 'ref',
      values: (issue) => (issue.priorityId === null ? [] : [issue.priorityId]),
      resolve: (value) => {
        const priority = store.priority(value);
        if (!priority) unknownValue(value, 'priority');
        return [priority.id];
      },
      // Higher is more urgent, so `priority > Medium` means High and Highest, as in Jira.
      ordinal: (value) => 100 - (store.priority(String(value))?.rank ?? 100),
    }),
    resolution: () => ({
      name: 'resolution',
      kind: 'ref',
      values: (issue) => (issue.resolutionId === null ? [] : [issue.resolutionId]),
      resolve: (value) => {
        if (value.toLowerCase() === 'unresolved') return [EMPTY_VALUE];
        const resolution = store.resolution(value);
        if (!resolution) unknownValue(value, 'resolution');
        return [resolution.id];
      },
    }),
    labels: () => ({ name: 'labels', kind: 'label', values: (issue) => issue.labels.map((l) => l.toLowerCase()) }),
    component: () => ({
      name: 'component',
      kind: 'ref',
      values: (issue) => issue.componentIds,
      resolve: (value) => {
        const lower = value.toLowerCase();
        const ids = store.projects.flatMap((p) =>
          p.components.filter((c) => c.id === value || c.name.toLowerCase() === lower).map((c) => c.id),
        );
        if (ids.length === 0) unknownValue(value, 'component');
        return ids;
      },
    }),
    text: () => ({
      name: 'text',
      kind: 'text',
      values: (issue) => [store.searchTextOf(issue)],
      text: (issue) => store.searchTextOf(issue),
    }),
    summary: () => ({ name: 'summary', kind: 'text', values: (issue) => [issue.summary], text: (issue) => issue.summary.toLowerCase() }),
    description: () => ({
      name: 'description',
      kind: 'text',
      values: (issue) => (issue.description ? [1] : []),
      text: (issue) => textOf(issue.description),
    }),
    comment: () => ({
      name: 'comment',
      kind: 'text',
      values: (issue) => (issue.comments.length > 0 ? [1] : []),
      text: (issue) => issue.comments.map((c) => textOf(c.body)).join('\n'),
    }),
    created: () => ({ name: 'created', kind: 'date', values: (issue) => [issue.created], functions: dateFns }),
    updated: () => ({ name: 'updated', kind: 'date', values: (issue) => [issue.updated], functions: dateFns }),
    resolved: () => ({
      name: 'resolved',
      kind: 'date',
      values: (issue) => (issue.resolutionDate === null ? [] : [issue.resolutionDate]),
      functions: dateFns,
    }),
    key: () => ({
      name: 'key',
      kind: 'key',
      values: (issue) => [issue.id],
      resolve: (value) => [issueRef(value, 'key')],
      keyCompare: (targetId) => {
        const target = store.issue(targetId);
        const targetNumber = target ? keyNumber(target) : 0;
        return (issue) => (target && issue.projectId === target.projectId ? keyNumber(issue) - targetNumber : null);
      },
    }),
    parent: () => ({
      name: 'parent',
      kind: 'ref',
      values: (issue) => (issue.parentId === null ? [] : [issue.parentId]),
      resolve: (value) => [issueRef(value, 'parent')],
    }),
    sprint: () => ({
      name: 'sprint',
      kind: 'ref',
      values: (issue) => issue.sprintIds,
      resolve: (value) => {
        const byId = /^\d+$/.test(value) ? store.sprint(Number(value)) : undefined;
        const matches = byId ? [byId] : store.sprints.filter((s) => s.name.toLowerCase() === value.toLowerCase());
        if (matches.length === 0) unknownValue(value, 'sprint');
        return matches.map((s) => s.id);
      },
      functions: {
        openSprints: () => store.sprints.filter((s) => s.state === 'active').map((s) => s.id),
        closedSprints: () => store.sprints.filter((s) => s.state === 'closed').map((s) => s.id),
        futureSprints: () => store.sprints.filter((s) => s.state === 'future').map((s) => s.id),
      },
    }),
    // Data Center's Epic Link: the epic a story, task or bug is under (stored as its parent).
    [EPIC_LINK_FIELD]: () => ({
      name: 'Epic Link',
      kind: 'ref',
      values: (issue) => {
        const parent = issue.parentId === null ? undefined : store.issue(issue.parentId);
        return parent && store.issueTypeOf(parent).hierarchyLevel === 1 ? [parent.id] : [];
      },
      resolve: (value) => [issueRef(value, 'Epic Link')],
    }),
    [STORY_POINTS_FIELD]: () => ({
      name: 'Story Points',
      kind: 'number',
      values: (issue) => {
        const v = issue.custom[STORY_POINTS_FIELD];
        return typeof v === 'number' ? [v] : [];
      },
    }),
    [TEAM_FIELD]: () => {
      const field = store.fields.find((f) => f.id === TEAM_FIELD);
      return {
        name: 'Team',
        kind: 'ref',
        values: (issue) => {
          const v = issue.custom[TEAM_FIELD];
          return typeof v === 'string' ? [v] : [];
        },
        resolve: (value) => {
          const option = field?.options?.find((o) => o.id === value || o.value.toLowerCase() === value.toLowerCase());
          if (!option) unknownValue(value, 'Team');
          return [option.id];
        },
      };
    },
  };
  const aliases: Record<string, string> = {
    type: 'issuetype',
    issuekey: 'key',
    id: 'key',
    issue: 'key',
    components: 'component',
    createddate: 'created',
    updateddate: 'updated',
    resolutiondate: 'resolved',
    [SPRINT_FIELD]: 'sprint',
  };

  return (name) => {
    const lower = name.toLowerCase();
    const direct = specs[aliases[lower] ?? lower] ?? specs[name];
    if (direct) return direct();
    const field = store.field(name);
    if (field) {
      const spec = specs[aliases[field.id.toLowerCase()] ?? field.id] ?? specs[aliases[lower] ?? field.id];
      if (spec) return spec();
    }
    throw badRequest(`Field '${name}' does not exist or you do not have permission to view it.`);
  };
}

// --- ORDER BY --------------------------------------------------------------------------------

type SortValue = string | number | null;

function compileOrder(orderBy: OrderBy[], store: JiraStore): IssueComparator {
  const keyParts = (issue: Issue): [string, number] => {
    const dash = issue.key.lastIndexOf('-');
    return [issue.key.slice(0, dash), Number(issue.key.slice(dash + 1))];
  };
  const userName = (id: string | null): SortValue => (id === null ? null : (store.user(id)?.displayName.toLowerCase() ?? id));
  const sorters: Array<{ get: (issue: Issue) => SortValue; direction: 1 | -1; keyOrder?: boolean }> = orderBy.map((order) => {
    const lower = order.field.toLowerCase();
    const direction = order.direction === 'desc' ? -1 : 1;
    const resolved = store.field(order.field);
    const id = resolved?.id ?? lower;
    switch (lower === 'key' || lower === 'issuekey' || lower === 'id' ? 'key' : id) {
      case 'key':
      case 'issuekey':
        return { get: () => null, direction, keyOrder: true };
      case 'created':
        return { get: (i) => i.created, direction };
      case 'updated':
        return { get: (i) => i.updated, direction };
      case 'resolutiondate':
        return { get: (i) => i.resolutionDate, direction };
      case 'priority':
        return { get: (i) => (i.priorityId === null ? null : 100 - (store.priority(i.priorityId)?.rank ?? 100)), direction };
      case 'status':
        return { get: (i) => store.statusOf(i).order, direction };
      case 'issuetype':
        return { get: (i) => Number(i.issueTypeId), direction };
      case 'project':
        return { get: (i) => store.projectOf(i).key, direction };
      case 'summary':
        return { get: (i) => i.summary.toLowerCase(), direction };
      case 'assignee':
        return { get: (i) => userName(i.assigneeId), direction };
      case 'reporter':
        return { get: (i) => userName(i.reporterId), direction };
      case 'creator':
        return { get: (i) => userName(i.creatorId), direction };
      case 'resolution':
        return { get: (i) => (i.resolutionId === null ? null : Number(i.resolutionId)), direction };
      case 'parent':
        return { get: (i) => (i.parentId === null ? null : Number(i.parentId)), direction };
      case STORY_POINTS_FIELD:
        return {
          get: (i) => (typeof i.custom[STORY_POINTS_FIELD] === 'number' ? (i.custom[STORY_POINTS_FIELD] as number) : null),
          direction,
        };
      case TEAM_FIELD:
        return { get: (i) => (typeof i.custom[TEAM_FIELD] === 'string' ? (i.custom[TEAM_FIELD] as string) : null), direction };
      case SPRINT_FIELD:
        return { get: (i) => (i.sprintIds.length === 0 ? null : Math.max(...i.sprintIds)), direction };
      case 'rank':
        return { get: (i) => Number(i.id), direction };
      default:
        if (!resolved) throw badRequest(`Field '${order.field}' does not exist or you do not have permission to view it.`);
        throw badRequest(`Not able to sort using field '${order.field}'.`);
    }
  });
  const byKey = (a: Issue, b: Issue): number => {
    const [pa, na] = keyParts(a);
    const [pb, nb] = keyParts(b);
    return pa < pb ? -1 : pa > pb ? 1 : na - nb;
  };
  return (a, b) => {
    for (const sorter of sorters) {
      let c: number;
      if (sorter.keyOrder) c = byKey(a, b);
      else {
        const va = sorter.get(a);
        const vb = sorter.get(b);
        // Empty values sort last ascending (and so first descending), as Jira does.
        if (va === vb) c = 0;
        else if (va === null) c = 1;
        else if (vb === null) c = -1;
        else c = va < vb ? -1 : 1;
      }
      if (c !== 0) return c * sorter.direction;
    }
    // A stable order for ties (and no ORDER BY): newest issue first.
    return Number(b.id) - Number(a.id);
  };
}
