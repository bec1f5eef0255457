// A canonical form of storage XML: two documents Confluence shows and keeps the same way normalize
// to the same string. Used by the golden tests and by sync ("is this remote change real?"). What it
// treats as equal is listed in index.ts.
import { IGNORED_ATTRIBUTES, isBlockElement } from './forms.js';
import {
  type ChildNode,
  type Element,
  attr,
  decodeAttribute,
  escapeAttribute,
  escapeText,
  isElement,
  isSpace,
  parseStorage,
  textContent,
} from './xml.js';

const FLOW = new Set(['div', 'li', 'td', 'th', 'blockquote', 'ac:rich-text-body', 'ac:layout-cell', 'ac:task-body']);
const STRUCTURAL = new Set([
  'ul',
  'ol',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'colgroup',
  'ac:structured-macro',
  'ac:link',
  'ac:image',
  'ac:task-list',
  'ac:task',
  'ac:layout',
  'ac:layout-section',
]);
const RAW = new Set(['ac:plain-text-body', 'pre', 'ac:parameter', 'ac:task-status']);
const TRIMMED = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ac:link-body']);
const STYLING_CLASSES = new Set(['confluenceTable', 'confluenceTh', 'confluenceTd']);

export function normalizeStorage(storage: string): string {
  return flow(parseStorage(storage));
}

function flow(nodes: ChildNode[]): string {
  let out = '';
  let run: ChildNode[] = [];
  const flush = () => {
    const inner = inline(run, true);
    if (inner !== '') out += `<p>${inner}</p>`;
    run = [];
  };
  for (const node of nodes) {
    if (node.type === 'comment' || (isElement(node) && isBlockElement(node.name, attr(node, 'ac:name')))) {
      flush();
      out += serialize(node);
    } else {
      run.push(node);
    }
  }
  flush();
  return out;
}

function inline(nodes: ChildNode[], trim: boolean): string {
  let out = nodes.map(serialize).join('');
  out = out.replace(/ ?(<br\/>) ?/g, '$1');
  return trim ? out.replace(/^ +| +$/g, '') : out;
}

function structural(nodes: ChildNode[]): string {
  return nodes
    .filter((node) => !(node.type === 'text' && isSpace(node.data)))
    .map(serialize)
    .join('');
}

function serialize(node: ChildNode): string {
  if (node.type === 'text' || node.type === 'cdata') return escapeText(textContent(node).replace(/[ \t\r\n\f]+/g, ' '));
  if (node.type === 'comment') return `<!--${node.data}-->`;
  if (!isElement(node)) return '';
  return serializeElement(node);
}

function canonicalName(element: Element): string {
  if (element.name === 'b') return 'strong';
  if (element.name === 'i') return 'em';
  if (['s', 'del', 'strike'].includes(element.name) && Object.keys(element.attribs).length === 0) return 's';
  const style = element.attribs.style;
  if (element.name === 'span' && Object.keys(element.attribs).length === 1 && style !== undefined) {
    if (/^\s*text-decoration:\s*line-through;?\s*$/.test(decodeAttribute(style))) return 's';
  }
  return element.name;
}

function canonicalAttributes(element: Element, name: string): string {
  if (name === 's') return '';
  const kept: Array<[string, string]> = [];
  for (const [key, raw] of Object.entries(element.attribs)) {
    if (IGNORED_ATTRIBUTES.has(key)) continue;
    let value = decodeAttribute(raw);
    if (key === 'class') {
      value = value
        .split(/\s+/)
        .filter((c) => c !== '' && !STYLING_CLASSES.has(c))
        .join(' ');
      if (value === '') continue;
    }
    if (key === 'data-layout' && value === 'default' && name === 'ac:structured-macro') continue;
    kept.push([key, value]);
  }
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return kept.map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`).join('');
}

function serializeElement(element: Element): string {
  const name = canonicalName(element);
  const attributes = canonicalAttributes(element, name);
  let inner: string;
  if (name === 'table') {
    const rows: ChildNode[] = [];
    for (const child of element.children) {
      if (isElement(child) && ['thead', 'tbody', 'tfoot'].includes(child.name) && Object.keys(child.attribs).length === 0) {
        rows.push(...child.children);
      } else {
        rows.push(child);
      }
    }
    inner = structural(rows);
  } else if (name === 'ac:structured-macro') {
    const children = element.children.filter((child) => !(child.type === 'text' && isSpace(child.data)));
    const params = children.filter((child) => isElement(child) && child.name === 'ac:parameter') as Element[];
    params.sort((a, b) => ((attr(a, 'ac:name') ?? '') < (attr(b, 'ac:name') ?? '') ? -1 : 1));
    const rest = children.filter(
      (child) =>
        !(isElement(child) && (child.name === 'ac:parameter' || (child.name === 'ac:plain-text-body' && textContent(child) === ''))),
    );
    inner = [...params, ...rest].map(serialize).join('');
  } else if (name === 'ac:task') {
    inner = structural(element.children.filter((child) => !(isElement(child) && ['ac:task-id', 'ac:task-uuid'].includes(child.name))));
  } else if (name === 'ac:link') {
    inner = linkInner(element);
  } else if (FLOW.has(name)) {
    inner = flow(element.children);
  } else if (STRUCTURAL.has(name)) {
    inner = structural(element.children);
  } else if (RAW.has(name)) {
    inner = escapeText(textContent(element));
  } else {
    inner = inline(element.children, TRIMMED.has(name));
  }
  return inner === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${inner}</${name}>`;
}

/** A link's body in one form (text only or rich), left out when it only repeats what the link shows anyway. */
function linkInner(element: Element): string {
  let out = '';
  const resource = element.children.find((child): child is Element => isElement(child) && child.name.startsWith('ri:'));
  const fallback = resource
    ? (attr(resource, 'ri:content-title') ?? attr(resource, 'ri:filename'))
    : (attr(element, 'ac:anchor') ?? undefined);
  for (const child of element.children) {
    if (child.type === 'text' && isSpace(child.data)) continue;
    if (isElement(child) && (child.name === 'ac:plain-text-link-body' || child.name === 'ac:link-body')) {
      const body =
        child.name === 'ac:link-body'
          ? inline(child.children, true)
          : escapeText(
              textContent(child)
                .replace(/[ \t\r\n\f]+/g, ' ')
                .replace(/^ +| +$/g, ''),
            );
      if (body === '' || (fallback !== undefined && body === escapeText(fallback))) continue;
      out += `<ac:link-body>${body}</ac:link-body>`;
    } else {
      out += serialize(child);
    }
  }
  return out;
}
