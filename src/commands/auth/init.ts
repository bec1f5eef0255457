import { usageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { normalizeSite } from '../../auth/site.js';
import { noPromptHint } from '../../msys.js';
import type { StorageKind } from '../../auth/types.js';
import { defineCommand } from '../spec.js';
import { assertValidProfileName } from '../../auth/profile-name.js';
import { performLogin } from './_shared/login-flow.js';
import { declareLoginOptions, loginInputFrom, type LoginOptions } from './_shared/login-options.js';
import type { KeychainDeps } from '../../auth/import/macos-keychain.js';

type Kind = 'cloud' | 'scoped' | 'datacenter' | 'bitbucket' | 'bitbucket-access' | 'confluence' | 'confluence-datacenter';

export type KeyringProbe = () => Promise<{ ok: true } | { ok: false; reason: string }>;

export interface InitDeps extends KeychainDeps {
  /** Whether the OS keyring works here (default: a write, read and delete of a throwaway entry). */
  probe?: KeyringProbe;
}

/** The login flags that say what kind of account this is; any of them skips that question. */
const KIND_FLAGS = ['bitbucket', 'confluence', 'scoped', 'bearer', 'deployment'] as const;

function kindFromFlags(options: LoginOptions): Kind | null {
  if (!KIND_FLAGS.some((flag) => options[flag] !== undefined)) return null;
  if (options.bitbucket) return options.bearer ? 'bitbucket-access' : 'bitbucket';
  if (options.confluence) return options.bearer || options.deployment === 'datacenter' ? 'confluence-datacenter' : 'confluence';
  if (options.scoped) return 'scoped';
  if (options.bearer || options.deployment === 'datacenter') return 'datacenter';
  return 'cloud';
}

function siteUrl(value: string): true | string {
  try {
    normalizeSite(value);
    return true;
  } catch {
    return 'not a site URL';
  }
}

const anyLoginFlag = (options: LoginOptions): boolean =>
  Object.entries(options).some(([key, value]) => value !== undefined && !(key === 'verify' && value === true));

/** The places the token can go that work on this machine, probed before any question is asked. */
async function workingStores(f: Factory, probe: KeyringProbe | undefined): Promise<{ kinds: StorageKind[]; keyringReason: string | null }> {
  const secrets = await import('../../auth/secrets/index.js');
  if (secrets.keyringDisabled(f.env)) return { kinds: ['file'], keyringReason: 'ATL_KEYRING turns it off' };
  const result = await (probe ?? (() => secrets.probeKeyring({ platform: process.platform })))();
  return result.ok ? { kinds: ['keyring', 'file'], keyringReason: null } : { kinds: ['file'], keyringReason: result.reason };
}

/** `atl auth init`: the login flags given, the rest asked for; only storage that works is offered. */
export async function runInit(f: Factory, options: LoginOptions, deps: InitDeps = {}): Promise<number> {
  if (!f.io.canPrompt()) {
    if (!anyLoginFlag(options)) {
      throw usageError(
        '`atl auth init` is interactive and needs a terminal',
        noPromptHint(f, 'use `atl auth login --site ... --email ... --token-stdin` in scripts'),
      );
    }
    // Everything given by flag: the same as `atl auth login`, which names any flag still missing.
    return performLogin(f, await loginInputFrom(f, options, deps));
  }
  // Probed first: a machine without a keyring must not find out after every question.
  const stores = options.storage === 'file' ? { kinds: ['file' as const], keyringReason: null } : await workingStores(f, deps.probe);
  if (options.storage === 'keyring' && !stores.kinds.includes('keyring')) {
    throw usageError(
      `--storage keyring: the OS keyring does not work here (${stores.keyringReason ?? 'unknown'})`,
      'use --storage file to keep the token in the encrypted file',
    );
  }

  // Before any question too: a flag that cannot work (--username off macOS) fails first.
  const fromFlags = await loginInputFrom(f, options, deps);
  const prompter = await f.prompter();
  const required = (v: string) => (v.trim() === '' ? 'required' : true);
  const profileName = assertValidProfileName(
    f.globals.profile ?? (await prompter.input('Profile name:', { default: 'default', validate: required })).trim(),
  );
  const kind =
    kindFromFlags(options) ??
    (await prompter.select<Kind>('What do you log in to?', [
      { value: 'cloud', name: 'Atlassian Cloud (Jira/Confluence) with an API token' },
      { value: 'scoped', name: 'Atlassian Cloud with a scoped service-account token' },
      { value: 'datacenter', name: 'Jira/Confluence Data Center with a personal access token' },
      { value: 'bitbucket', name: 'Bitbucket Cloud with an API token' },
      { value: 'bitbucket-access', name: 'Bitbucket Cloud with a repository/workspace access token' },
      {
        value: 'confluence-datacenter',
        name: "Confluence Data Center on its own server, with a personal access token (beside the profile's site login)",
      },
      { value: 'confluence', name: "Confluence Cloud on another site, with an API token (beside the profile's site login)" },
    ]));
  const input = { ...fromFlags, profileName };
  if (kind === 'bitbucket' || kind === 'bitbucket-access') {
    input.bitbucket = true;
    input.bearer = kind === 'bitbucket-access';
    if (kind === 'bitbucket' && input.email === undefined)
      input.email = await prompter.input('Atlassian account email:', { validate: required });
    if (options.workspace === undefined) {
      const workspace = (await prompter.input('Default workspace (optional):')).trim();
      if (workspace !== '') input.workspace = workspace;
    }
  } else if (kind === 'confluence' || kind === 'confluence-datacenter') {
    // The same login as `auth login --confluence`; the menu already said which deployment, so none is probed.
    input.confluence = true;
    input.bearer = kind === 'confluence-datacenter';
    input.deployment ??= kind === 'confluence-datacenter' ? 'datacenter' : 'cloud';
    input.site ??= await prompter.input('Confluence site URL:', { validate: siteUrl });
    if (kind === 'confluence' && input.email === undefined) input.email = await prompter.input('Email:', { validate: required });
  } else {
    input.deployment ??= kind === 'datacenter' ? 'datacenter' : 'cloud';
    input.scoped = kind === 'scoped';
    input.bearer = kind === 'datacenter';
    input.site ??= await prompter.input(
      kind === 'datacenter' ? 'Base URL (e.g. https://jira.example.com):' : 'Site (e.g. example.atlassian.net):',
      { validate: siteUrl },
    );
    if (kind !== 'datacenter' && input.email === undefined)
      input.email = await prompter.input(kind === 'scoped' ? 'Service account email:' : 'Email:', { validate: required });
  }
  if (input.token === undefined && !input.tokenStdin && !input.dryRun) {
    input.token = (
      await prompter.password(
        kind === 'datacenter'
          ? 'Personal access token:'
          : kind === 'confluence-datacenter'
            ? 'Confluence personal access token:'
            : kind === 'bitbucket-access'
              ? 'Access token:'
              : 'API token:',
      )
    ).trim();
    if (input.token === '') throw usageError('the token is required');
  }
  if (input.storage === undefined) {
    if (stores.kinds.length > 1) {
      input.storage = await prompter.select('Where should the token be kept?', [
        { value: 'keyring', name: 'the OS keyring (recommended)' },
        { value: 'file', name: 'an encrypted file in the config dir (headless machines)' },
      ]);
    } else {
      f.io.stderr.write(
        `The OS keyring does not work here (${stores.keyringReason ?? 'unknown'}); the token goes to the encrypted file.\n`,
      );
      input.storage = 'file';
    }
  }
  if (options.expires === undefined) {
    const expires = (await prompter.input('Token expiry date YYYY-MM-DD (optional):')).trim();
    if (expires !== '') input.expires = expires;
  }
  return performLogin(f, input);
}

export default defineCommand({
  path: ['auth', 'init'],
  summary: 'Set up a profile step by step (interactive)',
  json: 'value',
  description:
    'A guided setup: asks for the kind of account, the site, email, token (hidden) and where to ' +
    'keep it, verifies the credentials and saves the same profile `atl auth login` would. Every ' +
    '`atl auth login` flag works here too, and a question a flag answers is not asked. Where the token ' +
    'can go is checked before the first question: on a machine without a working OS keyring only the ' +
    'encrypted file is offered. Not at a terminal, init with flags is `atl auth login` with them; with ' +
    'none it exits 2. --dry-run shows the profile that would be saved, and saves nothing.',
  examples: [
    'atl auth init',
    'atl --profile work auth init',
    'atl auth init --storage file',
    'atl auth init --site example.atlassian.net --email me@example.com --dry-run',
  ],
  options: (command) => declareLoginOptions(command),
  run: (f, _args, options) => runInit(f, options),
});
