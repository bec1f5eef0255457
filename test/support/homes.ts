/**
 * The prologue the sandbox-backed e2e files share: one test sandbox per file, and fresh HOMEs
 * pointed at it that know every sandbox secret, so each home's secret scanner catches a leak.
 * At the top of a test file:
 *
 *   const { sandbox, newHome } = await sandboxHomes();
 *
 * The sandbox starts while the file is collected (top-level await), so `sandbox` is usable in
 * every test and hook as a plain value. One afterAll hook, registered here before any of the
 * file's own, runs after them (vitest runs after-hooks in reverse): it stops the sandbox (failing
 * the file when an exchange broke Atlassian's OpenAPI specs) and removes every home made.
 */
import { afterAll } from 'vitest';
import type { SandboxOptions } from '../../src/sandbox/index.js';
import { stateDirFrom } from '../../src/dirs.js';
import { createTestHome, type TestHome } from './atl.js';
import { startTestSandbox, type TestSandbox } from './sandbox.js';

export interface NewHomeOptions {
  /** More tokens the scanner must never see, beyond the sandbox's own. */
  secrets?: readonly string[];
  /** The email the extra `secrets` are used with, so their Basic-auth forms are scanned for too. */
  email?: string;
  /** Extra base environment for every run in this home. */
  env?: Record<string, string>;
}

export interface SandboxHomes {
  sandbox: TestSandbox;
  /** A fresh HOME whose runs reach the sandbox's gateway and Bitbucket; removed after the file. */
  newHome(options?: NewHomeOptions): Promise<TestHome>;
}

export async function sandboxHomes(options: Omit<SandboxOptions, 'validator'> = {}): Promise<SandboxHomes> {
  const sandbox = await startTestSandbox(options);
  const homes: TestHome[] = [];
  afterAll(async () => {
    try {
      await sandbox.stop();
    } finally {
      await Promise.all(homes.map((home) => home.cleanup()));
    }
  });
  return {
    sandbox,
    async newHome({ secrets = [], email, env = {} } = {}) {
      const home = await createTestHome({ ATL_GATEWAY_URL: sandbox.gatewayUrl, ATL_BITBUCKET_URL: sandbox.bitbucketUrl, ...env });
      homes.push(home);
      for (const secret of sandbox.secrets) home.addSecret(secret);
      for (const secret of secrets) home.addSecret(secret, email);
      return home;
    },
  };
}

/** Where atl keeps a home's file store: credentials.enc in the config dir, its key in the state dir. */
export function storeDirs(home: Pick<TestHome, 'configDir' | 'env'>): { configDir: string; stateDir: string } {
  return { configDir: home.configDir, stateDir: stateDirFrom(home.env) };
}
