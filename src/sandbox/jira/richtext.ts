/**
 * Rich text as the sandbox's Jira keeps it. Jira Cloud speaks ADF (Atlassian Document Format) and
 * Data Center speaks wiki markup; one store serves both, so a description or comment is kept in the
 * form it was written in and converted on the way out to the other flavour. A client therefore gets
 * back exactly what it wrote through the same flavour, and a faithful-enough rendering through the
 * other. The converters cover the constructs Jira users write (headings, emphasis, code, links,
 * lists, tables, quotes, rules, mentions); anything else degrades to its text, never vanishes.
 */

export interface AdfMark {
  type: string;
  attrs?: Record<string, unknown>;
}

export interface AdfNode {
  type: string;
  content?: AdfNode[];
  text?: string;
  marks?: AdfMark[];
  attrs?: Record<string, unknown>;
}

export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

export type RichText = { format: 'adf'; doc: AdfDoc } | { format: 'wiki'; text: string };

export function isAdfDoc(value: unknown): value is AdfDoc {
  if (typeof value !== 'object' || value === null) return false;
  const doc = value as Record<string, unknown>;
  return doc.type === 'doc' && doc.version === 1 && Array.isArray(doc.content);
}

export function adf(doc: AdfDoc): RichText {
  return { format: 'adf', doc };
}

export function wiki(text: string): RichText {
  return { format: 'wiki', text };
}

/** A one-paragraph-per-line ADF document for plain text (seeds and simple writes). */
export function adfFromPlainText(text: string): AdfDoc {
  const paragraphs = text.split(/\n{2,}/).filter((p) => p.length > 0);
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map((p) => ({ type: 'paragraph', content: withHardBreaks(p.split('\n').map((line) => textNodes(line))) })),
  };
}

export function toAdf(rich: RichText): AdfDoc {
  return rich.format === 'adf' ? rich.doc : wikiToAdf(rich.text);
}

export function toWiki(rich: RichText): string {
  return rich.format === 'wiki' ? rich.text : adfToWiki(rich.doc);
}

/** The words of a rich text, for `text ~` and `description ~` searches. */
export function plainText(rich: RichText): string {
  if (rich.format === 'wiki') return rich.text;
  const parts: string[] = [];
  const walk = (node: AdfNode): void => {
    if (typeof node.text === 'string') parts.push(node.text);
    else if (node.type === 'mention' && typeof node.attrs?.text === 'string') parts.push(node.attrs.text);
    if (node.content) for (const child of node.content) walk(child);
    if (node.type !== 'text') parts.push(' ');
  };
  for (const node of rich.doc.content) walk(node);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// ADF → wiki markup

export function adfToWiki(doc: AdfDoc): string {
  return doc.content
    .map((node) => blockToWiki(node, ''))
    .filter((block) => block.length > 0)
    .join('\n\n');
}

function blockToWiki(node: AdfNode, listPrefix: string): string {
  const children = node.content ?? [];
  switch (node.type) {
    case 'paragraph':
      return inlineToWiki(children);
    case 'heading': {
      const level = clampLevel(node.attrs?.level);
      return `h${level}. ${inlineToWiki(children)}`;
    }
    case 'codeBlock': {
      const language = typeof node.attrs?.language === 'string' && node.attrs.language ? `:${node.attrs.language}` : '';
      return `{code${language}}\n${children.map((c) => c.text ?? '').join('')}\n{code}`;
    }
    case 'blockquote':
      return `{quote}\n${children.map((c) => blockToWiki(c, '')).join('\n\n')}\n{quote}`;
    case 'rule':
      return '----';
    case 'bulletList':
    case 'orderedList':
    case 'taskList': {
      const marker = node.type === 'orderedList' ? '#' : '*';
      return children.map((item) => listItemToWiki(item, listPrefix + marker)).join('\n');
    }
    case 'table':
      return children.map(tableRowToWiki).join('\n');
    case 'panel':
    case 'expand':
    case 'nestedExpand':
    case 'layoutSection':
    case 'layoutColumn':
      return children.map((c) => blockToWiki(c, '')).join('\n\n');
    case 'mediaSingle':
    case 'mediaGroup':
      return '';
    default:
      // Unknown blocks keep their text rather than disappear.
      return node.text ?? inlineToWiki(children);
  }
}

function listItemToWiki(item: AdfNode, prefix: string): string {
  const lines: string[] = [];
  let first = true;
  for (const child of item.content ?? []) {
    if (child.type === 'bulletList' || child.type === 'orderedList' || child.type === 'taskList') {
      lines.push(blockToWiki(child, prefix));
    } else if (child.type === 'paragraph' || child.type === 'taskItem' || child.type === 'text') {
      const text = child.type === 'text' ? inlineToWiki([child]) : inlineToWiki(child.content ?? []);
      lines.push(first ? `${prefix} ${text}` : text);
      first = false;
    } else {
      lines.push(blockToWiki(child, prefix));
    }
  }
  if (item.type === 'taskItem') return `${prefix} ${item.attrs?.state === 'DONE' ? '(/) ' : '(x) '}${inlineToWiki(item.content ?? [])}`;
  return lines.join('\n');
}

function tableRowToWiki(row: AdfNode): string {
  const cells = row.content ?? [];
  const isHeader = cells.length > 0 && cells.every((c) => c.type === 'tableHeader');
  const separator = isHeader ? '||' : '|';
  const texts = cells.map((cell) =>
    (cell.content ?? []).map((c) => (c.type === 'paragraph' ? inlineToWiki(c.content ?? []) : blockToWiki(c, ''))).join(' '),
  );
  return `${separator}${texts.join(separator)}${separator}`;
}

function inlineToWiki(nodes: AdfNode[]): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
          return markText(node.text ?? '', node.marks ?? []);
        case 'hardBreak':
          return '\n';
        case 'mention':
          return `[~accountid:${String(node.attrs?.id ?? '')}]`;
        case 'emoji':
          return String(node.attrs?.text ?? node.attrs?.shortName ?? '');
        case 'inlineCard':
          return `[${String(node.attrs?.url ?? '')}]`;
        case 'date':
          return new Date(Number(node.attrs?.timestamp ?? 0)).toISOString().slice(0, 10);
        case 'status':
          return String(node.attrs?.text ?? '');
        default:
          return node.text ?? inlineToWiki(node.content ?? []);
      }
    })
    .join('');
}

function markText(text: string, marks: AdfMark[]): string {
  let out = text;
  const link = marks.find((m) => m.type === 'link');
  for (const mark of marks) {
    if (mark.type === 'strong') out = `*${out}*`;
    else if (mark.type === 'em') out = `_${out}_`;
    else if (mark.type === 'code') out = `{{${out}}}`;
    else if (mark.type === 'strike') out = `-${out}-`;
    else if (mark.type === 'underline') out = `+${out}+`;
  }
  if (link) out = `[${out}|${String(link.attrs?.href ?? '')}]`;
  return out;
}

function clampLevel(level: unknown): number {
  const n = typeof level === 'number' ? Math.trunc(level) : 1;
  return Math.min(6, Math.max(1, n));
}

// ---------------------------------------------------------------------------------------------
// wiki markup → ADF

export function wikiToAdf(text: string): AdfDoc {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const content: AdfNode[] = [];
  let paragraph: string[] = [];
  const flushParagraph = (): void => {
    if (paragraph.length > 0) {
      const inline = withHardBreaks(paragraph.map((line) => parseWikiInline(line)));
      content.push(inline.length > 0 ? { type: 'paragraph', content: inline } : { type: 'paragraph' });
      paragraph = [];
    }
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const trimmed = line.trim();
    const code = /^\{(code|noformat)(?::([^}|]*))?[^}]*\}(.*)$/.exec(trimmed);
    if (code) {
      flushParagraph();
      const closing = `{${code[1]}}`;
      const body: string[] = [];
      let rest = code[3] ?? '';
      // `{code}x{code}` on one line.
      if (rest.endsWith(closing)) {
        body.push(rest.slice(0, -closing.length));
      } else {
        if (rest) body.push(rest);
        for (i++; i < lines.length; i++) {
          const l = lines[i] ?? '';
          if (l.trim().endsWith(closing)) {
            rest = l.slice(0, l.lastIndexOf(closing));
            if (rest) body.push(rest);
            break;
          }
          body.push(l);
        }
      }
      const node: AdfNode = { type: 'codeBlock', attrs: code[1] === 'code' && code[2] ? { language: code[2] } : {} };
      const codeText = body.join('\n');
      if (codeText) node.content = [{ type: 'text', text: codeText }];
      content.push(node);
      continue;
    }
    if (trimmed === '{quote}') {
      flushParagraph();
      const body: string[] = [];
      for (i++; i < lines.length && (lines[i] ?? '').trim() !== '{quote}'; i++) body.push(lines[i] ?? '');
      const inner = wikiToAdf(body.join('\n')).content.filter(
        (n) => n.type === 'paragraph' || n.type === 'codeBlock' || n.type.endsWith('List'),
      );
      content.push({ type: 'blockquote', content: inner.length > 0 ? inner : [{ type: 'paragraph' }] });
      continue;
    }
    const heading = /^h([1-6])\.\s*(.*)$/.exec(trimmed);
    if (heading) {
      flushParagraph();
      const inline = parseWikiInline(heading[2] ?? '');
      const node: AdfNode = { type: 'heading', attrs: { level: Number(heading[1]) } };
      if (inline.length > 0) node.content = inline;
      content.push(node);
      continue;
    }
    const quote = /^bq\.\s*(.*)$/.exec(trimmed);
    if (quote) {
      flushParagraph();
      content.push({ type: 'blockquote', content: [paragraphOf(parseWikiInline(quote[1] ?? ''))] });
      continue;
    }
    if (/^-{4,}$/.test(trimmed)) {
      flushParagraph();
      content.push({ type: 'rule' });
      continue;
    }
    if (/^[*#-]+\s/.test(trimmed) && !/^-[^-\s]/.test(trimmed)) {
      flushParagraph();
      const items: Array<{ markers: string; text: string }> = [];
      for (; i < lines.length; i++) {
        const m = /^([*#-]+)\s+(.*)$/.exec((lines[i] ?? '').trim());
        if (!m) break;
        items.push({ markers: (m[1] ?? '*').replace(/-/g, '*'), text: m[2] ?? '' });
      }
      i--;
      content.push(...buildLists(items, 1));
      continue;
    }
    if (trimmed.startsWith('|')) {
      flushParagraph();
      const rows: AdfNode[] = [];
      for (; i < lines.length && (lines[i] ?? '').trim().startsWith('|'); i++) rows.push(parseTableRow((lines[i] ?? '').trim()));
      i--;
      content.push({ type: 'table', attrs: { isNumberColumnEnabled: false, layout: 'default' }, content: rows });
      continue;
    }
    if (trimmed === '') {
      flushParagraph();
      continue;
    }
    paragraph.push(line);
  }
  flushParagraph();
  return { type: 'doc', version: 1, content };
}

function buildLists(items: Array<{ markers: string; text: string }>, depth: number): AdfNode[] {
  const lists: AdfNode[] = [];
  let index = 0;
  while (index < items.length) {
    const item = items[index];
    if (!item) break;
    const kind = item.markers[depth - 1] === '#' ? 'orderedList' : 'bulletList';
    const list: AdfNode = { type: kind, content: [] };
    if (kind === 'orderedList') list.attrs = { order: 1 };
    while (index < items.length) {
      const current = items[index];
      if (!current || current.markers.length < depth) break;
      if (current.markers.length === depth) {
        if ((current.markers[depth - 1] === '#' ? 'orderedList' : 'bulletList') !== kind) break;
        list.content?.push({ type: 'listItem', content: [paragraphOf(parseWikiInline(current.text))] });
        index++;
      } else {
        // Deeper items nest under the previous list item (or a fresh one when there is none).
        const nested: Array<{ markers: string; text: string }> = [];
        while (index < items.length && (items[index]?.markers.length ?? 0) > depth)
          nested.push(items[index++] as { markers: string; text: string });
        const last = list.content?.at(-1);
        const sublists = buildLists(nested, depth + 1);
        if (last) last.content?.push(...sublists);
        else list.content?.push({ type: 'listItem', content: [{ type: 'paragraph' }, ...sublists] });
      }
    }
    lists.push(list);
  }
  return lists;
}

function parseTableRow(line: string): AdfNode {
  const isHeader = line.startsWith('||');
  const separator = isHeader ? '||' : '|';
  const inner = line.replace(isHeader ? /^\|\||\|\|$/g : /^\||\|$/g, '');
  const cells = inner.split(separator);
  return {
    type: 'tableRow',
    content: cells.map((cell) => ({
      type: isHeader ? 'tableHeader' : 'tableCell',
      attrs: {},
      content: [paragraphOf(parseWikiInline(cell.trim()))],
    })),
  };
}

function paragraphOf(inline: AdfNode[]): AdfNode {
  return inline.length > 0 ? { type: 'paragraph', content: inline } : { type: 'paragraph' };
}

function withHardBreaks(lines: AdfNode[][]): AdfNode[] {
  const out: AdfNode[] = [];
  lines.forEach((line, index) => {
    if (index > 0) out.push({ type: 'hardBreak' });
    out.push(...line);
  });
  return out;
}

function textNodes(text: string, marks?: AdfMark[]): AdfNode[] {
  if (!text) return [];
  const node: AdfNode = { type: 'text', text };
  if (marks && marks.length > 0) node.marks = marks;
  return [node];
}

const inlinePattern =
  /\[~accountid:([^\]]+)\]|\[~([^\]]+)\]|\[([^\]|]+)\|([^\]]+)\]|\[((?:https?|mailto):[^\]]+)\]|\{\{(.+?)\}\}|(?<![\w*])\*(?!\s)([^*\n]+?)\*(?![\w*])|(?<![\w_])_(?!\s)([^_\n]+?)_(?![\w_])|(?<![\w-])-(?![\s-])([^-\n]+?)-(?![\w-])|(?<![\w+])\+(?!\s)([^+\n]+?)\+(?![\w+])/g;

/** Inline wiki markup → ADF inline nodes (marks do not nest here: enough for what Jira users write). */
export function parseWikiInline(text: string): AdfNode[] {
  const out: AdfNode[] = [];
  let last = 0;
  for (const m of text.matchAll(inlinePattern)) {
    const index = m.index ?? 0;
    out.push(...textNodes(text.slice(last, index)));
    last = index + m[0].length;
    if (m[1] !== undefined) out.push({ type: 'mention', attrs: { id: m[1], text: `@${m[1]}` } });
    else if (m[2] !== undefined) out.push({ type: 'mention', attrs: { id: m[2], text: `@${m[2]}` } });
    else if (m[3] !== undefined) out.push(...textNodes(m[3], [{ type: 'link', attrs: { href: m[4] } }]));
    else if (m[5] !== undefined) out.push(...textNodes(m[5], [{ type: 'link', attrs: { href: m[5] } }]));
    else if (m[6] !== undefined) out.push(...textNodes(m[6], [{ type: 'code' }]));
    else if (m[7] !== undefined) out.push(...textNodes(m[7], [{ type: 'strong' }]));
    else if (m[8] !== undefined) out.push(...textNodes(m[8], [{ type: 'em' }]));
    else if (m[9] !== undefined) out.push(...textNodes(m[9], [{ type: 'strike' }]));
    else if (m[10] !== undefined) out.push(...textNodes(m[10], [{ type: 'underline' }]));
  }
  out.push(...textNodes(text.slice(last)));
  return out;
}
