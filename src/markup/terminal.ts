// A Markdown tree (from ADF or wiki markup) drawn for a person at a terminal: headings, bold,
// italics and code styled rather than marked with `#`, `**` and backticks; lists with bullets;
// quotes and panels with a bar; tables aligned. The tree is drawn directly, never printed and parsed
// again, so no Markdown escape (`\*`, `1\.`) or character reference can reach the screen.
// Without colour (NO_COLOR, --no-color) the same layout is drawn with no escape sequence at all.
// Text is anyone's: every control character in it is shown as an escape (sanitizeText) before the
// renderer adds its own styles, so the only sequences that act are the ones drawn here.
import type { List, PhrasingContent, Root, RootContent, Table } from 'mdast';
import { displayWidth } from '../output/table.js';
import { sanitizeText } from '../output/terminal.js';
import type { TerminalStyle } from '../output/terminal-style.js';

export type { TerminalStyle } from '../output/terminal-style.js';

export function mdastToTerminal(root: Root, style: TerminalStyle): string {
  const lines = blockLines(root.children, new Drawer(style), true);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** SGR attributes, each with the code that ends it. */
const ATTRIBUTES = {
  bold: ['1', '22'],
  dim: ['2', '22'],
  italic: ['3', '23'],
  underline: ['4', '24'],
  strike: ['9', '29'],
  code: ['36', '39'],
  link: ['34', '39'],
} as const;
type Attribute = keyof typeof ATTRIBUTES;

class Drawer {
  constructor(readonly style: TerminalStyle) {}

  /**
   * `text` with `attribute` on, then the attributes still open outside (`outer`) on again, since an
   * end code (`22`) ends bold and dim alike.
   */
  styled(text: string, attribute: Attribute, outer: readonly Attribute[] = []): string {
    if (!this.style.color || text === '') return text;
    const [open, close] = ATTRIBUTES[attribute];
    const reopen = outer.map((a) => `\u001b[${ATTRIBUTES[a][0]}m`).join('');
    // Styles end at each line break, so a bar or indent drawn in front of the next line stays plain.
    return text
      .split('\n')
      .map((line) => (line === '' ? line : `\u001b[${open}m${line}\u001b[${close}m${reopen}`))
      .join('\n');
  }
}

function blockLines(nodes: readonly RootContent[], d: Drawer, spread: boolean): string[] {
  const out: string[] = [];
  for (const node of nodes) {
    const lines = block(node, d);
    if (lines.length === 0) continue;
    if (out.length > 0 && spread) out.push('');
    out.push(...lines);
  }
  return out;
}

function block(node: RootContent, d: Drawer): string[] {
  switch (node.type) {
    case 'paragraph':
      return phrasing(node.children, d, []).split('\n');
    case 'heading': {
      const text = phrasing(node.children, d, ['bold']).replace(/\n/g, ' ');
      if (d.style.color) return [d.styled(node.depth === 1 ? d.styled(text, 'underline', ['bold']) : text, 'bold')];
      // Without styling, the two top levels are underlined with rules so they still read as headings.
      if (node.depth <= 2) return [text, (node.depth === 1 ? '═' : '─').repeat(Math.max(1, displayWidth(text)))];
      return [text];
    }
    case 'thematicBreak':
      return [d.styled('─'.repeat(Math.max(3, Math.min(d.style.width, 60))), 'dim')];
    case 'code':
      return sanitizeText(node.value)
        .split('\n')
        .map((line) => `    ${d.styled(line, 'code')}`);
    case 'blockquote': {
      const bar = d.styled('│', 'dim');
      return blockLines(node.children, d, true).map((line) => (line === '' ? bar : `${bar} ${line}`));
    }
    case 'list':
      return list(node, d);
    case 'table':
      return table(node, d);
    case 'html':
      return sanitizeText(node.value).split('\n');
    default:
      return 'children' in node
        ? blockLines(node.children as RootContent[], d, true)
        : 'value' in node
          ? sanitizeText(String(node.value)).split('\n')
          : [];
  }
}

function list(node: List, d: Drawer): string[] {
  const out: string[] = [];
  const start = node.start ?? 1;
  const width = node.ordered ? String(start + node.children.length - 1).length + 1 : 1;
  node.children.forEach((item, index) => {
    const marker = node.ordered ? `${start + index}.`.padStart(width) : item.checked === true ? '☑' : item.checked === false ? '☐' : '•';
    const lines = blockLines(item.children, d, node.spread === true || item.spread === true);
    if (index > 0 && node.spread === true) out.push('');
    const indent = ' '.repeat(displayWidth(marker) + 1);
    for (const [at, line] of lines.entries())
      out.push(at === 0 ? `${d.styled(marker, 'dim')} ${line}` : line === '' ? '' : `${indent}${line}`);
    if (lines.length === 0) out.push(d.styled(marker, 'dim'));
  });
  return out;
}

function table(node: Table, d: Drawer): string[] {
  const rows = node.children.map((row, rowIndex) =>
    row.children.map((cell) => phrasing(cell.children, d, rowIndex === 0 ? ['bold'] : []).split('\n')),
  );
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) =>
    Math.max(1, ...rows.flatMap((row) => (row[column] ?? ['']).map((line) => displayWidth(line)))),
  );
  const align = (text: string, column: number): string => {
    const space = widths[column]! - displayWidth(text);
    const where = node.align?.[column];
    if (where === 'right') return ' '.repeat(space) + text;
    if (where === 'center') return ' '.repeat(Math.floor(space / 2)) + text + ' '.repeat(Math.ceil(space / 2));
    return text + ' '.repeat(space);
  };
  const out: string[] = [];
  rows.forEach((row, rowIndex) => {
    const height = Math.max(1, ...row.map((cell) => cell.length));
    for (let line = 0; line < height; line++) {
      const cells = widths.map((_, column) => align(row[column]?.[line] ?? '', column));
      out.push(cells.join('  ').trimEnd());
    }
    if (rowIndex === 0) out.push(d.styled(widths.map((w) => '─'.repeat(w)).join('  '), 'dim'));
  });
  return out;
}

function phrasing(nodes: readonly PhrasingContent[], d: Drawer, outer: readonly Attribute[]): string {
  let out = '';
  for (const node of nodes) out += inline(node, d, outer);
  return out;
}

function inline(node: PhrasingContent, d: Drawer, outer: readonly Attribute[]): string {
  const inside = (attribute: Attribute, children: readonly PhrasingContent[]) =>
    d.styled(phrasing(children, d, [...outer, attribute]), attribute, outer);
  switch (node.type) {
    case 'text':
      return sanitizeText(node.value);
    case 'strong':
      return inside('bold', node.children);
    case 'emphasis':
      return inside('italic', node.children);
    case 'delete':
      // Without styling there is no other way to show it is struck out.
      return d.style.color ? inside('strike', node.children) : `~${phrasing(node.children, d, outer)}~`;
    case 'inlineCode':
      return d.styled(sanitizeText(node.value), 'code', outer);
    case 'break':
      return '\n';
    case 'link': {
      const text = phrasing(node.children, d, [...outer, 'link']);
      const plainText = text.replace(/\u001b\[[0-9;]*m/g, '');
      const shown = d.styled(text, 'link', outer);
      const url = sanitizeText(node.url);
      return plainText === url || `mailto:${plainText}` === url ? shown : `${shown} ${d.styled(`(${url})`, 'dim', outer)}`;
    }
    case 'image':
      return `[image${node.alt ? `: ${sanitizeText(node.alt)}` : ''}] ${d.styled(`(${sanitizeText(node.url)})`, 'dim', outer)}`;
    case 'html':
      return html(node.value, d);
    default:
      return 'children' in node
        ? phrasing(node.children as PhrasingContent[], d, outer)
        : 'value' in node
          ? sanitizeText(String(node.value))
          : '';
  }
}

/** The converters write raw HTML only for these; anything else is someone's text, shown as such. */
function html(value: string, d: Drawer): string {
  if (value === '<br>') return '\n';
  // Underline has no plain-text form but the one Markdown readers know from e-mail: _text_.
  if (value === '<u>') return d.style.color ? `\u001b[${ATTRIBUTES.underline[0]}m` : '_';
  if (value === '</u>') return d.style.color ? `\u001b[${ATTRIBUTES.underline[1]}m` : '_';
  return sanitizeText(value);
}
