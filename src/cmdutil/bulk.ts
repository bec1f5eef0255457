import { toAtlError } from '../errors.js';
import type { Factory } from '../factory.js';
import { ReadOnlyRefusal } from '../http/read-only.js';
import { sanitizeText } from '../output/terminal.js';
import { confirmOrFail } from './input.js';
import { printJson } from './json.js';
import { countOf, type ListingNoun } from './listing.js';
import { ProgressLine } from './progress.js';

/** What a bulk change does, in the two sentences that say it. */
export interface BulkAction {
  /** Completes "2 issues would …": `be edited`, `move to Done`. */
  would: string;
  /** The question asked before changing anything, given the counted items (`2 issues`): `Edit 2 issues?`. */
  ask: (items: string) => string;
}

export interface BulkResult {
  key: string;
  ok: boolean;
  /** The item was already as asked (an issue already in the target status): ok, nothing sent. */
  unchanged?: true;
  error?: string;
}

/** What `apply` returns for an item that needed no change; `detail` says why ("already Done"). */
export interface Unchanged {
  unchanged: string;
}

export const unchanged = (detail: string): Unchanged => ({ unchanged: detail });

/**
 * Applies one change to every item in `keys` (found by the product's own query): runs `prepare` on
 * them (lookups whose failure should stop everything), asks (unless --yes), then works through them
 * one by one, reporting each and carrying on past failures. An item `apply` reports as unchanged
 * counts as a success (re-running a bulk change is not an error). With --json the results are one
 * array. Returns exit code 1 when any failed.
 */
export async function runBulk(
  f: Factory,
  keys: readonly string[],
  noun: ListingNoun,
  what: BulkAction,
  yes: boolean | undefined,
  apply: (key: string) => Promise<string | Unchanged | void>,
  prepare?: (keys: readonly string[]) => Promise<void>,
): Promise<number> {
  if (keys.length === 0) {
    f.io.stderr.write(`no ${noun.many} match; nothing to do\n`);
    if (f.globals.json) printJson(f.io, []);
    return 0;
  }
  // Lookups that depend on the items found (an assignee per project) fail here, before asking.
  await prepare?.(keys);
  // Keys, target names and error messages come from the server: shown with escapes, never acting.
  f.io.stderr.write(sanitizeText(`${countOf(keys.length, noun)} would ${what.would}:\n${keys.map((k) => `  ${k}`).join('\n')}\n`));
  if (!(await confirmOrFail(f, what.ask(countOf(keys.length, noun)), yes))) {
    f.io.stderr.write('cancelled\n');
    return 1;
  }
  const results: BulkResult[] = [];
  const line = new ProgressLine(f.io);
  for (const key of keys) {
    line.clear();
    try {
      const outcome = await apply(key);
      const same = typeof outcome === 'object';
      const detail = same ? `${outcome.unchanged} (unchanged)` : outcome;
      results.push(same ? { key, ok: true, unchanged: true } : { key, ok: true });
      if (!f.globals.json) f.io.stdout.write(sanitizeText(`ok      ${key}${detail ? ` ${detail}` : ''}\n`));
    } catch (err) {
      // A read-only run refuses every item alike: said once, exit 2, rather than once per item.
      if (err instanceof ReadOnlyRefusal) throw err;
      const error = toAtlError(err);
      const message = error.hint ? `${error.message} (${error.hint})` : error.message;
      results.push({ key, ok: false, error: message });
      if (!f.globals.json) f.io.stdout.write(sanitizeText(`failed  ${key}: ${message}\n`));
    }
    line.show(`${results.length} of ${keys.length} ${noun.many} done`);
  }
  line.clear();
  const failed = results.filter((r) => !r.ok).length;
  if (f.globals.json) printJson(f.io, results);
  const same = results.filter((r) => r.unchanged).length;
  f.io.stderr.write(`${results.length - failed} succeeded${same > 0 ? ` (${same} unchanged)` : ''}, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}
