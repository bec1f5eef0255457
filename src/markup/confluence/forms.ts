// The Markdown forms both directions agree on, in one place (see the table in index.ts).

/** Confluence panel macro ↔ GitHub alert type, by colour: `note` is yellow and `warning` red in Confluence. */
export const PANEL_TO_ALERT: Record<string, string> = { info: 'NOTE', tip: 'TIP', note: 'WARNING', warning: 'CAUTION' };
export const ALERT_TO_PANEL: Record<string, string> = Object.fromEntries(
  Object.entries(PANEL_TO_ALERT).map(([panel, alert]) => [alert, panel]),
);

/** Info string of a fenced block carrying storage XML exactly as Confluence stored it. */
export const OPAQUE_LANG = 'confluence-storage';

/** The paragraph that stands for a table-of-contents macro without parameters. */
export const TOC_MARK = '[[_TOC_]]';

/**
 * Attributes Confluence adds or rewrites on its own: never a difference between two documents,
 * and never needed for a native Markdown form.
 */
export const IGNORED_ATTRIBUTES = new Set([
  'ac:macro-id',
  'ac:local-id',
  'local-id',
  'ac:schema-version',
  'ri:version-at-save',
  'ac:task-list-id',
  'data-uuid',
]);

/** Plain HTML elements that stay inline HTML in the Markdown (CommonMark raw HTML), with their attributes. */
export const INLINE_HTML = new Set([
  'a',
  'abbr',
  'b',
  'big',
  'cite',
  'code',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'img',
  'ins',
  'kbd',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'time',
  'tt',
  'u',
  'var',
  'br',
]);

/** Emoji shown for Confluence emoticon names (Data Center names, which Cloud also writes). */
export const EMOTICON_TEXT: Record<string, string> = {
  smile: '🙂',
  sad: '🙁',
  cheeky: '😛',
  laugh: '😀',
  wink: '😉',
  'thumbs-up': '👍',
  'thumbs-down': '👎',
  information: 'ℹ️',
  tick: '✅',
  cross: '❌',
  warning: '⚠️',
  plus: '➕',
  minus: '➖',
  question: '❓',
  'light-on': '💡',
  'light-off': '💡',
  'yellow-star': '⭐',
  'red-star': '⭐',
  'green-star': '⭐',
  'blue-star': '⭐',
  heart: '❤️',
  'broken-heart': '💔',
};

/** JSON that can sit in an HTML comment, also inside a table row: no `--`, no `|`, no line break. */
function commentJson(data: Record<string, unknown>): string {
  return JSON.stringify(data)
    .replace(/-(?=-)/g, '\\u002d')
    .replace(/\|/g, '\\u007c');
}

/** `<!-- atl:KIND NAME {json} -->`: the start of a wrapper whose body stays Markdown. */
export function wrapperStart(kind: 'macro' | 'el', name: string, data: Record<string, unknown>): string {
  const json = Object.keys(data).length === 0 ? '' : ` ${commentJson(data)}`;
  return `<!-- atl:${kind} ${name}${json} -->`;
}

export function wrapperEnd(kind: 'macro' | 'el', name: string): string {
  return `<!-- /atl:${kind} ${name} -->`;
}

const START = /^<!-- atl:(macro|el) (\S+)(?: (\{.*\}))? -->$/s;
const END = /^<!-- \/atl:(macro|el) (\S+) -->$/;

export interface Wrapper {
  kind: 'macro' | 'el';
  name: string;
  data: { attrs?: Record<string, string>; params?: Record<string, string> };
}

export function parseWrapperStart(html: string): Wrapper | undefined {
  const match = START.exec(html.trim());
  if (!match) return undefined;
  try {
    const data = match[3] ? JSON.parse(match[3]) : {};
    return { kind: match[1] as Wrapper['kind'], name: match[2]!, data };
  } catch {
    return undefined;
  }
}

export function parseWrapperEnd(html: string): { kind: string; name: string } | undefined {
  const match = END.exec(html.trim());
  return match ? { kind: match[1]!, name: match[2]! } : undefined;
}

/** `<!-- atl:attrs {json} -->`: attributes of the table or image it stands before/after. */
export function attrsComment(data: Record<string, unknown>): string {
  return `<!-- atl:attrs ${commentJson(data)} -->`;
}

export function parseAttrsComment(html: string): Record<string, unknown> | undefined {
  const match = /^<!-- atl:attrs (\{.*\}) -->$/s.exec(html.trim());
  if (!match) return undefined;
  try {
    return JSON.parse(match[1]!);
  } catch {
    return undefined;
  }
}

/** Macros that sit inside a line of text, not between blocks. */
export const INLINE_MACROS = new Set(['status', 'jira', 'anchor', 'mention']);

/** Elements that are read as inline content: everything else at block level is a block. */
const INLINE_ELEMENTS = new Set(['ac:link', 'ac:image', 'ac:emoticon', 'ac:inline-comment-marker', 'ac:placeholder', 'ri:user']);

/** Whether an element found between blocks is itself a block (a paragraph is not wrapped around it). */
export function isBlockElement(name: string, macroName: string | undefined): boolean {
  if (name === 'ac:structured-macro' || name === 'ac:macro') return !INLINE_MACROS.has(macroName ?? '');
  return !INLINE_HTML.has(name) && !INLINE_ELEMENTS.has(name);
}

/** An HTML attribute name CommonMark accepts in raw HTML. */
export const HTML_ATTRIBUTE_NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*$/;
