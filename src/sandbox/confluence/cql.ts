/**
 * The CQL subset the sandbox understands: what `atl confluence search` builds from its flags, and
 * what sync tools send.
 *
 *   query   := or [ORDER BY field [ASC|DESC] {, field [ASC|DESC]}]
 *   or      := and {OR and}        and := not {AND not}        not := [NOT] (( or ) | clause)
 *   clause  := field (= | != | ~ | !~ | > | >= | < | <=) value | field [NOT] IN (value {, value})
 *   value   := "text" | 'text' | word | now("-7d") | now() | startOfDay() | currentUser()
 *
 * Fields: `type` (page, blogpost, attachment, comment), `space` / `space.key`, `title`, `text`
 * (title, body and file names; also `siteSearch`), `label`, `ancestor`, `parent`, `id` /
 * `content`, `creator`, `lastmodified` / `lastModified`, `created`. `~` matches when every word of
 * the value is a word of the field (`word*` matches a prefix), case-insensitively. Anything else is
 * a 400, as Confluence refuses CQL it cannot parse.
 */
import { type Attachment, type ConfluenceStore, type Content, current, latest, modifiedAt, titleOf } from './store.js';

export type Hit = { kind: 'content'; content: Content } | { kind: 'attachment'; attachment: Attachment };

export class CqlError extends Error {}

type Value = { kind: 'text'; text: string } | { kind: 'time'; at: number } | { kind: 'user' };

type Node =
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'not'; inner: Node }
  | { kind: 'clause'; field: string; op: string; values: Value[] };

interface Query {
  where: Node | null;
  orderBy: Array<{ field: string; descending: boolean }>;
}

const TOKEN = /\s*(?:("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(!=|!~|>=|<=|=|~|>|<|\(|\)|,)|([^\s=!~<>(),"']+))/y;

function tokenize(cql: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < cql.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(cql);
    if (!match) {
      if (cql.slice(start).trim() === '') break;
      throw new CqlError(`Could not parse cql : ${cql}`);
    }
    tokens.push(match[0].trim());
  }
  return tokens.filter((t) => t !== '');
}

const FIELDS: Record<string, string> = {
  type: 'type',
  space: 'space',
  'space.key': 'space',
  title: 'title',
  text: 'text',
  sitesearch: 'text',
  label: 'label',
  ancestor: 'ancestor',
  parent: 'parent',
  id: 'id',
  content: 'id',
  creator: 'creator',
  lastmodified: 'lastmodified',
  created: 'created',
};

const UNITS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  M: 30 * 86_400_000,
  y: 365 * 86_400_000,
};

function unquote(token: string): string {
  return /^["']/.test(token) ? token.slice(1, -1).replace(/\\(.)/g, '$1') : token;
}

/** Parses `cql`; `now` anchors relative dates. */
export function parseCql(cql: string, now: number): Query {
  const tokens = tokenize(cql);
  let at = 0;
  const peek = () => tokens[at];
  const upper = () => peek()?.toUpperCase();
  const take = () => {
    const t = tokens[at++];
    if (t === undefined) throw new CqlError(`Could not parse cql : ${cql} (unexpected end)`);
    return t;
  };
  const expect = (t: string) => {
    if (take() !== t) throw new CqlError(`Could not parse cql : ${cql} (expected '${t}')`);
  };

  const value = (): Value => {
    const token = take();
    if (/^["']/.test(token)) {
      const text = unquote(token);
      const date = /^(\d{4})[-/](\d{2})[-/](\d{2})(?: (\d{2}):(\d{2}))?$/.exec(text);
      if (date) return { kind: 'time', at: Date.parse(`${date[1]}-${date[2]}-${date[3]}T${date[4] ?? '00'}:${date[5] ?? '00'}:00Z`) };
      return { kind: 'text', text };
    }
    if (peek() === '(') {
      take();
      const args: string[] = [];
      while (peek() !== ')') {
        args.push(unquote(take()));
        if (peek() === ',') take();
      }
      take();
      const fn = token.toLowerCase();
      if (fn === 'currentuser') return { kind: 'user' };
      if (fn === 'now') {
        const offset = /^([+-]?\d+)([mhdwMy])$/.exec(args[0] ?? '0d');
        if (!offset) throw new CqlError(`Could not parse cql : ${cql} (bad now() offset '${args[0]}')`);
        return { kind: 'time', at: now + Number(offset[1]) * UNITS[offset[2]!]! };
      }
      if (fn === 'startofday') return { kind: 'time', at: now - (now % 86_400_000) };
      throw new CqlError(`Could not parse cql : ${cql} (unknown function ${token}())`);
    }
    if (/^\d{4}-\d{2}-\d{2}$/.test(token)) return { kind: 'time', at: Date.parse(`${token}T00:00:00Z`) };
    return { kind: 'text', text: token };
  };

  const clause = (): Node => {
    const name = take();
    const field = FIELDS[name.toLowerCase()];
    if (!field) throw new CqlError(`Could not parse cql : ${cql} (unsupported field '${name}')`);
    let op = take();
    if (op.toUpperCase() === 'NOT' && upper() === 'IN') {
      take();
      op = 'NOT IN';
    } else if (op.toUpperCase() === 'IN') {
      op = 'IN';
    }
    if (op === 'IN' || op === 'NOT IN') {
      expect('(');
      const values: Value[] = [value()];
      while (peek() === ',') {
        take();
        values.push(value());
      }
      expect(')');
      return { kind: 'clause', field, op, values };
    }
    if (!['=', '!=', '~', '!~', '>', '>=', '<', '<='].includes(op))
      throw new CqlError(`Could not parse cql : ${cql} (bad operator '${op}')`);
    return { kind: 'clause', field, op, values: [value()] };
  };

  const unary = (): Node => {
    if (upper() === 'NOT') {
      take();
      return { kind: 'not', inner: unary() };
    }
    if (peek() === '(') {
      take();
      const inner = or();
      expect(')');
      return inner;
    }
    return clause();
  };
  const and = (): Node => {
    let left = unary();
    while (upper() === 'AND') {
      take();
      left = { kind: 'and', left, right: unary() };
    }
    return left;
  };
  const or = (): Node => {
    let left = and();
    while (upper() === 'OR') {
      take();
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };

  const where = peek() === undefined || upper() === 'ORDER' ? null : or();
  const orderBy: Query['orderBy'] = [];
  if (upper() === 'ORDER') {
    take();
    if (take().toUpperCase() !== 'BY') throw new CqlError(`Could not parse cql : ${cql} (expected ORDER BY)`);
    for (;;) {
      const field = FIELDS[take().toLowerCase()];
      if (!field) throw new CqlError(`Could not parse cql : ${cql} (cannot order by that field)`);
      let descending = false;
      if (upper() === 'ASC' || upper() === 'DESC') descending = take().toUpperCase() === 'DESC';
      orderBy.push({ field, descending });
      if (peek() !== ',') break;
      take();
    }
  }
  if (at < tokens.length) throw new CqlError(`Could not parse cql : ${cql} (unexpected '${tokens[at]}')`);
  return { where, orderBy };
}

const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}_]+\*?/gu) ?? [];

function plainText(storage: string): string {
  return storage
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, ' $1 ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z#0-9]+;/gi, ' ');
}

/** Every word of `query` is a word of `text` (`w*` a prefix). */
function containsWords(text: string, query: string): boolean {
  const have = words(text);
  return words(query).every((w) => (w.endsWith('*') ? have.some((h) => h.startsWith(w.slice(0, -1))) : have.includes(w)));
}

interface Facts {
  type: string;
  spaceKey: string;
  title: string;
  text: () => string;
  labels: string[];
  ancestors: () => string[];
  parent: string;
  id: string;
  creator: string;
  lastmodified: number;
  created: number;
}

function factsOf(store: ConfluenceStore, hit: Hit): Facts {
  if (hit.kind === 'attachment') {
    const a = hit.attachment;
    const container = store.content(a.containerId);
    return {
      type: 'attachment',
      spaceKey: container ? (store.spaces.get(container.spaceId)?.key ?? '') : '',
      title: a.filename,
      text: () => `${a.filename} ${latest(a).comment}`,
      labels: [],
      // `ancestor` selects pages in a tree; comments and attachments are not in it.
      ancestors: () => [],
      parent: a.containerId,
      id: `att${a.id}`,
      creator: a.versions[0]!.authorId,
      lastmodified: latest(a).createdAt,
      created: a.versions[0]!.createdAt,
    };
  }
  const c = hit.content;
  return {
    type: c.type,
    spaceKey: store.spaces.get(c.spaceId)?.key ?? '',
    title: titleOf(c),
    text: () => `${titleOf(c)} ${plainText(current(c).body)}`,
    labels: c.labels.map((l) => l.name),
    ancestors: () => (c.type === 'page' ? store.ancestors(c).map((a) => a.id) : []),
    parent: c.parentId ?? '',
    id: c.id,
    creator: c.authorId,
    lastmodified: modifiedAt(c),
    created: c.createdAt,
  };
}

function matches(node: Node, facts: Facts, userId: string | null): boolean {
  switch (node.kind) {
    case 'and':
      return matches(node.left, facts, userId) && matches(node.right, facts, userId);
    case 'or':
      return matches(node.left, facts, userId) || matches(node.right, facts, userId);
    case 'not':
      return !matches(node.inner, facts, userId);
    case 'clause':
      return clauseMatches(node, facts, userId);
  }
}

function clauseMatches(node: Extract<Node, { kind: 'clause' }>, facts: Facts, userId: string | null): boolean {
  const { field, op, values } = node;
  if (field === 'lastmodified' || field === 'created') {
    const at = facts[field];
    const v = values[0]!;
    if (v.kind !== 'time') throw new CqlError(`${field} needs a date or now("…")`);
    switch (op) {
      case '>':
        return at > v.at;
      case '>=':
        return at >= v.at;
      case '<':
        return at < v.at;
      case '<=':
        return at <= v.at;
      case '=':
        return Math.floor(at / 86_400_000) === Math.floor(v.at / 86_400_000);
      case '!=':
        return Math.floor(at / 86_400_000) !== Math.floor(v.at / 86_400_000);
    }
    throw new CqlError(`operator ${op} is not supported for ${field}`);
  }
  const texts = values.map((v) => (v.kind === 'user' ? (userId ?? '') : v.kind === 'text' ? v.text : String(v.at)));
  if (op === '~' || op === '!~') {
    if (field !== 'title' && field !== 'text') throw new CqlError(`operator ${op} is not supported for ${field}`);
    const hit = containsWords(field === 'title' ? facts.title : facts.text(), texts[0]!);
    return op === '~' ? hit : !hit;
  }
  if (!['=', '!=', 'IN', 'NOT IN'].includes(op)) throw new CqlError(`operator ${op} is not supported for ${field}`);
  const have: string[] =
    field === 'label'
      ? facts.labels
      : field === 'ancestor'
        ? facts.ancestors()
        : field === 'space'
          ? [facts.spaceKey]
          : field === 'type'
            ? [facts.type]
            : field === 'title'
              ? [facts.title]
              : field === 'parent'
                ? [facts.parent]
                : field === 'id'
                  ? [facts.id, facts.id.replace(/^att/, '')]
                  : field === 'creator'
                    ? [facts.creator]
                    : [];
  const fold = (s: string) => (field === 'label' || field === 'type' ? s.toLowerCase() : s);
  const any = texts.some((t) => have.some((h) => fold(h) === fold(t)));
  return op === '=' || op === 'IN' ? any : !any;
}

/** Everything a search can find (current pages, blog posts, comments and attachments). */
export function searchable(store: ConfluenceStore): Hit[] {
  const hits: Hit[] = [];
  for (const content of store.contents.values()) if (content.status === 'current') hits.push({ kind: 'content', content });
  for (const attachment of store.attachments.values()) {
    const container = store.content(attachment.containerId);
    if (attachment.status === 'current' && container?.status === 'current') hits.push({ kind: 'attachment', attachment });
  }
  return hits;
}

/** The hits `cql` selects, in its ORDER BY (default: last modified, newest first). */
export function runCql(store: ConfluenceStore, cql: string, userId: string | null): Hit[] {
  const query = parseCql(cql, store.now());
  const found = searchable(store)
    .map((hit) => ({ hit, facts: factsOf(store, hit) }))
    .filter(({ facts }) => query.where === null || matches(query.where, facts, userId));
  const order = query.orderBy.length > 0 ? query.orderBy : [{ field: 'lastmodified', descending: true }];
  found.sort((a, b) => {
    for (const { field, descending } of order) {
      const x = sortKey(a.facts, field);
      const y = sortKey(b.facts, field);
      if (x !== y) return (x < y ? -1 : 1) * (descending ? -1 : 1);
    }
    return Number(a.facts.id.replace(/^att/, '')) - Number(b.facts.id.replace(/^att/, ''));
  });
  return found.map((f) => f.hit);
}

function sortKey(facts: Facts, field: string): number | string {
  switch (field) {
    case 'lastmodified':
      return facts.lastmodified;
    case 'created':
      return facts.created;
    case 'title':
      return facts.title.toLowerCase();
    case 'id':
      return Number(facts.id.replace(/^att/, ''));
    default:
      return facts.spaceKey;
  }
}
