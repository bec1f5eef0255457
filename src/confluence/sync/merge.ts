/**
 * Line-wise three-way merge (node-diff3) and unified diffs (jsdiff) of page files. Conflict
 * markers appear only where both sides changed the same lines; everything else merges cleanly.
 */
import { createTwoFilesPatch } from 'diff';
import { diff3Merge } from 'node-diff3';

export const CONFLICT_START = '<<<<<<< local';
export const CONFLICT_MIDDLE = '=======';
export const CONFLICT_END = '>>>>>>> confluence';

export interface MergeResult {
  text: string;
  /** How many places got conflict markers. */
  conflicts: number;
}

const lines = (text: string): string[] => text.split('\n');

/** Merges `local` and `remote`, both derived from `base`. */
export function mergeText(base: string, local: string, remote: string, remoteLabel = ''): MergeResult {
  const out: string[] = [];
  let conflicts = 0;
  for (const region of diff3Merge(lines(local), lines(base), lines(remote), { excludeFalseConflicts: true })) {
    if (region.ok) out.push(...region.ok);
    else if (region.conflict) {
      conflicts++;
      out.push(
        CONFLICT_START,
        ...region.conflict.a,
        CONFLICT_MIDDLE,
        ...region.conflict.b,
        remoteLabel ? `${CONFLICT_END} ${remoteLabel}` : CONFLICT_END,
      );
    }
  }
  // A conflict at the very end would leave the text without its final newline.
  let text = out.join('\n');
  if (conflicts > 0 && !text.endsWith('\n')) text += '\n';
  return { text, conflicts };
}

/** Labels merged as sets: the remote's, plus what the local side added, minus what it removed. */
export function mergeLabels(base: readonly string[], local: readonly string[], remote: readonly string[]): string[] {
  const added = local.filter((label) => !base.includes(label));
  const removed = base.filter((label) => !local.includes(label));
  return [...new Set([...remote, ...added])].filter((label) => !removed.includes(label)).sort();
}

/** Line numbers (1-based) of conflict markers outside fenced code blocks. */
export function conflictMarkerLines(text: string): number[] {
  const found: number[] = [];
  let fence: string | null = null;
  lines(text).forEach((line, index) => {
    const opener = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (opener) {
      const marker = opener[1] as string;
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null;
      return;
    }
    if (fence === null && (line.startsWith('<<<<<<< ') || line === CONFLICT_MIDDLE || line.startsWith('>>>>>>> '))) found.push(index + 1);
  });
  return found;
}

/** A unified diff with three lines of context; '' when the texts are equal. */
export function unifiedDiff(oldName: string, newName: string, oldText: string, newText: string): string {
  if (oldText === newText) return '';
  const patch = createTwoFilesPatch(oldName, newName, oldText, newText, undefined, undefined, { context: 3 });
  // jsdiff starts with an `Index:`-less header: `===…` separator line first; keep the ---/+++ form.
  return patch.replace(/^=+\n/, '');
}
