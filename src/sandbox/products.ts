/**
 * The product route modules the sandbox serves. A product adds its routes by exporting a
 * ProductModule from its folder (e.g. `src/sandbox/jira/routes.ts`) and listing it here, once.
 * `register` runs on every sandbox start, so per-instance state (the seeded data) lives in the
 * closure it creates and two sandboxes never share data.
 */
import type { SandboxCredentials } from './auth.js';
import { identityRoutes } from './identity.js';
import { jiraProduct } from './jira/routes.js';
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

export const productModules: readonly ProductModule[] = [identityRoutes, jiraProduct];
