// Well-formedness of the storage XML a person may have edited in the Markdown: the fenced
// `confluence-storage` blocks and the `xml` of `<atl-x>`. Push refuses such a file with its line
// rather than sending Confluence XML it would reject or mangle.
import type { Code, Html } from 'mdast';
import { OPAQUE_LANG } from './forms.js';
import { parseMarkdown } from './parse.js';
import { decodeAttribute } from './xml.js';

const TOKEN =
  /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|<|&(?!(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);)/gi;

/** The first reason `storage` is not a well-formed XML fragment, or undefined when it is. */
export function storageProblem(storage: string): string | undefined {
  const open: string[] = [];
  for (const match of storage.matchAll(TOKEN)) {
    const [whole, close, name] = match;
    if (whole.startsWith('<![CDATA[') || whole.startsWith('<!--')) continue;
    if (whole === '<') return `a "<" that starts no tag, at offset ${match.index}`;
    if (whole === '&') return `a "&" that starts no character reference, at offset ${match.index}`;
    if (match[4] === '/') continue;
    if (!close) {
      open.push(name!);
      continue;
    }
    const expected = open.pop();
    if (expected !== name) return expected ? `</${name}> closes <${expected}>` : `</${name}> closes nothing`;
  }
  return open.length > 0 ? `<${open[open.length - 1]}> is never closed` : undefined;
}

export interface StorageProblem {
  /** 1-based line in the Markdown. */
  line: number;
  message: string;
}

/** Problems in the storage XML carried by a Markdown document (opaque blocks and `<atl-x xml="…">`). */
export function opaqueStorageProblems(markdown: string): StorageProblem[] {
  const tree = parseMarkdown(markdown);
  const problems: StorageProblem[] = [];
  const visit = (node: { type: string; children?: unknown[] }) => {
    if (node.type === 'code' && (node as Code).lang === OPAQUE_LANG) {
      const problem = storageProblem((node as Code).value);
      if (problem) problems.push({ line: (node as Code).position?.start.line ?? 0, message: problem });
    }
    if (node.type === 'html') {
      const xml = /^<atl-x xml="([^"]*)">$/.exec((node as Html).value);
      const problem = xml ? storageProblem(decodeAttribute(xml[1]!)) : undefined;
      if (problem) problems.push({ line: (node as Html).position?.start.line ?? 0, message: problem });
    }
    for (const child of (node.children ?? []) as Array<{ type: string; children?: unknown[] }>) visit(child);
  };
  visit(tree);
  return problems;
}
