import type { ConfigStore } from './types.js';
// Placeholder until the auth work lands (issue 3).
export function fileConfigStore(path: string): ConfigStore {
  return {
    path,
    read: async () => ({ defaultProfile: null, profiles: {} }),
    update: async () => {
      throw new Error('config writes are not implemented yet');
    },
  };
}
