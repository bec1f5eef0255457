import { expect, test } from 'vitest';
import { adfToMdast, mdastToTerminal, wikiToMdast, type AdfNode } from './index.js';
import { parseMarkdown } from './markdown.js';

const COLOUR = { color: true, width: 80 };
const PLAIN = { color: false, width: 80 };
const draw = (markdown: string, style = COLOUR) => mdastToTerminal(parseMarkdown(markdown), style);
const ESC = '\u001b';

test('bold, italics, code and headings are styled, never printed as Markdown marks', () => {
  expect(draw('# Title\n\nSome **bold**, *it*, `code` and ~~gone~~.')).toBe(
    `${ESC}[1m${ESC}[4mTitle${ESC}[24m${ESC}[1m${ESC}[22m\n\nSome ${ESC}[1mbold${ESC}[22m, ${ESC}[3mit${ESC}[23m, ` +
      `${ESC}[36mcode${ESC}[39m and ${ESC}[9mgone${ESC}[29m.\n`,
  );
});

test('a style nested in bold turns bold back on after it ends', () => {
  expect(draw('**a `c` b**')).toBe(`${ESC}[1ma ${ESC}[36mc${ESC}[39m${ESC}[1m b${ESC}[22m\n`);
});

test('lists, tasks, links, quotes and code blocks are laid out; no colour means no escape sequence at all', () => {
  const drawn = draw('- one\n  1. two\n- [x] done\n\n> quoted [site](https://x.y) <https://a.b>\n\n```js\nlet a = 1;\n```', PLAIN);
  expect(drawn).toBe('• one\n  1. two\n☑ done\n\n│ quoted site (https://x.y) https://a.b\n\n    let a = 1;\n');
  expect(drawn).not.toContain(ESC);
});

test('Markdown escapes and character references the source needed do not reach the terminal', () => {
  expect(draw('\\*\\*not bold\\*\\* 1\\. x &amp; &#x20;y', PLAIN)).toBe('**not bold** 1. x &  y\n');
});

test('underline from ADF is underlined in colour and _marked_ without', () => {
  const adf: AdfNode = { type: 'paragraph', content: [{ type: 'text', text: 'u', marks: [{ type: 'underline' }] }] };
  expect(mdastToTerminal(adfToMdast(adf), COLOUR)).toBe(`${ESC}[4mu${ESC}[24m\n`);
  expect(mdastToTerminal(adfToMdast(adf), PLAIN)).toBe('_u_\n');
});

test('tables are aligned, header bold, cells with breaks on lines of their own', () => {
  expect(mdastToTerminal(wikiToMdast('||a||bb||\n|one\\\\two|x|'), PLAIN)).toBe('a    bb\n───  ──\none  x\ntwo\n');
});

test("escape sequences in someone's text are shown, not run; only the renderer's own styles act", () => {
  const drawn = draw('**x\u001b[2Jy** `\u001b]0;t\u0007`');
  expect(drawn).toBe(`${ESC}[1mx\\x1b[2Jy${ESC}[22m ${ESC}[36m\\x1b]0;t\\x07${ESC}[39m\n`);
});
