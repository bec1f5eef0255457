/**
 * jq-web for the tests (vitest.config.ts aliases the package here). Vitest wraps a CommonJS
 * package's namespace so that it forwards its default export's properties; jq-web's default export
 * is a promise, so the namespace gets its `then`, and Vitest's own awaiting of the import breaks.
 * Node's require gives the promise as it is. (The build bundles jq-web itself: scripts/build.mjs.)
 */
import { createRequire } from 'node:module';

const jqRuntime: Promise<unknown> = createRequire(import.meta.url)('jq-web');
export default jqRuntime;
