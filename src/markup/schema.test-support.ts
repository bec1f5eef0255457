// Loads the official ADF JSON Schema (draft-04) from the shared specs beside the repository, for
// tests. Absent specs skip schema checks with one printed line, except under CI where they fail.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import AjvModule from 'ajv-draft-04';
import type { ErrorObject } from 'ajv';

const SCHEMA_PATH = resolve(import.meta.dirname, '../../../shared/specs/adf-schema.json');

export type AdfValidator = (doc: unknown) => ErrorObject[] | null;

let cached: AdfValidator | null | undefined;

export function loadAdfValidator(): AdfValidator | null {
  if (cached !== undefined) return cached;
  if (!existsSync(SCHEMA_PATH)) {
    if (process.env.CI) throw new Error(`ADF schema missing at ${SCHEMA_PATH} (required under CI)`);
    console.log(`skipping ADF schema validation: ${SCHEMA_PATH} not found`);
    cached = null;
    return cached;
  }
  // The schema uses formats and keywords Ajv does not know; validate structure, not those.
  // ajv-draft-04 is CommonJS; under NodeNext its class is the default export's `default`.
  const ajv = new AjvModule.default({ allErrors: false, strict: false, validateFormats: false });
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
  cached = (doc) => (validate(doc) ? null : validate.errors ?? []);
  return cached;
}
