import type { Factory, Product } from '../factory.js';
import type { HttpClient } from '../http/types.js';
// Placeholder until the auth work lands (issue 3).
export async function clientForProduct(f: Factory, _product: Product): Promise<HttpClient> {
  await f.credentials();
  throw new Error('not implemented');
}
