/**
 * The YAML side of config.yaml: parsing with positions for error messages, and writing back
 * through the Document API so that comments and key order survive. Only loaded when there is a
 * file to read or write (see ./config.ts), as the yaml module costs start-up time.
 */
import { Document, LineCounter, isAlias, isMap, isScalar, parseDocument, visit, type Node, type Pair, type YAMLMap } from 'yaml';
import { AtlError } from '../errors.js';
import { emptyConfig, isRecord, validateConfig, type Fail } from './config.js';
import { validateLocalConfig, type LocalSettings } from './local-settings.js';
import type { ConfigFile } from './types.js';

/** Key names that only ever hold a secret; their presence means someone put a token in the file. */
const SECRET_KEY = /^(token|api[_-]?token|access[_-]?token|password|passwd|secret|pat)$/i;
/** Atlassian API tokens (ATATT…), scoped tokens (ATCTT…) and Bitbucket app passwords (ATBB…). */
const SECRET_VALUE = /^(ATATT|ATCTT|ATBB)[A-Za-z0-9_=+/-]{16,}$/;

/**
 * How many alias references one file may expand. A hand-written config has none; a "billion
 * laughs" file nests aliases to expand exponentially and must be an invalid config, not a hang.
 */
export const MAX_ALIAS_COUNT = 100;

const HEADER_COMMENT =
  ' atl profiles (see `atl auth --help`). Tokens never go here: they live in the OS keyring\n' +
  ' or in the encrypted credentials.enc beside this file.';

function newDocument(): Document {
  const doc = new Document({ defaultProfile: null, profiles: {} });
  doc.commentBefore = HEADER_COMMENT;
  return doc;
}

export interface Loaded {
  doc: Document;
  config: ConfigFile;
}

/** Parses and validates the text of a config file; every problem is an AtlError naming path:line:col. */
export function loadConfig(path: string, text: string): Loaded {
  return loadChecked(path, text, validateConfig, emptyConfig, newDocument);
}

export interface LoadedLocal {
  doc: Document;
  settings: LocalSettings;
}

/** A `.atl.yaml` (per-directory defaults), parsed and validated by the same rules and with the same errors as config.yaml. */
export function loadLocalConfig(path: string, text: string): LoadedLocal {
  const { doc, config } = loadChecked(
    path,
    text,
    validateLocalConfig,
    () => ({}),
    () => new Document({}),
  );
  return { doc, settings: config };
}

/** The text to write for a `.atl.yaml` holding `desired`, keeping the loaded document's comments and key order. */
export function renderLocalConfig(loaded: LoadedLocal | null, desired: Record<string, unknown>): string {
  const doc = loaded?.doc ?? new Document({});
  syncMap(doc, doc.contents as YAMLMap, desired);
  return doc.toString();
}

/**
 * Parses YAML with positions, refuses secrets and alias bombs, then validates with `validate`; an
 * empty file (or one of comments only) is `empty()`, its comments kept on a fresh `shell()` document.
 */
function loadChecked<T>(
  path: string,
  text: string,
  validate: (raw: unknown, fail: Fail) => T,
  empty: () => T,
  shell: () => Document,
): { doc: Document; config: T } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const fileError = (offset: number, message: string, hint?: string): AtlError => {
    const { line, col } = lineCounter.linePos(offset);
    return new AtlError('config', `${path}:${line}:${col}: ${message}`, {
      hint: hint ?? `fix or remove that line in ${path}; atl will not change the file until it is valid`,
    });
  };
  const syntax = doc.errors[0];
  if (syntax) throw fileError(syntax.pos[0], `invalid YAML: ${syntax.message.split('\n')[0]}`);

  // Secrets first: such a file must be fixed by hand, whatever else is wrong with it.
  let secretAt: { node: Node; where: string } | null = null;
  visit(doc, {
    Pair(_key, pair: Pair<unknown, unknown>, path) {
      if (secretAt) return visit.BREAK;
      if (isScalar(pair.key) && SECRET_KEY.test(String(pair.key.value))) {
        secretAt = { node: pair.key, where: [...keysOf(path), String(pair.key.value)].join('.') };
        return visit.BREAK;
      }
      if (isScalar(pair.value) && typeof pair.value.value === 'string' && SECRET_VALUE.test(pair.value.value)) {
        secretAt = { node: pair.value, where: [...keysOf(path), isScalar(pair.key) ? String(pair.key.value) : '?'].join('.') };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (secretAt !== null) {
    const found: { node: Node; where: string } = secretAt;
    throw fileError(
      found.node.range?.[0] ?? 0,
      `${found.where} looks like a secret; atl never keeps tokens in ${path} and will not rewrite it`,
      'remove that line (and revoke the token if the file was shared); store tokens with `atl auth login`, ' +
        'which keeps them in the OS keyring or the encrypted credentials file',
    );
  }

  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    // An empty file (or only comments): keep the comments, start an empty config.
    const fresh = shell();
    if (doc.commentBefore) fresh.commentBefore = doc.commentBefore;
    return { doc: fresh, config: empty() };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // yaml throws a ReferenceError when the aliases expand past the cap (or one is unresolvable).
    if (!(err instanceof ReferenceError)) throw err;
    throw fileError(
      firstAliasOffset(doc),
      `too many YAML aliases (more than ${MAX_ALIAS_COUNT} expansions); atl does not expand such a file`,
      `remove the anchors (&name) and aliases (*name) from ${path}; atl never writes them`,
    );
  }
  const config = validate(raw, (keys, message, at) => {
    throw fileError(locate(contents, keys, at), message);
  });
  return { doc, config };
}

/** The text to write for `desired`, keeping the comments and key order of the loaded document. */
export function renderConfig(loaded: Loaded | null, desired: Record<string, unknown>): string {
  const doc = loaded?.doc ?? newDocument();
  syncMap(doc, doc.contents as YAMLMap, desired);
  return doc.toString();
}

/** Where the first alias (`*name`) of the document is, to point the error at it. */
function firstAliasOffset(doc: Document): number {
  let offset = 0;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

/** The keys leading to a node during `visit` (the path holds the document, maps and pairs). */
function keysOf(path: readonly unknown[]): string[] {
  const keys: string[] = [];
  for (const item of path) {
    const key = (item as Partial<Pair>).key;
    if (key !== undefined && isScalar(key)) keys.push(String(key.value));
  }
  return keys;
}

/** The offset of the node at `keys` (its key with at='key'), or of the nearest enclosing node found. */
function locate(root: unknown, keys: readonly string[], at: 'key' | 'value'): number {
  let node: unknown = root;
  let best = (root as Node | null)?.range?.[0] ?? 0;
  for (let i = 0; i < keys.length; i++) {
    if (isAlias(node) || !isMap(node)) break;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === keys[i]);
    if (!pair) break;
    const keyNode = pair.key as Node;
    const valueNode = pair.value as Node | null;
    const last = i === keys.length - 1;
    if (last && at === 'key') return keyNode.range?.[0] ?? best;
    best = valueNode?.range?.[0] ?? keyNode.range?.[0] ?? best;
    node = valueNode;
  }
  return best;
}

/**
 * Makes `map` hold `desired`, touching only what differs, so that comments and the order of
 * untouched keys survive. Nested mappings are synced in place; new keys go at the end.
 */
function syncMap(doc: Document, map: YAMLMap, desired: Record<string, unknown>): void {
  for (const pair of [...map.items]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : null;
    if (key === null || !Object.hasOwn(desired, key)) map.items.splice(map.items.indexOf(pair), 1);
  }
  for (const [key, value] of Object.entries(desired)) {
    const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (!pair) {
      map.add(doc.createPair(key, value));
      continue;
    }
    const current = pair.value as Node | null;
    if (isRecord(value) && isMap(current)) {
      syncMap(doc, current, value);
      continue;
    }
    if (isScalar(current) && !isRecord(value) && current.value === value) continue;
    const replacement = doc.createNode(value);
    if (current) {
      replacement.comment = current.comment;
      replacement.commentBefore = current.commentBefore;
    }
    pair.value = replacement;
  }
}
