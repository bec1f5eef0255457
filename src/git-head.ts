/**
 * The branch checked out where atl runs, read from the repository's HEAD file rather than by
 * running git: it costs a few file reads (no process), and works without git installed.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** The `.git` of the work tree holding `start` (a folder, or the file a linked worktree or submodule has), or null. */
async function gitDirFor(start: string): Promise<string | null> {
  let dir = start;
  for (;;) {
    const candidate = join(dir, '.git');
    const info = await stat(candidate).catch(() => null);
    if (info?.isDirectory()) return candidate;
    if (info?.isFile()) {
      // A linked worktree's or submodule's .git is a file: "gitdir: <path>", relative to its folder.
      const match = /^gitdir:\s*(.+?)\s*$/m.exec(await readFile(candidate, 'utf8'));
      if (match) return isAbsolute(match[1]!) ? match[1]! : resolve(dir, match[1]!);
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** The checked-out branch's name (`feature/ABC-123-login`), or null outside a work tree or on a detached HEAD. */
export async function currentBranch(cwd: string): Promise<string | null> {
  const gitDir = await gitDirFor(cwd);
  if (gitDir === null) return null;
  const head = await readFile(join(gitDir, 'HEAD'), 'utf8').catch(() => null);
  const match = head === null ? null : /^ref:\s*refs\/heads\/(.+?)\s*$/.exec(head);
  return match ? match[1]! : null;
}

/**
 * The first Jira issue key in a branch name: upper-case project key, a dash, a number, standing
 * apart from letters and digits around it (`feature/ABC-123-login` → ABC-123). Lower-case is not
 * read as a key: `release-2` or `fix-1` would be mistaken for one.
 */
export function issueKeyInBranch(branch: string): string | null {
  const match = /(?:^|[^A-Za-z0-9])([A-Z][A-Z0-9_]*-[1-9][0-9]*)(?![0-9])/.exec(branch);
  return match ? match[1]! : null;
}
