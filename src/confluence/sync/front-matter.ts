/**
 * The front matter of a pulled page (design note §3): `id`, `space`, `title`, `version` (the base
 * the file derives from) and `labels`, in that order, then any keys the user added, kept as
 * written. `title` is the only source of the page title (not the H1, not the file name); the
 * parent is the directory. A file without front matter, or without `id`, is a new page.
 *
 * YAML goes through the `yaml` package: this module is a lazy chunk (biome.json), reached only through
 * the docs commands' `await import()` of the engine (start-up rules).
 */
import { parse, stringify } from 'yaml';
import { normalizeText } from '../../cmdutil/input.js';
import { AtlError } from '../../errors.js';

export interface FrontMatter {
  id?: string;
  space?: string;
  title?: string;
  version?: number;
  labels?: string[];
  /** Keys atl does not own, in the order written. */
  extra: Record<string, unknown>;
}

export interface PageFile {
  frontMatter: FrontMatter;
  /** The Markdown after the front matter. */
  body: string;
  /** Whether the file had a front matter block at all. */
  hasFrontMatter: boolean;
}

const OWN_KEYS = ['id', 'space', 'title', 'version', 'labels'] as const;

/** Parses a page file; a malformed front matter is a usage error naming the file. */
export async function parsePageFile(text: string, file: string): Promise<PageFile> {
  const normalized = normalizeText(text);
  const empty: FrontMatter = { extra: {} };
  if (!normalized.startsWith('---\n')) return { frontMatter: empty, body: normalized, hasFrontMatter: false };
  const end = normalized.indexOf('\n---\n', 3);
  const endAtEof = normalized.endsWith('\n---') ? normalized.length - 4 : -1;
  const close = end >= 0 ? end : endAtEof;
  if (close < 0) return { frontMatter: empty, body: normalized, hasFrontMatter: false };
  const yamlText = normalized.slice(4, close + 1);
  let rest = normalized.slice(close + 5);
  if (rest.startsWith('\n')) rest = rest.slice(1);
  let data: unknown;
  try {
    data = parse(yamlText) ?? {};
  } catch (err) {
    throw invalid(file, (err as Error).message.split('\n')[0] ?? 'not YAML');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw invalid(file, 'the front matter is not a mapping');
  return { frontMatter: readFrontMatter(data as Record<string, unknown>, file), body: rest, hasFrontMatter: true };
}

function invalid(file: string, why: string): AtlError {
  return new AtlError('usage', `${file}: invalid front matter: ${why}`, {
    hint: 'front matter is YAML between two --- lines: id, space, title, version, labels',
  });
}

function readFrontMatter(data: Record<string, unknown>, file: string): FrontMatter {
  const matter: FrontMatter = { extra: {} };
  const { id, space, title, version, labels } = data;
  if (id !== undefined && id !== null) {
    if (typeof id !== 'string' && typeof id !== 'number') throw invalid(file, 'id is not a page id');
    matter.id = String(id);
  }
  if (space !== undefined && space !== null) matter.space = String(space);
  if (title !== undefined && title !== null) {
    if (typeof title === 'object') throw invalid(file, 'title is not text');
    matter.title = String(title);
  }
  if (version !== undefined && version !== null) {
    if (typeof version !== 'number' || !Number.isInteger(version)) throw invalid(file, 'version is not a whole number');
    matter.version = version;
  }
  if (labels !== undefined && labels !== null) {
    if (!Array.isArray(labels) || labels.some((label) => typeof label === 'object')) throw invalid(file, 'labels is not a list of names');
    matter.labels = labels.map(String);
  }
  for (const [key, value] of Object.entries(data)) if (!(OWN_KEYS as readonly string[]).includes(key)) matter.extra[key] = value;
  return matter;
}

/** The file text: front matter in fixed key order, a blank line, the body (LF, as given). */
export async function renderPageFile(frontMatter: FrontMatter, body: string): Promise<string> {
  const ordered: Record<string, unknown> = {};
  if (frontMatter.id !== undefined) ordered.id = frontMatter.id;
  if (frontMatter.space !== undefined) ordered.space = frontMatter.space;
  if (frontMatter.title !== undefined) ordered.title = frontMatter.title;
  if (frontMatter.version !== undefined) ordered.version = frontMatter.version;
  if (frontMatter.labels !== undefined && frontMatter.labels.length > 0) ordered.labels = frontMatter.labels;
  Object.assign(ordered, frontMatter.extra);
  const yamlText = stringify(ordered, { lineWidth: 0 });
  return `---\n${yamlText}---\n${body === '' ? '' : `\n${body}`}`;
}
