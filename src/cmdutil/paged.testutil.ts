/** A pager stand-in: these pages, then (optionally) this error, as the HTTP pager would throw it. */
export function pagedOf<T>(pages: T[][], failure?: Error): AsyncIterable<T> & { pages(): AsyncIterable<readonly T[]> } {
  async function* all(): AsyncGenerator<readonly T[]> {
    yield* pages;
    if (failure) throw failure;
  }
  return {
    pages: all,
    async *[Symbol.asyncIterator]() {
      for await (const page of all()) yield* page;
    },
  };
}
