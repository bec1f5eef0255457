import type { SecretStore, StorageKind } from '../types.js';
// Placeholder until the auth work lands (issue 3).
export async function openSecretStore(_opts: { configDir: string; kind: StorageKind | undefined; env: NodeJS.ProcessEnv; stderr: NodeJS.WritableStream }): Promise<SecretStore> {
  throw new Error('secret stores are not implemented yet');
}
