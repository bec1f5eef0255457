import path from 'node:path';
import { parsePositiveInt } from '../../../../cmdutil/input.js';
import { ProgressLine } from '../../../../cmdutil/progress.js';
import { confluenceContext } from '../../../../confluence/context.js';
import type { EngineOptions, SyncProgress } from '../../../../confluence/sync/engine.js';
import { usageError } from '../../../../errors.js';
import type { Factory } from '../../../../factory.js';

export function concurrencyOf(value: string): number {
  const n = parsePositiveInt('--concurrency', value);
  if (n < 1 || n > 16) throw usageError(`invalid --concurrency ${JSON.stringify(value)}`, 'use 1 to 16 requests at a time');
  return n;
}

/** The engine's options for this run: the Confluence API behind the DocsRemote port, the storage converter, a progress line. */
export async function engineOptions(
  f: Factory,
  dir: string,
  concurrency: number,
  verb: string,
): Promise<EngineOptions & { progress: ProgressLine }> {
  const [{ ApiDocsRemote }, { storageConverter }] = await Promise.all([
    import('../../../../confluence/sync/api-remote.js'),
    import('../../../../confluence/sync/converter.js'),
  ]);
  const progress = new ProgressLine(f.io);
  return {
    dir: path.resolve(dir),
    remote: new ApiDocsRemote(await confluenceContext(f)),
    converter: storageConverter,
    concurrency,
    progress,
    onProgress: (p: SyncProgress) => progress.show(`${verb} ${p.done}/${p.total} pages`),
  };
}
