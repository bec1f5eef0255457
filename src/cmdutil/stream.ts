import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { AtlError } from '../errors.js';
import type { IOStreams } from '../iostreams.js';

/** Writes and waits when the stream's buffer is full, so a 50,000-issue stream keeps memory flat. */
export async function writeFlowing(stream: Writable, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/**
 * After a listing failed part-way (a page that would not come even after retries): closes what was
 * printed so far so stdout still parses, and says on stderr how much there is. The error itself is
 * then printed by main as usual, with its own exit code (5 for network and server failures).
 */
export async function endIncomplete(io: IOStreams, err: unknown, printed: number, noun: string, closing: string): Promise<never> {
  // Only a failure to fetch: when stdout itself failed (a closed pipe), writing more cannot help.
  if (err instanceof AtlError && printed > 0) {
    const items = `${printed} ${printed === 1 ? noun.replace(/s$/, '') : noun}`;
    // With --output the file is replaced only by complete output: it is left as it was.
    if (io.outputFile !== undefined)
      io.stderr.write(`fetched ${items} before the failure; the output is incomplete, so ${io.outputFile} is unchanged\n`);
    else {
      if (closing !== '') await writeFlowing(io.stdout, closing);
      io.stderr.write(`printed ${items} before the failure; the output is incomplete\n`);
    }
  }
  throw err;
}
