// Golden tests over real-world storage documents in ./corpus:
//   NAME.xml  storage as Confluence (Cloud or Data Center) keeps it
//   NAME.md   its Markdown, pinned and reviewed by hand
// For each: storage → Markdown matches NAME.md; Markdown → storage is semantically the input
// (normalizeStorage); and Markdown → storage → Markdown gives NAME.md byte for byte.
// Regenerate the Markdown with ATL_UPDATE_GOLDEN=1 npx vitest run src/markup/confluence, then review the diff.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { toMarkdown, toStorage } from './convert.testutil.js';
import { normalizeStorage } from './index.js';

const CORPUS = join(import.meta.dirname, 'corpus');
const UPDATE = process.env.ATL_UPDATE_GOLDEN === '1';
const names = readdirSync(CORPUS)
  .filter((file) => file.endsWith('.xml'))
  .map((file) => file.slice(0, -'.xml'.length))
  .sort();

test('the corpus has at least 40 documents', () => {
  expect(names.length).toBeGreaterThanOrEqual(40);
});

describe.each(names)('%s', (name) => {
  const storage = readFileSync(join(CORPUS, `${name}.xml`), 'utf8');
  const markdown = toMarkdown(storage);

  test('storage → Markdown matches the golden file', () => {
    const path = join(CORPUS, `${name}.md`);
    if (UPDATE) writeFileSync(path, markdown);
    expect(existsSync(path), `missing ${name}.md; run with ATL_UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(markdown).toBe(readFileSync(path, 'utf8'));
  });

  test('storage → Markdown → storage is semantically identical', () => {
    expect(normalizeStorage(toStorage(markdown))).toBe(normalizeStorage(storage));
  });

  test('Markdown → storage → Markdown is byte-identical', () => {
    expect(toMarkdown(toStorage(markdown))).toBe(markdown);
  });
});
