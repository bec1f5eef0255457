import { afterEach, describe, expect, test, vi } from 'vitest';
import { paginateOffset } from '../http/paginate.js';
import { FakeHttp, fakeFactory } from '../jira/fake.testutil.js';
import { runBulk } from './bulk.js';
import { withPageProgress } from './progress.js';

const noun = { one: 'issue', many: 'issues' };

/** A clock a test moves by hand. */
function manualClock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function terminalStderr() {
  const f = fakeFactory();
  Object.assign(f.io.stderr, { isTTY: true });
  return f;
}

/** What a terminal shows once every carriage return and erase has been applied to `text`. */
function screen(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .split('\r')
        .at(-1)!
        .replace(/\x1b\[K/g, ''),
    )
    .join('\n');
}

function pages(count: number, size: number) {
  const items = Array.from({ length: count * size }, (_, i) => ({ id: String(i) }));
  const http = new FakeHttp().optional('GET', '/list', (r) => {
    const startAt = Number(r.query.startAt ?? 0);
    return { startAt, maxResults: size, total: items.length, values: items.slice(startAt, startAt + size) };
  });
  return paginateOffset<{ id: string }>(http, { path: '/list', itemsKey: 'values', pageSize: size });
}

describe('withPageProgress', () => {
  test('after the first second, a line counts pages and items; erased while a page prints and at the end', async () => {
    const f = terminalStderr();
    const clock = manualClock();
    const seen: string[] = [];
    for await (const _page of withPageProgress(f.io, pages(3, 50), noun, clock.now).pages()) {
      // While the consumer prints a page, no progress line is up.
      seen.push(screen(f.err.text));
      clock.advance(600);
    }
    expect(seen).toEqual(['', '', '']);
    // Drawn after the second page (1.2 s in), erased before the third was handed over and at the end.
    expect(f.err.text).toContain('fetched 2 pages, 100 issues…');
    expect(f.err.text).not.toContain('fetched 1 page');
    expect(f.err.text.endsWith('\r\x1b[K')).toBe(true);
    expect(screen(f.err.text)).toBe('');
  });

  test('quick listings show nothing; items are counted without pages for a plain iterable', async () => {
    const quick = terminalStderr();
    for await (const _ of withPageProgress(quick.io, pages(3, 10), noun, manualClock().now)) void _;
    expect(quick.err.text).toBe('');

    const slow = terminalStderr();
    const clock = manualClock();
    async function* one() {
      for (let i = 0; i < 3; i++) {
        clock.advance(700);
        yield { id: String(i) };
      }
    }
    for await (const _ of withPageProgress(slow.io, one(), { one: 'project', many: 'projects' }, clock.now)) void _;
    expect(slow.err.text).toContain('fetched 2 projects…');
  });

  test('never on a pipe: without a terminal on stderr nothing is written', async () => {
    const f = fakeFactory();
    const clock = manualClock();
    let count = 0;
    for await (const page of withPageProgress(f.io, pages(4, 5), noun, clock.now).pages()) {
      count += page.length;
      clock.advance(5000);
    }
    expect(count).toBe(20);
    expect(f.err.text).toBe('');
  });
});

describe('runBulk progress', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  test('a bulk change over a second says how many are done, on a terminal only, erased before each result line', async () => {
    let t = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => t);
    const f = terminalStderr();
    const apply = async () => {
      t += 700;
    };
    expect(
      await runBulk(f, ['A-1', 'A-2', 'A-3'], noun, { would: 'be touched', ask: (items: string) => `Touch ${items}?` }, true, apply),
    ).toBe(0);
    expect(f.err.text).toContain('2 of 3 issues done…');
    expect(f.err.text).not.toContain('1 of 3 issues done');
    expect(screen(f.err.text)).not.toContain('done…');

    t = 0;
    const piped = fakeFactory();
    await runBulk(piped, ['A-1', 'A-2', 'A-3'], noun, { would: 'be touched', ask: (items: string) => `Touch ${items}?` }, true, apply);
    expect(piped.err.text).not.toContain('done…');
  });
});
