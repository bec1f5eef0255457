/** The items of a listing read whole (a page's attachments, its versions), for the printers that take an iterable. */
export async function* itemsOf<T>(items: Promise<readonly T[]>): AsyncGenerator<T> {
  yield* await items;
}
