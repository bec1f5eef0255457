// Seeded random documents built from Markdown and wiki fragments: whatever people type, Markdown →
// ADF must stay schema-valid, the ADF round trip must be stable, and the wiki side must not throw.
import { expect, test } from 'vitest';
import { adfToMarkdown, markdownToAdf, markdownToWiki, wikiToMarkdown } from './index.js';
import { loadAdfValidator } from './schema.test-support.js';

const MARKDOWN_PIECES = [
  '# ', '## ', '> ', '- ', '1. ', '- [ ] ', '- [x] ', '  ', '    ', '\n', '\n\n', '**', '*', '_', '~~', '`', '```js\n', '```\n',
  '[a](https://x.y)', '![i](https://x.y/i.png)', '| a | b |\n| - | - |\n', '| c |', '---\n', 'word ', 'text', '\\', '<br>',
  '@5b10ac8d82e05b22cc7d4ef5', 'https://x.y/z', '{code}', '[ref]', '\n[ref]: https://r.s\n',
];
const WIKI_PIECES = [
  'h1. ', 'bq. ', '* ', '# ', '** ', '*# ', '- ', '----', '\n', '\n\n', '*', '_', '-', '+', '^', '~', '??', '{{', '}}',
  '{code:js}', '{code}', '{noformat}', '{quote}', '{panel:title=T}', '{panel}', '[', ']', '|', '||', '\\\\', '\\', '!',
  '[t|https://x.y]', '!i.png!', '[~user]', 'word ', 'text', '&#92;', '&amp;', '{color:red}', '{color}',
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
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(next() * 30) }, () => pieces[Math.floor(next() * pieces.length)]).join(''));
}

test('random Markdown always gives schema-valid ADF and a stable ADF round trip', () => {
  const validate = loadAdfValidator();
  for (const markdown of randomDocs(MARKDOWN_PIECES, 300, 0x9e3779b9)) {
    const adf = markdownToAdf(markdown);
    if (validate) expect(validate(adf), markdown).toBeNull();
    const once = adfToMarkdown(adf);
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
