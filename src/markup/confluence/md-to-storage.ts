// Markdown → Confluence storage format (see index.ts for the forms). Parses with the project's one
// Markdown parser and writes XHTML with ac:/ri: elements; opaque blocks go back byte for byte.
import type { Blockquote, Code, Definition, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { ALERT_TO_PANEL, OPAQUE_LANG, TOC_MARK, type Wrapper, parseAttrsComment, parseWrapperEnd, parseWrapperStart } from './forms.js';
import { cdata, decodeAttribute, decodeText, element, escapeAttribute, escapeText } from './xml.js';

export interface MarkdownToStorageContext {
  /**
   * The page a relative link (path as written in the Markdown, `#fragment` removed) points to, or null
   * when it is not a page of this tree. `spaceKey` only when the page is in another space.
   */
  resolveLink?(relativePath: string): { title: string; spaceKey?: string } | null;
  /** Attachment file name for a relative image or link path; default: the last path segment. Null: not an attachment. */
  attachmentName?(relativePath: string): string | null;
}

type Flow = RootContent;

const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:/i;
const ALERT = /^\[!(NOTE|TIP|WARNING|CAUTION)\](?:[ \t]+(.*))?$/;
const DETAILS = /^<details>(?:\n<summary>([^\n]*)<\/summary>)?$/;
const BLOCK_HTML = /^<\/?(?:p|div|table|ul|ol|h[1-6]|blockquote|pre|hr|ac:[\w-]+)\b/i;

/**
 * GFM as ../markdown.ts reads it, but without the pass that links URLs found in text after parsing: it
 * also links those the printer escaped to keep them text (`https\://…`, `www\.…`), so storage text
 * holding a URL would come back a link. URLs typed bare are still links (the tokenizer's own).
 */
function parseMarkdown(markdown: string): Root {
  const extensions = gfmFromMarkdown().map(({ transforms: _ignored, ...extension }) => extension);
  return fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: extensions });
}

export function markdownToStorage(markdown: string, ctx: MarkdownToStorageContext = {}): string {
  const tree = parseMarkdown(markdown);
  const definitions = new Map<string, Definition>();
  const collect = (node: { type: string; children?: unknown[] }) => {
    if (node.type === 'definition') definitions.set((node as Definition).identifier, node as Definition);
    for (const child of (node.children ?? []) as Array<{ type: string; children?: unknown[] }>) collect(child);
  };
  collect(tree);
  return new StorageWriter(markdown, ctx, definitions).blocks(tree.children, false);
}

/** An inline element being assembled from raw HTML tags around Markdown content. */
interface HtmlFrame {
  tag: string;
  attributes: Array<[string, string]>;
  open: string;
  parts: string[];
  texts: string[];
}

function parseTag(value: string): { close: boolean; tag: string; attributes: Array<[string, string]>; selfClosing: boolean } | undefined {
  const match =
    /^<(\/?)([A-Za-z][A-Za-z0-9:-]*)((?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>$/.exec(
      value.trim(),
    );
  if (!match) return undefined;
  const attributes: Array<[string, string]> = [];
  const attributePattern = /([A-Za-z_:][A-Za-z0-9_.:-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (const found of match[3]!.matchAll(attributePattern)) {
    attributes.push([found[1]!, decodeAttribute(found[2] ?? found[3] ?? found[4] ?? '')]);
  }
  return { close: match[1] === '/', tag: match[2]!, attributes, selfClosing: match[4] === '/' };
}

function attributesText(attributes: Array<[string, string]>): string {
  return attributes.map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`).join('');
}

function parameter(name: string, value: string): string {
  return `<ac:parameter ac:name="${escapeAttribute(name)}">${escapeText(value)}</ac:parameter>`;
}

/** A structured macro with parameters and, already written, a body. */
function macro(
  name: string,
  params: Array<[string, string]>,
  body = '',
  attrs: Record<string, string> = { 'ac:schema-version': '1' },
): string {
  return element('ac:structured-macro', { 'ac:name': name, ...attrs }, params.map(([key, value]) => parameter(key, value)).join('') + body);
}

class StorageWriter {
  private taskId = 0;

  constructor(
    private readonly source: string,
    private readonly ctx: MarkdownToStorageContext,
    private readonly definitions: Map<string, Definition>,
  ) {}

  /** Block nodes in order; wrapper comments and `<details>` pair up with their ends among the same siblings. */
  blocks(nodes: Flow[], tight: boolean): string {
    let out = '';
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (node.type === 'html') {
        const start = parseWrapperStart(node.value);
        const details = DETAILS.exec(node.value.trim());
        if (start) {
          const end = this.matchingEnd(
            nodes,
            i,
            (value) => parseWrapperStart(value)?.name === start.name,
            (value) => {
              const found = parseWrapperEnd(value);
              return found?.kind === start.kind && found.name === start.name;
            },
          );
          if (end > 0) {
            out += this.wrapper(start, nodes.slice(i + 1, end));
            i = end;
            continue;
          }
        } else if (details) {
          const end = this.matchingEnd(
            nodes,
            i,
            (value) => DETAILS.test(value.trim()),
            (value) => value.trim() === '</details>',
          );
          if (end > 0) {
            const title = details[1];
            const params: Array<[string, string]> = title === undefined ? [] : [['title', decodeText(title)]];
            out += this.richMacro('expand', params, nodes.slice(i + 1, end));
            i = end;
            continue;
          }
        } else {
          const attrs = parseAttrsComment(node.value);
          const next = nodes[i + 1];
          if (attrs && next?.type === 'table') {
            out += this.table(next, attrs);
            i++;
            continue;
          }
        }
        out += this.htmlBlock(node.value);
        continue;
      }
      out += this.block(node, tight);
    }
    return out;
  }

  private matchingEnd(nodes: Flow[], from: number, isStart: (value: string) => boolean, isEnd: (value: string) => boolean): number {
    let depth = 0;
    for (let j = from + 1; j < nodes.length; j++) {
      const node = nodes[j]!;
      if (node.type !== 'html') continue;
      if (isStart(node.value)) depth++;
      else if (isEnd(node.value)) {
        if (depth === 0) return j;
        depth--;
      }
    }
    return -1;
  }

  private wrapper(start: Wrapper, inner: Flow[]): string {
    if (start.kind === 'macro') {
      return this.richMacro(start.name, Object.entries(start.data.params ?? {}), inner, start.data.attrs ?? {});
    }
    const attrs = start.data.attrs ?? {};
    const only = inner[0];
    if (/^(p|h[1-6])$/.test(start.name) && inner.length <= 1) {
      if (!only) return element(start.name, attrs);
      if (only.type === 'paragraph' || only.type === 'heading') return element(start.name, attrs, this.inlines(only.children));
      if (only.type === 'html') return element(start.name, attrs, this.htmlInline(only.value));
    }
    return element(start.name, attrs, this.blocks(inner, false));
  }

  private richMacro(name: string, params: Array<[string, string]>, inner: Flow[], attrs?: Record<string, string>): string {
    return macro(name, params, `<ac:rich-text-body>${this.blocks(inner, false)}</ac:rich-text-body>`, attrs);
  }

  private block(node: Flow, tight: boolean): string {
    switch (node.type) {
      case 'paragraph': {
        if (this.sourceOf(node).trim() === TOC_MARK) return macro('toc', []);
        const inner = this.inlines(node.children);
        return tight ? inner : `<p>${inner}</p>`;
      }
      case 'heading':
        return `<h${node.depth}>${this.inlines(node.children)}</h${node.depth}>`;
      case 'thematicBreak':
        return '<hr />';
      case 'blockquote':
        return this.alert(node) ?? `<blockquote>${this.blocks(node.children, false)}</blockquote>`;
      case 'list':
        return this.list(node);
      case 'code':
        return this.code(node);
      case 'table':
        return this.table(node, undefined);
      case 'definition':
        return '';
      default:
        return `<p>${escapeText(this.sourceOf(node))}</p>`;
    }
  }

  private sourceOf(node: { position?: { start: { offset?: number }; end: { offset?: number } } }): string {
    return this.source.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);
  }

  /** Raw HTML on its own lines that is not one of ours: a comment stays, block XHTML passes through, the rest is a paragraph. */
  private htmlBlock(value: string): string {
    const trimmed = value.trim();
    if (/^<!--[\s\S]*-->$/.test(trimmed)) return trimmed;
    if (BLOCK_HTML.test(trimmed)) return trimmed;
    return `<p>${this.htmlInline(trimmed)}</p>`;
  }

  /** Raw HTML read as a line of text (CommonMark makes a line that is one tag, like `<br/>`, an HTML block). */
  private htmlInline(value: string): string {
    const parts: PhrasingContent[] = [];
    for (const piece of value.trim().split(/(<[^>]*>)/)) {
      if (piece === '') continue;
      parts.push(piece.startsWith('<') ? { type: 'html', value: piece } : { type: 'text', value: decodeText(piece) });
    }
    return this.inlines(parts);
  }

  private alert(node: Blockquote): string | undefined {
    const first = node.children[0];
    if (first?.type !== 'paragraph') return undefined;
    const lead = first.children[0];
    // The marker as typed: `\[!NOTE]` is text, not a panel.
    if (lead?.type !== 'html' && lead?.type !== 'text') return undefined;
    if (!this.source.startsWith('[!', lead.position?.start.offset ?? -1)) return undefined;
    // The marker line is the first paragraph up to its first line ending, read as typed (the title is
    // plain text, whatever it looks like); the rest is the body's first paragraph.
    const start = lead.position?.start.offset ?? 0;
    const lineEnd = this.source.indexOf('\n', start);
    const match = ALERT.exec(this.source.slice(start, lineEnd < 0 ? undefined : lineEnd).replace(/\r$/, ''));
    if (!match) return undefined;
    let rest: PhrasingContent[] = [];
    for (const [index, child] of first.children.entries()) {
      if (child.type === 'text' && child.value.includes('\n')) {
        const after = child.value.slice(child.value.indexOf('\n') + 1);
        rest = [...(after === '' ? [] : [{ type: 'text', value: after } as PhrasingContent]), ...first.children.slice(index + 1)];
        break;
      }
      // Something spanning the line ending (emphasis over two lines): no clean marker line.
      if ((child.position?.end.line ?? 0) > (lead.position?.start.line ?? 0)) return undefined;
    }
    const body: Flow[] = [...(rest.length > 0 ? [{ type: 'paragraph', children: rest } as Paragraph] : []), ...node.children.slice(1)];
    const title = unescapeMarkdown(match[2] ?? '').trim();
    const params: Array<[string, string]> = title === '' ? [] : [['title', title]];
    return this.richMacro(ALERT_TO_PANEL[match[1]!]!, params, body);
  }

  private list(node: List): string {
    if (node.children.length > 0 && node.children.every((item) => typeof item.checked === 'boolean')) return this.taskList(node);
    const loose = node.spread === true || node.children.some((item) => item.spread === true);
    const tag = node.ordered ? 'ol' : 'ul';
    const start = node.ordered && typeof node.start === 'number' && node.start !== 1 ? ` start="${node.start}"` : '';
    const items = node.children.map((item) => `<li>${this.blocks(item.children, !loose)}</li>`).join('');
    return `<${tag}${start}>${items}</${tag}>`;
  }

  private taskList(node: List): string {
    const tasks = node.children.map((item: ListItem) => {
      const [first, ...rest] = item.children;
      const nested = rest.filter(
        (child): child is List => child.type === 'list' && child.children.every((sub) => typeof sub.checked === 'boolean'),
      );
      const others = rest.filter((child) => !nested.includes(child as List));
      const lead = first?.type === 'paragraph' ? this.inlines(first.children) : this.blocks(first ? [first] : [], false);
      const body = lead + this.blocks(others, false);
      const id = ++this.taskId;
      const status = item.checked ? 'complete' : 'incomplete';
      const task = `<ac:task><ac:task-id>${id}</ac:task-id><ac:task-status>${status}</ac:task-status><ac:task-body>${body}</ac:task-body></ac:task>`;
      return task + nested.map((list) => this.taskList(list)).join('');
    });
    return `<ac:task-list>${tasks.join('')}</ac:task-list>`;
  }

  private code(node: Code): string {
    if (node.lang === OPAQUE_LANG) return node.value;
    const params: Array<[string, string]> = [];
    if (node.lang) params.push(['language', node.lang]);
    for (const found of (node.meta ?? '').matchAll(/(\w+)=("(?:[^"\\]|\\.)*")/g)) {
      try {
        params.push([found[1]!, JSON.parse(found[2]!) as string]);
      } catch {
        // Not a parameter we wrote: ignored, as the code macro has nowhere to keep it.
      }
    }
    return macro('code', params, `<ac:plain-text-body>${cdata(node.value)}</ac:plain-text-body>`);
  }

  private table(node: Table, carrier: Record<string, unknown> | undefined): string {
    const attrs = (carrier?.table ?? {}) as Record<string, string>;
    const colgroup = typeof carrier?.colgroup === 'string' ? carrier.colgroup : '';
    const rows = node.children.map((row, rowIndex) => {
      const cells = row.children.map((cell, column) => {
        const tag = rowIndex === 0 ? 'th' : 'td';
        const align = node.align?.[column];
        const style = align ? ` style="text-align: ${align};"` : '';
        return `<${tag}${style}>${this.inlines(cell.children)}</${tag}>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    });
    const attributeText = Object.entries(attrs)
      .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
      .join('');
    return `<table${attributeText}>${colgroup}<tbody>${rows.join('')}</tbody></table>`;
  }

  // ---- inline ----

  /** Phrasing content; raw HTML tags pair up with their end tags among the same siblings, as elements. */
  inlines(nodes: PhrasingContent[]): string {
    const root: HtmlFrame = { tag: '', attributes: [], open: '', parts: [], texts: [] };
    const stack: HtmlFrame[] = [root];
    const top = () => stack[stack.length - 1]!;
    const emit = (storage: string, plain: string) => {
      for (const frame of stack) frame.texts.push(plain);
      top().parts.push(storage);
    };
    for (const [index, node] of nodes.entries()) {
      if (node.type === 'image') {
        const next = nodes[index + 1];
        const extra = next?.type === 'html' ? parseAttrsComment(next.value) : undefined;
        emit(this.image(node.url, node.alt ?? undefined, node.title ?? undefined, extra as Record<string, string> | undefined), '');
        continue;
      }
      if (node.type !== 'html') {
        emit(this.inline(node), plainText(node));
        continue;
      }
      const value = node.value;
      if (/^<!--[\s\S]*-->$/.test(value.trim())) {
        // The attributes of the image just before are carried here.
        const attrs = parseAttrsComment(value);
        const before = nodes[index - 1];
        // `<!---->` only keeps a lone tag from starting an HTML block (see storage-to-md.ts).
        if (!(attrs && before?.type === 'image') && value.trim() !== '<!---->') top().parts.push(value.trim());
        continue;
      }
      const tag = parseTag(value);
      if (!tag) {
        emit(escapeText(value), value);
        continue;
      }
      if (tag.close) {
        const depth = stack.findLastIndex((frame) => frame.tag === tag.tag);
        if (depth <= 0) {
          emit(escapeText(value), value);
          continue;
        }
        // Frames opened inside and never closed: their start tags were text.
        while (stack.length - 1 > depth) this.unwind(stack);
        const frame = stack.pop()!;
        top().parts.push(this.htmlElement(frame, frame.parts.join('')));
        continue;
      }
      if (tag.selfClosing || tag.tag === 'br' || tag.tag === 'img' || tag.tag === 'col') {
        emit(this.htmlElement({ ...tag, open: value, parts: [], texts: [] }, ''), '');
        continue;
      }
      stack.push({ tag: tag.tag, attributes: tag.attributes, open: value, parts: [], texts: [] });
    }
    while (stack.length > 1) this.unwind(stack);
    return root.parts.join('');
  }

  private unwind(stack: HtmlFrame[]): void {
    const frame = stack.pop()!;
    stack[stack.length - 1]!.parts.push(escapeText(frame.open), ...frame.parts);
  }

  /** A raw HTML element of the Markdown, as storage: ours (`atl-…`) map to Confluence elements, the rest pass through. */
  private htmlElement(frame: HtmlFrame, inner: string): string {
    const attrs = new Map(frame.attributes);
    const shown = frame.texts.join('');
    switch (frame.tag) {
      case 'atl-x':
        return attrs.get('xml') ?? '';
      case 'atl-status': {
        const params: Array<[string, string]> = frame.attributes.slice();
        if (shown !== '') params.push(['title', shown]);
        return macro('status', params);
      }
      case 'atl-jira':
        return macro('jira', frame.attributes);
      case 'atl-user':
        return `<ac:link>${element(
          'ri:user',
          Object.fromEntries(frame.attributes.map(([name, value]) => [`ri:${name}`, value])),
        )}</ac:link>`;
      case 'atl-emoticon':
        return element('ac:emoticon', Object.fromEntries(frame.attributes.map(([name, value]) => [`ac:${name}`, value])));
      case 'atl-c':
        return `<ac:inline-comment-marker ac:ref="${escapeAttribute(attrs.get('ref') ?? '')}">${inner}</ac:inline-comment-marker>`;
      default: {
        const open = `<${frame.tag}${attributesText(frame.attributes)}`;
        return inner === '' ? `${open} />` : `${open}>${inner}</${frame.tag}>`;
      }
    }
  }

  private inline(node: PhrasingContent): string {
    switch (node.type) {
      case 'text':
        return escapeText(node.value);
      case 'strong':
        return `<strong>${this.inlines(node.children)}</strong>`;
      case 'emphasis':
        return `<em>${this.inlines(node.children)}</em>`;
      case 'delete':
        return `<span style="text-decoration: line-through;">${this.inlines(node.children)}</span>`;
      case 'inlineCode':
        return `<code>${escapeText(node.value)}</code>`;
      case 'break':
        return '<br />';
      case 'link':
        return this.link(node.url, node.title ?? undefined, node.children);
      case 'image':
        return this.image(node.url, node.alt ?? undefined, node.title ?? undefined, undefined);
      case 'linkReference': {
        const definition = this.definitions.get(node.identifier);
        return definition ? this.link(definition.url, definition.title ?? undefined, node.children) : escapeText(this.sourceOf(node));
      }
      case 'imageReference': {
        const definition = this.definitions.get(node.identifier);
        return definition
          ? this.image(definition.url, node.alt ?? undefined, definition.title ?? undefined, undefined)
          : escapeText(this.sourceOf(node));
      }
      default:
        return escapeText(this.sourceOf(node));
    }
  }

  private link(url: string, title: string | undefined, children: PhrasingContent[]): string {
    const body = (fallback: string | undefined): string => {
      if (children.length === 0) return '';
      if (children.every((child) => child.type === 'text')) {
        const label = children.map((child) => (child as { value: string }).value).join('');
        return label === fallback ? '' : `<ac:plain-text-link-body>${cdata(label)}</ac:plain-text-link-body>`;
      }
      return `<ac:link-body>${this.inlines(children)}</ac:link-body>`;
    };
    if (url.startsWith('#') && url.length > 1) {
      return `<ac:link ac:anchor="${escapeAttribute(url.slice(1))}">${body(url.slice(1))}</ac:link>`;
    }
    if (ABSOLUTE_URL.test(url) || url.startsWith('/') || url === '') {
      const titleText = title === undefined ? '' : ` title="${escapeAttribute(title)}"`;
      return `<a href="${escapeAttribute(url)}"${titleText}>${this.inlines(children)}</a>`;
    }
    const hash = url.indexOf('#');
    const path = hash < 0 ? url : url.slice(0, hash);
    const anchor = hash < 0 ? undefined : url.slice(hash + 1);
    const page = this.ctx.resolveLink?.(path) ?? null;
    if (page) {
      const anchorText = anchor === undefined ? '' : ` ac:anchor="${escapeAttribute(anchor)}"`;
      const ref = element('ri:page', { 'ri:space-key': page.spaceKey, 'ri:content-title': page.title });
      return `<ac:link${anchorText}>${ref}${body(page.title)}</ac:link>`;
    }
    const fileName = anchor === undefined ? this.attachmentName(path) : null;
    if (fileName) return `<ac:link>${element('ri:attachment', { 'ri:filename': fileName })}${body(fileName)}</ac:link>`;
    const titleText = title === undefined ? '' : ` title="${escapeAttribute(title)}"`;
    return `<a href="${escapeAttribute(url)}"${titleText}>${this.inlines(children)}</a>`;
  }

  private attachmentName(path: string): string | null {
    if (this.ctx.attachmentName) return this.ctx.attachmentName(path);
    const last = path.split('/').pop() ?? '';
    try {
      return decodeURIComponent(last) || null;
    } catch {
      return last || null;
    }
  }

  private image(url: string, alt: string | undefined, title: string | undefined, extra: Record<string, string> | undefined): string {
    const attrs: Record<string, string | undefined> = { 'ac:alt': alt || undefined, 'ac:title': title || undefined, ...extra };
    if (ABSOLUTE_URL.test(url)) return element('ac:image', attrs, element('ri:url', { 'ri:value': url }));
    const fileName = this.attachmentName(url) ?? url;
    return element('ac:image', attrs, element('ri:attachment', { 'ri:filename': fileName }));
  }
}

/** Text as Markdown shows it: backslash escapes and character references resolved, nothing else read. */
function unescapeMarkdown(source: string): string {
  return source.replace(
    /\\([!-/:-@[-`{-~])|&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/gi,
    (whole, escaped: string | undefined) => escaped ?? decodeText(whole),
  );
}

function plainText(node: PhrasingContent): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  if ('children' in node) return node.children.map(plainText).join('');
  return '';
}
