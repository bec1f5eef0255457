/** A product context's per-run cache (Jira's, Bitbucket's): lookups made once per run. */
export interface RunCache {
  cache: Map<string, Promise<unknown>>;
}

/** Caches a lookup for the rest of the run under `key`. A failed lookup is not kept. */
export function cached<T>(ctx: RunCache, key: string, load: () => Promise<T>): Promise<T> {
  const hit = ctx.cache.get(key);
  if (hit) return hit as Promise<T>;
  const value = load();
  ctx.cache.set(key, value);
  value.catch(() => ctx.cache.delete(key));
  return value;
}
