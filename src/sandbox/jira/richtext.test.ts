import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv04Module from 'ajv-draft-04';
import { describe, expect, test } from 'vitest';
import { adfFromPlainText, adfToWiki, plainText, wikiToAdf, type AdfDoc } from './richtext.js';

const ADF_SCHEMA = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'specs', 'adf-schema.json');

function text(value: string, marks?: AdfDoc['content'][number]['marks']) {
  return marks ? { type: 'text', text: value, marks } : { type: 'text', text: value };
}

const richDoc: AdfDoc = {
  type: 'doc',
  version: 1,
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [text('Plan')] },
    {
      type: 'paragraph',
      content: [
        text('Use '),
        text('bold', [{ type: 'strong' }]),
        text(', '),
        text('italic', [{ type: 'em' }]),
        text(', '),
        text('npm test', [{ type: 'code' }]),
        text(' and '),
        text('the docs', [{ type: 'link', attrs: { href: 'https://example.com/docs' } }]),
        { type: 'hardBreak' },
        text('ping '),
        { type: 'mention', attrs: { id: '5b10ac8d82e05b22cc7d4ef5', text: '@Demo User' } },
      ],
    },
    {
      type: 'bulletList',
      content: [
        {
          type: 'listItem',
          content: [
            { type: 'paragraph', content: [text('one')] },
            { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text('nested')] }] }] },
          ],
        },
        { type: 'listItem', content: [{ type: 'paragraph', content: [text('two')] }] },
      ],
    },
    {
      type: 'orderedList',
      attrs: { order: 1 },
      content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text('first')] }] }],
    },
    { type: 'codeBlock', attrs: { language: 'ts' }, content: [text('const a = 1;\nconst b = 2;')] },
    { type: 'blockquote', content: [{ type: 'paragraph', content: [text('quoted')] }] },
    { type: 'rule' },
    {
      type: 'table',
      attrs: { isNumberColumnEnabled: false, layout: 'default' },
      content: [
        {
          type: 'tableRow',
          content: [
            { type: 'tableHeader', attrs: {}, content: [{ type: 'paragraph', content: [text('Name')] }] },
            { type: 'tableHeader', attrs: {}, content: [{ type: 'paragraph', content: [text('Value')] }] },
          ],
        },
        {
          type: 'tableRow',
          content: [
            { type: 'tableCell', attrs: {}, content: [{ type: 'paragraph', content: [text('a')] }] },
            { type: 'tableCell', attrs: {}, content: [{ type: 'paragraph', content: [text('1')] }] },
          ],
        },
      ],
    },
  ],
};

const expectedWiki = [
  'h2. Plan',
  'Use *bold*, _italic_, {{npm test}} and [the docs|https://example.com/docs]\nping [~accountid:5b10ac8d82e05b22cc7d4ef5]',
  '* one\n** nested\n* two',
  '# first',
  '{code:ts}\nconst a = 1;\nconst b = 2;\n{code}',
  '{quote}\nquoted\n{quote}',
  '----',
  '||Name||Value||\n|a|1|',
].join('\n\n');

describe('ADF → wiki markup', () => {
  test('renders every construct Jira users write', () => {
    expect(adfToWiki(richDoc)).toBe(expectedWiki);
  });

  test('unknown nodes keep their text', () => {
    const doc: AdfDoc = {
      type: 'doc',
      version: 1,
      content: [{ type: 'mysteryBlock', content: [{ type: 'paragraph', content: [text('still here')] }] }],
    };
    expect(adfToWiki(doc)).toContain('still here');
  });
});

describe('wiki markup → ADF', () => {
  test('parses the same constructs back', () => {
    const doc = wikiToAdf(expectedWiki);
    expect(doc.content.map((n) => n.type)).toEqual([
      'heading',
      'paragraph',
      'bulletList',
      'orderedList',
      'codeBlock',
      'blockquote',
      'rule',
      'table',
    ]);
    expect(doc.content[0]).toEqual({ type: 'heading', attrs: { level: 2 }, content: [text('Plan')] });
    expect(doc.content[4]).toEqual({ type: 'codeBlock', attrs: { language: 'ts' }, content: [text('const a = 1;\nconst b = 2;')] });
    const nested = doc.content[2]?.content?.[0]?.content?.[1];
    expect(nested?.type).toBe('bulletList');
    const marks = doc.content[1]?.content?.filter((n) => n.marks).map((n) => n.marks?.[0]?.type);
    expect(marks).toEqual(['strong', 'em', 'code', 'link']);
    expect(doc.content[1]?.content?.some((n) => n.type === 'mention' && n.attrs?.id === '5b10ac8d82e05b22cc7d4ef5')).toBe(true);
  });

  test('wiki → ADF → wiki is stable', () => {
    const corpus = [
      expectedWiki,
      'plain text only',
      'h1. Title\n\nfirst line\nsecond line',
      '# one\n## one.one\n# two',
      '* a\n*# mixed\n* b',
      '{noformat}\nraw *not bold*\n{noformat}',
      'see [https://example.com]',
      '-struck- and +under+',
    ];
    for (const source of corpus) {
      const once = adfToWiki(wikiToAdf(source));
      expect(adfToWiki(wikiToAdf(once))).toBe(once);
    }
    expect(adfToWiki(wikiToAdf(expectedWiki))).toBe(expectedWiki);
  });

  test('hyphenated words and list dashes are not strike-through', () => {
    const doc = wikiToAdf('a well-known re-run');
    expect(doc.content[0]?.content).toEqual([text('a well-known re-run')]);
    expect(wikiToAdf('- dash item').content[0]?.type).toBe('bulletList');
  });
});

describe('plain text', () => {
  test('of ADF joins text and mentions, of wiki is the markup itself', () => {
    expect(plainText({ format: 'adf', doc: richDoc })).toContain('npm test and the docs');
    expect(plainText({ format: 'adf', doc: richDoc })).toContain('@Demo User');
    expect(plainText({ format: 'wiki', text: 'h1. x' })).toBe('h1. x');
  });

  test('adfFromPlainText makes one paragraph per blank-line block, hard breaks inside', () => {
    const doc = adfFromPlainText('a\nb\n\nc');
    expect(doc.content).toEqual([
      { type: 'paragraph', content: [text('a'), { type: 'hardBreak' }, text('b')] },
      { type: 'paragraph', content: [text('c')] },
    ]);
  });
});

describe.skipIf(!existsSync(ADF_SCHEMA))('ADF the sandbox produces validates against the ADF schema', () => {
  test('documents made from wiki markup and plain text', () => {
    // ajv-draft-04 is CommonJS; under NodeNext its class is the default export's `default`.
    const ajv = new Ajv04Module.default({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(JSON.parse(readFileSync(ADF_SCHEMA, 'utf8')) as object);
    const docs = [
      richDoc,
      wikiToAdf(expectedWiki),
      wikiToAdf('h3. x\n\n* a\n** b\n\n{code}\n{code}\n\n{quote}\n{quote}'),
      adfFromPlainText('hello\nworld'),
      wikiToAdf(''),
    ];
    for (const doc of docs) {
      expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    }
    // The validator does reject a broken document (an empty text node).
    expect(validate({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }] })).toBe(false);
  });
});
