// Rich text both ways: Markdown ↔ ADF (Jira/Confluence Cloud) and Markdown ↔ Jira wiki markup
// (Data Center). Loaded lazily by the commands that need it.
export type { AdfDoc, AdfMark, AdfNode } from './types.js';
export { markdownToAdf } from './md-to-adf.js';
export { adfToMarkdown, adfToMdast } from './adf-to-md.js';
export { markdownToWiki } from './md-to-wiki.js';
export { wikiToMarkdown, wikiToMdast } from './wiki-to-md.js';
export { mdastToTerminal } from './terminal.js';
