import type { Factory } from '../../../factory.js';

/**
 * `--web`: prints the URL (so it is there when no browser can be opened: a pipe, CI, no display)
 * and hands it to the browser opener, which opens it only for a person at a terminal.
 */
export async function openOnWeb(f: Factory, url: string): Promise<void> {
  f.io.stdout.write(`${url}\n`);
  await f.openBrowser(url);
}
