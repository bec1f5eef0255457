import { pagesOf } from '../http/paginate.js';
import type { IOStreams, JsonFilter } from '../iostreams.js';
import { endIncomplete, writeFlowing } from './stream.js';

/**
 * The JSON exporter: every `--json` output goes through this module, so there is one layout
 * (two-space indent: stable and diff-friendly, and what scripts have parsed since the start) and
 * one place where `--jq` applies (io.jsonFilter, set by src/cli.ts from src/cmdutil/jq.ts): to a
 * whole value, and to a streamed listing page by page when the expression allows it.
 *
 * A command declares whether it prints data (`json` in its CommandSpec); one that prints none is
 * refused `--json` before it runs (src/cli.ts).
 */
const INDENT = 2;

/** A value as the exporter lays it out, without the final newline. */
function encodeJson(value: unknown): string {
  return JSON.stringify(value, null, INDENT);
}

/** Prints one value as stable, exact JSON on stdout (or what --jq makes of it). */
export function printJson(io: IOStreams, value: unknown): void {
  io.stdout.write(io.jsonFilter ? io.jsonFilter.apply(JSON.stringify(value)) : `${encodeJson(value)}\n`);
}

/**
 * Prints one value as a single compact line: only for a command that keeps running after it (the
 * sandbox), whose script reads that line while the process goes on. Everything else uses printJson.
 */
export function printJsonLine(io: IOStreams, value: unknown): void {
  io.stdout.write(io.jsonFilter ? io.jsonFilter.apply(JSON.stringify(value)) : `${JSON.stringify(value)}\n`);
}

/**
 * Prints one JSON array as the pages arrive, laid out exactly as printJson would lay out the whole
 * array, with one write per page. If fetching fails part-way the array is still closed (valid
 * JSON) and stderr says how many elements it holds. Returns how many elements were written.
 */
export async function printJsonStream(io: IOStreams, items: AsyncIterable<unknown>, noun = 'items'): Promise<number> {
  if (io.jsonFilter) return printFilteredStream(io, io.jsonFilter, items, noun);
  let count = 0;
  try {
    for await (const page of pagesOf(items)) {
      if (page.length === 0) continue;
      // The page serialised as one array already indents its elements as the whole array would be;
      // only its brackets go. One call per page instead of one per item plus a re-indenting pass.
      const elements = encodeJson(page).slice('[\n'.length, -'\n]'.length);
      await writeFlowing(io.stdout, `${count === 0 ? '[\n' : ',\n'}${elements}`);
      count += page.length;
    }
  } catch (err) {
    return endIncomplete(io, err, count, noun, '\n]\n');
  }
  await writeFlowing(io.stdout, count === 0 ? '[]\n' : '\n]\n');
  return count;
}

/**
 * A listing through --jq: page by page as the pages arrive when the expression works element by
 * element (`.[] | ...`), else the whole array collected and filtered once (`map(.key)`, `length`).
 * A listing that fails part-way keeps what was printed (per page) or prints nothing (collected).
 */
async function printFilteredStream(io: IOStreams, filter: JsonFilter, items: AsyncIterable<unknown>, noun: string): Promise<number> {
  let count = 0;
  const collected: unknown[] = [];
  try {
    for await (const page of pagesOf(items)) {
      if (page.length === 0) continue;
      if (filter.perElement) await writeFlowing(io.stdout, filter.apply(JSON.stringify(page)));
      else collected.push(...page);
      count += page.length;
    }
  } catch (err) {
    return endIncomplete(io, err, filter.perElement ? count : 0, noun, '');
  }
  if (!filter.perElement || count === 0) await writeFlowing(io.stdout, filter.apply(JSON.stringify(collected)));
  return count;
}
