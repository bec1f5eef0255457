// Confluence storage format → canonical Markdown (see index.ts for the forms). Reads the storage into
// mdast and prints it with the project's one Markdown printer, so every direction agrees on style.
import type { Blockquote, Heading, List, ListItem, Paragraph, PhrasingContent, RootContent, Table, TableCell, TableRow } from 'mdast';
import { printMarkdown } from '../markdown.js';
import {
  EMOTICON_TEXT,
  HTML_ATTRIBUTE_NAME,
  IGNORED_ATTRIBUTES,
  INLINE_HTML,
  isBlockElement,
  OPAQUE_LANG,
  PANEL_TO_ALERT,
  TOC_MARK,
  attrsComment,
  wrapperEnd,
  wrapperStart,
} from './forms.js';
import {
  type ChildNode,
  type Element,
  attr,
  childElements,
  decodeAttribute,
  escapeAttribute,
  escapeText,
  isBlank,
  isElement,
  parseStorage,
  sourceOf,
  textContent,
} from './xml.js';

/** A link target as storage names it (`ri:page`). */
export interface PageRef {
  title: string;
  /** Only when the storage names it (a page in another space). */
  spaceKey?: string;
}

/** A user as storage names it (`ri:user`): Cloud by account id, Data Center by user key (or, old, user name). */
export interface UserRef {
  accountId?: string;
  userKey?: string;
  username?: string;
}

export interface StorageToMarkdownContext {
  /** Relative Markdown path (may end in `#anchor` added by the converter) for a page, or null to keep the link opaque. */
  pageLink?(ref: PageRef): string | null;
  /** Relative path of an attachment of this page; default: the file name. */
  attachmentPath?(fileName: string): string;
  /** Display name shown for a mention (after `@`); default: the id. */
  userName?(ref: UserRef): string | null;
}

type Flow = RootContent;

const HEADINGS: Record<string, Heading['depth']> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };
const ALERT_PARAMS = new Set(['title']);
const LANGUAGE = /^[\w#+.-]+$/;
const PARAM_NAME = /^\w+$/;
/** Structural children of a task, besides its body. */
const TASK_META = new Set(['ac:task-id', 'ac:task-uuid', 'ac:task-status']);
/** Classes Confluence puts on tables for its own styling: carry no meaning of the author's. */
const STYLING_CLASSES = new Set(['confluenceTable', 'confluenceTh', 'confluenceTd']);

export function storageToMarkdown(storage: string, ctx: StorageToMarkdownContext = {}): string {
  const reader = new StorageReader(storage, ctx);
  return printMarkdown({ type: 'root', children: reader.blocks(parseStorage(storage)) });
}

/** An attribute value in Markdown raw HTML: also no `|`, which would end a GFM table cell. */
function markdownAttribute(value: string): string {
  return escapeAttribute(value).replace(/\|/g, '&#124;');
}

function html(value: string): PhrasingContent & Flow {
  return { type: 'html', value };
}

function text(value: string): PhrasingContent {
  return { type: 'text', value };
}

/** Attributes that carry meaning: those Confluence adds on its own are left out. */
function significantAttributes(element: Element, except: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(element.attribs)) {
    if (IGNORED_ATTRIBUTES.has(name) || except.includes(name)) continue;
    if (name === 'class') {
      const kept = raw.split(/\s+/).filter((c) => c !== '' && !STYLING_CLASSES.has(c));
      if (kept.length === 0) continue;
    }
    if (name === 'data-layout' && raw === 'default' && element.name === 'ac:structured-macro') continue;
    out[name] = decodeAttribute(raw);
  }
  return out;
}

function hasSignificantAttributes(element: Element, except: string[] = []): boolean {
  return Object.keys(significantAttributes(element, except)).length > 0;
}

function collapse(value: string): string {
  return value.replace(/[ \t\r\n\f]+/g, (run) => (run.includes('\n') ? '\n' : ' '));
}

interface MacroParts {
  name: string;
  params: Array<[string, string]>;
  richBody?: Element;
  plainBody?: Element;
}

/** A structured macro split into plain-text parameters and one body, or undefined when it has more than that. */
function macroParts(element: Element): MacroParts | undefined {
  const name = attr(element, 'ac:name');
  if (!name || !/^\S+$/.test(name)) return undefined;
  const parts: MacroParts = { name, params: [] };
  for (const child of element.children) {
    if (isBlank(child) && child.type !== 'comment') continue;
    if (!isElement(child)) return undefined;
    if (child.name === 'ac:parameter') {
      const paramName = attr(child, 'ac:name') ?? '';
      if (Object.keys(child.attribs).length !== 1 || child.children.some(isElement)) return undefined;
      if (parts.params.some(([seen]) => seen === paramName)) return undefined;
      parts.params.push([paramName, textContent(child)]);
    } else if (child.name === 'ac:rich-text-body' && !parts.richBody && !parts.plainBody && !hasSignificantAttributes(child)) {
      parts.richBody = child;
    } else if (child.name === 'ac:plain-text-body' && !parts.richBody && !parts.plainBody && !hasSignificantAttributes(child)) {
      parts.plainBody = child;
    } else {
      return undefined;
    }
  }
  return parts;
}

class StorageReader {
  constructor(
    private readonly source: string,
    private readonly ctx: StorageToMarkdownContext,
  ) {}

  // ---- blocks ----

  blocks(nodes: ChildNode[]): Flow[] {
    const out: Flow[] = [];
    let run: ChildNode[] = [];
    const flush = () => {
      if (run.some((node) => !isBlank(node) || node.type === 'comment')) {
        const children = this.paragraphContent(run);
        if (children.length > 0) out.push({ type: 'paragraph', children });
      }
      run = [];
    };
    for (const node of nodes) {
      if (node.type === 'comment' || (isElement(node) && isBlockElement(node.name, attr(node, 'ac:name')))) {
        flush();
        out.push(...(isElement(node) ? this.block(node) : [this.opaqueBlock(node)]));
      } else {
        run.push(node);
      }
    }
    flush();
    return out;
  }

  private block(element: Element): Flow[] {
    const name = element.name;
    if (name === 'p') return this.paragraph(element);
    if (name in HEADINGS) return this.heading(element);
    if (name === 'ul' || name === 'ol') return this.list(element);
    if (name === 'ac:task-list') return this.taskList(element);
    if (name === 'table') return this.table(element);
    if (name === 'blockquote' && !hasSignificantAttributes(element)) {
      return [{ type: 'blockquote', children: this.blocks(element.children) as Blockquote['children'] }];
    }
    if (name === 'hr' && !hasSignificantAttributes(element) && element.children.length === 0) return [{ type: 'thematicBreak' }];
    if (name === 'ac:structured-macro') return this.macro(element);
    if (name === 'ac:layout' || name === 'ac:layout-section' || name === 'ac:layout-cell' || name === 'div') {
      return this.elementWrapper(element, this.blocks(element.children));
    }
    return [this.opaqueBlock(element)];
  }

  private opaqueBlock(node: ChildNode): Flow {
    return { type: 'code', lang: OPAQUE_LANG, value: sourceOf(this.source, node) };
  }

  /** `<!-- atl:el TAG {attrs} -->` … `<!-- /atl:el TAG -->` around Markdown that stays editable. */
  private elementWrapper(element: Element, content: Flow[]): Flow[] {
    const attrs = Object.fromEntries(Object.entries(element.attribs).map(([name, raw]) => [name, decodeAttribute(raw)]));
    const data = Object.keys(attrs).length > 0 ? { attrs } : {};
    return [html(wrapperStart('el', element.name, data)), ...content, html(wrapperEnd('el', element.name))];
  }

  private paragraph(element: Element): Flow[] {
    const children = this.paragraphContent(element.children);
    if (children.length === 0 && !hasSignificantAttributes(element)) return [this.opaqueBlock(element)];
    if (hasSignificantAttributes(element)) {
      return this.elementWrapper(element, children.length > 0 ? [{ type: 'paragraph', children }] : []);
    }
    return [{ type: 'paragraph', children }];
  }

  private heading(element: Element): Flow[] {
    const children = this.inlines(element.children).map(breaksAsHtml);
    trimEdges(children);
    const heading: Heading = { type: 'heading', depth: HEADINGS[element.name]!, children: children.map(flattenNewlines) };
    return hasSignificantAttributes(element) ? this.elementWrapper(element, [heading]) : [heading];
  }

  /** Inline content of a paragraph: edges trimmed, a line break at either end kept as `<br/>` (Markdown would drop it). */
  private paragraphContent(nodes: ChildNode[]): PhrasingContent[] {
    const children = this.inlines(nodes);
    trimEdges(children);
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (child.type === 'break' && (i === 0 || i === children.length - 1 || children[i + 1]?.type === 'break')) {
        children[i] = html('<br/>');
      } else if (child.type !== 'break') {
        children[i] = breaksAsHtml(child);
      }
    }
    if (children.length > 1 && startsWithLoneTag(children)) children.splice(1, 0, html(EMPTY_COMMENT));
    return children;
  }

  private list(element: Element): Flow[] {
    const items = element.children.filter((child) => !isBlank(child));
    const ordered = element.name === 'ol';
    const start = attr(element, 'start');
    const listAttrsOk =
      !hasSignificantAttributes(element, ordered ? ['start'] : []) && (start === undefined || /^[1-9]\d{0,8}$/.test(start));
    if (!listAttrsOk || items.some((item) => !isElement(item) || item.name !== 'li' || hasSignificantAttributes(item))) {
      return [this.opaqueBlock(element)];
    }
    const contents = (items as Element[]).map((item) => this.blocks(item.children));
    return [this.listNode(ordered, start === undefined ? undefined : Number(start), contents, undefined)];
  }

  private listNode(ordered: boolean, start: number | undefined, contents: Flow[][], checked: boolean[] | undefined): List {
    // Tight when every item is at most one paragraph followed by lists: what `- a` / `  - b` says.
    const tight = contents.every((blocks) => {
      const rest = blocks[0]?.type === 'paragraph' ? blocks.slice(1) : blocks;
      return rest.every((block) => block.type === 'list');
    });
    for (const blocks of contents) {
      const first = blocks[0];
      if (first?.type === 'paragraph' && startsWithLoneTag(first.children)) first.children.splice(1, 0, html(EMPTY_COMMENT));
    }
    const children: ListItem[] = contents.map((blocks, index) => ({
      type: 'listItem',
      spread: !tight,
      checked: checked ? checked[index] : null,
      children: blocks as ListItem['children'],
    }));
    return { type: 'list', ordered, start: ordered ? (start ?? 1) : null, spread: !tight, children };
  }

  private taskList(element: Element): Flow[] {
    if (hasSignificantAttributes(element)) return [this.opaqueBlock(element)];
    const contents: Flow[][] = [];
    const checked: boolean[] = [];
    for (const child of element.children) {
      if (isBlank(child) && child.type !== 'comment') continue;
      if (!isElement(child)) return [this.opaqueBlock(element)];
      if (child.name === 'ac:task-list') {
        const nested = this.taskList(child)[0]!;
        if (contents.length === 0 || nested.type !== 'list') return [this.opaqueBlock(element)];
        contents[contents.length - 1]!.push(nested);
        continue;
      }
      if (child.name !== 'ac:task' || hasSignificantAttributes(child)) return [this.opaqueBlock(element)];
      const parts = childElements(child);
      const body = parts.find((part) => part.name === 'ac:task-body');
      const status = parts.find((part) => part.name === 'ac:task-status');
      const known = parts.every((part) => TASK_META.has(part.name) || part === body);
      const statusText = status ? textContent(status).trim() : 'incomplete';
      if (!known || child.children.some((node) => !isElement(node) && !isBlank(node)) || !/^(in)?complete$/.test(statusText)) {
        return [this.opaqueBlock(element)];
      }
      if (body && hasSignificantAttributes(body)) return [this.opaqueBlock(element)];
      const blocks = body ? this.blocks(body.children) : [];
      // An empty task has no Markdown form (`- [ ]` alone is not a task item).
      if (blocks[0]?.type !== 'paragraph') return [this.opaqueBlock(element)];
      contents.push(blocks);
      checked.push(statusText === 'complete');
    }
    if (contents.length === 0) return [this.opaqueBlock(element)];
    return [this.listNode(false, undefined, contents, checked)];
  }

  private table(element: Element): Flow[] {
    const attrs = significantAttributes(element);
    let colgroup: string | undefined;
    const rows: Element[] = [];
    for (const child of element.children) {
      if (isBlank(child) && child.type !== 'comment') continue;
      if (!isElement(child)) return [this.opaqueBlock(element)];
      if (child.name === 'colgroup' && colgroup === undefined && rows.length === 0) {
        colgroup = sourceOf(this.source, child);
      } else if (['thead', 'tbody', 'tfoot'].includes(child.name) && !hasSignificantAttributes(child)) {
        for (const row of child.children) {
          if (isBlank(row) && row.type !== 'comment') continue;
          if (!isElement(row)) return [this.opaqueBlock(element)];
          rows.push(row);
        }
      } else {
        rows.push(child);
      }
    }
    const tableRows: TableRow[] = [];
    let width: number | undefined;
    for (const [index, row] of rows.entries()) {
      if (row.name !== 'tr' || hasSignificantAttributes(row)) return [this.opaqueBlock(element)];
      const cells = row.children.filter((cell) => !isBlank(cell) || cell.type === 'comment');
      width ??= cells.length;
      if (cells.length !== width || width === 0) return [this.opaqueBlock(element)];
      const tableCells: TableCell[] = [];
      for (const cell of cells) {
        const expected = index === 0 ? 'th' : 'td';
        if (!isElement(cell) || cell.name !== expected || hasSignificantAttributes(cell)) return [this.opaqueBlock(element)];
        const blocks = this.blocks(cell.children);
        if (blocks.length > 1 || (blocks.length === 1 && blocks[0]!.type !== 'paragraph')) return [this.opaqueBlock(element)];
        const content = blocks.length === 1 ? (blocks[0] as Paragraph).children : [];
        tableCells.push({ type: 'tableCell', children: content.map(breaksAsHtml).map(flattenNewlines) });
      }
      tableRows.push({ type: 'tableRow', children: tableCells });
    }
    if (tableRows.length === 0) return [this.opaqueBlock(element)];
    const table: Table = { type: 'table', align: tableRows[0]!.children.map(() => null), children: tableRows };
    if (Object.keys(attrs).length === 0 && colgroup === undefined) return [table];
    const data: Record<string, unknown> = {};
    if (Object.keys(attrs).length > 0) data.table = attrs;
    if (colgroup !== undefined) data.colgroup = colgroup;
    return [html(attrsComment(data)), table];
  }

  private macro(element: Element): Flow[] {
    const parts = macroParts(element);
    const nativeAttrsOk = !hasSignificantAttributes(element, ['ac:name']);
    if (!parts) return [this.opaqueBlock(element)];
    const params = new Map(parts.params);
    if (nativeAttrsOk && parts.name === 'code' && !parts.richBody) {
      const code = this.codeBlock(parts);
      if (code) return [code];
    }
    if (nativeAttrsOk && parts.name in PANEL_TO_ALERT && parts.params.every(([name]) => ALERT_PARAMS.has(name)) && !parts.plainBody) {
      const alert = this.alert(PANEL_TO_ALERT[parts.name]!, params.get('title'), parts.richBody);
      if (alert) return [alert];
    }
    if (nativeAttrsOk && parts.name === 'expand' && parts.params.every(([name]) => name === 'title') && parts.richBody) {
      const title = params.get('title');
      const open = title === undefined ? '<details>' : `<details>\n<summary>${escapeText(title)}</summary>`;
      if (title === undefined || !/[\r\n]/.test(title)) return [html(open), ...this.blocks(parts.richBody.children), html('</details>')];
    }
    if (nativeAttrsOk && parts.name === 'toc' && parts.params.length === 0 && !parts.richBody && !parts.plainBody) {
      return [{ type: 'paragraph', children: [html(TOC_MARK)] }];
    }
    if (parts.richBody && parts.params.every(([name, value]) => name !== '' && !/[\r\n]/.test(value))) {
      const attrs = Object.fromEntries(
        Object.entries(element.attribs)
          .filter(([name]) => name !== 'ac:name')
          .map(([name, raw]) => [name, decodeAttribute(raw)]),
      );
      const data: Record<string, unknown> = {};
      if (Object.keys(attrs).length > 0) data.attrs = attrs;
      if (parts.params.length > 0) data.params = Object.fromEntries(parts.params);
      return [
        html(wrapperStart('macro', parts.name, data)),
        ...this.blocks(parts.richBody.children),
        html(wrapperEnd('macro', parts.name)),
      ];
    }
    return [this.opaqueBlock(element)];
  }

  private codeBlock(parts: MacroParts): Flow | undefined {
    const language = parts.params.find(([name]) => name === 'language')?.[1];
    const others = parts.params.filter(([name]) => name !== 'language');
    if (language !== undefined && (!LANGUAGE.test(language) || language === OPAQUE_LANG)) return undefined;
    if (others.length > 0 && language === undefined) return undefined;
    if (others.some(([name]) => !PARAM_NAME.test(name))) return undefined;
    const meta = others.map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(' ');
    const value = parts.plainBody ? textContent(parts.plainBody) : '';
    // A carriage return would not survive the Markdown parser's line ending handling.
    if (value.includes('\r')) return undefined;
    return { type: 'code', lang: language ?? null, meta: meta === '' ? null : meta, value };
  }

  /** `> [!NOTE] Title` with the body's first paragraph on the next quoted line. */
  private alert(type: string, title: string | undefined, body: Element | undefined): Flow | undefined {
    if (title !== undefined && (title === '' || title !== title.trim() || /[\r\n]/.test(title))) return undefined;
    const marker: PhrasingContent[] = [html(`[!${type}]`)];
    if (title !== undefined) marker.push(text(` ${title}`));
    const blocks = body ? this.blocks(body.children) : [];
    const first = blocks[0];
    // The printer turns the line ending into a space before raw HTML or a link that would be unsafe at a line start.
    const lead = first?.type === 'paragraph' ? first.children[0]?.type : undefined;
    if (first?.type === 'paragraph' && ['text', 'strong', 'emphasis', 'delete', 'inlineCode'].includes(lead ?? '')) {
      blocks.shift();
      marker.push(text('\n'), ...first.children);
    }
    return { type: 'blockquote', children: [{ type: 'paragraph', children: marker }, ...blocks] as Blockquote['children'] };
  }

  // ---- inline ----

  private inlines(nodes: ChildNode[]): PhrasingContent[] {
    const out: PhrasingContent[] = [];
    for (const node of nodes) {
      if (node.type === 'text' || node.type === 'cdata') {
        const value = collapse(textContent(node));
        const last = out[out.length - 1];
        if (last?.type === 'text') last.value = collapse(last.value + value);
        else if (value !== '') out.push(text(value));
      } else if (isElement(node)) {
        out.push(...this.inline(node));
      } else {
        out.push(...this.inlineOpaque(node));
      }
    }
    trimAroundBreaks(out);
    // Two code spans or two strikethroughs in a row would print as one run of backticks or tildes
    // (`~~a~~~~b~~`): the second is written as HTML.
    for (let i = out.length - 1; i > 0; i--) {
      const node = out[i]!;
      const before = out[i - 1]!.type;
      if (node.type === 'inlineCode' && before === 'inlineCode') out.splice(i, 1, html('<code>'), text(node.value), html('</code>'));
      if (node.type === 'delete' && before === 'delete') {
        out.splice(i, 1, html('<span style="text-decoration: line-through;">'), ...node.children, html('</span>'));
      }
    }
    return out;
  }

  private inlineOpaque(node: ChildNode): PhrasingContent[] {
    const visible = collapse(textContent(node)).replace(/\n/g, ' ').trim();
    return [
      html(`<atl-x xml="${markdownAttribute(sourceOf(this.source, node))}">`),
      ...(visible === '' ? [] : [text(visible.length > 80 ? `${visible.slice(0, 79)}…` : visible)]),
      html('</atl-x>'),
    ];
  }

  private inline(element: Element): PhrasingContent[] {
    const name = element.name;
    const plain = !hasSignificantAttributes(element);
    if (plain && (name === 'strong' || name === 'b')) return [{ type: 'strong', children: this.inlines(element.children) }];
    if (plain && (name === 'em' || name === 'i')) return [{ type: 'emphasis', children: this.inlines(element.children) }];
    if (isStrikethrough(element)) return [{ type: 'delete', children: this.inlines(element.children) }];
    if (plain && name === 'code' && element.children.length > 0 && element.children.every((child) => child.type === 'text')) {
      const value = collapse(textContent(element)).replace(/\n/g, ' ');
      if (value.trim() !== '') return [{ type: 'inlineCode', value }];
    }
    if (plain && name === 'br' && element.children.length === 0) return [{ type: 'break' }];
    if (name === 'a') {
      const href = attr(element, 'href');
      const title = attr(element, 'title');
      const onlyLinkAttrs = !hasSignificantAttributes(element, ['href', 'title']);
      if (href && onlyLinkAttrs && !href.startsWith('#') && element.children.length > 0) {
        const children = this.inlines(element.children);
        // A link inside a link is not Markdown: such an `a` stays HTML.
        if (children.length > 0 && !children.some(containsLink)) return [{ type: 'link', url: href, title: title ?? null, children }];
      }
    }
    if (name === 'ac:link') return this.acLink(element) ?? this.inlineOpaque(element);
    if (name === 'ac:image') return this.image(element) ?? this.inlineOpaque(element);
    if (name === 'ac:emoticon') return this.emoticon(element) ?? this.inlineOpaque(element);
    if (name === 'ac:inline-comment-marker') {
      const ref = attr(element, 'ac:ref');
      if (ref !== undefined && Object.keys(element.attribs).length === 1) {
        return [html(`<atl-c ref="${markdownAttribute(ref)}">`), ...this.inlines(element.children), html('</atl-c>')];
      }
    }
    if (name === 'ac:structured-macro') return this.inlineMacro(element) ?? this.inlineOpaque(element);
    if (INLINE_HTML.has(name)) return this.inlineHtml(element) ?? this.inlineOpaque(element);
    return this.inlineOpaque(element);
  }

  /** A plain HTML element kept as CommonMark raw HTML around Markdown content. */
  private inlineHtml(element: Element): PhrasingContent[] | undefined {
    if (Object.keys(element.attribs).some((name) => !HTML_ATTRIBUTE_NAME.test(name))) return undefined;
    if (element.children.some((child) => isElement(child) && isBlockElement(child.name, attr(child, 'ac:name')))) return undefined;
    const attributes = Object.entries(element.attribs)
      .map(([name, raw]) => ` ${name}="${markdownAttribute(decodeAttribute(raw))}"`)
      .join('');
    if (element.children.length === 0) return [html(`<${element.name}${attributes} />`)];
    const children = this.inlines(element.children).map(breaksAsHtml);
    return [html(`<${element.name}${attributes}>`), ...children, html(`</${element.name}>`)];
  }

  private acLink(element: Element): PhrasingContent[] | undefined {
    if (hasSignificantAttributes(element, ['ac:anchor'])) return undefined;
    const anchor = attr(element, 'ac:anchor');
    const parts = element.children.filter((child) => !isBlank(child) || child.type === 'comment');
    if (parts.some((part) => !isElement(part))) return undefined;
    const elements = parts as Element[];
    const resources = elements.filter((part) => part.name.startsWith('ri:'));
    const bodies = elements.filter((part) => part.name === 'ac:plain-text-link-body' || part.name === 'ac:link-body');
    if (resources.length > 1 || bodies.length > 1 || resources.length + bodies.length !== elements.length) return undefined;
    const resource = resources[0];
    const body = bodies[0];
    if (body && hasSignificantAttributes(body)) return undefined;
    if (resource && resource.children.length > 0) return undefined;
    const label = (fallback: string): PhrasingContent[] | undefined => {
      if (!body) return [text(fallback)];
      const children = body.name === 'ac:link-body' ? this.inlines(body.children) : [text(collapse(textContent(body)))];
      trimEdges(children);
      return children.length === 0 ? undefined : children.map(breaksAsHtml);
    };
    if (resource?.name === 'ri:user' && !body && anchor === undefined) return this.mention(resource);
    if (resource?.name === 'ri:page') {
      const title = attr(resource, 'ri:content-title');
      if (!title || hasSignificantAttributes(resource, ['ri:content-title', 'ri:space-key'])) return undefined;
      const ref: PageRef = { title };
      const spaceKey = attr(resource, 'ri:space-key');
      if (spaceKey !== undefined) ref.spaceKey = spaceKey;
      const path = this.ctx.pageLink?.(ref);
      const children = label(title);
      if (!path || !children || path.includes('#')) return undefined;
      return [{ type: 'link', url: anchor === undefined ? path : `${path}#${anchor}`, title: null, children }];
    }
    if (resource?.name === 'ri:attachment' && anchor === undefined) {
      const fileName = attr(resource, 'ri:filename');
      if (!fileName || hasSignificantAttributes(resource, ['ri:filename'])) return undefined;
      const children = label(fileName);
      if (!children) return undefined;
      return [{ type: 'link', url: this.attachmentPath(fileName), title: null, children }];
    }
    if (!resource && anchor !== undefined && anchor !== '') {
      const children = label(anchor);
      return children ? [{ type: 'link', url: `#${anchor}`, title: null, children }] : undefined;
    }
    return undefined;
  }

  private attachmentPath(fileName: string): string {
    return this.ctx.attachmentPath ? this.ctx.attachmentPath(fileName) : fileName;
  }

  /** `<atl-user account-id="…">@Name</atl-user>`: every `ri:user` attribute, by its local name. */
  private mention(user: Element): PhrasingContent[] | undefined {
    const attrs = Object.entries(user.attribs).map(([name, raw]) => [name.replace(/^ri:/, ''), decodeAttribute(raw)] as const);
    if (attrs.length === 0 || Object.keys(user.attribs).some((name) => !name.startsWith('ri:'))) return undefined;
    const ref: UserRef = {};
    for (const [name, value] of attrs) {
      if (name === 'account-id') ref.accountId = value;
      else if (name === 'userkey') ref.userKey = value;
      else if (name === 'username') ref.username = value;
    }
    const shown = this.ctx.userName?.(ref) ?? ref.accountId ?? ref.userKey ?? ref.username ?? '';
    const attributes = attrs.map(([name, value]) => ` ${name}="${markdownAttribute(value)}"`).join('');
    return [html(`<atl-user${attributes}>`), text(`@${shown}`), html('</atl-user>')];
  }

  private image(element: Element): PhrasingContent[] | undefined {
    const parts = element.children.filter((child) => !isBlank(child) || child.type === 'comment');
    const resource = parts[0];
    if (parts.length !== 1 || !resource || !isElement(resource) || resource.children.length > 0) return undefined;
    let url: string;
    if (resource.name === 'ri:attachment') {
      const fileName = attr(resource, 'ri:filename');
      if (!fileName || hasSignificantAttributes(resource, ['ri:filename'])) return undefined;
      url = this.attachmentPath(fileName);
    } else if (resource.name === 'ri:url') {
      const value = attr(resource, 'ri:value');
      if (!value || hasSignificantAttributes(resource, ['ri:value']) || !/^[a-z][a-z0-9+.-]*:/i.test(value)) return undefined;
      url = value;
    } else {
      return undefined;
    }
    const alt = attr(element, 'ac:alt');
    const title = attr(element, 'ac:title');
    if (alt === '' || title === '') return undefined;
    const image: PhrasingContent = { type: 'image', url, alt: alt ?? null, title: title ?? null };
    const extra = significantAttributes(element, ['ac:alt', 'ac:title']);
    return Object.keys(extra).length === 0 ? [image] : [image, html(attrsComment(extra))];
  }

  private emoticon(element: Element): PhrasingContent[] | undefined {
    const names = Object.keys(element.attribs);
    if (element.children.length > 0 || names.length === 0 || names.some((name) => !name.startsWith('ac:'))) return undefined;
    const attributes = names.map((name) => ` ${name.slice(3)}="${markdownAttribute(decodeAttribute(element.attribs[name]!))}"`).join('');
    const name = attr(element, 'ac:name') ?? '';
    const shown = attr(element, 'ac:emoji-fallback') ?? EMOTICON_TEXT[name] ?? `:${name}:`;
    return [html(`<atl-emoticon${attributes}>`), text(shown), html('</atl-emoticon>')];
  }

  /** Status and Jira issue macros: `<atl-status colour="Green">DONE</atl-status>`, `<atl-jira key="…" …>KEY</atl-jira>`. */
  private inlineMacro(element: Element): PhrasingContent[] | undefined {
    const parts = macroParts(element);
    if (!parts || parts.richBody || parts.plainBody || hasSignificantAttributes(element, ['ac:name'])) return undefined;
    if (parts.name !== 'status' && parts.name !== 'jira') return undefined;
    if (parts.params.some(([name, value]) => !HTML_ATTRIBUTE_NAME.test(name) || /[\r\n]/.test(value))) return undefined;
    const params = new Map(parts.params);
    let shown: string;
    let kept = parts.params;
    if (parts.name === 'status') {
      const title = params.get('title');
      if (title === '' || (title !== undefined && title !== title.trim())) return undefined;
      shown = title ?? '';
      kept = parts.params.filter(([name]) => name !== 'title');
    } else {
      shown = params.get('key') ?? params.get('jqlQuery') ?? '';
    }
    const attributes = kept.map(([name, value]) => ` ${name}="${markdownAttribute(value)}"`).join('');
    const tag = `atl-${parts.name}`;
    return [html(`<${tag}${attributes}>`), ...(shown === '' ? [] : [text(shown)]), html(`</${tag}>`)];
  }
}

/**
 * An empty HTML comment, put after a tag that would otherwise stand alone on a paragraph's first line:
 * CommonMark reads such a line as the start of an HTML block, which swallows the lines after it.
 */
const EMPTY_COMMENT = '<!---->';

function startsWithLoneTag(children: PhrasingContent[]): boolean {
  const first = children[0];
  const next = children[1];
  if (first?.type !== 'html' || !/^<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>$/.test(first.value)) return false;
  return next === undefined || (next.type === 'text' && next.value.startsWith('\n'));
}

function containsLink(node: PhrasingContent): boolean {
  return node.type === 'link' || ('children' in node && node.children.some(containsLink));
}

function isStrikethrough(element: Element): boolean {
  const names = Object.keys(element.attribs);
  if (['s', 'del', 'strike'].includes(element.name)) return names.length === 0;
  return (
    element.name === 'span' &&
    names.length === 1 &&
    /^\s*text-decoration:\s*line-through;?\s*$/.test(decodeAttribute(element.attribs.style ?? ''))
  );
}

/** A line break inside emphasis, a link, a cell or a heading has no safe Markdown form but `<br/>`. */
function breaksAsHtml(node: PhrasingContent): PhrasingContent {
  if (node.type === 'break') return html('<br/>');
  if ('children' in node && node.type !== 'link') {
    return { ...node, children: node.children.map(breaksAsHtml) } as PhrasingContent;
  }
  if (node.type === 'link') return { ...node, children: node.children.map(breaksAsHtml) } as PhrasingContent;
  return node;
}

/** Text in a table cell or heading must stay on one line. */
function flattenNewlines(node: PhrasingContent): PhrasingContent {
  if (node.type === 'text') return { ...node, value: node.value.replace(/\n/g, ' ') };
  if ('children' in node) return { ...node, children: node.children.map(flattenNewlines) } as PhrasingContent;
  return node;
}

function trimEdges(children: PhrasingContent[]): void {
  const first = children[0];
  if (first?.type === 'text') first.value = first.value.replace(/^[ \n]+/, '');
  const last = children[children.length - 1];
  if (last?.type === 'text') last.value = last.value.replace(/[ \n]+$/, '');
  if (first?.type === 'text' && first.value === '') children.shift();
  const end = children[children.length - 1];
  if (end?.type === 'text' && end.value === '') children.pop();
}

/** Whitespace next to a line break is not shown, and Markdown would lose it: drop it. */
function trimAroundBreaks(children: PhrasingContent[]): void {
  for (let i = 0; i < children.length; i++) {
    if (children[i]!.type !== 'break') continue;
    const before = children[i - 1];
    if (before?.type === 'text') before.value = before.value.replace(/[ \n]+$/, '');
    const after = children[i + 1];
    if (after?.type === 'text') after.value = after.value.replace(/^[ \n]+/, '');
  }
  for (let i = children.length - 1; i >= 0; i--) {
    const child = children[i]!;
    if (child.type === 'text' && child.value === '') children.splice(i, 1);
  }
}
