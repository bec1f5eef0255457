// ADF → Markdown for display: build an mdast tree and let mdast-util-to-markdown print it (it owns
// escaping). Nodes Markdown cannot express degrade to their text; nothing silently vanishes.
import type { BlockContent, Html, List, ListItem, Paragraph, PhrasingContent, Root, Table, TableCell, TableRow } from 'mdast';
import { decodeReferences } from './entities.js';
import { printMarkdown } from './markdown.js';
import type { AdfDoc, AdfMark, AdfNode } from './types.js';

export function adfToMarkdown(doc: AdfDoc | AdfNode): string {
  return printMarkdown(adfToMdast(doc));
}

/** The Markdown tree adfToMarkdown prints; the terminal renderer draws it instead (src/markup/terminal.ts). */
export function adfToMdast(doc: AdfDoc | AdfNode): Root {
  return { type: 'root', children: blocks(doc.type === 'doc' ? (doc.content ?? []) : [doc]) };
}

type Block = BlockContent;

const INLINE_TYPES = new Set([
  'text',
  'hardBreak',
  'mention',
  'emoji',
  'inlineCard',
  'date',
  'status',
  'mediaInline',
  'placeholder',
  'inlineExtension',
]);

function isInline(node: AdfNode): boolean {
  return INLINE_TYPES.has(node.type);
}

function para(children: PhrasingContent[]): Paragraph {
  // Markdown cannot end a paragraph with a hard break (it would print a stray backslash).
  let start = 0;
  let end = children.length;
  while (start < end && children[start]!.type === 'break') start++;
  while (end > start && children[end - 1]!.type === 'break') end--;
  return { type: 'paragraph', children: keepEmphasisFromLetters(trimLineEdges(children.slice(start, end))) };
}

/**
 * Whitespace at the start or end of a line means nothing in Markdown, so the printer would keep it
 * only as a character reference (`&#x20;`), which then reaches the reader. The Cloud editor puts a
 * text node of one space after every emoji, date, mention and inline card, so such edges are common.
 */
function trimLineEdges(children: PhrasingContent[]): PhrasingContent[] {
  const out = [...children];
  for (let index = 0; index < out.length; index++) {
    const child = out[index]!;
    if (child.type !== 'text') continue;
    let value = child.value;
    const previous = out[index - 1];
    const next = out[index + 1];
    if (index === 0 || previous?.type === 'break') value = value.replace(/^\s+/, '');
    if (index === out.length - 1 || next?.type === 'break') value = value.replace(/\s+$/, '');
    out[index] = textOf(value);
  }
  return out.filter((child) => child.type !== 'text' || child.value !== '');
}

const PUNCTUATION_START = /^[\p{P}\p{S}]+/u;
const PUNCTUATION_END = /[\p{P}\p{S}]+$/u;
const LETTER = /[^\p{P}\p{S}\s]/u;

/**
 * `a**"q"**b` is not bold in Markdown (a run closing after punctuation must not touch a letter), and
 * the printer would write the letters as character references (`&#x61;**"q"**&#x62;`). Punctuation
 * at such an edge moves outside the emphasis instead (`a"**q**"b`): the text stays whole and readable.
 */
function keepEmphasisFromLetters(children: PhrasingContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (let index = 0; index < children.length; index++) {
    const child = children[index]!;
    if (child.type !== 'strong' && child.type !== 'emphasis' && child.type !== 'delete') {
      out.push('children' in child && child.type === 'link' ? { ...child, children: keepEmphasisFromLetters(child.children) } : child);
      continue;
    }
    const inner = keepEmphasisFromLetters(child.children);
    const before = out[out.length - 1];
    const after = children[index + 1];
    let moveBefore = '';
    let moveAfter = '';
    const first = inner[0];
    if (before?.type === 'text' && LETTER.test(before.value.slice(-1)) && first?.type === 'text') {
      moveBefore = PUNCTUATION_START.exec(first.value)?.[0] ?? '';
      inner[0] = textOf(first.value.slice(moveBefore.length));
    }
    const last = inner[inner.length - 1];
    if (after?.type === 'text' && LETTER.test(after.value.charAt(0)) && last?.type === 'text') {
      moveAfter = PUNCTUATION_END.exec(last.value)?.[0] ?? '';
      inner[inner.length - 1] = textOf(last.value.slice(0, last.value.length - moveAfter.length));
    }
    const kept = inner.filter((node) => node.type !== 'text' || node.value !== '');
    if (moveBefore) out.push(textOf(moveBefore));
    if (kept.length > 0) out.push({ ...child, children: kept } as PhrasingContent);
    if (moveAfter) out.push(textOf(moveAfter));
  }
  return out;
}

function textOf(value: string): PhrasingContent {
  return { type: 'text', value };
}

/** Raw Markdown we want printed as is (placeholders would otherwise be escaped to `\[...]`). */
function raw(value: string): Html {
  return { type: 'html', value };
}

function blocks(nodes: readonly AdfNode[]): Block[] {
  const out: Block[] = [];
  let pendingInline: AdfNode[] = [];
  const flushInline = (): void => {
    if (pendingInline.length > 0) out.push(para(inlines(pendingInline)));
    pendingInline = [];
  };
  for (const node of nodes) {
    // Inline nodes at block level (invalid but seen in the wild) are gathered into a paragraph.
    if (isInline(node)) {
      pendingInline.push(node);
      continue;
    }
    flushInline();
    out.push(...block(node));
  }
  flushInline();
  // An empty ADF paragraph is a blank line in Jira; Markdown has no way to keep one.
  return out.filter((child) => child.type !== 'paragraph' || child.children.length > 0);
}

function block(node: AdfNode): Block[] {
  const content = node.content ?? [];
  switch (node.type) {
    case 'paragraph':
      return [para(inlines(content))];
    case 'heading': {
      const level = Number(node.attrs?.level ?? 1);
      const depth = Math.min(6, Math.max(1, Number.isFinite(level) ? level : 1)) as 1 | 2 | 3 | 4 | 5 | 6;
      // An ATX heading is one line: breaks become spaces.
      const children = para(inlines(content)).children.map((child) => (child.type === 'break' ? textOf(' ') : child));
      return [{ type: 'heading', depth, children }];
    }
    case 'rule':
      return [{ type: 'thematicBreak' }];
    case 'codeBlock': {
      const language = node.attrs?.language;
      return [
        {
          type: 'code',
          lang: typeof language === 'string' && language !== '' ? language : null,
          value: content.map((child) => child.text ?? '').join(''),
        },
      ];
    }
    case 'blockquote':
      return [{ type: 'blockquote', children: blocks(content) }];
    case 'panel':
      return [{ type: 'blockquote', children: labelled(panelLabel(node), blocks(content)) }];
    case 'expand':
    case 'nestedExpand': {
      const title = node.attrs?.title;
      const heading: Block[] = typeof title === 'string' && title !== '' ? [para([{ type: 'strong', children: [textOf(title)] }])] : [];
      return [...heading, ...blocks(content)];
    }
    case 'bulletList':
    case 'orderedList':
      return [list(node)];
    case 'taskList':
    case 'decisionList':
      return [taskList(node)];
    case 'table':
      return [table(node)];
    case 'blockCard':
    case 'embedCard': {
      const shown = card(node);
      return shown.length > 0 ? [para(shown)] : [];
    }
    case 'mediaSingle':
    case 'mediaGroup': {
      const media = content.filter((child) => child.type !== 'caption').map(mediaPlaceholder);
      const caption = content.find((child) => child.type === 'caption');
      if (caption && media.length > 0)
        return [para(interleave(media, () => textOf(' '))), ...blocks([{ type: 'paragraph', content: caption.content ?? [] }])];
      return media.length > 0 ? [para(interleave(media, () => textOf(' ')))] : [para([raw('[attachment]')])];
    }
    case 'media':
      return [para([mediaPlaceholder(node)])];
    case 'layoutSection':
    case 'layoutColumn':
    case 'bodiedExtension':
    case 'bodiedSyncBlock':
      return blocks(content);
    case 'syncBlock':
      // A reference to a block kept in another document: its content is not in this one.
      return [para([raw('[synced block]')])];
    case 'extension': {
      const label = extensionLabel(node);
      return label ? [para([raw(label)])] : [];
    }
    default:
      return unknownBlock(node);
  }
}

const PANEL_LABELS: Record<string, string> = {
  info: 'Info',
  note: 'Note',
  tip: 'Tip',
  warning: 'Warning',
  error: 'Error',
  success: 'Success',
};

/** What a panel is, as its icon tells the reader on the site: `Note`, `Warning`… (a custom panel: its icon's text, or `Panel`). */
function panelLabel(node: AdfNode): string {
  const type = String(node.attrs?.panelType ?? '');
  const iconText = node.attrs?.panelIconText;
  if (type === 'custom' && typeof iconText === 'string' && iconText.trim() !== '') return iconText.trim();
  return PANEL_LABELS[type] ?? 'Panel';
}

/** `**Label:**` before the first paragraph of `children` (or as a paragraph of its own when it does not start with one). */
function labelled(label: string, children: Block[]): Block[] {
  const strong: PhrasingContent = { type: 'strong', children: [textOf(`${label}:`)] };
  const first = children[0];
  if (first?.type === 'paragraph') return [{ ...first, children: [strong, textOf(' '), ...first.children] }, ...children.slice(1)];
  return [para([strong]), ...children];
}

function unknownBlock(node: AdfNode): Block[] {
  const content = node.content ?? [];
  if (content.length > 0) return blocks(content);
  const fallback = inline(node);
  return fallback.length > 0 ? [para(fallback)] : [];
}

function interleave<T>(items: T[], separator: () => T): T[] {
  return items.flatMap((item, index) => (index === 0 ? [item] : [separator(), item]));
}

function list(node: AdfNode): List {
  const ordered = node.type === 'orderedList';
  const order = Number(node.attrs?.order ?? 1);
  const items: ListItem[] = (node.content ?? []).map((item) => ({
    type: 'listItem',
    spread: false,
    children: blocks(item.type === 'listItem' ? (item.content ?? []) : [item]),
  }));
  return { type: 'list', ordered, start: ordered ? (Number.isFinite(order) ? order : 1) : null, spread: false, children: items };
}

/** ADF nests a task list as a sibling after the task it belongs to; Markdown nests it inside. */
function taskList(node: AdfNode): List {
  const items: ListItem[] = [];
  for (const child of node.content ?? []) {
    if (child.type === 'taskList' || child.type === 'decisionList') {
      const nested = taskList(child);
      const previous = items[items.length - 1];
      if (previous) previous.children.push(nested);
      else items.push({ type: 'listItem', spread: false, checked: null, children: [nested] });
      continue;
    }
    const checked = child.type === 'taskItem' || child.type === 'blockTaskItem' ? child.attrs?.state === 'DONE' : null;
    const inner = child.content ?? [];
    const children: Block[] = inner.length > 0 && inner.every(isInline) ? [para(inlines(inner))] : blocks(inner);
    items.push({ type: 'listItem', spread: false, checked, children: children.length > 0 ? children : [para([])] });
  }
  return { type: 'list', ordered: false, spread: false, children: items };
}

function table(node: AdfNode): Table {
  const rows = (node.content ?? []).filter((row) => row.type === 'tableRow');
  const width = Math.max(1, ...rows.map((row) => (row.content ?? []).length));
  const align: Table['align'] = [];
  const mdRows: TableRow[] = rows.map((row, rowIndex) => {
    const cells: TableCell[] = [];
    for (let column = 0; column < width; column++) {
      const cell = row.content?.[column];
      const cellBlocks = cell?.content ?? [];
      if (rowIndex === 0) align.push(cellAlignment(cellBlocks));
      cells.push({ type: 'tableCell', children: cellPhrasing(cellBlocks) });
    }
    return { type: 'tableRow', children: cells };
  });
  // GFM needs a header row; a headerless ADF table shows its first row there.
  if (mdRows.length === 0) mdRows.push({ type: 'tableRow', children: [{ type: 'tableCell', children: [] }] });
  return { type: 'table', align, children: mdRows };
}

function cellAlignment(cellBlocks: readonly AdfNode[]): 'center' | 'right' | null {
  const mark = cellBlocks[0]?.marks?.find((m) => m.type === 'alignment');
  if (mark?.attrs?.align === 'center') return 'center';
  if (mark?.attrs?.align === 'end') return 'right';
  return null;
}

/** GFM cells hold one line of phrasing: blocks are joined with `<br>` (which reads back as a break). */
function cellPhrasing(cellBlocks: readonly AdfNode[]): PhrasingContent[] {
  const lines = cellBlocks.map((child) => flattenBlock(child)).filter((line) => line.length > 0);
  return trimEdges(lines.flatMap((line, index) => (index === 0 ? line : [raw('<br>'), ...line])));
}

/** GFM trims cell content, so edge whitespace would not survive a round trip anyway. */
function trimEdges(children: PhrasingContent[]): PhrasingContent[] {
  const out = [...children];
  const first = out[0];
  if (first?.type === 'text') out[0] = textOf(first.value.replace(/^\s+/, ''));
  const last = out[out.length - 1];
  if (last?.type === 'text') out[out.length - 1] = textOf(last.value.replace(/\s+$/, ''));
  return out.filter((child) => child.type !== 'text' || child.value !== '');
}

function flattenBlock(node: AdfNode): PhrasingContent[] {
  if (isInline(node)) return inlines([node]);
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      return inlines(node.content ?? []).map((child) => (child.type === 'break' ? raw('<br>') : child));
    case 'codeBlock':
      return [
        {
          type: 'inlineCode',
          value: (node.content ?? [])
            .map((c) => c.text ?? '')
            .join('')
            .replace(/\n/g, ' '),
        },
      ];
    case 'bulletList':
    case 'orderedList':
    case 'taskList':
    case 'decisionList': {
      const items = (node.content ?? []).map((item, index) => {
        const bullet =
          node.type === 'orderedList'
            ? `${index + 1}. `
            : item.type === 'taskItem' || item.type === 'blockTaskItem'
              ? item.attrs?.state === 'DONE'
                ? '☑ '
                : '☐ '
              : '• ';
        const inner = item.type === 'taskItem' ? inlines(item.content ?? []) : joinBlocks(item.content ?? []);
        return [textOf(bullet), ...inner];
      });
      return items.flatMap((line, index) => (index === 0 ? line : [raw('<br>'), ...line]));
    }
    case 'expand':
    case 'nestedExpand': {
      const title = node.attrs?.title;
      const heading: PhrasingContent[] = typeof title === 'string' && title !== '' ? [{ type: 'strong', children: [textOf(title)] }] : [];
      const inner = joinBlocks(node.content ?? []);
      return heading.length > 0 && inner.length > 0 ? [...heading, raw('<br>'), ...inner] : [...heading, ...inner];
    }
    default:
      return joinBlocks(node.content ?? []);
  }
}

function joinBlocks(nodes: readonly AdfNode[]): PhrasingContent[] {
  const lines = nodes.map(flattenBlock).filter((line) => line.length > 0);
  return lines.flatMap((line, index) => (index === 0 ? line : [raw('<br>'), ...line]));
}

// ---------------------------------------------------------------------------------------------
// Inline content: ADF marks are flat sets on each text node; Markdown nests. We wrap the longest
// run of neighbours sharing a mark first, which keeps `**a _b_ c**` from splitting into pieces.

interface Piece {
  node: PhrasingContent;
  marks: AdfMark[];
}

// Marks Markdown cannot show (textColor, backgroundColor, subsup, fontSize…) keep their text; underline,
// which carries meaning in documents, is marked with the HTML tag GFM shows it with.
const WRAPPING_MARKS = new Set(['link', 'strong', 'em', 'strike', 'underline']);

function inlines(nodes: readonly AdfNode[]): PhrasingContent[] {
  const pieces: Piece[] = [];
  for (const node of nodes) {
    const marks = (node.marks ?? []).filter((mark) => WRAPPING_MARKS.has(mark.type));
    for (const converted of inline(node)) pieces.push({ node: converted, marks });
  }
  return wrap(pieces);
}

function markKey(mark: AdfMark): string {
  return mark.type === 'link' ? `link:${String(mark.attrs?.href ?? '')}:${String(mark.attrs?.title ?? '')}` : mark.type;
}

function wrap(pieces: Piece[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let index = 0;
  while (index < pieces.length) {
    const piece = pieces[index]!;
    if (piece.marks.length === 0) {
      out.push(piece.node);
      index++;
      continue;
    }
    // Pick the mark of this piece that spans the most following pieces.
    let best = piece.marks[0]!;
    let bestEnd = index + 1;
    for (const mark of piece.marks) {
      const key = markKey(mark);
      let end = index + 1;
      while (end < pieces.length && pieces[end]!.marks.some((m) => markKey(m) === key)) end++;
      if (end > bestEnd) {
        best = mark;
        bestEnd = end;
      }
    }
    const key = markKey(best);
    const inner = wrap(pieces.slice(index, bestEnd).map((p) => ({ node: p.node, marks: p.marks.filter((m) => markKey(m) !== key) })));
    out.push(...applyMark(best, inner));
    index = bestEnd;
  }
  return out;
}

/**
 * Editors often mark `"bold "` with its trailing space; `**bold **` is not emphasis in Markdown, so
 * edge whitespace moves outside the emphasis.
 */
function applyMark(mark: AdfMark, children: PhrasingContent[]): PhrasingContent[] {
  if (mark.type === 'link') {
    const title = mark.attrs?.title;
    return [{ type: 'link', url: String(mark.attrs?.href ?? ''), title: typeof title === 'string' ? title : null, children }];
  }
  const inner = [...children];
  let before = '';
  let after = '';
  const first = inner[0];
  if (first?.type === 'text') {
    const trimmed = first.value.replace(/^\s+/, '');
    before = first.value.slice(0, first.value.length - trimmed.length);
    if (trimmed === '') inner.shift();
    else inner[0] = textOf(trimmed);
  }
  const last = inner[inner.length - 1];
  if (last?.type === 'text') {
    const trimmed = last.value.replace(/\s+$/, '');
    after = last.value.slice(trimmed.length);
    if (trimmed === '') inner.pop();
    else inner[inner.length - 1] = textOf(trimmed);
  }
  const out: PhrasingContent[] = [];
  if (before) out.push(textOf(before));
  if (inner.length > 0) {
    if (mark.type === 'strong') out.push({ type: 'strong', children: inner });
    else if (mark.type === 'underline') out.push(raw('<u>'), ...inner, raw('</u>'));
    else if (mark.type === 'em') out.push({ type: 'emphasis', children: inner });
    else out.push({ type: 'delete', children: inner });
  }
  if (after) out.push(textOf(after));
  return out;
}

function autolink(url: string): PhrasingContent {
  return { type: 'link', url, title: null, children: [textOf(url)] };
}

/**
 * A smart link: its URL, or, when it carries only JSON-LD `data` (as pasted from another product),
 * the title there as the link's text, or the title alone when there is no URL.
 */
function card(node: AdfNode): PhrasingContent[] {
  const url = cardUrl(node);
  const data = node.attrs?.data as { name?: unknown } | undefined;
  const title = typeof node.attrs?.url === 'string' || typeof data?.name !== 'string' ? '' : data.name.trim();
  if (url && title) return [{ type: 'link', url, title: null, children: [textOf(title)] }];
  if (url) return [autolink(url)];
  return title ? [textOf(title)] : [];
}

function cardUrl(node: AdfNode): string | undefined {
  const url = node.attrs?.url;
  if (typeof url === 'string' && url !== '') return url;
  const data = node.attrs?.data as { url?: unknown } | undefined;
  return typeof data?.url === 'string' ? data.url : undefined;
}

function placeholderName(value: unknown): string {
  // The placeholder is printed raw, so keep Markdown syntax out of the name.
  return typeof value === 'string' ? value.replace(/[[\]<>*_`\\|!\n]/g, ' ').trim() : '';
}

function mediaPlaceholder(node: AdfNode): PhrasingContent {
  const attrs = node.attrs ?? {};
  if (attrs.type === 'external' && typeof attrs.url === 'string') {
    return { type: 'image', url: attrs.url, alt: typeof attrs.alt === 'string' ? attrs.alt : '', title: null };
  }
  // The Cloud editor keeps the uploaded file's name in `alt` (older documents in `__fileName`).
  const name = [attrs.alt, attrs.__fileName, attrs.fileName, attrs.name].map(placeholderName).find((n) => n !== '');
  return raw(name ? `[attachment: ${name}]` : '[attachment]');
}

function extensionLabel(node: AdfNode): string {
  const textAttr = node.attrs?.text;
  if (typeof textAttr === 'string' && textAttr !== '') return placeholderName(textAttr);
  const key = placeholderName(node.attrs?.extensionKey);
  return key ? `[${key}]` : '';
}

function formatDate(timestamp: unknown): string {
  const millis = Number(timestamp);
  if (!Number.isFinite(millis)) return String(timestamp ?? '');
  return new Date(millis).toISOString().slice(0, 10);
}

// A bare URL in text reads back as a link under GFM whatever escaping the printer adds (and the
// escaping, `https\://`, is ugly on screen), so it is printed as the autolink it will become.
const BARE_URL = /\bhttps?:\/\/[^\s<>*_~`()[\]{}|\\^"]+/g;

function linkifyUrls(value: string): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let last = 0;
  for (const match of value.matchAll(BARE_URL)) {
    const url = match[0].replace(/[.,:;!?']+$/, '');
    if (!/^https?:\/\/[^/]*[a-z0-9]/i.test(url)) continue;
    if (match.index > last) out.push(textOf(value.slice(last, match.index)));
    out.push(autolink(url));
    last = match.index + url.length;
  }
  if (last < value.length) out.push(textOf(value.slice(last)));
  return out;
}

function inline(node: AdfNode): PhrasingContent[] {
  const attrs = node.attrs ?? {};
  switch (node.type) {
    case 'text': {
      if (!node.text) return [];
      // Code is shown verbatim; prose never shows a character reference (text imported from HTML keeps `&amp;`).
      if (node.marks?.some((mark) => mark.type === 'code')) return [{ type: 'inlineCode', value: node.text }];
      const value = decodeReferences(node.text);
      return node.marks?.some((mark) => mark.type === 'link') ? [textOf(value)] : linkifyUrls(value);
    }
    case 'hardBreak':
      return [{ type: 'break' }];
    case 'mention': {
      const label = typeof attrs.text === 'string' && attrs.text !== '' ? attrs.text : String(attrs.id ?? 'unknown');
      return [textOf(label.startsWith('@') ? label : `@${label}`)];
    }
    case 'emoji': {
      const value = typeof attrs.text === 'string' && attrs.text !== '' ? attrs.text : String(attrs.shortName ?? '');
      return value ? [textOf(value)] : [];
    }
    case 'inlineCard':
      return card(node);
    case 'date':
      return [textOf(formatDate(attrs.timestamp))];
    case 'status':
      return typeof attrs.text === 'string' && attrs.text !== '' ? [textOf(attrs.text)] : [];
    case 'mediaInline':
    case 'media':
      return [mediaPlaceholder(node)];
    case 'placeholder':
      return typeof attrs.text === 'string' && attrs.text !== '' ? [textOf(attrs.text)] : [];
    case 'inlineExtension': {
      const label = extensionLabel(node);
      return label ? [raw(label)] : [];
    }
    default: {
      // Unknown inline (or a block where inline content belongs): its text, never nothing.
      if (typeof node.text === 'string' && node.text !== '') return [textOf(node.text)];
      if (node.content && node.content.length > 0) return joinBlocks(node.content);
      if (typeof attrs.text === 'string' && attrs.text !== '') return [textOf(attrs.text)];
      if (typeof attrs.url === 'string' && attrs.url !== '') return [autolink(attrs.url)];
      return [];
    }
  }
}
