import { conflictError } from './flags.js';
import { Option } from './option.js';
import type { Factory } from '../factory.js';

/**
 * `--web` on every command that shows one object (test: web.test.ts walks the command tree).
 * `--web`: prints the URL (so it is there when no browser can be opened: a pipe, CI, no display)
 * and hands it to the browser opener, which opens it only for a person at a terminal.
 */
export async function openOnWeb(f: Factory, url: string): Promise<void> {
  f.io.stdout.write(`${url}\n`);
  await f.openBrowser(url);
}

/**
 * `--web` on a command that prints issues (search, epic issues, sprint current): it opens the page
 * instead of printing, so no output format goes with it.
 */
export function webOption(description: string) {
  return new Option('--web', description).conflicts(['csv', 'csvRaw', 'count']);
}

/** Whether webOption's `--web` was given; with the global `--json` (which commander's conflicts cannot see) it is exit 2. */
export function wantsWeb(f: Factory, options: { web?: true | undefined }): boolean {
  if (options.web && f.globals.json) throw conflictError('--web', '--json');
  return options.web === true;
}
