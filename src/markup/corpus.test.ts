// Golden-file tests over the Markdown corpus in test/fixtures/markup (see its README.md):
//   NAME.md            the input, as a person would write it
//   NAME.roundtrip.md  Markdown → ADF → Markdown, reviewed by hand
//   NAME.wiki          Markdown → Jira wiki markup, reviewed by hand
// Regenerate the golden files with ATL_UPDATE_GOLDEN=1 npx vitest run src/markup, then review the diff.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { adfToMarkdown, markdownToAdf, markdownToWiki, wikiToMarkdown } from './index.js';
import { loadAdfValidator, present } from './schema.test-support.js';

const CORPUS = resolve(import.meta.dirname, '../../test/fixtures/markup');
const UPDATE = process.env.ATL_UPDATE_GOLDEN === '1';

const names = readdirSync(CORPUS)
  .filter((file) => file.endsWith('.md') && !file.endsWith('.roundtrip.md') && file !== 'README.md')
  .map((file) => file.slice(0, -'.md'.length))
  .sort();

function golden(file: string, actual: string): void {
  const path = join(CORPUS, file);
  if (UPDATE || !existsSync(path)) {
    if (!UPDATE) throw new Error(`missing golden file ${file}; run with ATL_UPDATE_GOLDEN=1 and review it`);
    writeFileSync(path, actual);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

const schema = loadAdfValidator();
const roundTrip = (markdown: string): string => adfToMarkdown(markdownToAdf(markdown));
const wikiRoundTrip = (markdown: string): string => wikiToMarkdown(markdownToWiki(markdown));

test('the corpus has at least 30 documents', () => {
  expect(names.length).toBeGreaterThanOrEqual(30);
});

describe.each(names)('%s', (name) => {
  const source = readFileSync(join(CORPUS, `${name}.md`), 'utf8');

  test('Markdown → ADF is not empty', () => {
    expect(markdownToAdf(source).content.length).toBeGreaterThan(0);
  });

  test.skipIf(!schema)('Markdown → ADF, and again from the round-tripped Markdown, validates against the ADF schema', () => {
    const validate = present(schema);
    expect(validate(markdownToAdf(source))).toBeNull();
    expect(validate(markdownToAdf(roundTrip(source)))).toBeNull();
  });

  test('Markdown → ADF → Markdown matches the golden file and is a fixed point', () => {
    const once = roundTrip(source);
    golden(`${name}.roundtrip.md`, once);
    expect(roundTrip(once)).toBe(once);
  });

  test('Markdown → wiki matches the golden file; Markdown → wiki → Markdown is stable', () => {
    const wiki = markdownToWiki(source);
    golden(`${name}.wiki`, `${wiki}\n`);
    const once = wikiRoundTrip(source);
    expect(wikiRoundTrip(once)).toBe(once);
  });
});
