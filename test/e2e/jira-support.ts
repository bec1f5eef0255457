/**
 * Shared setup for the Jira end-to-end tests: one sandbox per file (with the demo data), a test
 * home, and the three ways to reach Jira (Cloud Basic, Cloud scoped through the gateway, Data
 * Center Bearer). At the top of a test file:
 *
 *   const e2e = await jiraE2e();
 *
 * Like sandboxHomes(), which it builds on, it starts while the file is collected and stops the
 * sandbox and removes the home after the file's own afterAll hooks.
 */
import { afterAll } from 'vitest';
import { jiraStoreOf } from '../../src/sandbox/jira/routes.js';
import { seedIssues as seedIntoStore } from '../../src/sandbox/jira/seed.js';
import type { TestHome } from '../support/atl.js';
import { sandboxHomes } from '../support/homes.js';
import type { TestSandbox } from '../support/sandbox.js';

/** `scoped` reads only (read:jira-work); `scoped-writer` also holds write:jira-work. */
export type Flavour = 'cloud' | 'scoped' | 'scoped-writer' | 'dc';

export interface JiraE2e {
  sandbox: TestSandbox;
  home: TestHome;
  /** Runs atl as the given flavour; `env` adds to (or, with undefined, removes from) its environment; `cwd` is where it runs. */
  atl(
    flavour: Flavour,
    args: readonly string[],
    input?: string,
    env?: Record<string, string | undefined>,
    cwd?: string,
  ): ReturnType<TestHome['run']>;
  /** A Cloud REST call made directly (seeding, checking), outside atl. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /**
   * An issue as the flavour's own REST API returns it (Cloud v3, Data Center v2: what `issue view
   * --json` prints), read directly rather than by running atl again: checking what a command changed
   * costs no process. Null when the issue does not exist.
   */
  issue(flavour: Flavour, key: string): Promise<{ key: string; fields: Record<string, unknown> } | null>;
}

/** The notice on stderr when more issues match than were printed (one wording). */
export const NOTICE = 'more match — use --limit N or --all';

let counter = 0;
/** A name no other test in this file uses: summaries and labels that find exactly one test's issues. */
export const unique = (prefix: string): string => `${prefix}-${process.pid}-${++counter}`;

export async function jiraE2e(): Promise<JiraE2e> {
  const { sandbox, newHome } = await sandboxHomes({ seed: 'demo' });
  const home = await newHome();
  // Every file on this kit: after its tests (before the home is removed), no sandbox token in any
  // output or plain file of the home.
  afterAll(() => home.assertNoSecretsLeaked());
  const { cloud, datacenter, serviceAccount, serviceAccountWriter } = sandbox.credentials;
  for (const [profile, account] of [
    ['scoped', serviceAccount],
    ['scoped-writer', serviceAccountWriter],
  ] as const) {
    const login = await home.run(
      [
        'auth',
        'login',
        '--profile',
        profile,
        '--site',
        sandbox.url,
        '--email',
        account.email,
        '--token-stdin',
        '--scoped',
        '--cloud-id',
        sandbox.cloudId,
        '--deployment',
        'cloud',
        '--no-verify',
      ],
      { input: `${account.token}\n` },
    );
    if (login.code !== 0) throw new Error(`${profile} login failed: ${login.stderr}`);
  }
  // Cloud and DC run as env-only profiles (row 3 of the precedence table): their config dir holds no profile, so
  // the stored scoped profile (the default in the main config dir) cannot take over.
  const envOnly = { ATL_CONFIG_DIR: `${home.home}/env-only-config` };
  const envFor: Record<Flavour, Record<string, string>> = {
    cloud: { ...envOnly, ATL_SITE: sandbox.url, ATL_EMAIL: cloud.email, ATL_API_TOKEN: cloud.token, ATL_DEPLOYMENT: 'cloud' },
    dc: { ...envOnly, ATL_SITE: sandbox.dcUrl, ATL_API_TOKEN: datacenter.token, ATL_AUTH_TYPE: 'bearer', ATL_DEPLOYMENT: 'datacenter' },
    scoped: {},
    'scoped-writer': {},
  };
  const authorization = `Basic ${Buffer.from(`${cloud.email}:${cloud.token}`).toString('base64')}`;
  return {
    async issue(flavour, key) {
      const dc = flavour === 'dc';
      const response = await fetch(`${dc ? sandbox.dcUrl : sandbox.url}/rest/api/${dc ? 2 : 3}/issue/${encodeURIComponent(key)}`, {
        headers: { authorization: dc ? `Bearer ${datacenter.token}` : authorization, accept: 'application/json' },
      });
      if (response.status === 404) return null;
      const text = await response.text();
      if (!response.ok) throw new Error(`GET issue ${key} → ${response.status}: ${text}`);
      return JSON.parse(text) as { key: string; fields: Record<string, unknown> };
    },
    sandbox,
    home,
    atl: (flavour, args, input, env, cwd) =>
      home.run(flavour === 'scoped' || flavour === 'scoped-writer' ? ['--profile', flavour, ...args] : args, {
        env: { ...envFor[flavour], ...env },
        ...(input === undefined ? {} : { input }),
        ...(cwd === undefined ? {} : { cwd }),
      }),
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
  };
}

/**
 * Puts `count` Task issues in To Do into `project` (default DEMO), each labelled exactly `label`,
 * straight into the sandbox's store: 1,234 issues take milliseconds instead of 1,234 REST calls.
 * Returns their keys in creation order.
 */
export function seedIssues(e2e: JiraE2e, count: number, label: string, project = 'DEMO'): string[] {
  return seedIntoStore(jiraStoreOf(e2e.sandbox), count, {
    project,
    summaryPrefix: `${label} issue`,
    labels: [label],
    onlyGivenLabels: true,
    status: 'To Do',
    issueType: 'Task',
  }).map((issue) => issue.key);
}

/** Creates a DEMO Task through atl (`issue create --json`) with a unique summary, plus `extra` flags; returns its key. */
export async function createTestIssue(e2e: JiraE2e, flavour: Flavour, extra: readonly string[] = []): Promise<string> {
  const result = await e2e.atl(flavour, [
    'jira',
    'issue',
    'create',
    '--project',
    'DEMO',
    '--type',
    'Task',
    '--summary',
    unique('e2e'),
    '--json',
    ...extra,
  ]);
  if (result.code !== 0 || result.stderr !== '') throw new Error(`issue create failed (${result.code}): ${result.stderr}`);
  return (JSON.parse(result.stdout) as { key: string }).key;
}

/**
 * `METHOD path` of each request the scoped writer got answered (below 400) through the gateway
 * (`/ex/jira/{cloudId}`, the mount prefix not included): what proves a gateway test went that way.
 */
export function gatewayCalls(e2e: JiraE2e): string[] {
  const writer = e2e.sandbox.credentials.serviceAccountWriter.email;
  return e2e.sandbox.requests
    .filter((r) => r.mount === 'gateway' && r.identity === writer && r.status < 400)
    .map((r) => `${r.method} ${r.path.replace(/^\/ex\/jira\/[^/]+/, '')}`);
}
