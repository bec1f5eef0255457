/**
 * The sandbox's Confluence over HTTP: Cloud REST v2 (routes-v2.ts), the Cloud v1 operations v2
 * has no equivalent for (routes-v1.ts: CQL search, attachment upload and download, move, labels),
 * and Data Center (routes-dc.ts, served under `/dc`). The gateway
 * (`/ex/confluence/{cloudId}/wiki/...`) serves the Cloud routes to scoped tokens, checked against
 * the scopes Atlassian's specs name (scopes.ts). Each sandbox start makes its own store (seeded per
 * the sandbox's `seed` option) in `register`; tests reach a running sandbox's store with
 * `confluenceStoreOf(sandbox)` to seed more in memory.
 */
import type { ProductContext, ProductModule } from '../products.js';
import type { Router } from '../router.js';
import { registerDcRoutes } from './routes-dc.js';
import { registerV1Routes } from './routes-v1.js';
import { registerV2Routes } from './routes-v2.js';
import { seedDemo, seedUsers } from './seed.js';
import { ConfluenceStore } from './store.js';

const stores = new Map<string, ConfluenceStore>();

/** The Confluence store of a running sandbox (by its cloudId), for tests that seed or inspect data. */
export function confluenceStoreOf(sandbox: { cloudId: string }): ConfluenceStore {
  const store = stores.get(sandbox.cloudId);
  if (!store)
    throw new Error(`no Confluence store for sandbox ${sandbox.cloudId} (is src/sandbox/confluence/routes.ts listed in registry.ts?)`);
  return store;
}

export function registerConfluenceRoutes(router: Router, store: ConfluenceStore): void {
  registerV2Routes(router, store);
  registerV1Routes(router, store);
  registerDcRoutes(router, store);
}

export const confluenceProduct: ProductModule = {
  name: 'confluence',
  register(router: Router, context: ProductContext): void {
    const store = new ConfluenceStore();
    seedUsers(store, context.credentials);
    if (context.seed === 'demo') seedDemo(store);
    // A sandbox lives as long as its process or test file; keep only the most recent few stores.
    if (stores.size >= 32) stores.delete(stores.keys().next().value as string);
    stores.set(context.cloudId, store);
    registerConfluenceRoutes(router, store);
  },
};
