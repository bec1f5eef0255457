/**
 * `--jq EXPR`: jq itself (jqlang's C code compiled to WebAssembly, the jq-web package), so every
 * jq feature behaves as in the jq a user has on their PATH. This module and the WebAssembly are a
 * chunk of their own, loaded only when --jq is given (src/cli.ts); scripts/build.mjs inlines the
 * .wasm into that chunk, so dist/ has no file beside the bundle to lose.
 */
// Static: this whole module is the lazy chunk.
import jqRuntime from 'jq-web';
import { AtlError } from '../errors.js';
import type { JsonFilter } from '../iostreams.js';

/** jq-web's runtime: `raw` runs jq once on one JSON text, like `echo JSON | jq FLAGS FILTER`. */
interface JqRuntime {
  raw(json: string, filter: string, flags?: string[]): string | undefined;
}

/** What jq-web throws when jq exits non-zero: jq's exit code and what it wrote on stderr. */
interface JqFailure {
  exitCode?: number;
  stderr?: string;
}

/** jq's exit code for a program that does not compile. */
const JQ_COMPILE_ERROR = 3;

/** A jq failure as atl's usage error (exit 2) carrying jq's own message. */
function jqError(err: unknown, expression: string, shown: string): AtlError {
  const failure = err as JqFailure;
  const text = (failure.stderr ?? (err instanceof Error ? err.message : String(err))).trim();
  // The compile check runs `empty | EXPR`; jq echoes the program, which should read as the user wrote it.
  // jq-web names its input file inputString where jq says <stdin>, and pads the echoed program.
  const message = text
    .replace(shown, expression)
    .replace(/^jq: error: /, 'jq: ')
    .replaceAll('(at inputString:', '(at <stdin>:')
    .replace(/[ \t]+$/gm, '');
  const hint =
    failure.exitCode === JQ_COMPILE_ERROR
      ? 'check the --jq expression (quote it for the shell); the language is https://jqlang.org/manual/'
      : 'the --jq expression failed on this output; run with --json to see the JSON it was given';
  return new AtlError('usage', message, { hint });
}

/**
 * Runs jq once and returns exactly what jq printed: jq-web drops the last newline (and says
 * undefined for no output), which jq always ends its output with. Emscripten's runtime sets
 * process.exitCode as jq exits; atl's exit code is decided by atl, so it is put back.
 */
function runJq(jq: JqRuntime, json: string, filter: string, flags: string[]): string {
  const exitCode = process.exitCode;
  try {
    const printed = jq.raw(json, filter, flags);
    return printed === undefined ? '' : `${printed}\n`;
  } finally {
    process.exitCode = exitCode;
  }
}

// One step of a path after `.[]`: `.name`, `."name"`, `[0]`, `["name"]`, `[]`, `.[...]`, each optionally `?`.
const PATH_STEP = String.raw`(?:\.?\[\s*(?:-?\d+|"(?:[^"\\]|\\.)*")?\s*\]|\.[A-Za-z_][A-Za-z0-9_]*|\."(?:[^"\\]|\\.)*")\??`;
const PER_ELEMENT = new RegExp(String.raw`^\s*\.\[\s*\]\??(?:${PATH_STEP})*\s*(?:$|\|(?!=))`);

/**
 * Whether EXPR is `.[]` (optionally followed by a path, then optionally `| rest`): then EXPR on an
 * array is EXPR on each part of it in turn, so a streamed listing can be filtered page by page.
 * Anything else (`map(.key)`, `length`, `.[] as $x | ...`, `.[].a, 1`, `.[] |= f`) needs the
 * whole array, and is run once on it.
 */
export function isPerElement(expression: string): boolean {
  return PER_ELEMENT.test(expression);
}

/**
 * Compiles EXPR (a usage error, exit 2, when it does not compile: before the command sends
 * anything) and returns the filter the JSON exporter runs its output through. Output is what
 * `jq -r EXPR` prints: strings raw, other values as indented JSON, one per line.
 */
export async function compileJqFilter(expression: string): Promise<JsonFilter> {
  const jq = (await jqRuntime) as JqRuntime;
  // `empty | EXPR` compiles EXPR and never runs it: a bad expression fails here, with jq's message,
  // and nothing that would run forever on null (`repeat(1)`) is started.
  const check = `empty | ${expression}`;
  try {
    runJq(jq, 'null', check, ['-n']);
  } catch (err) {
    throw jqError(err, expression, check);
  }
  return {
    perElement: isPerElement(expression),
    apply(json: string): string {
      try {
        return runJq(jq, json, expression, ['-r']);
      } catch (err) {
        throw jqError(err, expression, expression);
      }
    },
  };
}
