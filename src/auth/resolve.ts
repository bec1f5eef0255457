import { notLoggedInError } from '../errors.js';
import type { Factory } from '../factory.js';
import type { ResolvedCredentials } from './types.js';
// Placeholder until the auth work lands (issue 3).
export async function resolveCredentials(_f: Factory): Promise<ResolvedCredentials> {
  throw notLoggedInError();
}
