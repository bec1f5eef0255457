import { usageError } from '../../../errors.js';
import type { Factory } from '../../../factory.js';
import { currentBranch, issueKeyInBranch } from '../../../git-head.js';
import { looksLikeIssueKey } from '../../../jira/issues.js';

/**
 * The issue key of the current git branch (`feature/ABC-123-login` → ABC-123), the default issue
 * of `jira issue view|comment add|transition` when none is given. Said on stderr on a terminal, so
 * a person sees which issue was meant; null outside a checkout or when the branch names no key.
 */
export async function branchIssueKey(f: Factory): Promise<string | null> {
  const branch = await currentBranch(f.cwd());
  const key = branch === null ? null : issueKeyInBranch(branch);
  if (key !== null && f.io.isStdoutTTY()) f.io.stderr.write(`using ${key} from the git branch ${branch}\n`);
  return key;
}

/**
 * Splits a command's positional arguments into the issue key and the rest: the first argument
 * when it looks like a key, else the branch's key with every argument left for the rest
 * (`transition Done`, `comment add "Fixed"`); the arguments as given when there is neither, or
 * when they already fill every place (`max`), for the command's own error.
 */
export async function keyAndRest(f: Factory, args: readonly string[], max: number): Promise<Array<string | undefined>> {
  const [first] = args;
  if ((first !== undefined && looksLikeIssueKey(first)) || args.length >= max) return [...args];
  const fromBranch = await branchIssueKey(f);
  return fromBranch === null ? [...args] : [fromBranch, ...args];
}

/** The key, or the usage error commander gives a missing `<key>`, so nothing changes for a run outside a checkout. */
export function requireKey(key: string | undefined, command: string): string {
  if (key === undefined) throw usageError("missing required argument 'key'", `run 'atl ${command} --help'.`);
  return key;
}
