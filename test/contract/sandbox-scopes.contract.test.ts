// Contract test: the sandbox's scope table (src/sandbox/scopes.generated.json) is exactly what
// scripts/sandbox-scopes.mjs makes of Atlassian's specs (../shared/specs), and its corrections of
// outdated specs still correct something.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatScopeTable, generateScopeTable, NEWER_THAN_SPEC, OUTPUT, alternativesOf } from '../../scripts/sandbox-scopes.mjs';
import { contractSpecs } from './specs.js';

const { specsDir, available } = contractSpecs();

describe.skipIf(!available)('sandbox scopes come from the specs', () => {
  test('the committed table is what the specs give (regenerate with `node scripts/sandbox-scopes.mjs`)', () => {
    const fresh = formatScopeTable(generateScopeTable(specsDir));
    expect(
      readFileSync(OUTPUT, 'utf8') === fresh,
      'src/sandbox/scopes.generated.json is stale: run `node scripts/sandbox-scopes.mjs`',
    ).toBe(true);
  });

  test.each(NEWER_THAN_SPEC.map((n) => [n.operation, n] as const))(
    'the correction of %s still fills a gap of its spec',
    (_name, correction) => {
      const doc = JSON.parse(readFileSync(resolve(specsDir, correction.file), 'utf8')) as {
        paths: Record<string, Record<string, Record<string, unknown>>>;
      };
      const [method, path] = correction.operation.split(' ') as [string, string];
      const operation = doc.paths[path]?.[method.toLowerCase()];
      expect(operation, `${correction.operation} is gone from ${correction.file}`).toBeDefined();
      const fromSpec = alternativesOf(operation!, doc);
      // Once the spec names scopes itself, the correction must go (or be justified anew).
      expect(
        fromSpec === null || fromSpec.every((scopes) => scopes.length === 0),
        `${correction.file} now gives ${JSON.stringify(fromSpec)}`,
      ).toBe(true);
    },
  );
});
