// Focused tests of the tricky cases; the corpus tests (corpus.test.ts) cover whole documents.
import { describe, expect, test } from 'vitest';
import { adfToMarkdown, markdownToAdf, markdownToWiki, wikiToMarkdown, type AdfDoc, type AdfNode } from './index.js';
import { loadAdfValidator, present } from './schema.test-support.js';

const doc = (...content: AdfNode[]): AdfDoc => ({ type: 'doc', version: 1, content });
const p = (...content: AdfNode[]): AdfNode => ({ type: 'paragraph', content });
const t = (text: string, ...marks: string[]): AdfNode =>
  marks.length > 0 ? { type: 'text', text, marks: marks.map((type) => ({ type })) } : { type: 'text', text };

const schema = loadAdfValidator();
/** Documents the tests below build, each checked against the ADF schema by the last test of the file. */
const builtDocs: AdfDoc[] = [];
const keepForSchemaCheck = (adf: AdfDoc): void => void builtDocs.push(adf);

describe('the ADF schema check', () => {
  test.skipIf(!schema)('rejects what Jira would reject (so the corpus check can fail)', () => {
    const validate = present(schema);
    expect(validate({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }] })).not.toBeNull();
    expect(validate({ type: 'doc', version: 1, content: [p(t('x', 'code', 'strong'))] })).not.toBeNull();
    expect(
      validate({
        type: 'doc',
        version: 1,
        content: [{ type: 'blockquote', content: [{ type: 'heading', attrs: { level: 1 }, content: [] }] }],
      }),
    ).not.toBeNull();
  });
});

describe('markdownToAdf', () => {
  test('maps every construct to its ADF node', () => {
    const adf = markdownToAdf('# T\n\n**b** *i* ~~s~~ `c` [l](https://x.y)\n\n```js\nx\n```\n\n---\n\n> q\n\n3. a\n4. b\n');
    keepForSchemaCheck(adf);
    expect(adf.content.map((node) => node.type)).toEqual(['heading', 'paragraph', 'codeBlock', 'rule', 'blockquote', 'orderedList']);
    expect(adf.content[0]).toEqual({ type: 'heading', attrs: { level: 1 }, content: [t('T')] });
    expect(adf.content[1]!.content).toEqual([
      t('b', 'strong'),
      t(' '),
      t('i', 'em'),
      t(' '),
      t('s', 'strike'),
      t(' '),
      t('c', 'code'),
      t(' '),
      { type: 'text', text: 'l', marks: [{ type: 'link', attrs: { href: 'https://x.y' } }] },
    ]);
    expect(adf.content[2]).toEqual({ type: 'codeBlock', attrs: { language: 'js' }, content: [t('x')] });
    expect(adf.content[5]!.attrs).toEqual({ order: 3 });
  });

  test('task lists get localIds and TODO/DONE states; nested tasks follow their parent', () => {
    const adf = markdownToAdf('- [x] done\n  - [ ] sub\n- [ ] todo\n');
    keepForSchemaCheck(adf);
    const list = adf.content[0]!;
    expect(list.type).toBe('taskList');
    expect(list.content!.map((n) => [n.type, n.attrs?.state])).toEqual([
      ['taskItem', 'DONE'],
      ['taskList', undefined],
      ['taskItem', 'TODO'],
    ]);
    const ids = [list.attrs!.localId, ...list.content!.map((n) => n.attrs!.localId)];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
  });

  test('tables have a header row, paragraphs in cells, and keep centre/right alignment', () => {
    const adf = markdownToAdf('| a | b |\n| :-: | --: |\n| **x** | |\n');
    keepForSchemaCheck(adf);
    const [header, row] = adf.content[0]!.content!;
    expect(header!.content!.map((cell) => cell.type)).toEqual(['tableHeader', 'tableHeader']);
    expect(row!.content![0]!.content).toEqual([
      { type: 'paragraph', content: [t('x', 'strong')], marks: [{ type: 'alignment', attrs: { align: 'center' } }] },
    ]);
    expect(row!.content![1]!.content![0]!.content).toEqual([]);
  });

  test('@accountId mentions stay text; images become links; <br> is a hard break', () => {
    const adf = markdownToAdf('hi @5b10ac8d82e05b22cc7d4ef5 ![shot](https://x.y/a.png) a<br>b');
    keepForSchemaCheck(adf);
    expect(adf.content[0]!.content).toEqual([
      t('hi @5b10ac8d82e05b22cc7d4ef5 '),
      { type: 'text', text: 'shot', marks: [{ type: 'link', attrs: { href: 'https://x.y/a.png' } }] },
      t(' a'),
      { type: 'hardBreak' },
      t('b'),
    ]);
  });

  test('code inside strong keeps only the code mark (the schema forbids code+strong)', () => {
    const adf = markdownToAdf('**a `b` c**');
    keepForSchemaCheck(adf);
    expect(adf.content[0]!.content).toEqual([t('a ', 'strong'), t('b', 'code'), t(' c', 'strong')]);
  });

  test('blocks a container cannot hold are coerced, not dropped', () => {
    const adf = markdownToAdf('> # H\n> > inner\n> - [ ] t\n\n- | a |\n  | - |\n  | 1 |\n');
    keepForSchemaCheck(adf);
    expect(adfToMarkdown(adf)).toBe('> **H**\n>\n> inner\n>\n> - \\[ ] t\n\n- a\\\n  1\n');
  });

  test('empty input is an empty document', () => {
    expect(markdownToAdf('')).toEqual({ type: 'doc', version: 1, content: [] });
    expect(adfToMarkdown(doc())).toBe('');
  });
});

describe('adfToMarkdown', () => {
  test('nests flat marks and moves edge spaces outside emphasis', () => {
    expect(adfToMarkdown(doc(p(t('bold ', 'strong'), t('both', 'strong', 'em'), t(' plain'))))).toBe('**bold _both_** plain\n');
  });

  test('degrades Jira-only nodes to readable text', () => {
    const adf = doc(
      p(
        { type: 'mention', attrs: { id: 'abc', text: '@Alice' } },
        t(' '),
        { type: 'mention', attrs: { id: '5b10' } },
        t(' '),
        { type: 'emoji', attrs: { shortName: ':tada:', text: '🎉' } },
        t(' '),
        { type: 'emoji', attrs: { shortName: ':custom:' } },
        t(' '),
        { type: 'status', attrs: { text: 'IN PROGRESS', color: 'blue' } },
        t(' '),
        { type: 'date', attrs: { timestamp: '1700000000000' } },
        t(' '),
        { type: 'inlineCard', attrs: { url: 'https://x.atlassian.net/browse/A-1' } },
      ),
      { type: 'panel', attrs: { panelType: 'info' }, content: [p(t('careful'))] },
      { type: 'expand', attrs: { title: 'More' }, content: [p(t('hidden'))] },
      {
        type: 'mediaSingle',
        attrs: { layout: 'center' },
        content: [{ type: 'media', attrs: { type: 'file', id: '1', collection: 'c', alt: 'shot.png' } }],
      },
      { type: 'blockCard', attrs: { url: 'https://example.com/card' } },
      {
        type: 'decisionList',
        attrs: { localId: 'd' },
        content: [{ type: 'decisionItem', attrs: { localId: 'i', state: 'DECIDED' }, content: [t('ship it')] }],
      },
    );
    expect(adfToMarkdown(adf)).toBe(
      [
        '@Alice @5b10 🎉 :custom: IN PROGRESS 2023-11-14 <https://x.atlassian.net/browse/A-1>',
        '',
        '> **Info:** careful',
        '',
        '**More**',
        '',
        'hidden',
        '',
        '[attachment: shot.png]',
        '',
        '<https://example.com/card>',
        '',
        '- ship it',
        '',
      ].join('\n'),
    );
  });

  test('the space the Cloud editor stores after an emoji, mention, date or inline card never prints as &#x20;', () => {
    const emoji = { type: 'emoji', attrs: { shortName: ':grin:', text: '😁' } };
    const mention = { type: 'mention', attrs: { id: 'a', text: '@Ann' } };
    const date = { type: 'date', attrs: { timestamp: '1700000000000' } };
    const card = { type: 'inlineCard', attrs: { url: 'https://x.y/z' } };
    const adf = doc(
      p(t('Carlos Test'), emoji, t(' ')),
      p(mention, t(' '), { type: 'hardBreak' }, t(' '), date, t(' ')),
      { type: 'heading', attrs: { level: 2 }, content: [t('Due '), date, t(' ')] },
      { type: 'bulletList', content: [{ type: 'listItem', content: [p(card, t(' '))] }] },
    );
    expect(adfToMarkdown(adf)).toBe('Carlos Test😁\n\n@Ann\\\n2023-11-14\n\n## Due 2023-11-14\n\n- <https://x.y/z>\n');
  });

  test('emphasis between letters keeps every character, with no character reference', () => {
    expect(adfToMarkdown(doc(p(t('a'), t('"q"', 'strong'), t('b'))))).toBe('a"**q**"b\n');
    expect(adfToMarkdown(doc(p(t('x'), t('!!', 'em'), t('y'))))).toBe('x!!y\n');
  });

  test('panels say which panel they are', () => {
    const panel = (panelType: string, ...content: AdfNode[]): AdfNode => ({ type: 'panel', attrs: { panelType }, content });
    expect(
      adfToMarkdown(doc(panel('note', p(t('n'))), panel('warning', p(t('w'))), panel('success', p(t('s'))), panel('error', p(t('e'))))),
    ).toBe('> **Note:** n\n\n> **Warning:** w\n\n> **Success:** s\n\n> **Error:** e\n');
    expect(adfToMarkdown(doc(panel('info', { type: 'rule' })))).toBe('> **Info:**\n>\n> ---\n');
  });

  test('colour, sub- and superscript keep their text; underline is marked', () => {
    const marked = (text: string, type: string, attrs: Record<string, unknown>): AdfNode => ({
      type: 'text',
      text,
      marks: [{ type, attrs }],
    });
    const adf = doc(
      p(
        marked('red', 'textColor', { color: '#ff0000' }),
        t(' H'),
        marked('2', 'subsup', { type: 'sub' }),
        t('O '),
        marked('lit', 'backgroundColor', { color: '#ffff00' }),
        t(' '),
        t('under', 'underline'),
      ),
    );
    expect(adfToMarkdown(adf)).toBe('red H2O lit <u>under</u>\n');
  });

  test('a smart link with only JSON-LD data shows its title, linked when it has a URL', () => {
    const card = (data: Record<string, unknown>): AdfNode => ({ type: 'inlineCard', attrs: { data } });
    expect(adfToMarkdown(doc(p(card({ '@type': 'Document', name: 'Plan', url: 'https://x.y/p' }))))).toBe('[Plan](https://x.y/p)\n');
    expect(adfToMarkdown(doc(p(card({ '@type': 'Document', name: 'Plan' }))))).toBe('Plan\n');
    expect(adfToMarkdown(doc({ type: 'blockCard', attrs: { data: { '@type': 'Object', url: 'https://x.y/o' } } }))).toBe(
      '<https://x.y/o>\n',
    );
  });

  test('media shows its file name; a caption is shown as text, not as another attachment', () => {
    const adf = doc({
      type: 'mediaSingle',
      attrs: { layout: 'center' },
      content: [
        { type: 'media', attrs: { type: 'file', id: '1', collection: 'c', alt: 'shot.png' } },
        { type: 'caption', content: [t('The login page')] },
      ],
    });
    expect(adfToMarkdown(adf)).toBe('[attachment: shot.png]\n\nThe login page\n');
  });

  test('unknown nodes degrade to their text content, never vanish', () => {
    const adf = doc(
      { type: 'futureBlock', content: [p(t('inside a future block'))] },
      p(t('a '), { type: 'futureInline', attrs: { text: 'inline text' } }, t(' b'), { type: 'weird', text: ' raw' }),
      { type: 'layoutSection', content: [{ type: 'layoutColumn', attrs: { width: 50 }, content: [p(t('column'))] }] },
    );
    expect(adfToMarkdown(adf)).toBe('inside a future block\n\na inline text b raw\n\ncolumn\n');
  });

  test('table cells with several blocks join them with <br>, which reads back as a break', () => {
    const adf = doc({
      type: 'table',
      content: [
        { type: 'tableRow', content: [{ type: 'tableHeader', content: [p(t('h'))] }] },
        { type: 'tableRow', content: [{ type: 'tableCell', content: [p(t('one')), p(t('two'))] }] },
      ],
    });
    const markdown = adfToMarkdown(adf);
    expect(markdown).toBe('| h          |\n| ---------- |\n| one<br>two |\n');
    const back = markdownToAdf(markdown);
    expect(back.content[0]!.content![1]!.content![0]!.content).toEqual([p(t('one'), { type: 'hardBreak' }, t('two'))]);
  });

  test('a task list nested as an ADF sibling prints nested under its parent', () => {
    const adf = doc({
      type: 'taskList',
      attrs: { localId: 'a' },
      content: [
        { type: 'taskItem', attrs: { localId: 'b', state: 'TODO' }, content: [t('parent')] },
        {
          type: 'taskList',
          attrs: { localId: 'c' },
          content: [{ type: 'taskItem', attrs: { localId: 'd', state: 'DONE' }, content: [t('child')] }],
        },
      ],
    });
    expect(adfToMarkdown(adf)).toBe('- [ ] parent\n  - [x] child\n');
  });
});

describe('markdownToWiki', () => {
  test('writes each construct in wiki syntax', () => {
    expect(markdownToWiki('## T\n\n**b** *i* ~~s~~ `c` [l](https://x.y) <https://a.b>')).toBe(
      'h2. T\n\n*b* _i_ -s- {{c}} [l|https://x.y] [https://a.b]',
    );
    expect(markdownToWiki('- a\n  1. b\n     - c\n')).toBe('* a\n*# b\n*#* c');
    expect(markdownToWiki('| h | i |\n| - | - |\n| `x\\|y` | a<br>b |')).toBe('||h||i||\n|{{x\\|y}}|a \\\\ b|');
    expect(markdownToWiki('```py\nprint(1)\n```')).toBe('{code:py}\nprint(1)\n{code}');
    expect(markdownToWiki('> one\n\n> two\n>\n> three')).toBe('bq. one\n\n{quote}\ntwo\n\nthree\n{quote}');
  });

  test('escapes text that would read as markup, but not ordinary punctuation', () => {
    expect(markdownToWiki('a *literal\\* star, well-known a - b, snake_case, [x] {y} \\ |')).toBe(
      'a \\*literal\\* star, well-known a - b, snake_case, \\[x\\] \\{y\\} &#92; \\|',
    );
    expect(markdownToWiki('\\* not a list\n\n\\# nor this\n\nh1. nor a heading')).toBe(
      '\\* not a list\n\n\\# nor this\n\n\\h1. nor a heading',
    );
  });

  test('emphasis inside a word uses the braced form', () => {
    expect(markdownToWiki('un**believ**able')).toBe('un{*}believ{*}able');
    expect(wikiToMarkdown('un{*}believ{*}able')).toBe('un**believ**able\n');
  });

  test('code containing wiki tags uses the other block macro', () => {
    expect(markdownToWiki('```js\nconst s = "{code}";\n```')).toBe('{noformat}\nconst s = "{code}";\n{noformat}');
  });
});

describe('wikiToMarkdown', () => {
  test('* at line start is a list only when followed by a space', () => {
    expect(wikiToMarkdown('* item\n*bold* start\n** nested')).toBe('- item\n\n**bold** start\n\n- nested\n');
    expect(wikiToMarkdown('* one\n** two\n*# three')).toBe('- one\n  - two\n  1. three\n');
  });

  test('- is a bullet, ---- a rule, and -text- a strike', () => {
    expect(wikiToMarkdown('- item\n\n----\n\n-gone- but well-known')).toBe('- item\n\n---\n\n~~gone~~ but well-known\n');
  });

  test('escaped characters are literal', () => {
    expect(wikiToMarkdown('\\*not bold\\* \\[not a link\\] \\{{not mono}} &#92; &amp;')).toBe(
      '\\*not bold\\* \\[not a link] {{not mono}} \\ &\n',
    );
  });

  test('code blocks keep markup verbatim', () => {
    expect(wikiToMarkdown('{code:language=java|title=A.java}\n*x* [y|z] {{w}}\n{code}')).toBe('```java\n*x* [y|z] {{w}}\n```\n');
    expect(wikiToMarkdown('{noformat}h1. nope\n* nope{noformat}')).toBe('```\nh1. nope\n* nope\n```\n');
  });

  test('links, mentions, images and attachments', () => {
    expect(wikiToMarkdown('[text|https://x.y] [https://a.b] [~jsmith] [^file.txt] [Some Page] !https://x.y/i.png|alt="pic"!')).toBe(
      '[text](https://x.y) <https://a.b> @jsmith file.txt Some Page ![pic](https://x.y/i.png)\n',
    );
  });

  test('tables with header cells, links containing bars and line breaks in cells', () => {
    expect(wikiToMarkdown('||a||b||\n|[x|https://x.y]|one\\\\two|')).toBe(
      ['| a                | b          |', '| ---------------- | ---------- |', '| [x](https://x.y) | one<br>two |', ''].join('\n'),
    );
  });

  test("Server's info, note, warning and tip panels say which they are", () => {
    expect(wikiToMarkdown('{info}\nCareful.\n{info}\n\n{warning:title=Heads up}\nBack up.\n{warning}')).toBe(
      '> **Info:** Careful.\n\n> **Warning:** **Heads up**\n>\n> Back up.\n',
    );
  });

  test('-- and --- between spaces are dashes, not strike-through', () => {
    expect(wikiToMarkdown('a -- b --- c -gone-')).toBe('a – b — c ~~gone~~\n');
  });

  test('headings, quotes, panels and line breaks', () => {
    expect(
      wikiToMarkdown('h3. Title\nbq. quoted\n{quote}\nmulti\n\nblock\n{quote}\n{panel:title=Note}\nbody\n{panel}\nline one\nline two'),
    ).toBe('### Title\n\n> quoted\n\n> multi\n>\n> block\n\n> **Note**\n>\n> body\n\nline one\\\nline two\n');
  });

  test('ignores colour tags and keeps their text; unclosed effects stay literal', () => {
    expect(wikiToMarkdown('{color:red}red{color} and *unclosed')).toBe('red and \\*unclosed\n');
  });
});

// Last, so every document above has been built (vitest runs a file's tests in order).
test.skipIf(!schema)('every ADF document the tests above built validates against the ADF schema', () => {
  const validate = present(schema);
  expect(builtDocs).toHaveLength(6);
  for (const adf of builtDocs) expect(validate(adf), JSON.stringify(adf)).toBeNull();
});
