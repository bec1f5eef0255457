/**
 * Push's write-ahead log, `.atl/journal.ndjson` (design note §3, "Recovery after kill -9"). Before
 * each write to Confluence push appends the intent (what it is about to send, with an op id that
 * updates carry in `version.message`) and fsyncs; after the write and the local bookkeeping it
 * appends `done`. A push killed in between leaves intents without `done`: the next push reconciles
 * each against Confluence (adopt the page it created, accept the update it made, or redo) before
 * it plans anything, so nothing is created twice.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { PageState } from './state.js';

export interface CreateIntent {
  op: string;
  kind: 'create';
  path: string;
  title: string;
  parentId: string | null;
  markdown: string;
  storage: string;
  labels: string[];
}

export interface UpdateIntent {
  op: string;
  kind: 'update';
  id: string;
  path: string;
  title: string;
  parentId: string | null;
  baseVersion: number;
  markdown: string;
  storage: string;
  labels: string[];
}

export interface DeleteIntent {
  op: string;
  kind: 'delete';
  id: string;
  path: string;
}

export type Intent = CreateIntent | UpdateIntent | DeleteIntent;

/**
 * An operation finished: the page's new state entry (or the id of the page deleted), so a push
 * killed after `done` but before state.json was written loses nothing. Applying one twice is harmless.
 */
export interface Done {
  done: string;
  entry?: PageState;
  removed?: string;
}

type Record = { intent: Intent } | Done;

export interface JournalContents {
  /** Intents without `done`, in the order they were written. */
  open: Intent[];
  finished: Done[];
}

export function newOpId(): string {
  return randomBytes(6).toString('hex');
}

export class Journal {
  constructor(private readonly file: string) {}

  async append(record: Record): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const handle = await open(this.file, 'a', 0o644);
    try {
      await handle.write(`${JSON.stringify(record)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  intend(intent: Intent): Promise<void> {
    return this.append({ intent });
  }

  done(op: string, result: { entry?: PageState; removed?: string } = {}): Promise<void> {
    return this.append({ done: op, ...result });
  }

  async unfinished(): Promise<Intent[]> {
    return (await this.read()).open;
  }

  /** What the journal holds. A torn last line (killed mid-write) is ignored. */
  async read(): Promise<JournalContents> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { open: [], finished: [] };
      throw err;
    }
    const open = new Map<string, Intent>();
    const finished: Done[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let record: Record;
      try {
        record = JSON.parse(line) as Record;
      } catch {
        continue;
      }
      if ('intent' in record) open.set(record.intent.op, record.intent);
      else {
        open.delete(record.done);
        finished.push(record);
      }
    }
    return { open: [...open.values()], finished };
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }
}
