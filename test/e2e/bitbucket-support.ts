/**
 * Shared setup for the Bitbucket end-to-end tests: one demo sandbox per file, a test home, and the
 * three ways to reach Bitbucket: Cloud with an API token (Basic, with the Atlassian email), Cloud
 * with a workspace access token (Bearer), both from the environment, and Data Center with a personal
 * access token (Bearer) stored on the home's default profile by `atl auth login --bitbucket --site`.
 *
 *   const e2e = await bitbucketE2e();
 *   await e2e.atl('cloud', ['bb', 'pr', 'list', '--repo', 'demo-workspace/demo-app']);
 */
import { bitbucketStoreOf } from '../../src/sandbox/bitbucket/routes.js';
import type { BitbucketStore } from '../../src/sandbox/bitbucket/store.js';
import type { RunOptions, TestHome } from '../support/atl.js';
import { sandboxHomes } from '../support/homes.js';
import type { TestSandbox } from '../support/sandbox.js';

export type BbFlavour = 'cloud' | 'bearer' | 'dc';

export interface BitbucketE2e {
  sandbox: TestSandbox;
  home: TestHome;
  store: BitbucketStore;
  workspace: string;
  /** Runs atl as the given flavour. */
  atl(flavour: BbFlavour, args: readonly string[], options?: RunOptions): ReturnType<TestHome['run']>;
  /** The environment of a flavour, for runs that add their own (a cwd, a remote mapping). */
  envOf(flavour: BbFlavour): Record<string, string>;
}

export async function bitbucketE2e(): Promise<BitbucketE2e> {
  const { sandbox, newHome } = await sandboxHomes({ seed: 'demo' });
  const home = await newHome();
  const { bitbucket, bitbucketAccessToken, bitbucketDatacenter } = sandbox.credentials;
  const workspace = bitbucketAccessToken.workspace;
  const login = await home.run(['auth', 'login', '--bitbucket', '--site', sandbox.bitbucketDcUrl, '--bearer', '--token-stdin'], {
    input: `${bitbucketDatacenter.token}\n`,
  });
  if (login.code !== 0) throw new Error(`Bitbucket DC login failed: ${login.stderr}`);
  // The Cloud flavours are env-only (their config dir holds no profile), so the stored DC login cannot take their tokens.
  const envOnly = { ATL_CONFIG_DIR: `${home.home}/env-only-config` };
  const envs: Record<BbFlavour, Record<string, string>> = {
    cloud: { ...envOnly, ATL_BITBUCKET_TOKEN: bitbucket.token, ATL_BITBUCKET_EMAIL: bitbucket.email, ATL_BITBUCKET_WORKSPACE: workspace },
    bearer: { ...envOnly, ATL_BITBUCKET_TOKEN: bitbucketAccessToken.token },
    dc: {},
  };
  return {
    sandbox,
    home,
    store: bitbucketStoreOf(sandbox),
    workspace,
    envOf: (flavour) => envs[flavour],
    atl: (flavour, args, options = {}) => home.run(args, { ...options, env: { ...envs[flavour], ...options.env } }),
  };
}
