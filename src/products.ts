/**
 * Every product atl speaks to, in one list; the `Product` type is read off it. Each product has the
 * same shape: its commands in src/commands/<product>/ (with group.ts), its typed API calls and its
 * context function (`jiraContext(f)`) in src/<product>/, and its sandbox module (routes, store,
 * seed) in src/sandbox/<product>/. A product is built once its sandbox module is registered under
 * its name in src/sandbox/registry.ts; src/products.test.ts fails when the folders and that
 * registration disagree. This module imports nothing, so anything may import it.
 * 'jsm' (Service Management) is served by the Jira site (see src/auth/endpoints.ts).
 */
export const products = ['jira', 'confluence', 'bitbucket', 'jsm'] as const;

export type Product = (typeof products)[number];
