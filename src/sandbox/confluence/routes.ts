/**
 * The sandbox's Confluence over HTTP: Cloud REST v2 (routes-v2.ts), the Cloud v1 operations v2
 * has no equivalent for (routes-v1.ts: CQL search, attachment upload and download, move, labels),
 * and Data Center (routes-dc.ts, served under `/dc`). The gateway
 * (`/ex/confluence/{cloudId}/wiki/...`) serves the Cloud routes to scoped tokens, checked against
 * the scopes Atlassian's specs name (scopes.ts). Each sandbox start makes its own store (seeded per
 * the sandbox's `seed` option) in `register`; tests reach a running sandbox's store with
 * `confluenceStoreOf(sandbox)` to seed more in memory, and scripts and benchmarks can do the same
 * over HTTP with `POST /rest/atl-sandbox/1.0/confluence/seed` (not an Atlassian API; `seedRoute`).
 */
import type { ProductContext, ProductModule } from '../products.js';
import type { Router } from '../router.js';
import type { SandboxRequest, SandboxResponse } from '../types.js';
import { bodyObject, fail, handler, str } from './route-kit.js';
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

/**
 * The sandbox's own seeding endpoint: `{space, count, prefix?, fanout?, spaceName?, bodies?}` adds `count`
 * pages; `bodies` (storage strings) are given to the pages in turn.
 */
export const SEED_PATH = '/rest/atl-sandbox/1.0/confluence/seed';

function seedRoute(store: ConfluenceStore, request: SandboxRequest): SandboxResponse {
  const body = bodyObject(request);
  const count = body.count;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 100_000)
    fail(400, 'count must be between 1 and 100000');
  const key = str(body.space);
  if (!key || !/^[A-Z][A-Z0-9]*$/.test(key)) fail(400, 'space must be a space key (capital letters and digits)');
  const fanout = body.fanout;
  if (fanout !== undefined && (typeof fanout !== 'number' || !Number.isInteger(fanout) || fanout < 1))
    fail(400, 'fanout must be a positive integer');
  const bodies = body.bodies;
  if (bodies !== undefined && !(Array.isArray(bodies) && bodies.every((item) => typeof item === 'string')))
    fail(400, 'bodies must be an array of storage strings');
  const made = store.addBulkPages(key, count, {
    ...(str(body.prefix) ? { prefix: str(body.prefix) } : {}),
    ...(str(body.spaceName) ? { spaceName: str(body.spaceName) } : {}),
    ...(typeof fanout === 'number' ? { fanout } : {}),
    ...(bodies === undefined ? {} : { bodies: bodies as string[] }),
  });
  const space = store.spaceByKey(key)!;
  return { status: 201, body: { created: made.length, space: { key: space.key, id: space.id, homepageId: space.homepageId } } };
}

export function registerConfluenceRoutes(router: Router, store: ConfluenceStore): void {
  registerV2Routes(router, store);
  registerV1Routes(router, store);
  registerDcRoutes(router, store);
  // On the site a path outside /wiki is the Jira realm's; under /dc it is Confluence's.
  const seed = handler((request) => seedRoute(store, request));
  router.add('POST', SEED_PATH, seed, { realm: 'jira', flavours: ['cloud'] });
  router.add('POST', SEED_PATH, seed, { realm: 'confluence', flavours: ['datacenter'] });
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
