// Markdown → Jira wiki markup (Jira Data Center descriptions and comments), from the mdast tree.
//
// Conventions, mirrored by wiki-to-md.ts so a round trip is stable:
// - a Markdown hard break is a newline inside a paragraph (Jira renders it as a line break) and
//   `\\` inside list items and table cells, where a newline would end the item or row;
// - soft line endings are spaces, as Markdown renders them;
// - task list items are `* \[x\] text` / `* \[ \] text` (wiki has no task lists);
// - a literal backslash is `&#92;`, because `\\` is the wiki line break.
import type { Definition, List, Nodes, PhrasingContent, RootContent, Table } from 'mdast';
import { parseMarkdown } from './markdown.js';

interface Context {
  definitions: Map<string, Definition>;
}

export function markdownToWiki(markdown: string): string {
  const tree = parseMarkdown(markdown);
  const context: Context = { definitions: new Map() };
  collect(tree, context.definitions);
  return blocks(tree.children, context).join('\n\n');
}

function collect(node: Nodes, into: Map<string, Definition>): void {
  if (node.type === 'definition' && !into.has(node.identifier)) into.set(node.identifier, node);
  if ('children' in node) for (const child of node.children) collect(child, into);
}

function blocks(nodes: readonly RootContent[], context: Context): string[] {
  return nodes.map((node) => block(node, context)).filter((text) => text !== '');
}

/** A line that would read as block syntax gets its first character escaped. */
const BLOCK_START = /^(\s*)(h[1-6]\.|bq\.|[*#]+\s|-\s|-{4,}\s*$|\|)/;

function escapeLineStarts(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(BLOCK_START, (_match, space: string, start: string) => `${space}\\${start}`))
    .join('\n');
}

function block(node: RootContent, context: Context): string {
  switch (node.type) {
    case 'paragraph':
      return escapeLineStarts(inlines(node.children, context, '\n'));
    case 'heading':
      return `h${node.depth}. ${inlines(node.children, context, ' ').replace(/\n/g, ' ')}`;
    case 'thematicBreak':
      return '----';
    case 'code':
      return codeBlock(node.value, node.lang ?? undefined);
    case 'blockquote': {
      const only = node.children[0];
      if (node.children.length === 1 && only?.type === 'paragraph') {
        const text = inlines(only.children, context, '\n');
        if (!text.includes('\n')) return `bq. ${text}`;
      }
      return `{quote}\n${blocks(node.children, context).join('\n\n')}\n{quote}`;
    }
    case 'list':
      return list(node, '', context).join('\n');
    case 'table':
      return table(node, context);
    case 'html':
      return escapeLineStarts(escapeText(node.value));
    case 'definition':
      return '';
    case 'footnoteDefinition':
      return escapeLineStarts(`${escapeText(`[^${node.label ?? node.identifier}]: `)}${blocks(node.children, context).join(' ')}`);
    default:
      return 'value' in node && typeof node.value === 'string' ? escapeLineStarts(escapeText(node.value)) : '';
  }
}

function codeBlock(value: string, language: string | undefined): string {
  // Wiki has no way to escape the closing tag inside a block, so pick the tag the code lacks.
  const useNoformat = !language || value.includes('{code');
  if (useNoformat && !value.includes('{noformat}')) return `{noformat}\n${value}\n{noformat}`;
  return `{code${language ? `:${language.replace(/[}|]/g, '')}` : ''}}\n${value}\n{code}`;
}

/**
 * List items become marker lines (`*`, `#`, nested as `**`, `#*`). Blocks wiki cannot nest in an
 * item (code, quotes, tables) follow as their own lines, which ends the list there.
 */
function list(node: List, prefix: string, context: Context): string[] {
  const marker = `${prefix}${node.ordered ? '#' : '*'}`;
  const lines: string[] = [];
  for (const item of node.children) {
    let head = item.checked === true ? '\\[x\\]' : item.checked === false ? '\\[ \\]' : '';
    let headHasText = false;
    const after: string[] = [];
    for (const child of item.children) {
      if (child.type === 'paragraph' && after.length === 0) {
        const text = inlines(child.children, context, ' \\\\ ');
        head = headHasText ? `${head} \\\\ ${text}` : head ? `${head} ${text}` : text;
        headHasText = true;
      } else if (child.type === 'list') {
        after.push(...list(child, marker, context));
      } else {
        after.push(block(child, context));
      }
    }
    lines.push(`${marker} ${head}`.trimEnd(), ...after);
  }
  return lines;
}

function table(node: Table, context: Context): string {
  return node.children
    .map((row, rowIndex) => {
      const separator = rowIndex === 0 ? '||' : '|';
      const cells = row.children.map((cell) => inlines(cell.children, context, ' \\\\ ').trim() || ' ');
      return `${separator}${cells.join(separator)}${separator}`;
    })
    .join('\n');
}

// ---------------------------------------------------------------------------------------------
// Inline

function inlines(nodes: readonly PhrasingContent[], context: Context, lineBreak: string): string {
  return nodes.map((node, index) => inline(node, context, lineBreak, nodes[index - 1], nodes[index + 1])).join('');
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}]/u.test(char);
}

function lastChar(node: PhrasingContent | undefined): string | undefined {
  return node?.type === 'text' ? node.value.at(-1) : undefined;
}

function firstChar(node: PhrasingContent | undefined): string | undefined {
  return node?.type === 'text' ? node.value[0] : undefined;
}

/**
 * An effect such as `*bold*` needs a non-word character on its outer sides; inside a word Jira
 * accepts the braced form `{*}bold{*}`.
 */
function effect(marker: string, inner: string, before: PhrasingContent | undefined, after: PhrasingContent | undefined): string {
  if (inner === '') return '';
  const braced = isWordChar(lastChar(before)) || isWordChar(firstChar(after));
  return braced ? `{${marker}}${inner}{${marker}}` : `${marker}${inner}${marker}`;
}

function linkTarget(url: string): string {
  return url.replace(/\|/g, '%7C').replace(/\]/g, '%5D').replace(/\[/g, '%5B');
}

function link(label: string, url: string): string {
  if (url === '') return label;
  return label === '' || label === escapeText(url) ? `[${linkTarget(url)}]` : `[${label}|${linkTarget(url)}]`;
}

function image(url: string, alt: string | null | undefined): string {
  const source = url.replace(/!/g, '%21').replace(/\|/g, '%7C');
  const cleanAlt = (alt ?? '').replace(/[!|,"\n]/g, ' ').trim();
  return cleanAlt ? `!${source}|alt="${cleanAlt}"!` : `!${source}!`;
}

/** The character wiki output will have next to a neighbouring node, for context-aware escaping. */
function edgeChar(node: PhrasingContent | undefined, side: 'start' | 'end'): string | undefined {
  if (!node) return undefined;
  if (node.type === 'text' || node.type === 'html') return side === 'start' ? node.value[0] : node.value.at(-1);
  if (node.type === 'break') return '\n';
  return '*'; // an effect, link or monospace delimiter: punctuation either way
}

function inline(
  node: PhrasingContent,
  context: Context,
  lineBreak: string,
  before: PhrasingContent | undefined,
  after: PhrasingContent | undefined,
): string {
  switch (node.type) {
    case 'text':
      return escapeText(node.value.replace(/\n/g, ' '), false, edgeChar(before, 'end'), edgeChar(after, 'start'));
    case 'strong':
      return effect('*', inlines(node.children, context, lineBreak), before, after);
    case 'emphasis':
      return effect('_', inlines(node.children, context, lineBreak), before, after);
    case 'delete':
      return effect('-', inlines(node.children, context, lineBreak), before, after);
    case 'inlineCode':
      return node.value === '' ? '' : `{{${escapeText(node.value, true)}}}`;
    case 'break':
      return lineBreak;
    case 'link':
      return link(inlines(node.children, context, lineBreak), node.url);
    case 'image':
      return node.url ? image(node.url, node.alt) : escapeText(node.alt ?? '');
    case 'linkReference':
    case 'imageReference': {
      const definition = context.definitions.get(node.identifier);
      const label = node.type === 'imageReference' ? escapeText(node.alt ?? '') : inlines(node.children, context, lineBreak);
      if (!definition)
        return (
          escapeText(node.type === 'imageReference' ? `![${node.alt ?? ''}]` : '[') +
          (node.type === 'imageReference' ? '' : `${label}${escapeText(']')}`)
        );
      return node.type === 'imageReference' ? image(definition.url, node.alt) : link(label, definition.url);
    }
    case 'html':
      return /^<br\s*\/?>$/i.test(node.value.trim()) ? lineBreak : escapeText(node.value.replace(/\n/g, ' '));
    case 'footnoteReference':
      return escapeText(`[^${node.label ?? node.identifier}]`);
    default: {
      const value: unknown = (node as { value?: unknown }).value;
      return typeof value === 'string' ? escapeText(value) : '';
    }
  }
}

const ALWAYS_ESCAPED = new Set(['{', '}', '[', ']', '|']);
const EFFECT_CHARS = new Set(['*', '_', '-', '+', '^', '~']);

function isSpace(char: string | undefined): boolean {
  return char === undefined || /\s/.test(char);
}

/**
 * Escapes what wiki markup would read as syntax. Effect characters are escaped only where they
 * could open or close an effect, so `well-known` and `a - b` stay readable.
 */
export function escapeText(text: string, inCode = false, before?: string, after?: string): string {
  let out = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    const previous = index === 0 ? before : text[index - 1];
    const next = index === text.length - 1 ? after : text[index + 1];
    if (char === '\\') {
      out += '&#92;';
    } else if (char === '&' && /^&(#\d+|#x[0-9a-f]+|[a-z]+);/i.test(text.slice(index))) {
      out += '&amp;';
    } else if (ALWAYS_ESCAPED.has(char)) {
      out += `\\${char}`;
    } else if (!inCode && char === '!' && !isSpace(next)) {
      out += '\\!';
    } else if (!inCode && char === '?' && next === '?') {
      out += '\\?';
    } else if (!inCode && EFFECT_CHARS.has(char)) {
      const bothWord = isWordChar(previous) && isWordChar(next);
      const bothSpace = isSpace(previous) && isSpace(next);
      out += bothWord || bothSpace ? char : `\\${char}`;
    } else {
      out += char;
    }
  }
  return out;
}
