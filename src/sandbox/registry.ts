/**
 * What the sandbox serves: the identity endpoints every product shares, then each built product's
 * module, registered here under its name from src/products.ts. Registering a product is one entry
 * in `sandboxModules` (src/products.test.ts checks each entry has its three folders, and each
 * product folder its entry).
 */
import type { Product } from '../products.js';
import { confluenceProduct } from './confluence/routes.js';
import { bitbucketProduct } from './bitbucket/routes.js';
import { identityRoutes } from './identity.js';
import { jiraProduct } from './jira/routes.js';
import { jsmProduct } from './jsm/routes.js';
import type { ProductModule } from './products.js';

/** The sandbox module of each built product (src/sandbox/<product>/routes.ts); a product not built yet has none. */
export const sandboxModules: Readonly<Partial<Record<Product, ProductModule>>> = {
  jira: jiraProduct,
  confluence: confluenceProduct,
  bitbucket: bitbucketProduct,
  jsm: jsmProduct,
};

/** The route modules the sandbox serves, in the order they register. */
export const productModules: readonly ProductModule[] = [identityRoutes, ...Object.values(sandboxModules)];
