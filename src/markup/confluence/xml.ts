// Reading and writing the XML of Confluence storage format. Storage is a fragment with many roots,
// undeclared `ac:`/`ri:` prefixes and HTML entities (`&nbsp;`) that XML does not know, so it is read
// by htmlparser2 in XML mode (tag case, CDATA and namespaced names kept, never an HTML5 parser,
// which turns CDATA into comments) with entities left as typed and decoded here with the full
// HTML table. Every node keeps its source offsets, so unknown elements are copied byte for byte.
import type { ChildNode, Element } from 'domhandler';
import { decodeHTML, decodeHTMLAttribute } from 'entities';
import { parseDocument } from 'htmlparser2';

export type { ChildNode, Element } from 'domhandler';

export function parseStorage(storage: string): ChildNode[] {
  return parseDocument(storage, { xmlMode: true, decodeEntities: false, withStartIndices: true, withEndIndices: true }).children;
}

export function isElement(node: ChildNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** The exact source text of a node. */
export function sourceOf(source: string, node: ChildNode): string {
  return source.slice(node.startIndex ?? 0, (node.endIndex ?? source.length - 1) + 1);
}

/** A text node's characters (entities decoded). */
export function decodeText(raw: string): string {
  return decodeHTML(raw);
}

export function decodeAttribute(raw: string): string {
  return decodeHTMLAttribute(raw);
}

/** The decoded value of an attribute, or undefined. */
export function attr(element: Element, name: string): string | undefined {
  const raw = element.attribs[name];
  return raw === undefined ? undefined : decodeAttribute(raw);
}

/** All text below a node, entities decoded, CDATA included. */
export function textContent(node: ChildNode): string {
  if (node.type === 'text') return decodeText(node.data);
  if (node.type === 'cdata') return node.children.map((child) => (child.type === 'text' ? child.data : '')).join('');
  if ('children' in node) return node.children.map(textContent).join('');
  return '';
}

export function childElements(element: Element): Element[] {
  return element.children.filter(isElement);
}

/** Only XML white space (not U+00A0, which `trim()` would also take and a reader sees). */
export function isSpace(text: string): boolean {
  return /^[ \t\r\n\f]*$/.test(text);
}

/** Whitespace-only text and comments: nothing a reader sees between blocks. */
export function isBlank(node: ChildNode): boolean {
  return (node.type === 'text' && isSpace(node.data)) || node.type === 'comment';
}

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/** A CDATA section holding `text`; `]]>` inside is split across two sections. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** Attributes as written in a start tag, values kept as the source typed them (escaped for double quotes). */
export function rawAttributes(attribs: Record<string, string>): string {
  return Object.entries(attribs)
    .map(([name, raw]) => ` ${name}="${raw.replace(/"/g, '&quot;')}"`)
    .join('');
}

/** `<name a="v">inner</name>`, or `<name a="v" />` when there is no inner text. */
export function element(name: string, attributes: Record<string, string | undefined>, inner = ''): string {
  const attributeText = Object.entries(attributes)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`)
    .join('');
  return inner === '' ? `<${name}${attributeText} />` : `<${name}${attributeText}>${inner}</${name}>`;
}
