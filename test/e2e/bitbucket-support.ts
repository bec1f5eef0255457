/**
 * Shared setup for the Bitbucket end-to-end tests: one demo sandbox per file, a test home, and the
 * three ways to reach Bitbucket: Cloud with an API token (Basic, with the Atlassian email), Cloud
 * with a workspace access token (Bearer), both from the environment, and Data Center with a personal
 * access token (Bearer) stored on the home's default profile by `atl auth login --bitbucket --site`.
 *
 *   const e2e = await bitbucketE2e();
 *   await e2e.atl('cloud', ['bb', 'pr', 'list', '--repo', 'demo-workspace/demo-app']);
 */
import { afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { bitbucketStoreOf } from '../../src/sandbox/bitbucket/routes.js';
import type { BitbucketStore, Repository } from '../../src/sandbox/bitbucket/store.js';
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
  // Every file on this kit: after its tests (before the home is removed), no sandbox token in any
  // output or plain file of the home.
  afterAll(() => home.assertNoSecretsLeaked());
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

export interface BitbucketCheckout {
  /** The local bare repository that stands in for the one on Bitbucket. */
  bare: string;
  /** The checkout: `main` and `feature/login` pushed, its `origin` the Bitbucket URL. */
  work: string;
  /** Runs git in the checkout. */
  git(...args: string[]): string;
  /** What a push tells Bitbucket: the checkout's commits and branches, into the sandbox's `repo`. */
  publish(store: BitbucketStore, repo: Repository): void;
}

/**
 * A git checkout whose `origin` is a Bitbucket URL, reached through `url.<bare>.insteadOf` (each of
 * `insteadOf`, default `origin`) so fetches and pushes stay on this machine. `gitConfig`: the file
 * that holds the mapping and the committer (for GIT_CONFIG_GLOBAL), else the checkout's own config.
 */
export function bitbucketCheckout(
  dir: string,
  origin: string,
  options: { insteadOf?: string[]; gitConfig?: string } = {},
): BitbucketCheckout {
  const bare = join(dir, 'remote.git');
  const work = join(dir, 'work');
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Demo',
    GIT_AUTHOR_EMAIL: 'demo@example.com',
    GIT_COMMITTER_NAME: 'Demo',
    GIT_COMMITTER_EMAIL: 'demo@example.com',
    ...(options.gitConfig ? { GIT_CONFIG_GLOBAL: options.gitConfig, GIT_CONFIG_NOSYSTEM: '1' } : {}),
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: work, env, encoding: 'utf8' }).trim();
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare], { env });
  execFileSync('git', ['init', '-q', '-b', 'main', work], { env });
  const where = options.gitConfig ? ['--file', options.gitConfig] : [];
  if (options.gitConfig) {
    git('config', ...where, 'user.name', 'Demo');
    git('config', ...where, 'user.email', 'demo@example.com');
  }
  for (const url of options.insteadOf ?? [origin]) git('config', ...where, '--add', `url.${bare}.insteadOf`, url);
  git('commit', '--allow-empty', '-q', '-m', 'Add the app skeleton');
  git('checkout', '-q', '-b', 'feature/login');
  git('commit', '--allow-empty', '-q', '-m', 'Remember the session');
  git('checkout', '-q', 'main');
  git('remote', 'add', 'origin', origin);
  git('push', '-q', 'origin', 'main', 'feature/login');
  git('fetch', '-q', 'origin');
  return {
    bare,
    work,
    git,
    publish(store, repo) {
      store.importLog(repo, git('log', '--all', '--format=%H%x09%P%x09%an%x09%ae%x09%at%x09%s'));
      store.importRefs(repo, git('for-each-ref', '--format=%(refname:short) %(objectname)', 'refs/heads'));
    },
  };
}
