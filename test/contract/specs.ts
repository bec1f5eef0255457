// Where the contract tests find Atlassian's specs, and what happens when they are absent: outside
// CI one line says the file is skipped; in CI the absence is a failing test (see skip.test.ts).
// ATL_SPECS_DIR points them elsewhere: test/contract/skip.test.ts uses it to check that line.
import { describe, expect, test } from 'vitest';
import { SPECS_DIR, specsAvailable } from '../support/openapi.js';

export function contractSpecs(): { specsDir: string; available: boolean } {
  const specsDir = process.env.ATL_SPECS_DIR || SPECS_DIR;
  const available = specsAvailable(specsDir);
  if (!available) {
    if (process.env.CI) {
      describe('contract specs', () => {
        test('are present in CI', () => {
          expect.fail(`Atlassian OpenAPI specs not found in ${specsDir}; contract tests must run in CI`);
        });
      });
    } else {
      console.log(`contract tests skipped: Atlassian OpenAPI specs not found in ${specsDir}`);
    }
  }
  return { specsDir, available };
}
