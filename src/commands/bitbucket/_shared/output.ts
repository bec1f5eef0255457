import { printJson } from '../../../cmdutil/json.js';
import type { Factory } from '../../../factory.js';
import { sanitizeText } from '../../../output/terminal.js';

/** What a write would send, for --dry-run: the method, path and body; nothing is sent. */
export interface PlannedRequest {
  method: string;
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
}

export function printDryRun(f: Factory, requests: readonly PlannedRequest[]): void {
  if (f.globals.json) {
    printJson(f.io, { dryRun: true, requests });
    return;
  }
  for (const request of requests) {
    const query =
      request.query === undefined
        ? ''
        : `?${new URLSearchParams(Object.entries(request.query).map(([k, v]): [string, string] => [k, String(v)])).toString()}`;
    f.io.stdout.write(`would send: ${request.method} ${sanitizeText(request.path + query)}\n`);
    if (request.body !== undefined) f.io.stdout.write(`${JSON.stringify(request.body, null, 2)}\n`);
  }
  f.io.stderr.write('dry run: nothing was changed\n');
}

/** "2026-03-01T10:00:00.000Z" or epoch ms → "2026-03-01 10:00". */
export function shortDate(value: string | number | undefined): string {
  if (value === undefined) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toISOString().slice(0, 16).replace('T', ' ');
}
