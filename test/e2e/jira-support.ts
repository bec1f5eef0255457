/**
 * Shared setup for the Jira end-to-end tests: one sandbox per file, a test home, and the three
 * ways to reach Jira (Cloud Basic, Cloud scoped through the gateway, Data Center Bearer).
 */
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { createTestHome, type TestHome } from '../support/atl.js';

export type Flavour = 'cloud' | 'scoped' | 'dc';

export interface JiraE2e {
  sandbox: Sandbox;
  home: TestHome;
  /** Runs atl as the given flavour. */
  atl(flavour: Flavour, args: readonly string[], input?: string): ReturnType<TestHome['run']>;
  /** A Cloud REST call made directly (seeding, checking), outside atl. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export async function startJiraE2e(): Promise<JiraE2e> {
  const sandbox = await startSandbox({ seed: 'demo' });
  const home = await createTestHome({ ATL_GATEWAY_URL: sandbox.gatewayUrl });
  for (const secret of sandbox.secrets) home.secrets.add(secret);
  const { cloud, datacenter, serviceAccount } = sandbox.credentials;
  const login = await home.run(
    ['auth', 'login', '--profile', 'scoped', '--site', sandbox.url, '--email', serviceAccount.email, '--token-stdin', '--scoped', '--cloud-id', sandbox.cloudId, '--deployment', 'cloud', '--no-verify'],
    { input: `${serviceAccount.token}\n` },
  );
  if (login.code !== 0) throw new Error(`scoped login failed: ${login.stderr}`);
  // Cloud and DC run as env-only profiles (issue 3, row 3): their config dir holds no profile, so
  // the stored scoped profile (the default in the main config dir) cannot take over.
  const envOnly = { ATL_CONFIG_DIR: `${home.home}/env-only-config` };
  const envFor: Record<Flavour, Record<string, string>> = {
    cloud: { ...envOnly, ATL_SITE: sandbox.url, ATL_EMAIL: cloud.email, ATL_API_TOKEN: cloud.token, ATL_DEPLOYMENT: 'cloud' },
    dc: { ...envOnly, ATL_SITE: sandbox.dcUrl, ATL_API_TOKEN: datacenter.token, ATL_AUTH_TYPE: 'bearer', ATL_DEPLOYMENT: 'datacenter' },
    scoped: {},
  };
  const authorization = `Basic ${Buffer.from(`${cloud.email}:${cloud.token}`).toString('base64')}`;
  return {
    sandbox,
    home,
    atl: (flavour, args, input) =>
      home.run(flavour === 'scoped' ? ['--profile', 'scoped', ...args] : args, { env: envFor[flavour], timeoutMs: 60_000, ...(input === undefined ? {} : { input }) }),
    async api<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${sandbox.url}${path}`, {
        method,
        headers: { authorization, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
      return (text ? JSON.parse(text) : null) as T;
    },
    async stop() {
      await sandbox.stop();
      await home.cleanup();
    },
  };
}

/** Creates `count` Task issues in DEMO with `label`, through the REST API, a few at a time. */
export async function seedIssues(e2e: JiraE2e, count: number, label: string, project = 'DEMO'): Promise<string[]> {
  const keys: string[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const created = await e2e.api<{ key: string }>('POST', '/rest/api/3/issue', {
        fields: { project: { key: project }, issuetype: { name: 'Task' }, summary: `${label} issue ${i + 1}`, labels: [label] },
      });
      keys[i] = created.key;
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return keys;
}
