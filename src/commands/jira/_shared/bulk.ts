import { usageError } from '../../../errors.js';
import type { Factory } from '../../../factory.js';
import type { JiraContext } from '../../../jira/context.js';
import { checkIssueKey } from '../../../jira/issues.js';
import { isUnboundedJqlError, matchingKeys, unboundedJqlError } from '../../../jira/search.js';
import { type BulkAction, runBulk } from '../../../cmdutil/bulk.js';
import { issueNoun } from './issue-output.js';

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

/** Applies one change to every issue matching `jql` (see runBulk). Returns exit code 1 when any failed. */
export async function runJqlBulk(
  f: Factory,
  ctx: JiraContext,
  jql: string,
  what: BulkAction,
  yes: boolean | undefined,
  apply: (key: string) => Promise<string | void>,
  prepare?: (keys: readonly string[]) => Promise<void>,
): Promise<number> {
  if (f.globals.debug) f.io.stderr.write(`jql: ${jql}\n`);
  const keys = await matchingKeys(ctx, jql).catch((err: unknown) => {
    throw isUnboundedJqlError(err) ? unboundedJqlError(err, 'give --jql a restriction, such as "project = KEY AND labels = NAME"') : err;
  });
  return runBulk(f, keys, issueNoun, what, yes, apply, prepare);
}
