/**
 * What `atl api` sends: which product a path is for, the path under that product's client, and the
 * body or query built from `-f`/`-F` fields (as gh's `api` builds them).
 */
import { usageError } from '../errors.js';
import type { Product } from '../factory.js';
import { queryOfLink } from '../http/paginate.js';
import type { QueryValue } from '../http/types.js';

/**
 * The path prefixes that name one product, as Atlassian's documentation writes them. Anything else
 * (Confluence Data Center's `/rest/api/content`, `/rest/api/latest/…` which Jira and Bitbucket
 * Data Center both serve) needs `--product`.
 */
const PRODUCT_PREFIXES: ReadonlyArray<{ prefix: RegExp; product: Product }> = [
  { prefix: /^\/rest\/api\/[23]\//, product: 'jira' },
  { prefix: /^\/rest\/agile\//, product: 'jira' },
  { prefix: /^\/rest\/servicedeskapi\//, product: 'jsm' },
  { prefix: /^\/wiki\//, product: 'confluence' },
  { prefix: /^\/2\.0\//, product: 'bitbucket' },
  { prefix: /^\/rest\/api\/1\.0\//, product: 'bitbucket' },
];

const isAbsolute = (path: string): boolean => /^https?:\/\//i.test(path);

/** The product a path (or absolute URL) is for, when the path alone says; null when it does not. */
export function productOfPath(path: string): Product | null {
  let pathname = path.startsWith('/') ? path : `/${path}`;
  if (isAbsolute(path)) {
    const url = new URL(path);
    if (url.hostname === 'api.bitbucket.org') return 'bitbucket';
    // The gateway's own prefix names the site product; JSM paths under it are still JSM.
    pathname = url.pathname.replace(/^\/ex\/(?:jira|confluence)\/[^/]+(?=\/)/, '');
  }
  return PRODUCT_PREFIXES.find((entry) => entry.prefix.test(pathname))?.product ?? null;
}

/** The product for this run of `atl api`: --product, else the path's; exit 2 when neither says. */
export function chooseProduct(path: string, given: Product | undefined): Product {
  if (given !== undefined) return given;
  const inferred = productOfPath(path);
  if (inferred !== null) return inferred;
  throw usageError(
    `cannot tell which product ${path} is for`,
    'add --product jira, confluence, bitbucket or jsm (the path alone names it for /rest/api/3/…, /wiki/…, /2.0/… and /rest/servicedeskapi/…)',
  );
}

/** A path split into what goes before `?` and its query (a repeated name becomes a list). */
export interface SplitPath {
  path: string;
  query: Record<string, QueryValue>;
}

/**
 * The path as the product's client takes it, relative to its base URL: the docs' `/wiki/…` under a
 * Confluence base that already ends in `/wiki` (Cloud, the gateway) and `/2.0/…` under Bitbucket
 * Cloud's `…/2.0` lose that prefix. An absolute URL is kept (the client sends credentials only to
 * its own origin).
 */
export function pathUnderClient(path: string, baseUrl: string): SplitPath {
  if (isAbsolute(path)) {
    const url = new URL(path);
    const query = queryOfLink(path);
    url.search = '';
    return { path: url.toString(), query };
  }
  const withSlash = path.startsWith('/') ? path : `/${path}`;
  const at = withSlash.indexOf('?');
  let pathname = at < 0 ? withSlash : withSlash.slice(0, at);
  const query = at < 0 ? {} : queryOfLink(withSlash);
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
  for (const prefix of ['/wiki', '/2.0']) {
    if (basePath.endsWith(prefix) && pathname.startsWith(`${prefix}/`)) pathname = pathname.slice(prefix.length);
  }
  return { path: pathname, query };
}

/** One `-f`/`-F` field as given: `key=value`. */
export interface RawField {
  text: string;
  /** `-F`: the value is typed (numbers, booleans, null, `@file`). */
  typed: boolean;
}

export type FieldValue = string | number | boolean | null;

/** Reads `@file` (`@-` stdin) for a typed field. */
export type FileReader = (path: string) => Promise<string>;

/**
 * A field's value as gh parses it: `-f` is always a string; `-F` turns `true`, `false`, `null` and
 * numbers into JSON values and `@file` into the file's contents (`@-`: stdin).
 */
export async function fieldValue(field: RawField, value: string, readFile: FileReader): Promise<FieldValue> {
  if (!field.typed) return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value === 'null') return null;
  if (/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(value)) return Number(value);
  if (value.startsWith('@')) return readFile(value.slice(1));
  return value;
}

/** `key=value` split at the first `=`; exit 2 without one. */
function splitField(field: RawField): [string, string] {
  const at = field.text.indexOf('=');
  if (at <= 0) {
    throw usageError(`${field.typed ? '-F' : '-f'} ${field.text}: a field is key=value`, 'for example -f summary="A title" or -F count=3');
  }
  return [field.text.slice(0, at), field.text.slice(at + 1)];
}

/** `a[b][]` → ['a', 'b', ''] (an empty part appends to a list). */
function keyParts(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) throw usageError(`invalid field name ${key}`, 'use key, key[sub] or key[] (to append to a list)');
  return [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)];
}

type JsonObject = { [key: string]: JsonValue };
type JsonValue = FieldValue | JsonValue[] | JsonObject;

const isObject = (value: JsonValue | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Puts `value` at `parts` in `target`: nested objects for `[name]`, a list appended to for `[]`. */
function place(target: JsonObject, parts: readonly string[], value: FieldValue, key: string): void {
  const [head, ...rest] = parts as [string, ...string[]];
  if (rest.length === 0) {
    if (head in target) throw usageError(`field ${key} is given twice`, 'use key[] to build a list');
    target[head] = value;
    return;
  }
  if (rest[0] === '') {
    const list = (target[head] ??= []);
    if (!Array.isArray(list) || rest.length > 1)
      throw usageError(`field ${key} mixes a list with another shape`, 'give each key one shape');
    list.push(value);
    return;
  }
  const child = (target[head] ??= {});
  if (!isObject(child)) throw usageError(`field ${key} mixes an object with another shape`, 'give each key one shape');
  place(child, rest, value, key);
}

/** The fields as a JSON body: `a[b]=c` nests, `a[]=x` appends to a list. */
export async function fieldsBody(fields: readonly RawField[], readFile: FileReader): Promise<JsonObject> {
  const body: JsonObject = {};
  for (const field of fields) {
    const [key, text] = splitField(field);
    place(body, keyParts(key), await fieldValue(field, text, readFile), key);
  }
  return body;
}

/** The fields as query parameters (GET, or with --input): each one a parameter, repeated names (and `key[]`) repeated. */
export async function fieldsQuery(fields: readonly RawField[], readFile: FileReader): Promise<Record<string, QueryValue>> {
  const query: Record<string, string | string[]> = {};
  for (const field of fields) {
    const [rawKey, text] = splitField(field);
    const key = rawKey.endsWith('[]') ? rawKey.slice(0, -2) : rawKey;
    const value = String(await fieldValue(field, text, readFile));
    const previous = query[key];
    query[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return query;
}

/** `Name: value` as a header; exit 2 for anything else. */
export function parseHeader(text: string): [string, string] {
  const at = text.indexOf(':');
  const name = at > 0 ? text.slice(0, at).trim() : '';
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
    throw usageError(`-H ${text}: a header is 'Name: value'`, "for example -H 'Accept: text/plain'");
  return [name, text.slice(at + 1).trim()];
}
