/**
 * The shape of a product route module. A product exports a ProductModule from its folder (e.g.
 * `src/sandbox/jira/routes.ts`) and lists it in ./registry.ts, once. Only types live here, so a
 * product module can import them without importing the list that imports it.
 * `register` runs on every sandbox start, so per-instance state (the seeded data) lives in the
 * closure it creates and two sandboxes never share data.
 */
import type { SandboxCredentials } from './auth.js';
import type { Router } from './router.js';

export type Seed = 'demo' | 'empty';

export interface ProductContext {
  seed: Seed;
  cloudId: string;
  credentials: SandboxCredentials;
}

export interface ProductModule {
  name: string;
  register(router: Router, context: ProductContext): void;
}
