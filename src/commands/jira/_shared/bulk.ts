import { toAtlError, usageError } from '../../../errors.js';
import type { Factory } from '../../../factory.js';
import type { JiraContext } from '../../../jira/context.js';
import { checkIssueKey } from '../../../jira/issues.js';
import { isUnboundedJqlError, matchingKeys, unboundedJqlError } from '../../../jira/search.js';
import { sanitizeText } from '../../../output/terminal.js';
import { confirmOrFail } from '../../../cmdutil/input.js';

/** What a command that also works in bulk acts on: one issue, or every issue `--jql` matches. */
export type IssueTarget = { key: string; jql?: undefined } | { key?: undefined; jql: string };

/**
 * The target from the key argument and `--jql`; the caller has already refused both at once (its
 * message names its own arguments). The key is checked here, before anything is sent.
 */
export function issueTarget(key: string | undefined, jql: string | undefined): IssueTarget {
  if (jql !== undefined) return { jql };
  if (key === undefined) throw usageError('give an issue key or --jql');
  return { key: checkIssueKey(key) };
}

export interface BulkResult {
  key: string;
  ok: boolean;
  error?: string;
}

/**
 * Applies one change to every issue matching `jql`: lists the keys, runs `prepare` on them (lookups
 * whose failure should stop everything), asks (unless --yes), then works through them one by one,
 * reporting each and carrying on past failures.
 * Returns exit code 1 when any failed.
 */
export async function runBulk(
  f: Factory,
  ctx: JiraContext,
  jql: string,
  what: string,
  yes: boolean | undefined,
  apply: (key: string) => Promise<string | void>,
  prepare?: (keys: readonly string[]) => Promise<void>,
): Promise<number> {
  if (f.globals.debug) f.io.stderr.write(`jql: ${jql}\n`);
  const keys = await matchingKeys(ctx, jql).catch((err: unknown) => {
    throw isUnboundedJqlError(err) ? unboundedJqlError(err, 'give --jql a restriction, such as "project = KEY AND labels = NAME"') : err;
  });
  if (keys.length === 0) {
    f.io.stderr.write('no issues match; nothing to do\n');
    if (f.globals.json) f.io.stdout.write('[]\n');
    return 0;
  }
  // Lookups that depend on the issues found (an assignee per project) fail here, before asking.
  await prepare?.(keys);
  // Keys, target names and error messages come from the server: shown with escapes, never acting.
  f.io.stderr.write(sanitizeText(`${keys.length} issue${keys.length === 1 ? '' : 's'} would ${what}:\n${keys.map((k) => `  ${k}`).join('\n')}\n`));
  if (!(await confirmOrFail(f, `${what[0]!.toUpperCase()}${what.slice(1)} ${keys.length} issue(s)?`, yes))) {
    f.io.stderr.write('cancelled\n');
    return 1;
  }
  const results: BulkResult[] = [];
  for (const key of keys) {
    try {
      const detail = await apply(key);
      results.push({ key, ok: true });
      if (!f.globals.json) f.io.stdout.write(sanitizeText(`ok      ${key}${detail ? ` ${detail}` : ''}\n`));
    } catch (err) {
      const error = toAtlError(err);
      const message = error.hint ? `${error.message} (${error.hint})` : error.message;
      results.push({ key, ok: false, error: message });
      if (!f.globals.json) f.io.stdout.write(sanitizeText(`failed  ${key}: ${message}\n`));
    }
  }
  const failed = results.filter((r) => !r.ok).length;
  if (f.globals.json) f.io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  f.io.stderr.write(`${results.length - failed} succeeded, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}
