// One test per construct of the Markdown ↔ storage mapping (the table in index.ts); the golden corpus
// (corpus.test.ts) covers whole real-world documents.
import { describe, expect, test } from 'vitest';
import { expectRoundTrip, toMarkdown, toStorage } from './convert.testutil.js';
import { markdownToStorage, normalizeStorage, storageToMarkdown } from './index.js';

describe('storage → Markdown, per construct, each round-tripping', () => {
  test.each([
    ['headings', '<h1>One</h1><h3>Three &amp; more</h3>', '# One\n\n### Three & more\n'],
    [
      'strong, em, code',
      '<p><strong>b</strong> <em>i</em> <b>bb</b> <i>ii</i> <code>x &lt; y</code></p>',
      '**b** *i* **bb** *ii* `x < y`\n',
    ],
    [
      'strikethrough in its three spellings',
      '<p><span style="text-decoration: line-through;">a</span> <s>b</s> <del>c</del></p>',
      '~~a~~ ~~b~~ ~~c~~\n',
    ],
    ['underline, sub, sup as inline HTML', '<p><u>u</u> H<sub>2</sub>O x<sup>2</sup></p>', '<u>u</u> H<sub>2</sub>O x<sup>2</sup>\n'],
    [
      'coloured span and time',
      '<p><span style="color: rgb(255,86,48);">red</span> on <time datetime="2024-05-01" /></p>',
      '<span style="color: rgb(255,86,48);">red</span> on <time datetime="2024-05-01" />\n',
    ],
    ['line break inside and at the end of a paragraph', '<p>a<br />b<br /></p>', 'a\\\nb<br/>\n'],
    ['entities and non-breaking space', '<p>caf&eacute;&nbsp;&mdash; &lt;tag&gt;</p>', 'café\u00a0— \\<tag>\n'],
    ['whitespace between and inside blocks', '<p>\n  one\n  two  three\n</p>\n\n<p>four</p>', 'one\ntwo three\n\nfour\n'],
    ['rule and quote', '<hr /><blockquote><p>said</p></blockquote>', '---\n\n> said\n'],
    ['nested lists, tight', '<ul><li>a<ul><li>b</li></ul></li><li><p>c</p></li></ul>', '- a\n  - b\n- c\n'],
    ['ordered list with start', '<ol start="4"><li>four</li><li>five</li></ol>', '4. four\n5. five\n'],
    ['loose list when an item has two paragraphs', '<ul><li><p>a</p><p>b</p></li><li>c</li></ul>', '- a\n\n  b\n\n- c\n'],
    [
      'task list, nested',
      '<ac:task-list><ac:task><ac:task-id>7</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>done</ac:task-body></ac:task>' +
        '<ac:task-list><ac:task><ac:task-id>8</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>sub <strong>task</strong></ac:task-body></ac:task></ac:task-list>' +
        '</ac:task-list>',
      '- [x] done\n  - [ ] sub **task**\n',
    ],
    [
      'table with a header row',
      '<table><tbody><tr><th><p>A</p></th><th>B|C</th></tr><tr><td>1</td><td><p>x<br/>y</p></td></tr></tbody></table>',
      '| A | B\\|C    |\n| - | ------- |\n| 1 | x<br/>y |\n',
    ],
    [
      'table attributes and column widths carried in a comment',
      '<table data-layout="wide"><colgroup><col style="width: 120.0px;" /></colgroup><tbody><tr><th>H</th></tr><tr><td>v</td></tr></tbody></table>',
      '<!-- atl:attrs {"table":{"data-layout":"wide"},"colgroup":"<colgroup><col style=\\"width: 120.0px;\\" /></colgroup>"} -->\n\n| H |\n| - |\n| v |\n',
    ],
    [
      'code macro with language',
      '<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="m1"><ac:parameter ac:name="language">python</ac:parameter><ac:plain-text-body><![CDATA[print("<hi>")\n]]]]><![CDATA[>]]></ac:plain-text-body></ac:structured-macro>',
      '```python\nprint("<hi>")\n]]>\n```\n',
    ],
    [
      'code macro with title and line numbers',
      '<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">bash</ac:parameter><ac:parameter ac:name="title">Install "it"</ac:parameter><ac:parameter ac:name="linenumbers">true</ac:parameter><ac:plain-text-body><![CDATA[npm i]]></ac:plain-text-body></ac:structured-macro>',
      '```bash title="Install \\\\"it\\\\"" linenumbers="true"\nnpm i\n```\n',
    ],
    [
      'code macro without language',
      '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[plain]]></ac:plain-text-body></ac:structured-macro>',
      '```\nplain\n```\n',
    ],
    [
      'link to another page, with and without a body',
      '<p><ac:link><ri:page ri:content-title="Other Page" /><ac:plain-text-link-body><![CDATA[see this]]></ac:plain-text-link-body></ac:link> and <ac:link ac:anchor="part"><ri:page ri:space-key="ENG" ri:content-title="Guide" /></ac:link></p>',
      '[see this](Other_Page.md) and [Guide](../ENG/Guide.md#part)\n',
    ],
    [
      'rich link body',
      '<p><ac:link><ri:page ri:content-title="Home" /><ac:link-body><strong>home</strong> page</ac:link-body></ac:link></p>',
      '[**home** page](Home.md)\n',
    ],
    [
      'anchor link on the same page',
      '<p><ac:link ac:anchor="setup"><ac:plain-text-link-body><![CDATA[Setup]]></ac:plain-text-link-body></ac:link></p>',
      '[Setup](#setup)\n',
    ],
    [
      'attachment link',
      '<p><ac:link><ri:attachment ri:filename="report.pdf" /><ac:plain-text-link-body><![CDATA[the report]]></ac:plain-text-link-body></ac:link></p>',
      '[the report](img/report.pdf)\n',
    ],
    ['external link', '<p><a href="https://example.com/a?b=1&amp;c=2">site</a></p>', '[site](https://example.com/a?b=1\\&c=2)\n'],
    [
      'external link with a target stays HTML',
      '<p><a href="https://x.io" target="_blank">x</a></p>',
      '<a href="https://x.io" target="_blank">x</a>\n',
    ],
    [
      'images: attachment and URL',
      '<p><ac:image ac:alt="diagram"><ri:attachment ri:filename="arch.png" /></ac:image> <ac:image><ri:url ri:value="https://example.com/logo.svg" /></ac:image></p>',
      '![diagram](img/arch.png) ![](https://example.com/logo.svg)\n',
    ],
    [
      'image attributes carried in a comment after it',
      '<ac:image ac:align="center" ac:width="400"><ri:attachment ri:filename="wide shot.png" ri:version-at-save="2" /></ac:image>',
      '![](<img/wide shot.png>)<!-- atl:attrs {"ac:align":"center","ac:width":"400"} -->\n',
    ],
    [
      'info panel with a title ↔ NOTE alert',
      '<ac:structured-macro ac:name="info"><ac:parameter ac:name="title">Heads up</ac:parameter><ac:rich-text-body><p>Read this.</p><ul><li>and this</li></ul></ac:rich-text-body></ac:structured-macro>',
      '> [!NOTE] Heads up\n> Read this.\n>\n> - and this\n',
    ],
    [
      'tip, note, warning panels by colour',
      '<ac:structured-macro ac:name="tip"><ac:rich-text-body><p>t</p></ac:rich-text-body></ac:structured-macro>' +
        '<ac:structured-macro ac:name="note"><ac:rich-text-body><p>n</p></ac:rich-text-body></ac:structured-macro>' +
        '<ac:structured-macro ac:name="warning"><ac:rich-text-body><p>w</p></ac:rich-text-body></ac:structured-macro>',
      '> [!TIP]\n> t\n\n> [!WARNING]\n> n\n\n> [!CAUTION]\n> w\n',
    ],
    [
      'panel whose body starts with a list',
      '<ac:structured-macro ac:name="info"><ac:rich-text-body><ol><li>x</li></ol></ac:rich-text-body></ac:structured-macro>',
      '> [!NOTE]\n>\n> 1. x\n',
    ],
    [
      'panel with other parameters → macro wrapper',
      '<ac:structured-macro ac:name="info"><ac:parameter ac:name="icon">false</ac:parameter><ac:rich-text-body><p>quiet</p></ac:rich-text-body></ac:structured-macro>',
      '<!-- atl:macro info {"params":{"icon":"false"}} -->\n\nquiet\n\n<!-- /atl:macro info -->\n',
    ],
    [
      'expand',
      '<ac:structured-macro ac:name="expand"><ac:parameter ac:name="title">Details &amp; more</ac:parameter><ac:rich-text-body><p>hidden</p></ac:rich-text-body></ac:structured-macro>',
      '<details>\n<summary>Details &amp; more</summary>\n\nhidden\n\n</details>\n',
    ],
    ['toc without parameters', '<ac:structured-macro ac:name="toc" ac:schema-version="1" />', '[[_TOC_]]\n'],
    [
      'status',
      '<p><ac:structured-macro ac:name="status"><ac:parameter ac:name="colour">Green</ac:parameter><ac:parameter ac:name="title">DONE</ac:parameter><ac:parameter ac:name="subtle">true</ac:parameter></ac:structured-macro></p>',
      '<atl-status colour="Green" subtle="true">DONE</atl-status>\n',
    ],
    [
      'Jira issue macro',
      '<p>Fixed in <ac:structured-macro ac:name="jira"><ac:parameter ac:name="server">System Jira</ac:parameter><ac:parameter ac:name="serverId">1a2b</ac:parameter><ac:parameter ac:name="key">ABC-12</ac:parameter></ac:structured-macro>.</p>',
      'Fixed in <atl-jira server="System Jira" serverId="1a2b" key="ABC-12">ABC-12</atl-jira>.\n',
    ],
    [
      'mentions: Cloud account id and Data Center user key',
      '<p><ac:link><ri:user ri:account-id="557058:f00d" /></ac:link> and <ac:link><ri:user ri:userkey="ff8080817b0a" /></ac:link></p>',
      '<atl-user account-id="557058:f00d">@Ada Lovelace</atl-user> and <atl-user userkey="ff8080817b0a">@Grace Hopper</atl-user>\n',
    ],
    [
      'emoticons: Data Center name and Cloud emoji',
      '<p><ac:emoticon ac:name="tick" /> <ac:emoticon ac:name="blue-star" ac:emoji-shortname=":rocket:" ac:emoji-id="1f680" ac:emoji-fallback="🚀" /></p>',
      '<atl-emoticon name="tick">✅</atl-emoticon> <atl-emoticon name="blue-star" emoji-shortname=":rocket:" emoji-id="1f680" emoji-fallback="🚀">🚀</atl-emoticon>\n',
    ],
    [
      'inline comment marker',
      '<p>Some <ac:inline-comment-marker ac:ref="c0ffee">marked <em>text</em></ac:inline-comment-marker>.</p>',
      'Some <atl-c ref="c0ffee">marked *text*</atl-c>.\n',
    ],
    [
      'layout as element wrappers',
      '<ac:layout><ac:layout-section ac:type="single"><ac:layout-cell><p>only</p></ac:layout-cell></ac:layout-section></ac:layout>',
      '<!-- atl:el ac:layout -->\n\n<!-- atl:el ac:layout-section {"attrs":{"ac:type":"single"}} -->\n\n<!-- atl:el ac:layout-cell -->\n\nonly\n\n<!-- /atl:el ac:layout-cell -->\n\n<!-- /atl:el ac:layout-section -->\n\n<!-- /atl:el ac:layout -->\n',
    ],
    [
      'paragraph with attributes as an element wrapper',
      '<p style="text-align: center;">centred</p>',
      '<!-- atl:el p {"attrs":{"style":"text-align: center;"}} -->\n\ncentred\n\n<!-- /atl:el p -->\n',
    ],
    [
      'unknown block macro → opaque fenced block',
      '<ac:structured-macro ac:name="children" ac:macro-id="x1"><ac:parameter ac:name="depth">2</ac:parameter></ac:structured-macro>',
      '```confluence-storage\n<ac:structured-macro ac:name="children" ac:macro-id="x1"><ac:parameter ac:name="depth">2</ac:parameter></ac:structured-macro>\n```\n',
    ],
    [
      'unknown inline element → atl-x',
      '<p>See <ac:structured-macro ac:name="anchor"><ac:parameter ac:name="">here</ac:parameter></ac:structured-macro>now</p>',
      'See <atl-x xml="&lt;ac:structured-macro ac:name=&quot;anchor&quot;&gt;&lt;ac:parameter ac:name=&quot;&quot;&gt;here&lt;/ac:parameter&gt;&lt;/ac:structured-macro&gt;">here</atl-x>now\n',
    ],
    [
      'code body with leading and trailing line breaks',
      '<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">js</ac:parameter><ac:plain-text-body><![CDATA[\nx\n]]></ac:plain-text-body></ac:structured-macro>',
      '```js\n\nx\n\n```\n',
    ],
    [
      'div as an element wrapper around editable blocks',
      '<div class="table-wrap"><table><tbody><tr><th>h</th></tr></tbody></table></div>',
      '<!-- atl:el div {"attrs":{"class":"table-wrap"}} -->\n\n| h |\n| - |\n\n<!-- /atl:el div -->\n',
    ],
    [
      'a non-breaking space is content, not white space',
      '<table><tbody><tr><th>A</th></tr><tr><td>&nbsp;</td></tr></tbody></table>',
      '| A |\n| - |\n| \u00a0 |\n',
    ],
    [
      'URLs in text stay text; linked URLs are autolinks',
      '<p>https://x.io/a www.x.io a@x.io <a href="https://x.io/b">https://x.io/b</a></p>',
      'https\\://x.io/a www\\.x.io a\\@x.io <https://x.io/b>\n',
    ],
    [
      'an image with attributes in a table cell',
      '<table><tbody><tr><th><ac:image ac:width="30|40"><ri:attachment ri:filename="i.png" /></ac:image></th></tr></tbody></table>',
      '| ![](img/i.png)<!-- atl:attrs {"ac:width":"30\\u007c40"} --> |\n| ---------------------------------------------------------- |\n',
    ],
    [
      'adjacent code spans and strikethroughs',
      '<p><code>a</code><code>b</code><s>c</s><s>d</s></p>',
      '`a`<code>b</code>~~c~~<span style="text-decoration: line-through;">d</span>\n',
    ],
    [
      'a link holding a page link stays HTML',
      '<p><a href="https://x.io"><ac:link><ri:page ri:content-title="Home" /></ac:link> here</a></p>',
      '<a href="https://x.io">[Home](Home.md) here</a>\n',
    ],
    [
      'a tag alone on the first line of a list item gets an empty comment after it',
      '<ul><li><time datetime="2024-01-01" /><ul><li>nested</li></ul></li></ul>',
      '- <time datetime="2024-01-01" /><!---->\n  - nested\n',
    ],
    [
      'a pipe in an inline opaque element inside a table cell',
      '<table><tbody><tr><th><ac:placeholder>a|b</ac:placeholder></th></tr></tbody></table>',
      '| <atl-x xml="&lt;ac:placeholder&gt;a&#124;b&lt;/ac:placeholder&gt;">a\\|b</atl-x> |\n| ------------------------------------------------------------------------------- |\n',
    ],
    ['empty paragraph → opaque block', '<p>a</p><p />', 'a\n\n```confluence-storage\n<p />\n```\n'],
    [
      'a table without a header row is opaque',
      '<table><tbody><tr><td>a</td></tr></tbody></table>',
      '```confluence-storage\n<table><tbody><tr><td>a</td></tr></tbody></table>\n```\n',
    ],
  ])('%s', (_name, storage, markdown) => {
    expect(toMarkdown(storage)).toBe(markdown);
    expectRoundTrip(storage);
  });
});

describe('storage → Markdown → storage keeps opaque XML byte for byte', () => {
  test('an unknown macro with a macro id and CDATA comes back identical', () => {
    const macro =
      '<ac:structured-macro ac:name="drawio" ac:schema-version="1" ac:macro-id="5d3c"><ac:parameter ac:name="diagramName">flow</ac:parameter><ac:plain-text-body><![CDATA[<x/>]]></ac:plain-text-body></ac:structured-macro>';
    expect(toStorage(toMarkdown(`<p>before</p>${macro}<p>after</p>`))).toBe(`<p>before</p>${macro}<p>after</p>`);
  });

  test('an inline opaque element keeps its entities and attribute quoting', () => {
    const inline = "<ac:placeholder ac:type='mention'>Type &amp;nbsp; @</ac:placeholder>";
    expect(toStorage(toMarkdown(`<p>x ${inline} y</p>`))).toBe(`<p>x ${inline} y</p>`);
  });

  test('a backtick fence inside an opaque block gets a longer fence', () => {
    const storage = '<pre>```\ncode\n```</pre>';
    expect(toMarkdown(storage)).toBe('````confluence-storage\n<pre>```\ncode\n```</pre>\n````\n');
    expectRoundTrip(storage);
  });
});

describe('Markdown as people write it → storage', () => {
  test('a GitHub alert with its body on the next lines becomes a panel', () => {
    expect(toStorage('> [!WARNING]\n> Mind the gap.\n> Really.\n')).toBe(
      '<ac:structured-macro ac:name="note" ac:schema-version="1"><ac:rich-text-body><p>Mind the gap.\nReally.</p></ac:rich-text-body></ac:structured-macro>',
    );
  });

  test('an escaped marker stays a quote', () => {
    expect(toStorage('> \\[!NOTE]\n> text\n')).toBe('<blockquote><p>[!NOTE]\ntext</p></blockquote>');
  });

  test('a panel title is plain text, whatever Markdown it looks like', () => {
    expect(toStorage('> [!TIP] Use **care** & [[_TOC_]]\n> body\n')).toBe(
      '<ac:structured-macro ac:name="tip" ac:schema-version="1"><ac:parameter ac:name="title">Use **care** &amp; [[_TOC_]]</ac:parameter><ac:rich-text-body><p>body</p></ac:rich-text-body></ac:structured-macro>',
    );
  });

  test('[!IMPORTANT] has no panel and stays a quote', () => {
    expect(toStorage('> [!IMPORTANT]\n> x\n')).toBe('<blockquote><p>[!IMPORTANT]\nx</p></blockquote>');
  });

  test('a relative link that names no page of the tree becomes an attachment link, an unknown one a plain link', () => {
    expect(toStorage('[a](img/a.pdf) [b](notes/b.txt)')).toBe(
      '<p><ac:link><ri:attachment ri:filename="a.pdf" /><ac:plain-text-link-body><![CDATA[a]]></ac:plain-text-link-body></ac:link> <a href="notes/b.txt">b</a></p>',
    );
  });

  test('a link whose text is the page title carries no link body', () => {
    expect(toStorage('[Other Page](Other_Page.md)')).toBe('<p><ac:link><ri:page ri:content-title="Other Page" /></ac:link></p>');
  });

  test('reference links resolve through their definitions', () => {
    expect(toStorage('[site][s]\n\n[s]: https://example.com "Ex"\n')).toBe('<p><a href="https://example.com" title="Ex">site</a></p>');
  });

  test('without a context, image paths name attachments by their last segment', () => {
    expect(markdownToStorage('![x](pics/a%20b.png)')).toBe(
      '<p><ac:image ac:alt="x"><ri:attachment ri:filename="a b.png" /></ac:image></p>',
    );
    expect(storageToMarkdown('<p><ac:image><ri:attachment ri:filename="a.png" /></ac:image></p>')).toBe('![](a.png)\n');
  });

  test('raw HTML that is not ours passes through as XHTML; stray end tags are text', () => {
    expect(toStorage('a <kbd>Ctrl</kbd> </b> c')).toBe('<p>a <kbd>Ctrl</kbd> &lt;/b&gt; c</p>');
  });

  test('a GFM table with alignment writes the alignment on the cells', () => {
    expect(toStorage('| a |\n| :-: |\n| b |\n')).toBe(
      '<table><tbody><tr><th style="text-align: center;">a</th></tr><tr><td style="text-align: center;">b</td></tr></tbody></table>',
    );
  });

  test('task ids count up through the document', () => {
    expect(toStorage('- [ ] a\n\ntext\n\n- [x] b\n')).toBe(
      '<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>a</ac:task-body></ac:task></ac:task-list>' +
        '<p>text</p>' +
        '<ac:task-list><ac:task><ac:task-id>2</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>b</ac:task-body></ac:task></ac:task-list>',
    );
  });
});

describe('normalizeStorage', () => {
  test('ignores attribute order, ids Confluence adds, self-closing forms and whitespace between blocks', () => {
    expect(normalizeStorage('<p a="1" b="2">x</p>\n  <hr></hr>')).toBe(normalizeStorage('<p b="2" a="1">x</p><hr/>'));
    expect(normalizeStorage('<ac:structured-macro ac:name="toc" ac:macro-id="1" ac:schema-version="1"/>')).toBe(
      normalizeStorage('<ac:structured-macro ac:name="toc"></ac:structured-macro>'),
    );
  });

  test('equates a lone paragraph in a list item with bare text, and CDATA with escaped text', () => {
    expect(normalizeStorage('<ul><li><p>x</p></li></ul>')).toBe(normalizeStorage('<ul><li>x</li></ul>'));
    expect(normalizeStorage('<ac:plain-text-body><![CDATA[a<b]]></ac:plain-text-body>')).toBe(
      normalizeStorage('<ac:plain-text-body>a&lt;b</ac:plain-text-body>'),
    );
  });

  test('tells apart different text, code bodies, and macro parameters', () => {
    expect(normalizeStorage('<p>a b</p>')).not.toBe(normalizeStorage('<p>ab</p>'));
    expect(normalizeStorage('<ac:plain-text-body><![CDATA[ a]]></ac:plain-text-body>')).not.toBe(
      normalizeStorage('<ac:plain-text-body><![CDATA[a]]></ac:plain-text-body>'),
    );
    expect(normalizeStorage('<ac:structured-macro ac:name="x"><ac:parameter ac:name="p">1</ac:parameter></ac:structured-macro>')).not.toBe(
      normalizeStorage('<ac:structured-macro ac:name="x"><ac:parameter ac:name="p">2</ac:parameter></ac:structured-macro>'),
    );
  });
});
