/**
 * The sandbox as every end-to-end test starts it: in test mode, checking each request the CLI
 * sends and each response it gets against Atlassian's OpenAPI specs, so a test that
 * passes also proves the CLI spoke the real API.
 *
 * - With `../shared/specs` present, the sandbox gets `createOpenApiValidator()`; `stop()` then
 *   fails (throws, so the file's `afterAll` fails) when any exchange broke the spec, listing them.
 *   Known defects of the specs themselves are excused in test/support/openapi.ts, by name.
 * - Without the specs (a user's fresh clone) validation is skipped with one printed line; under
 *   `CI` missing specs are an error, so CI can never pass without the contract checks.
 */
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { createOpenApiValidator, SPECS_DIR, specsAvailable, type OpenApiValidator } from './openapi.js';

export interface TestSandbox extends Sandbox {
  /** The validator in use, or null when the specs are absent (outside CI). */
  readonly validator: OpenApiValidator | null;
  /** Stops the server, then throws if any exchange broke the spec. */
  stop(): Promise<void>;
}

/** Where the specs are and whether this is CI; tests of this helper point them elsewhere. */
export interface SpecSource {
  specsDir?: string;
  env?: Record<string, string | undefined>;
  /** Where the one "skipped" line goes (console.log by default). */
  log?: (line: string) => void;
}

let skipNoticePrinted = false;

/** One validator per test file (worker): each spec is parsed once, each operation compiled once. */
const validators = new Map<string, OpenApiValidator>();

function validatorForThisRun({ specsDir = SPECS_DIR, env = process.env, log = console.log }: SpecSource): OpenApiValidator | null {
  if (!specsAvailable(specsDir)) {
    if (env.CI) {
      throw new Error(`Atlassian OpenAPI specs not found in ${specsDir}; in CI every e2e exchange must be validated against them`);
    }
    if (!skipNoticePrinted) {
      skipNoticePrinted = true;
      log(`contract validation of e2e traffic skipped: Atlassian OpenAPI specs not found in ${specsDir}`);
    }
    return null;
  }
  let validator = validators.get(specsDir);
  if (!validator) {
    validator = createOpenApiValidator(specsDir);
    validators.set(specsDir, validator);
  }
  return validator;
}

export async function startTestSandbox(options: Omit<SandboxOptions, 'validator'> = {}, source: SpecSource = {}): Promise<TestSandbox> {
  const validator = validatorForThisRun(source);
  const sandbox = await startSandbox(validator ? { ...options, validator } : options);
  return {
    ...sandbox,
    validator,
    async stop() {
      await sandbox.stop();
      expectNoContractViolations(sandbox);
    },
  };
}

/** The contract violations recorded so far, one line each (empty when the specs were absent). */
export function contractViolations(sandbox: Pick<Sandbox, 'violations'>): string[] {
  return [...sandbox.violations];
}

/** Throws (failing the calling hook or test) when the CLI sent or got anything the spec rejects. */
export function expectNoContractViolations(sandbox: Pick<Sandbox, 'violations'>): void {
  const found = contractViolations(sandbox);
  if (found.length === 0) return;
  const shown = found.slice(0, 20);
  throw new Error(
    `${found.length} exchange(s) broke Atlassian's OpenAPI specs (a request is a CLI bug, a response a sandbox bug; ` +
      `a spec defect goes in KNOWN_SPEC_DEFECTS in test/support/openapi.ts with its reason):\n  ${shown.join('\n  ')}` +
      (found.length > shown.length ? `\n  ... and ${found.length - shown.length} more` : ''),
  );
}
