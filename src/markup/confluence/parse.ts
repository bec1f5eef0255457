// How this converter reads Markdown (shared by the writer and the checker).
import type { Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

/**
 * GFM as ../markdown.ts reads it, but without the pass that links URLs found in text after parsing: it
 * also links those the printer escaped to keep them text (`https\://…`, `www\.…`), so storage text
 * holding a URL would come back a link. URLs typed bare are still links (the tokenizer's own).
 */
export function parseMarkdown(markdown: string): Root {
  return fromMarkdown(markdown, markdownOptions());
}

// Built once: the extensions are plain tables the parser only reads, and building them per page is a push's cost.
let options: Parameters<typeof fromMarkdown>[1] | undefined;
function markdownOptions(): NonNullable<typeof options> {
  options ??= {
    extensions: [gfm()],
    mdastExtensions: gfmFromMarkdown().map(({ transforms: _ignored, ...extension }) => extension),
  };
  return options;
}
