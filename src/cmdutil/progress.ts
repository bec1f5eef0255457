import { pagesOf, type Paged } from '../http/paginate.js';
import type { IOStreams } from '../iostreams.js';
import { ownControlStream } from '../output/terminal.js';
import type { ListingNoun } from './noun.js';

/** How long a listing or bulk change runs before its progress line appears. */
export const PROGRESS_AFTER_MS = 1000;

/** Erases the line the cursor is on (carriage return, then clear to the end of the line). */
const ERASE = '\r\x1b[K';

/**
 * One line on stderr, redrawn in place, saying how far a long listing or bulk change has got
 * ("fetched 3 pages, 300 issues…"). Only for a person: nothing unless stderr is a terminal, and
 * nothing in the first second, so quick commands and pipes never see it. It is erased before
 * anything else is printed, so it never mixes with output on the same terminal. Its text is atl's own
 * (counts and nouns), so it goes under the terminal-safe view, whose escaping would print the erase.
 */
export class ProgressLine {
  private readonly started: number;
  private shown = false;

  constructor(
    private readonly io: IOStreams,
    private readonly clock: () => number = Date.now,
  ) {
    this.started = clock();
  }

  get enabled(): boolean {
    return this.io.stderr.isTTY === true;
  }

  /** Draws `text` in place once the first second has passed. */
  show(text: string): void {
    if (!this.enabled || this.clock() - this.started < PROGRESS_AFTER_MS) return;
    ownControlStream(this.io.stderr).write(`${ERASE}${text}…`);
    this.shown = true;
  }

  /** Erases the line, if it is up; call before printing anything else. */
  clear(): void {
    if (!this.shown) return;
    ownControlStream(this.io.stderr).write(ERASE);
    this.shown = false;
  }
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The same items a page at a time, with a progress line counting pages and items while the
 * consumer works through them: erased while the consumer prints a page, redrawn while the next
 * page is fetched, gone when iteration ends. Without a terminal on stderr the items pass untouched.
 */
export function withPageProgress<T>(
  io: IOStreams,
  items: AsyncIterable<T> | Paged<T>,
  noun: ListingNoun,
  clock: () => number = Date.now,
): AsyncIterable<T> & { pages(): AsyncIterable<readonly T[]> } {
  const line = new ProgressLine(io, clock);
  // A plain iterable arrives an item at a time: only items are counted then, not "pages".
  const paged = 'pages' in items && typeof items.pages === 'function';
  async function* pages(): AsyncGenerator<readonly T[], void, undefined> {
    let pageCount = 0;
    let itemCount = 0;
    try {
      for await (const page of pagesOf(items)) {
        line.clear();
        yield page;
        pageCount += 1;
        itemCount += page.length;
        const counted = plural(itemCount, noun.one, noun.many);
        line.show(paged ? `fetched ${plural(pageCount, 'page', 'pages')}, ${counted}` : `fetched ${counted}`);
      }
    } finally {
      line.clear();
    }
  }
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page;
    },
  };
}
