/**
 * Close matches for a name the server did not know (a project key, a component), for a hint
 * ("did you mean: DEMO"). Case-insensitive; a candidate matches when one contains the other or
 * when few edits separate them (a third of the length, at least one).
 */
export function closeMatches(wanted: string, candidates: readonly string[], max = 5): string[] {
  const w = wanted.trim().toLowerCase();
  if (w === '') return [];
  const limit = Math.max(1, Math.floor(w.length / 3));
  const scored = candidates
    .map((candidate) => {
      const c = candidate.toLowerCase();
      const distance = c.includes(w) || (c.length > 1 && w.includes(c)) ? 0 : editDistance(w, c);
      return { candidate, distance };
    })
    .filter((s) => s.distance <= limit);
  scored.sort((a, b) => a.distance - b.distance);
  return [...new Set(scored.map((s) => s.candidate))].slice(0, max);
}

/** Levenshtein distance, one row at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}
