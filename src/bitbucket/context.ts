import type { Factory } from '../factory.js';
import type { HttpClient } from '../http/types.js';

/**
 * A placeholder shaped like jiraContext so the product's shape is complete while the sandbox
 * lands first; the Bitbucket commands (issue 13) replace it.
 */
export interface BitbucketContext {
  http: HttpClient;
}

export async function bitbucketContext(f: Factory): Promise<BitbucketContext> {
  return { http: await f.httpClient('bitbucket') };
}
