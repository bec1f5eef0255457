import { usageError } from '../../../errors.js';
import type { Factory } from '../../../factory.js';
import type { JiraContext } from '../../../jira/context.js';
import { checkIssueKey, looksLikeIssueKey } from '../../../jira/issues.js';
import { conflictError } from '../../../cmdutil/flags.js';
import { isUnboundedJqlError, matchingKeys, unboundedJqlError } from '../../../jira/search.js';
import { type BulkAction, runBulk, type Unchanged } from '../../../cmdutil/bulk.js';
import { issueNoun } from './issue-output.js';

/** What a command that also works in bulk acts on: one issue, or every issue `--jql` matches. */
export type IssueTarget = { key: string; jql?: undefined } | { key?: undefined; jql: string };

/**
 * Refuses an issue key given together with `--jql` (two ways of choosing the issues at once). With
 * --jql the command takes `others` positional arguments besides the key (the target status, the
 * user), so more than that, or a first one shaped like a key, means a key was given too.
 */
export function refuseKeyWithJql(args: readonly string[], jql: string | undefined, others: number): void {
  if (jql === undefined) return;
  if (args.length > others || (args[0] !== undefined && looksLikeIssueKey(args[0]))) throw conflictError('an issue key', '--jql');
}

/**
 * The target from the key argument and `--jql`; the caller has already refused both at once
 * (refuseKeyWithJql). The key is checked here, before anything is sent.
 */
export function issueTarget(key: string | undefined, jql: string | undefined): IssueTarget {
  if (jql !== undefined) return { jql };
  if (key === undefined) throw usageError('give an issue key or --jql');
  return { key: checkIssueKey(key) };
}

/** Applies one change to every issue matching `jql` (see runBulk). Returns exit code 1 when any failed. */
export async function runJqlBulk(
  f: Factory,
  ctx: JiraContext,
  jql: string,
  what: BulkAction,
  yes: boolean | undefined,
  apply: (key: string) => Promise<string | Unchanged | void>,
  prepare?: (keys: readonly string[]) => Promise<void>,
): Promise<number> {
  if (f.globals.debug) f.io.stderr.write(`jql: ${jql}\n`);
  const keys = await matchingKeys(ctx, jql).catch((err: unknown) => {
    throw isUnboundedJqlError(err) ? unboundedJqlError(err, 'give --jql a restriction, such as "project = KEY AND labels = NAME"') : err;
  });
  return runBulk(f, keys, issueNoun, what, yes, apply, prepare);
}
