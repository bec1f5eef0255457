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
