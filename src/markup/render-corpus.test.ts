// Golden tests over what real sites send (see test/fixtures/adf/README.md):
//   test/fixtures/adf/NAME.json    an ADF document shaped as the Cloud editor stores it
//   test/fixtures/adf/NAME.md      what `issue view` prints for it when piped (ADF → Markdown)
//   test/fixtures/wiki/NAME.wiki   Server-era wiki markup, as Data Center stores it
//   test/fixtures/wiki/NAME.md     what `issue view` prints for it when piped (wiki → Markdown)
// Every node and mark the ADF schema names must appear in the ADF corpus: a node added to the
// schema fails here until a document shows how it renders.
// Regenerate with ATL_UPDATE_GOLDEN=1 npx vitest run src/markup/render-corpus.test.ts, then review the diff.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { adfToMarkdown, adfToMdast, mdastToTerminal, wikiToMarkdown, wikiToMdast, type AdfDoc, type AdfNode } from './index.js';
import { loadAdfValidator, present, SCHEMA_PATH } from './schema.test-support.js';

const ADF_CORPUS = resolve(import.meta.dirname, '../../test/fixtures/adf');
const WIKI_CORPUS = resolve(import.meta.dirname, '../../test/fixtures/wiki');
const UPDATE = process.env.ATL_UPDATE_GOLDEN === '1';

function golden(path: string, actual: string): void {
  if (UPDATE || !existsSync(path)) {
    if (!UPDATE) throw new Error(`missing golden file ${path}; run with ATL_UPDATE_GOLDEN=1 and review it`);
    writeFileSync(path, actual);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

const named = (dir: string, ext: string) =>
  readdirSync(dir)
    .filter((file) => file.endsWith(ext))
    .map((file) => file.slice(0, -ext.length))
    .sort();

const adfNames = named(ADF_CORPUS, '.json');
const wikiNames = named(WIKI_CORPUS, '.wiki');
const readAdf = (name: string) => JSON.parse(readFileSync(join(ADF_CORPUS, `${name}.json`), 'utf8')) as AdfDoc;

/**
 * A character reference the printer wrote (`&#x20;`, `&#x61;`, `&amp;`) rather than one the text
 * holds literally, which Markdown shows escaped (`\&amp;`). Code is left out: it is printed verbatim.
 */
function printedReferences(markdown: string): string[] {
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '');
  return prose.match(/(?<!\\)&(?:#x[0-9a-f]+|#\d+|[a-z]+);/gi) ?? [];
}

const schema = loadAdfValidator();
const PLAIN_TERMINAL = { color: false, width: 80 };
/** A backslash escape Markdown would print before punctuation (`\*`, `1\.`, `\[`). */
const MARKDOWN_ESCAPE = /\\[!-/:-@[-`{-~]/;

describe.each(adfNames)('ADF %s', (name) => {
  const adf = readAdf(name);

  test.skipIf(!schema)('is valid ADF (the schema Jira Cloud validates against)', () => {
    expect(present(schema)(adf)).toBeNull();
  });

  test('renders to the golden Markdown, with no character reference in the text', () => {
    const markdown = adfToMarkdown(adf);
    golden(join(ADF_CORPUS, `${name}.md`), markdown);
    expect(printedReferences(markdown)).toEqual([]);
  });

  test('draws on a terminal (no colour) as the golden text, with no Markdown escape or character reference', () => {
    const drawn = mdastToTerminal(adfToMdast(adf), PLAIN_TERMINAL);
    golden(join(ADF_CORPUS, `${name}.terminal.txt`), drawn);
    expect(printedReferences(drawn)).toEqual([]);
    expect(drawn).not.toMatch(MARKDOWN_ESCAPE);
  });
});

describe.each(wikiNames)('wiki %s', (name) => {
  test('renders to the golden Markdown, with no character reference in the text', () => {
    const markdown = wikiToMarkdown(readFileSync(join(WIKI_CORPUS, `${name}.wiki`), 'utf8'));
    golden(join(WIKI_CORPUS, `${name}.md`), markdown);
    expect(printedReferences(markdown)).toEqual([]);
  });

  test('draws on a terminal (no colour) as the golden text, with no Markdown escape or character reference', () => {
    const drawn = mdastToTerminal(wikiToMdast(readFileSync(join(WIKI_CORPUS, `${name}.wiki`), 'utf8')), PLAIN_TERMINAL);
    golden(join(WIKI_CORPUS, `${name}.terminal.txt`), drawn);
    expect(printedReferences(drawn)).toEqual([]);
    expect(drawn).not.toMatch(MARKDOWN_ESCAPE);
  });
});

/** Node and mark type names the schema defines (each `*_node` / `*_mark` definition's `type` enum). */
function schemaTypes(): { nodes: Set<string>; marks: Set<string> } {
  const definitions = (JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as { definitions: Record<string, unknown> }).definitions;
  const nodes = new Set<string>();
  const marks = new Set<string>();
  const typeNames = (definition: unknown): string[] => {
    const d = definition as { properties?: { type?: { enum?: string[] } }; allOf?: unknown[] };
    return [...(d.properties?.type?.enum ?? []), ...(d.allOf ?? []).flatMap(typeNames)];
  };
  for (const [id, definition] of Object.entries(definitions)) {
    const target = id.endsWith('_mark') ? marks : id.endsWith('_node') ? nodes : undefined;
    for (const type of target ? typeNames(definition) : []) target!.add(type);
  }
  return { nodes, marks };
}

function corpusTypes(): { nodes: Set<string>; marks: Set<string> } {
  const nodes = new Set<string>();
  const marks = new Set<string>();
  const visit = (node: AdfNode): void => {
    nodes.add(node.type);
    for (const mark of node.marks ?? []) marks.add(mark.type);
    for (const child of node.content ?? []) visit(child);
  };
  for (const name of adfNames) visit(readAdf(name));
  return { nodes, marks };
}

test.skipIf(!schema)('every node and mark in the ADF schema has a corpus document showing how it renders', () => {
  const wanted = schemaTypes();
  const have = corpusTypes();
  // The schema really was read (a broken reader would make this test pass vacuously).
  expect(wanted.nodes.size).toBeGreaterThan(40);
  expect(wanted.marks.size).toBeGreaterThan(15);
  expect([...wanted.nodes].filter((type) => !have.nodes.has(type)).sort()).toEqual([]);
  expect([...wanted.marks].filter((type) => !have.marks.has(type)).sort()).toEqual([]);
});

test('printedReferences finds what the printer writes and leaves literal text and code alone', () => {
  expect(printedReferences('Carlos Test😁&#x20;\n&#x61;**"q"**b &amp;')).toEqual(['&#x20;', '&#x61;', '&amp;']);
  expect(printedReferences('a \\&amp; b `&#x20;`\n\n```\n&amp;\n```\n')).toEqual([]);
});
