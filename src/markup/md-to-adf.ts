// Markdown (GFM) → ADF. We walk the mdast tree ourselves rather than use marklassian so every node
// is under our control, and we coerce each block to what the ADF schema allows where it lands
// (a blockquote may not hold a heading, a task item holds only inline content, ...).
import { randomUUID } from 'node:crypto';
import type { Definition, List, ListItem, Nodes, PhrasingContent, RootContent, Table } from 'mdast';
import { parseMarkdown } from './markdown.js';
import type { AdfDoc, AdfMark, AdfNode } from './types.js';

interface Context {
  definitions: Map<string, Definition>;
}

export function markdownToAdf(markdown: string): AdfDoc {
  const tree = parseMarkdown(markdown);
  const context: Context = { definitions: new Map() };
  collectDefinitions(tree, context.definitions);
  const content = coerceAll(blocks(tree.children, context), DOC_BLOCKS);
  return { type: 'doc', version: 1, content };
}

function collectDefinitions(node: Nodes, into: Map<string, Definition>): void {
  if (node.type === 'definition' && !into.has(node.identifier)) into.set(node.identifier, node);
  if ('children' in node) for (const child of node.children) collectDefinitions(child, into);
}

// Which block types each ADF container accepts (the subset of the schema we ever produce).
const DOC_BLOCKS = new Set(['paragraph', 'heading', 'codeBlock', 'bulletList', 'orderedList', 'taskList', 'blockquote', 'rule', 'table']);
const LIST_ITEM_BLOCKS = new Set(['paragraph', 'bulletList', 'orderedList', 'taskList', 'codeBlock']);
const QUOTE_BLOCKS = new Set(['paragraph', 'bulletList', 'orderedList', 'codeBlock']);

function paragraph(content: AdfNode[]): AdfNode {
  return { type: 'paragraph', content: trimBreaks(content) };
}

/** A break at either end of a paragraph shows nothing in Markdown; in ADF it would be a blank line. */
function trimBreaks(content: AdfNode[]): AdfNode[] {
  let start = 0;
  let end = content.length;
  while (start < end && content[start]!.type === 'hardBreak') start++;
  while (end > start && content[end - 1]!.type === 'hardBreak') end--;
  return start === 0 && end === content.length ? content : content.slice(start, end);
}

function blocks(nodes: readonly RootContent[], context: Context): AdfNode[] {
  return nodes.flatMap((node) => block(node, context));
}

function block(node: RootContent, context: Context): AdfNode[] {
  switch (node.type) {
    case 'paragraph':
      return [paragraph(inlines(node.children, [], context))];
    case 'heading':
      return [{ type: 'heading', attrs: { level: node.depth }, content: trimBreaks(inlines(node.children, [], context)) }];
    case 'thematicBreak':
      return [{ type: 'rule' }];
    case 'blockquote': {
      const content = coerceAll(blocks(node.children, context), QUOTE_BLOCKS);
      return [{ type: 'blockquote', content: content.length > 0 ? content : [paragraph([])] }];
    }
    case 'code':
      return [codeBlock(node.value, node.lang ?? undefined)];
    case 'list':
      return list(node, context);
    case 'table':
      return [table(node, context)];
    case 'html':
      return [paragraph(textWithBreaks(node.value, []))];
    case 'definition':
      return []; // consumed by the references that use it
    case 'footnoteDefinition': {
      const inner = blocks(node.children, context).map(flattenToInline);
      return [paragraph([text(`[^${node.label ?? node.identifier}]: `, []), ...joinWithBreaks(inner)])];
    }
    default:
      // Anything else that can appear at block level (yaml, mdx...) keeps its text.
      return 'value' in node && typeof node.value === 'string' && node.value !== '' ? [paragraph(textWithBreaks(node.value, []))] : [];
  }
}

function codeBlock(value: string, language: string | undefined): AdfNode {
  const node: AdfNode = { type: 'codeBlock' };
  if (language) node.attrs = { language };
  if (value !== '') node.content = [{ type: 'text', text: value }];
  return node;
}

/** GFM lets one list mix task and plain items; ADF cannot, so each run becomes its own list. */
function list(node: List, context: Context): AdfNode[] {
  const runs: ListItem[][] = [];
  let previousIsTask: boolean | undefined;
  for (const item of node.children) {
    const isTask = item.checked === true || item.checked === false;
    if (isTask !== previousIsTask) runs.push([]);
    runs[runs.length - 1]!.push(item);
    previousIsTask = isTask;
  }
  let order = node.start ?? 1;
  return runs.map((items) => {
    const isTask = items[0]!.checked === true || items[0]!.checked === false;
    if (isTask) return taskList(items, context);
    const converted: AdfNode = { type: node.ordered ? 'orderedList' : 'bulletList', content: items.map((item) => listItem(item, context)) };
    if (node.ordered && order !== 1) converted.attrs = { order };
    order += items.length;
    return converted;
  });
}

function listItem(item: ListItem, context: Context): AdfNode {
  const content = coerceAll(blocks(item.children, context), LIST_ITEM_BLOCKS);
  return { type: 'listItem', content: content.length > 0 ? content : [paragraph([])] };
}

/**
 * A task item holds inline content only; a nested task list follows it as a sibling inside the
 * taskList (that is how ADF nests tasks). Other nested blocks are flattened into lines.
 */
function taskList(items: readonly ListItem[], context: Context): AdfNode {
  const content: AdfNode[] = [];
  for (const item of items) {
    const inline: AdfNode[][] = [];
    const nested: AdfNode[] = [];
    for (const child of item.children) {
      if (child.type === 'list' && child.children.every((c) => c.checked === true || c.checked === false)) {
        nested.push(taskList(child.children, context));
      } else {
        for (const converted of block(child, context)) inline.push(flattenToInline(converted));
      }
    }
    content.push({
      type: 'taskItem',
      attrs: { localId: randomUUID(), state: item.checked ? 'DONE' : 'TODO' },
      content: joinWithBreaks(inline),
    });
    content.push(...nested);
  }
  return { type: 'taskList', attrs: { localId: randomUUID() }, content };
}

function table(node: Table, context: Context): AdfNode {
  const width = Math.max(...node.children.map((row) => row.children.length));
  const rows = node.children.map((row, rowIndex) => {
    const cells: AdfNode[] = [];
    for (let column = 0; column < width; column++) {
      const cell = row.children[column];
      const cellParagraph = paragraph(cell ? trimEdges(inlines(cell.children, [], context)) : []);
      const align = node.align?.[column];
      // ADF only knows centre and end alignment; left is the default.
      if (align === 'center' || align === 'right') {
        cellParagraph.marks = [{ type: 'alignment', attrs: { align: align === 'center' ? 'center' : 'end' } }];
      }
      cells.push({ type: rowIndex === 0 ? 'tableHeader' : 'tableCell', attrs: {}, content: [cellParagraph] });
    }
    return { type: 'tableRow', content: cells };
  });
  return { type: 'table', attrs: { isNumberColumnEnabled: false, layout: 'default' }, content: rows };
}

/** GFM trims cells; text around a `<br>` at a cell's edge must not keep the spaces either. */
function trimEdges(content: AdfNode[]): AdfNode[] {
  const out = trimBreaks(content).map((node) => ({ ...node }));
  const first = out[0];
  if (first?.type === 'text') first.text = (first.text ?? '').replace(/^\s+/, '');
  const last = out[out.length - 1];
  if (last?.type === 'text') last.text = (last.text ?? '').replace(/\s+$/, '');
  return out.filter((node) => node.type !== 'text' || node.text !== '');
}

// ---------------------------------------------------------------------------------------------
// Inline content

const MARK_ORDER = ['link', 'em', 'strong', 'strike', 'code'];

function withMark(marks: readonly AdfMark[], mark: AdfMark): AdfMark[] {
  const others = marks.filter((existing) => existing.type !== mark.type);
  // An inner link wins over an outer one; other marks are simply present or not.
  return [...others, mark].sort((a, b) => MARK_ORDER.indexOf(a.type) - MARK_ORDER.indexOf(b.type));
}

function text(value: string, marks: readonly AdfMark[]): AdfNode {
  const node: AdfNode = { type: 'text', text: value };
  if (marks.length > 0) node.marks = [...marks];
  return node;
}

/** Soft line endings are spaces in Markdown; ADF text must not carry newlines. */
function textWithBreaks(value: string, marks: readonly AdfMark[]): AdfNode[] {
  const out: AdfNode[] = [];
  value.split('\n').forEach((line, index) => {
    if (index > 0) out.push({ type: 'hardBreak' });
    if (line !== '') out.push(text(line, marks));
  });
  return out;
}

function inlines(nodes: readonly PhrasingContent[], marks: readonly AdfMark[], context: Context): AdfNode[] {
  return mergeText(nodes.flatMap((node) => inline(node, marks, context)));
}

function linkMark(url: string, title: string | null | undefined): AdfMark {
  const attrs: Record<string, unknown> = { href: url };
  if (title) attrs.title = title;
  return { type: 'link', attrs };
}

const BREAK_TAG = /^<br\s*\/?>$/i;

function inline(node: PhrasingContent, marks: readonly AdfMark[], context: Context): AdfNode[] {
  switch (node.type) {
    case 'text':
      return node.value === '' ? [] : [text(node.value.replace(/\n/g, ' '), marks)];
    case 'emphasis':
      return inlines(node.children, withMark(marks, { type: 'em' }), context);
    case 'strong':
      return inlines(node.children, withMark(marks, { type: 'strong' }), context);
    case 'delete':
      return inlines(node.children, withMark(marks, { type: 'strike' }), context);
    case 'inlineCode': {
      // The schema lets code combine with link only.
      const kept = marks.filter((mark) => mark.type === 'link');
      // CommonMark turns line endings in a code span into spaces.
      return node.value === '' ? [] : [text(node.value.replace(/\n/g, ' '), withMark(kept, { type: 'code' }))];
    }
    case 'break':
      return [{ type: 'hardBreak' }];
    case 'link': {
      const linked = withMark(marks, linkMark(node.url, node.title));
      const content = inlines(node.children, linked, context);
      return content.length > 0 ? content : [text(node.url || ' ', linked)];
    }
    case 'image': {
      // ADF media needs an upload; an image becomes a link to it, labelled with its alt text.
      // Inside a link (a badge), the outer link is where a click should go.
      const linked = marks.some((mark) => mark.type === 'link') ? [...marks] : withMark(marks, linkMark(node.url, node.title));
      return [text(node.alt || node.url || 'image', linked)];
    }
    case 'linkReference':
    case 'imageReference': {
      const definition = context.definitions.get(node.identifier);
      if (!definition) {
        // An unresolved reference is plain text in Markdown, brackets and all.
        const inner = node.type === 'imageReference' ? [text(node.alt ?? node.label ?? '', marks)] : inlines(node.children, marks, context);
        return [text(node.type === 'imageReference' ? '![' : '[', marks), ...inner, text(']', marks)];
      }
      const linked = withMark(marks, linkMark(definition.url, definition.title));
      if (node.type === 'imageReference') return [text(node.alt || definition.url, linked)];
      const content = inlines(node.children, linked, context);
      return content.length > 0 ? content : [text(definition.url, linked)];
    }
    case 'html':
      return BREAK_TAG.test(node.value.trim()) ? [{ type: 'hardBreak' }] : textWithBreaks(node.value, marks);
    case 'footnoteReference':
      return [text(`[^${node.label ?? node.identifier}]`, marks)];
    default: {
      // Phrasing from extensions we do not enable; keep any text it carries.
      const value: unknown = (node as { value?: unknown }).value;
      return typeof value === 'string' && value !== '' ? [text(value, marks)] : [];
    }
  }
}

function sameMarks(a: readonly AdfMark[] | undefined, b: readonly AdfMark[] | undefined): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

function mergeText(nodes: AdfNode[]): AdfNode[] {
  const out: AdfNode[] = [];
  for (const node of nodes) {
    if (node.type === 'text' && !node.text) continue; // the schema forbids empty text
    const last = out[out.length - 1];
    if (last && last.type === 'text' && node.type === 'text' && sameMarks(last.marks, node.marks)) {
      last.text = `${last.text ?? ''}${node.text ?? ''}`;
    } else {
      out.push(node.type === 'text' ? { ...node } : node);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Coercion to what a container allows

function coerceAll(nodes: readonly AdfNode[], allowed: ReadonlySet<string>): AdfNode[] {
  return nodes.flatMap((node) => coerce(node, allowed));
}

function coerce(node: AdfNode, allowed: ReadonlySet<string>): AdfNode[] {
  if (allowed.has(node.type)) return [node];
  switch (node.type) {
    case 'heading':
      // Keep the emphasis a heading gives, where the schema allows a strong mark.
      return [
        paragraph(
          (node.content ?? []).map((child) =>
            child.type === 'text' && !child.marks?.some((m) => m.type === 'code')
              ? { ...child, marks: withMark(child.marks ?? [], { type: 'strong' }) }
              : child,
          ),
        ),
      ];
    case 'blockquote':
      return coerceAll(node.content ?? [], allowed);
    case 'rule':
      return [];
    case 'taskList':
      if (allowed.has('bulletList')) return [taskListAsBullets(node)];
      return [paragraph(flattenToInline(node))];
    default:
      return [paragraph(flattenToInline(node))];
  }
}

function taskListAsBullets(node: AdfNode): AdfNode {
  const items: AdfNode[] = [];
  for (const child of node.content ?? []) {
    if (child.type === 'taskItem') {
      const box = child.attrs?.state === 'DONE' ? '[x] ' : '[ ] ';
      items.push({ type: 'listItem', content: [paragraph(mergeText([text(box, []), ...(child.content ?? [])]))] });
    } else if (child.type === 'taskList' && items.length > 0) {
      items[items.length - 1]!.content!.push(taskListAsBullets(child));
    }
  }
  return { type: 'bulletList', content: items };
}

/** A block's inline content, lines joined by hard breaks: for places that only take inline nodes. */
function flattenToInline(node: AdfNode): AdfNode[] {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
    case 'taskItem':
      return node.content ?? [];
    case 'codeBlock':
      return joinWithBreaks(
        (node.content?.[0]?.text ?? '')
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => [text(line, [{ type: 'code' }])]),
      );
    case 'rule':
      return [];
    case 'bulletList':
    case 'orderedList':
      return joinWithBreaks(
        (node.content ?? []).map((item, index) => [
          text(node.type === 'orderedList' ? `${index + 1}. ` : '• ', []),
          ...joinWithBreaks((item.content ?? []).map(flattenToInline)),
        ]),
      );
    case 'taskList':
      return joinWithBreaks(
        (node.content ?? []).map((item) =>
          item.type === 'taskItem'
            ? [text(item.attrs?.state === 'DONE' ? '[x] ' : '[ ] ', []), ...(item.content ?? [])]
            : flattenToInline(item),
        ),
      );
    case 'table':
      return joinWithBreaks(
        (node.content ?? []).map((row) => {
          const cells = (row.content ?? []).map((cell) => joinWithBreaks((cell.content ?? []).map(flattenToInline)));
          return cells.flatMap((cell, index) => (index === 0 ? cell : [text(' | ', []), ...cell]));
        }),
      );
    default:
      return joinWithBreaks((node.content ?? []).map(flattenToInline));
  }
}

function joinWithBreaks(lines: readonly AdfNode[][]): AdfNode[] {
  const nonEmpty = lines.filter((line) => line.length > 0);
  return mergeText(nonEmpty.flatMap((line, index) => (index === 0 ? line : [{ type: 'hardBreak' }, ...line])));
}
