// Preload for end-to-end tests (`node --import <this file>`, e.g. through NODE_OPTIONS): appends
// the URL of every module the process loads, one a line, to the file named by
// ATL_TEST_MODULE_LOG. The same file is both the preload (main thread: registers the hooks) and
// the hooks module (loader thread: records each load).
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) register(import.meta.url);

export async function load(url, context, nextLoad) {
  const log = process.env.ATL_TEST_MODULE_LOG;
  if (log) appendFileSync(log, `${url}\n`);
  return nextLoad(url, context);
}
