// Jira wiki markup → Markdown: a small line-based block parser and a character-level inline
// tokenizer build an mdast tree, which mdast-util-to-markdown prints. See md-to-wiki.ts for the
// conventions both directions share.
import type { BlockContent, Html, List, ListItem, PhrasingContent, Root, Table, TableCell, TableRow } from 'mdast';
import { decodeReferences } from './entities.js';
import { printMarkdown } from './markdown.js';

export function wikiToMarkdown(wiki: string): string {
  return printMarkdown(wikiToMdast(wiki));
}

/** The Markdown tree wikiToMarkdown prints; the terminal renderer draws it instead (src/markup/terminal.ts). */
export function wikiToMdast(wiki: string): Root {
  const lines = wiki.replace(/\r\n?/g, '\n').split('\n');
  return { type: 'root', children: parseBlocks(lines) };
}

// ---------------------------------------------------------------------------------------------
// Blocks

const HEADING = /^\s*h([1-6])\.\s*(.*)$/;
const QUOTE_LINE = /^\s*bq\.\s?(.*)$/;
const RULE = /^\s*-{4,}\s*$/;
const LIST_LINE = /^\s*([*#]+|-)\s+(.*)$/;
const TABLE_LINE = /^\s*\|/;
const MACRO_START = /^\s*\{(code|noformat|quote|panel|info|note|warning|tip)(?::([^}]*))?\}(.*)$/;
/** Server's coloured panel macros, shown as the panel type they are (as ADF panels are). */
const PANEL_MACROS: Record<string, string> = { info: 'Info', note: 'Note', warning: 'Warning', tip: 'Tip' };

function isBlockStart(line: string): boolean {
  return (
    HEADING.test(line) ||
    QUOTE_LINE.test(line) ||
    RULE.test(line) ||
    LIST_LINE.test(line) ||
    TABLE_LINE.test(line) ||
    MACRO_START.test(line)
  );
}

/** Finds `{name}` closing a macro, from `line` at `from`; returns the line and column. */
function findClose(
  lines: readonly string[],
  name: string,
  startLine: number,
  startColumn: number,
): { line: number; column: number } | undefined {
  const tag = `{${name}}`;
  for (let line = startLine; line < lines.length; line++) {
    const column = lines[line]!.indexOf(tag, line === startLine ? startColumn : 0);
    if (column >= 0) return { line, column };
  }
  return undefined;
}

/** The text between an opening macro tag and its closing tag, and the index of the line after. */
function macroBody(lines: readonly string[], index: number, name: string, rest: string): { body: string; next: number } {
  const opening = lines[index]!;
  const restStart = opening.length - rest.length;
  const close = findClose(lines, name, index, restStart);
  if (!close) return { body: [rest, ...lines.slice(index + 1)].join('\n').replace(/^\n/, ''), next: lines.length };
  if (close.line === index) return { body: opening.slice(restStart, close.column), next: index + 1 };
  const body = [rest, ...lines.slice(index + 1, close.line), lines[close.line]!.slice(0, close.column)];
  if (body[0] === '') body.shift();
  if (body.length > 0 && body[body.length - 1] === '') body.pop();
  return { body: body.join('\n'), next: close.line + 1 };
}

function macroParams(params: string | undefined): { first?: string; named: Map<string, string> } {
  const named = new Map<string, string>();
  let first: string | undefined;
  for (const part of (params ?? '').split('|')) {
    const eq = part.indexOf('=');
    if (eq > 0) named.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
    else if (part.trim() !== '' && first === undefined) first = part.trim();
  }
  return first === undefined ? { named } : { first, named };
}

function parseBlocks(lines: readonly string[]): BlockContent[] {
  const out: BlockContent[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (line.trim() === '') {
      index++;
      continue;
    }
    const macro = MACRO_START.exec(line);
    if (macro) {
      const name = macro[1]!;
      const { body, next } = macroBody(lines, index, name, macro[3]!);
      const params = macroParams(macro[2]);
      if (name === 'code' || name === 'noformat') {
        const lang = name === 'code' ? (params.named.get('language') ?? params.first ?? null) : null;
        out.push({ type: 'code', lang, value: body });
      } else {
        const inner = parseBlocks(body.split('\n'));
        const title = params.named.get('title');
        const kind = PANEL_MACROS[name];
        if (kind) {
          const label: PhrasingContent = { type: 'strong', children: [{ type: 'text', value: `${kind}:` }] };
          const heading: PhrasingContent[] = title
            ? [label, { type: 'text', value: ' ' }, { type: 'strong', children: parseInline(title) }]
            : [label];
          const first = inner[0];
          if (first?.type === 'paragraph' && !title) first.children.unshift(label, { type: 'text', value: ' ' });
          else inner.unshift({ type: 'paragraph', children: heading });
        } else if (title) inner.unshift({ type: 'paragraph', children: [{ type: 'strong', children: parseInline(title) }] });
        out.push({ type: 'blockquote', children: inner });
      }
      index = next;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const depth = Number(heading[1]) as 1 | 2 | 3 | 4 | 5 | 6;
      out.push({ type: 'heading', depth, children: trimBreaks(parseInline(heading[2]!)) });
      index++;
      continue;
    }
    const quote = QUOTE_LINE.exec(line);
    if (quote) {
      out.push({ type: 'blockquote', children: [{ type: 'paragraph', children: trimBreaks(parseInline(quote[1]!)) }] });
      index++;
      continue;
    }
    if (RULE.test(line)) {
      out.push({ type: 'thematicBreak' });
      index++;
      continue;
    }
    if (LIST_LINE.test(line)) {
      const start = index;
      while (index < lines.length && LIST_LINE.test(lines[index]!)) index++;
      out.push(...parseList(lines.slice(start, index)));
      continue;
    }
    if (TABLE_LINE.test(line)) {
      const start = index;
      while (index < lines.length && TABLE_LINE.test(lines[index]!)) index++;
      out.push(parseTable(lines.slice(start, index)));
      continue;
    }
    const start = index;
    index++;
    while (index < lines.length && lines[index]!.trim() !== '' && !isBlockStart(lines[index]!)) index++;
    // Jira renders a newline inside a paragraph as a line break.
    const children = trimBreaks(
      parseInline(
        lines
          .slice(start, index)
          .map((l) => l.trim())
          .join('\n'),
      ),
    );
    if (children.length > 0) out.push({ type: 'paragraph', children });
  }
  return out;
}

const TASK_PREFIX = /^\\\[([ xX])\\\]\s*/;

function parseList(lines: readonly string[]): List[] {
  const roots: List[] = [];
  const stack: { list: List; char: string }[] = [];
  for (const line of lines) {
    const match = LIST_LINE.exec(line)!;
    const markers = match[1] === '-' ? '*' : match[1]!;
    let text = match[2]!;
    // A list cannot start deeper than one level below the current one.
    const depth = Math.min(markers.length, stack.length + 1);
    const char = markers[depth - 1]!;
    stack.length = Math.min(stack.length, depth);
    if (stack.length === depth && stack[depth - 1]!.char !== char) stack.length = depth - 1;
    if (stack.length < depth) {
      const list: List = { type: 'list', ordered: char === '#', start: char === '#' ? 1 : null, spread: false, children: [] };
      if (depth === 1) roots.push(list);
      else {
        const parentList = stack[depth - 2]!.list;
        parentList.children[parentList.children.length - 1]!.children.push(list);
      }
      stack.push({ list, char });
    }
    let checked: boolean | null = null;
    const task = TASK_PREFIX.exec(text);
    if (task) {
      checked = task[1] !== ' ';
      text = text.slice(task[0].length);
    }
    const children = trimBreaks(parseInline(text.trim()));
    const item: ListItem = { type: 'listItem', spread: false, checked, children: [{ type: 'paragraph', children }] };
    stack[depth - 1]!.list.children.push(item);
  }
  return roots;
}

/** Splits a table row on `|`/`||` outside links, monospace and escapes. */
function splitRow(line: string): { header: boolean; text: string }[] {
  const cells: { header: boolean; text: string }[] = [];
  let current: { header: boolean; text: string } | undefined;
  let bracketDepth = 0;
  let inMono = false;
  const trimmed = line.trim();
  for (let index = 0; index < trimmed.length; index++) {
    const char = trimmed[index]!;
    if (char === '\\' && index + 1 < trimmed.length) {
      if (current) current.text += char + trimmed[index + 1];
      index++;
      continue;
    }
    if (!inMono && trimmed.startsWith('{{', index)) inMono = true;
    else if (inMono && trimmed.startsWith('}}', index)) inMono = false;
    if (!inMono && char === '[') bracketDepth++;
    if (!inMono && char === ']' && bracketDepth > 0) bracketDepth--;
    if (char === '|' && bracketDepth === 0 && !inMono) {
      const header = trimmed[index + 1] === '|';
      if (header) index++;
      if (current) cells.push(current);
      current = { header, text: '' };
      continue;
    }
    if (current) current.text += char;
  }
  // The text after the last separator is a cell only when there is some.
  if (current && current.text.trim() !== '') cells.push(current);
  return cells;
}

function parseTable(lines: readonly string[]): Table {
  const rows = lines.map(splitRow);
  const width = Math.max(1, ...rows.map((row) => row.length));
  const children: TableRow[] = rows.map((row) => {
    const cells: TableCell[] = [];
    for (let column = 0; column < width; column++) {
      const cell = row[column];
      // GFM cells are one line: breaks are written as `<br>`, which Markdown → ADF reads back.
      const content = cell ? trimBreaks(parseInline(cell.text.trim())).map((node) => (node.type === 'break' ? brTag() : node)) : [];
      cells.push({ type: 'tableCell', children: content });
    }
    return { type: 'tableRow', children: cells };
  });
  return { type: 'table', align: [], children };
}

function brTag(): Html {
  return { type: 'html', value: '<br>' };
}

function trimBreaks(nodes: PhrasingContent[]): PhrasingContent[] {
  let start = 0;
  let end = nodes.length;
  while (start < end && nodes[start]!.type === 'break') start++;
  while (end > start && nodes[end - 1]!.type === 'break') end--;
  const out = nodes.slice(start, end);
  // Whitespace around a break is not content (`a \\ b`).
  for (let index = 0; index < out.length; index++) {
    const node = out[index]!;
    if (node.type !== 'text') continue;
    if (out[index + 1]?.type === 'break') node.value = node.value.replace(/[ \t]+$/, '');
    if (out[index - 1]?.type === 'break') node.value = node.value.replace(/^[ \t]+/, '');
  }
  return out.filter((node) => node.type !== 'text' || node.value !== '');
}

// ---------------------------------------------------------------------------------------------
// Inline

type Effect = 'strong' | 'emphasis' | 'delete' | 'underline' | 'plain';

const EFFECTS: Record<string, Effect> = {
  '*': 'strong',
  _: 'emphasis',
  '-': 'delete',
  '+': 'underline',
  '^': 'plain',
  '~': 'plain',
  '??': 'emphasis',
};

function isWord(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}]/u.test(char);
}

function isSpace(char: string | undefined): boolean {
  return char === undefined || /\s/.test(char);
}

/** Index just after the `close` string, skipping escapes; -1 if absent. */
function findUnescaped(text: string, close: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    if (text[index] === '\\') {
      index++;
      continue;
    }
    if (text.startsWith(close, index)) return index;
  }
  return -1;
}

function unescapeWiki(text: string): string {
  return decodeReferences(text.replace(/\\(.)/g, '$1'));
}

/**
 * Finds where an effect opened at `open` closes: the same marker (or its braced `{x}` form) with
 * a non-space before it and no word character after it, on the same line.
 */
function findEffectClose(text: string, marker: string, from: number): { start: number; end: number } | undefined {
  for (let index = from; index < text.length; index++) {
    const char = text[index]!;
    if (char === '\n') return undefined;
    if (char === '\\') {
      index++;
      continue;
    }
    if (text.startsWith(`{${marker}}`, index) && index > from) return { start: index, end: index + marker.length + 2 };
    if (text.startsWith('{{', index)) {
      const close = findUnescaped(text, '}}', index + 2);
      if (close < 0) return undefined;
      index = close + 1;
      continue;
    }
    if (text.startsWith(marker, index) && index > from && !isSpace(text[index - 1]) && !isWord(text[index + marker.length])) {
      return { start: index, end: index + marker.length };
    }
  }
  return undefined;
}

function wrapEffect(kind: Effect, children: PhrasingContent[]): PhrasingContent[] {
  if (kind === 'plain') return children;
  // Markdown has no underline: marked as ADF's is (adf-to-md.ts), so it is not lost.
  if (kind === 'underline') return [{ type: 'html', value: '<u>' }, ...children, { type: 'html', value: '</u>' }];
  return [{ type: kind, children }];
}

export function parseInline(text: string): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let buffer = '';
  const flush = (): void => {
    if (buffer !== '') out.push({ type: 'text', value: buffer });
    buffer = '';
  };
  const push = (...nodes: PhrasingContent[]): void => {
    flush();
    out.push(...nodes);
  };
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    const rest = text.slice(index);
    if (rest.startsWith('\\\\') || char === '\n') {
      // Spaces around a line break are layout, not content (`a \\ b`).
      buffer = buffer.replace(/[ \t]+$/, '');
      push({ type: 'break' });
      index += char === '\n' ? 1 : 2;
      while (text[index] === ' ' || text[index] === '\t') index++;
      continue;
    }
    if (char === '\\' && index + 1 < text.length) {
      buffer += text[index + 1];
      index += 2;
      continue;
    }
    // Jira draws ` -- ` as an en dash and ` --- ` as an em dash; they are not strike-through markers.
    const dash = /^-{2,3}(?=\s|$)/.exec(rest);
    if (dash && isSpace(text[index - 1])) {
      buffer += dash[0].length === 3 ? '—' : '–';
      index += dash[0].length;
      continue;
    }
    if (char === '&') {
      const entity = /^&(#\d+|#x[0-9a-f]+|[a-z]+);/i.exec(rest);
      const decoded = entity ? decodeReferences(entity[0]) : undefined;
      if (entity && decoded !== entity[0]) {
        buffer += decoded;
        index += entity[0].length;
        continue;
      }
    }
    if (rest.startsWith('{{')) {
      const close = findUnescaped(text, '}}', index + 2);
      if (close > index + 2) {
        // `{{a}}}` closes at the last brace run's end: monospace of `a}` is rare, `}}}` is a typo.
        push({ type: 'inlineCode', value: unescapeWiki(text.slice(index + 2, close)) });
        index = close + 2;
        continue;
      }
    }
    const colorTag = /^\{(color|anchor)(:[^}]*)?\}/.exec(rest);
    if (colorTag) {
      index += colorTag[0].length;
      continue;
    }
    const effectMatch = matchEffect(text, index);
    if (effectMatch) {
      push(...wrapEffect(effectMatch.kind, parseInline(effectMatch.inner)));
      index = effectMatch.next;
      continue;
    }
    if (char === '[') {
      const close = findUnescaped(text, ']', index + 1);
      if (close > index + 1 && !text.slice(index + 1, close).includes('\n')) {
        const converted = linkNode(text.slice(index + 1, close));
        if (converted) {
          push(...converted);
          index = close + 1;
          continue;
        }
      }
    }
    if (char === '!' && !isSpace(text[index + 1])) {
      const close = findUnescaped(text, '!', index + 1);
      const body = close > 0 ? text.slice(index + 1, close) : '';
      if (close > 0 && body !== '' && !body.includes('\n') && !isSpace(body.at(-1))) {
        const [source = '', ...params] = body.split('|');
        const alt =
          params
            .join(',')
            .split(',')
            .map((p) => p.trim())
            .find((p) => p.startsWith('alt='))
            ?.slice(4)
            .replace(/^"|"$/g, '') ?? '';
        push({ type: 'image', url: source.trim(), alt, title: null });
        index = close + 1;
        continue;
      }
    }
    buffer += char;
    index++;
  }
  flush();
  return out;
}

function matchEffect(text: string, index: number): { kind: Effect; inner: string; next: number } | undefined {
  for (const marker of ['??', '*', '_', '-', '+', '^', '~']) {
    const braced = text.startsWith(`{${marker}}`, index);
    if (!braced && !text.startsWith(marker, index)) continue;
    const contentStart = index + (braced ? marker.length + 2 : marker.length);
    // A bare opener needs a non-word character before it and content right after it.
    if (!braced && isWord(text[index - 1])) continue;
    if (isSpace(text[contentStart])) continue;
    const close = findEffectClose(text, marker, contentStart);
    if (!close) continue;
    return { kind: EFFECTS[marker]!, inner: text.slice(contentStart, close.start), next: close.end };
  }
  return undefined;
}

function looksLikeUrl(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/') || target.startsWith('#');
}

function linkNode(body: string): PhrasingContent[] | undefined {
  if (body.trim() === '') return undefined;
  if (body.startsWith('~')) return [{ type: 'text', value: `@${unescapeWiki(body.slice(1))}` }];
  if (body.startsWith('^')) return [{ type: 'text', value: unescapeWiki(body.slice(1)) }];
  const bar = findLastBar(body);
  const label = bar >= 0 ? body.slice(0, bar) : '';
  const target = unescapeWiki((bar >= 0 ? body.slice(bar + 1) : body).trim());
  if (!looksLikeUrl(target)) {
    // A link to a page or issue key: keep what the reader sees.
    return label ? parseInline(label) : [{ type: 'text', value: target }];
  }
  const url = safeDecode(target);
  const children = label ? parseInline(label) : [{ type: 'text' as const, value: url }];
  return [{ type: 'link', url, title: null, children }];
}

function safeDecode(url: string): string {
  // Our own writer percent-encodes `|`, `[` and `]` in targets; undo only those.
  return url.replace(/%7C/gi, '|').replace(/%5B/gi, '[').replace(/%5D/gi, ']').replace(/%21/g, '!');
}

function findLastBar(body: string): number {
  let found = -1;
  for (let index = 0; index < body.length; index++) {
    if (body[index] === '\\') {
      index++;
      continue;
    }
    if (body[index] === '|') found = index;
  }
  return found;
}
