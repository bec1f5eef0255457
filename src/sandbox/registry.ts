/** The product route modules the sandbox serves, in the order they register: one line per product. */
import { identityRoutes } from './identity.js';
import { jiraProduct } from './jira/routes.js';
import type { ProductModule } from './products.js';

export const productModules: readonly ProductModule[] = [identityRoutes, jiraProduct];
