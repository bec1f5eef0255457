// Seeded random documents built from Markdown and wiki fragments: whatever people type, Markdown →
// ADF must stay schema-valid, keep every word of the text (table cells, code and link text
// included), and the ADF round trip must be stable; the wiki side must not throw.
import type { Nodes as MdastNode } from 'mdast';
import { expect, test } from 'vitest';
import { adfToMarkdown, markdownToAdf, markdownToWiki, wikiToMarkdown, type AdfNode } from './index.js';
import { parseMarkdown } from './markdown.js';
import { loadAdfValidator, present } from './schema.test-support.js';

const MARKDOWN_PIECES = [
  '# ',
  '## ',
  '> ',
  '- ',
  '1. ',
  '- [ ] ',
  '- [x] ',
  '  ',
  '    ',
  '\n',
  '\n\n',
  '**',
  '*',
  '_',
  '~~',
  '`',
  '```js\n',
  '```\n',
  '[a](https://x.y)',
  '![i](https://x.y/i.png)',
  '| a | b |\n| - | - |\n',
  '| c |',
  '---\n',
  'word ',
  'text',
  '\\',
  '<br>',
  '@5b10ac8d82e05b22cc7d4ef5',
  'https://x.y/z',
  '{code}',
  '[ref]',
  '\n[ref]: https://r.s\n',
  // Distinct words, so a dropped cell, item or code line shows as a missing word.
  '| alpha | beta |\n| --- | --- |\n| gamma | delta |\n',
  '| epsilon |',
  'zeta ',
  '`eta`',
  '```\ntheta iota\n```\n',
  '- kappa\n',
  '> lambda\n',
];
const WIKI_PIECES = [
  'h1. ',
  'bq. ',
  '* ',
  '# ',
  '** ',
  '*# ',
  '- ',
  '----',
  '\n',
  '\n\n',
  '*',
  '_',
  '-',
  '+',
  '^',
  '~',
  '??',
  '{{',
  '}}',
  '{code:js}',
  '{code}',
  '{noformat}',
  '{quote}',
  '{panel:title=T}',
  '{panel}',
  '[',
  ']',
  '|',
  '||',
  '\\\\',
  '\\',
  '!',
  '[t|https://x.y]',
  '!i.png!',
  '[~user]',
  'word ',
  'text',
  '&#92;',
  '&amp;',
  '{color:red}',
  '{color}',
];

function randomDocs(pieces: readonly string[], count: number, seed: number): string[] {
  let state = seed;
  const next = (): number => {
    // xorshift32: deterministic, so a failure reproduces.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + Math.floor(next() * 30) }, () => pieces[Math.floor(next() * pieces.length)]).join(''),
  );
}

const MARKDOWN_DOCS = randomDocs(MARKDOWN_PIECES, 300, 0x9e3779b9);
const schema = loadAdfValidator();

/** Words of a text; a `<br>` is markup (a hard break, or kept as literal text where none may stand), not a word. */
const wordsOf = (text: string): string[] => text.replace(/<br>/g, ' ').match(/[\p{L}\p{N}]+/gu) ?? [];

/** The words a reader sees in parsed Markdown, in order: text, code, image alt text, raw HTML (kept as text); not syntax or URLs. */
function markdownWords(markdown: string): string[] {
  const out: string[] = [];
  const visit = (node: MdastNode): void => {
    if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code' || node.type === 'html')
      out.push(...wordsOf(node.value));
    else if (node.type === 'image') out.push(...wordsOf(node.alt ?? ''));
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(parseMarkdown(markdown));
  return out;
}

/** The words of an ADF document's text nodes, in order. */
function adfWords(node: AdfNode): string[] {
  return [...wordsOf(node.text ?? ''), ...(node.content ?? []).flatMap(adfWords)];
}

/**
 * The words of `expected` missing from `actual`, counting repeats: each word must occur in the
 * text of `actual` as often as in `expected` (as a substring, since adjacent text with the same
 * marks is merged, `[a](u)[a](u)` giving `aa`). Coercion may add words (a task's `[x]` kept as
 * text), never lose one.
 */
function missingWords(actual: readonly string[], expected: readonly string[]): string[] {
  const text = actual.join(' ');
  const wanted = new Map<string, number>();
  for (const word of expected) wanted.set(word, (wanted.get(word) ?? 0) + 1);
  const missing: string[] = [];
  for (const [word, count] of wanted) {
    const found = text.split(word).length - 1;
    if (found < count) missing.push(...Array<string>(count - found).fill(word));
  }
  return missing;
}

test.skipIf(!schema)('random Markdown always gives schema-valid ADF', () => {
  const validate = present(schema);
  for (const markdown of MARKDOWN_DOCS) expect(validate(markdownToAdf(markdown)), markdown).toBeNull();
});

test('random Markdown keeps every word through Markdown → ADF → Markdown, tables included', () => {
  let tableWords = 0;
  for (const markdown of MARKDOWN_DOCS) {
    const words = markdownWords(markdown);
    const adf = markdownToAdf(markdown);
    expect(missingWords(adfWords({ type: 'doc', content: adf.content }), words), `lost in Markdown → ADF of:\n${markdown}`).toEqual([]);
    expect(missingWords(markdownWords(adfToMarkdown(adf)), words), `lost in Markdown → ADF → Markdown of:\n${markdown}`).toEqual([]);
    tableWords += words.filter((word) => ['alpha', 'beta', 'gamma', 'delta'].includes(word)).length;
  }
  // The corpus really has tables in it (their words are only ever in cells).
  expect(tableWords).toBeGreaterThan(20);
});

test('random Markdown gives a stable ADF round trip', () => {
  for (const markdown of MARKDOWN_DOCS) {
    const once = adfToMarkdown(markdownToAdf(markdown));
    const twice = adfToMarkdown(markdownToAdf(once));
    expect(twice, markdown).toBe(once);
  }
});

test('random wiki markup converts without throwing, and Markdown → wiki → Markdown is stable on the result', () => {
  for (const wiki of randomDocs(WIKI_PIECES, 300, 0x1234567)) {
    const markdown = wikiToMarkdown(wiki);
    expect(typeof markdown).toBe('string');
    const once = wikiToMarkdown(markdownToWiki(markdown));
    expect(wikiToMarkdown(markdownToWiki(once)), wiki).toBe(once);
  }
});
