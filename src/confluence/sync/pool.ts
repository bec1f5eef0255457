/**
 * Bounded concurrency for the sync engine: at most `concurrency` calls in flight. The first
 * failure stops new work from starting; the calls already running finish (their results are
 * recorded by the caller, so a crash-safe journal sees them) and then the failure is thrown.
 */
export const DEFAULT_CONCURRENCY = 4;

export async function runPool<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const limit = Math.max(1, Math.floor(concurrency));
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}

/** `items` in chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += Math.max(1, size)) out.push(items.slice(start, start + Math.max(1, size)));
  return out;
}
