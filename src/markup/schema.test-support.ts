// Loads the official ADF JSON Schema (draft-04) from the shared specs beside the repository, for
// tests. Without the schema the schema tests skip with one printed line (test.skipIf on the
// validator), except under CI where a failing test says it is missing (test/support/prerequisite.ts).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import AjvModule from 'ajv-draft-04';
import type { ErrorObject } from 'ajv';
import { skipWithout } from '../../test/support/prerequisite.js';

export const SCHEMA_PATH = resolve(import.meta.dirname, '../../../shared/specs/adf-schema.json');

export type AdfValidator = (doc: unknown) => ErrorObject[] | null;

/**
 * The ADF schema validator, or null when the schema is absent (then the caller's schema tests must
 * be `test.skipIf(!validator)`). Call it once per test file, at the top level: it registers the
 * failing test under CI and prints the skip line otherwise.
 */
export function loadAdfValidator(): AdfValidator | null {
  if (skipWithout('ADF schema validation', existsSync(SCHEMA_PATH) ? null : `${SCHEMA_PATH} not found`)) return null;
  if (!existsSync(SCHEMA_PATH)) return null; // Under CI: skipWithout has registered the failing test.
  // The schema uses formats and keywords Ajv does not know; validate structure, not those.
  // ajv-draft-04 is CommonJS; under NodeNext its class is the default export's `default`.
  const ajv = new AjvModule.default({ allErrors: false, strict: false, validateFormats: false });
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
  return (doc) => (validate(doc) ? null : (validate.errors ?? []));
}

/** Inside a test skipped when the validator is null: the validator, known to be there. */
export function present(validator: AdfValidator | null): AdfValidator {
  if (!validator) throw new Error('an ADF schema test ran without the schema');
  return validator;
}
