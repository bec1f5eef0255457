/**
 * A pull request's diff, kept as the unified text git prints (`git diff`), so a test can hand the
 * sandbox the real diff of a local repository. Everything else is read off that text: the Cloud
 * diffstat, the Data Center `/changes` and JSON `/diff` (hunks and segments), and which lines an
 * inline comment may anchor to.
 */

export type FileStatus = 'added' | 'removed' | 'modified' | 'renamed';

export interface DiffLine {
  kind: 'context' | 'added' | 'removed';
  text: string;
  /** Line number in the old file (null for an added line). */
  oldLine: number | null;
  /** Line number in the new file (null for a removed line). */
  newLine: number | null;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

export interface DiffFile {
  oldPath: string | null;
  newPath: string | null;
  status: FileStatus;
  hunks: DiffHunk[];
  /** The file's section of the unified text, header included. */
  text: string;
}

const stripPrefix = (path: string) => (path === '/dev/null' ? null : path.replace(/^[ab]\//, ''));

/** Splits a unified diff (as `git diff` prints it) into files and hunks. */
export function parseUnifiedDiff(text: string): DiffFile[] {
  const files: DiffFile[] = [];
  const sections = text.split(/^(?=diff --git )/m).filter((s) => s.startsWith('diff --git '));
  for (const section of sections) {
    const lines = section.replace(/\n$/, '').split('\n');
    const header = /^diff --git a\/(.*) b\/(.*)$/.exec(lines[0] ?? '');
    let oldPath: string | null = header?.[1] ?? null;
    let newPath: string | null = header?.[2] ?? null;
    let status: FileStatus = 'modified';
    const hunks: DiffHunk[] = [];
    let hunk: DiffHunk | null = null;
    let oldLine = 0;
    let newLine = 0;
    for (const line of lines.slice(1)) {
      if (hunk === null) {
        if (line.startsWith('new file mode')) status = 'added';
        else if (line.startsWith('deleted file mode')) status = 'removed';
        else if (line.startsWith('rename from ')) status = 'renamed';
        else if (line.startsWith('--- ')) oldPath = stripPrefix(line.slice(4));
        else if (line.startsWith('+++ ')) newPath = stripPrefix(line.slice(4));
      }
      const at = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (at) {
        hunk = {
          oldStart: Number(at[1]),
          oldLines: at[2] === undefined ? 1 : Number(at[2]),
          newStart: Number(at[3]),
          newLines: at[4] === undefined ? 1 : Number(at[4]),
          lines: [],
        };
        hunks.push(hunk);
        oldLine = hunk.oldStart;
        newLine = hunk.newStart;
        continue;
      }
      if (!hunk || line.startsWith('\\')) continue;
      const body = line.slice(1);
      if (line.startsWith('+')) hunk.lines.push({ kind: 'added', text: body, oldLine: null, newLine: newLine++ });
      else if (line.startsWith('-')) hunk.lines.push({ kind: 'removed', text: body, oldLine: oldLine++, newLine: null });
      else hunk.lines.push({ kind: 'context', text: body, oldLine: oldLine++, newLine: newLine++ });
    }
    if (status === 'added') oldPath = null;
    if (status === 'removed') newPath = null;
    files.push({ oldPath, newPath, status, hunks, text: section.endsWith('\n') ? section : `${section}\n` });
  }
  return files;
}

export function linesAdded(file: DiffFile): number {
  return file.hunks.reduce((n, h) => n + h.lines.filter((l) => l.kind === 'added').length, 0);
}

export function linesRemoved(file: DiffFile): number {
  return file.hunks.reduce((n, h) => n + h.lines.filter((l) => l.kind === 'removed').length, 0);
}

/** A unified diff that adds `path` with `lines` (what a pull request made by the API shows). */
export function newFileDiff(path: string, lines: readonly string[]): string {
  return [
    `diff --git a/${path} b/${path}`,
    'new file mode 100644',
    'index 0000000..1111111',
    '--- /dev/null',
    `+++ b/${path}`,
    `@@ -0,0 +1,${lines.length} @@`,
    ...lines.map((l) => `+${l}`),
    '',
  ].join('\n');
}
