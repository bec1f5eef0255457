/**
 * Service Management bodies (descriptions, comments) are Jira wiki markup on Cloud and Data Center
 * alike (not ADF): Markdown → wiki on the way in, wiki → Markdown on the way out. The converters
 * are heavy, so they load on first use.
 */
export async function toWikiText(markdown: string): Promise<string> {
  return (await import('../markup/index.js')).markdownToWiki(markdown);
}

export async function fromWikiText(wiki: string): Promise<string> {
  return (await import('../markup/index.js')).wikiToMarkdown(wiki);
}
