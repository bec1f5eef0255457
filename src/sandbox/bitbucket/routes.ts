/**
 * The sandbox's Bitbucket over HTTP: Cloud (`/2.0`, shapes held to ../shared/specs/bitbucket.json)
 * and Data Center (`/rest/api/1.0`, `/rest/branch-utils/1.0`, `/rest/build-status/1.0`, served
 * under the `/dc-bitbucket` mount). Each sandbox start makes its own store (seeded per the
 * sandbox's `seed` option) in `register`; tests reach it with `bitbucketStoreOf(sandbox)` to seed
 * more data in memory or to put pipelines on a manual clock (store.ts says how).
 */
import type { ProductContext, ProductModule } from '../products.js';
import type { Router } from '../router.js';
import { registerCloudPipelineRoutes } from './routes-cloud-pipelines.js';
import { registerCloudPullRequestRoutes } from './routes-cloud-pullrequests.js';
import { registerCloudRepoRoutes } from './routes-cloud-repos.js';
import { registerDcPullRequestRoutes } from './routes-dc-pullrequests.js';
import { registerDcRepoRoutes } from './routes-dc-repos.js';
import { seedDemo } from './seed.js';
import { BitbucketStore } from './store.js';

const stores = new Map<string, BitbucketStore>();

/** The Bitbucket store of a running sandbox (by its cloudId), for tests that seed or inspect data. */
export function bitbucketStoreOf(sandbox: { cloudId: string }): BitbucketStore {
  const store = stores.get(sandbox.cloudId);
  if (!store)
    throw new Error(`no Bitbucket store for sandbox ${sandbox.cloudId} (is src/sandbox/bitbucket/routes.ts listed in registry.ts?)`);
  return store;
}

export function registerBitbucketRoutes(router: Router, store: BitbucketStore): void {
  registerCloudRepoRoutes(router, store);
  registerCloudPullRequestRoutes(router, store);
  registerCloudPipelineRoutes(router, store);
  registerDcRepoRoutes(router, store);
  registerDcPullRequestRoutes(router, store);
}

export const bitbucketProduct: ProductModule = {
  name: 'bitbucket',
  register(router: Router, context: ProductContext): void {
    const store = new BitbucketStore();
    seedDemo(store, context.credentials, { demo: context.seed === 'demo' });
    // A sandbox lives as long as its process or test file; keep only the most recent few stores.
    if (stores.size >= 32) stores.delete(stores.keys().next().value as string);
    stores.set(context.cloudId, store);
    registerBitbucketRoutes(router, store);
  },
};
