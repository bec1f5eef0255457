import type { TerminalStyle } from '../output/terminal-style.js';
import type { JiraContext } from './context.js';

/**
 * Rich text both ways: Markdown in, the site's own format out (ADF on Cloud, wiki markup on Data
 * Center), and back to Markdown for display. The converters are heavy, so they load on first use.
 */
async function markup() {
  return import('../markup/index.js');
}

/** Markdown → the body Jira wants in `description` / comment `body`. */
export async function toJiraText(ctx: JiraContext, markdown: string): Promise<unknown> {
  const m = await markup();
  return ctx.deployment === 'cloud' ? m.markdownToAdf(markdown) : m.markdownToWiki(markdown);
}

function isAdfDoc(value: unknown): value is { type: 'doc'; version: 1; content: [] } {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'doc';
}

/**
 * A description or comment body as Jira sent it → Markdown source, or, given a terminal's style,
 * that Markdown drawn for a person (bold as bold, no `**`; see src/markup/terminal.ts).
 */
export async function fromJiraText(value: unknown, terminal?: TerminalStyle): Promise<string> {
  if (value === null || value === undefined) return '';
  const m = await markup();
  if (terminal && (isAdfDoc(value) || typeof value === 'string')) {
    return m.mdastToTerminal(isAdfDoc(value) ? m.adfToMdast(value) : m.wikiToMdast(value), terminal).trimEnd();
  }
  if (isAdfDoc(value)) return m.adfToMarkdown(value).trimEnd();
  if (typeof value === 'string') return m.wikiToMarkdown(value).trimEnd();
  return JSON.stringify(value);
}

/**
 * A rich-text value as one line of plain text, for a table cell or CSV: ADF's text as it is, wiki
 * markup through Markdown and ADF so that its marks (`*bold*`, `{{code}}`) do not show as symbols.
 */
export async function plainJiraText(value: unknown): Promise<string> {
  if (value === null || value === undefined || value === '') return '';
  const m = await markup();
  const doc = isAdfDoc(value) ? value : typeof value === 'string' ? m.markdownToAdf(m.wikiToMarkdown(value)) : null;
  if (doc === null) return JSON.stringify(value);
  return adfPlain(doc).replace(/\s+/g, ' ').trim();
}

function adfPlain(node: unknown): string {
  if (typeof node !== 'object' || node === null) return '';
  const n = node as { type?: unknown; text?: unknown; content?: unknown };
  if (typeof n.text === 'string') return n.text;
  const inner = Array.isArray(n.content) ? n.content.map(adfPlain).join(n.type === 'doc' ? ' ' : '') : '';
  return n.type === 'paragraph' || n.type === 'listItem' || n.type === 'heading' ? `${inner} ` : inner;
}
