import { Option } from 'commander';
import { normalizeSite } from '../../auth/site.js';
import { usageError } from '../../errors.js';
import { defineCommand } from '../spec.js';
import { performLogin } from './_shared/login-flow.js';

interface LoginOptions {
  site?: string;
  baseUrl?: string;
  instance?: string;
  email?: string;
  token?: string;
  tokenStdin?: boolean;
  bearer?: boolean;
  deployment?: string;
  scoped?: boolean;
  cloudId?: string;
  bitbucket?: boolean;
  workspace?: string;
  storage?: string;
  default?: boolean;
  expires?: string;
  dryRun?: boolean;
  force?: boolean;
  verify: boolean;
}

export default defineCommand<LoginOptions>({
  path: ['auth', 'login'],
  summary: 'Log in to an Atlassian site (or Bitbucket) and save the profile',
  description:
    'Log in to an Atlassian site (or Bitbucket) and save the profile.\n\n' +
    'The credentials are verified first (Jira myself, Confluence user/current, or Bitbucket /2.0/user); ' +
    'nothing is saved when they are refused. The token goes to the OS keyring, or where no keyring ' +
    'works to an encrypted file; config.yaml never holds it. Missing values are asked for at a ' +
    'terminal; otherwise (or with --no-input) the command fails with exit 2 naming the missing flags. ' +
    'Absent flags are taken from ATL_SITE, ATL_EMAIL and ATL_AUTH_TYPE, and the token from ATL_TOKEN_<PROFILE>, ' +
    'ATL_API_TOKEN or ATL_TOKEN; such a token verifies the login but is not stored (later runs read it from the variable). ' +
    'The profile is --profile (default "default"); the first profile becomes the default one. Without --profile, a login ' +
    'to another site or email than the one "default" holds asks before replacing it (exit 2 without a terminal unless --force). ' +
    '`--profile X --default` with no token and nothing else to change only makes X the default profile.',
  examples: [
    'atl auth login --site example.atlassian.net --email me@example.com --token-stdin < token.txt',
    'atl auth login --profile corp --site https://jira.corp.example.com --bearer --token-stdin',
    'atl auth login --profile bot --site example.atlassian.net --email bot@serviceaccount.atlassian.com --scoped --token-stdin',
    'atl auth login --bitbucket --email me@example.com --workspace acme --token-stdin',
    'atl auth login --bitbucket --bearer --token-stdin   # a repository/workspace access token',
    'atl auth login --site example.atlassian.net --email me@example.com --dry-run   # show what would be saved',
    'ATL_TOKEN_CI="$TOKEN" atl auth login --profile ci --site example.atlassian.net --email bot@example.com --default   # CI: token stays in the env',
    'atl auth login --profile work --default   # only make "work" the default profile',
  ],
  options(command) {
    command
      .option('--site <url>', 'site URL, e.g. example.atlassian.net or https://jira.corp.example.com (aliases: --base-url, --instance)')
      .addOption(new Option('--base-url <url>', 'alias of --site').hideHelp())
      .addOption(new Option('--instance <url>', 'alias of --site').hideHelp())
      .option('--email <email>', 'account email (Basic auth with an API token)')
      .option('--token <token>', 'API token or personal access token (visible to other processes and in shell history: prefer --token-stdin or the prompt)')
      .option('--token-stdin', 'read the token from stdin, keeping it out of shell history')
      .option('--bearer', 'send the token as Bearer: a Data Center PAT or a Bitbucket access token')
      .addOption(new Option('--deployment <kind>', 'cloud or datacenter (default: detected)').choices(['cloud', 'datacenter']))
      .option('--scoped', 'a scoped service-account token: route requests through api.atlassian.com')
      .option('--cloud-id <id>', 'the site cloudId for --scoped (default: from <site>/_edge/tenant_info)')
      .option('--bitbucket', 'store a Bitbucket Cloud login on the profile instead')
      .option('--workspace <slug>', 'default Bitbucket workspace (with --bitbucket)')
      .addOption(new Option('--storage <kind>', 'where the token is kept (default: keyring when it works, else file)').choices(['keyring', 'file']))
      .option('--default', 'make this the default profile')
      .option('--expires <YYYY-MM-DD>', 'when the token expires (today to 365 days ahead on Cloud), to be warned 14 days ahead')
      .option('--dry-run', 'print the profile that would be saved, and save nothing')
      .option('--force', 'replace the "default" profile even when it holds another site or email')
      .option('--no-verify', 'save without checking the credentials against the server');
  },
  async run(f, _args, options) {
    if (options.token !== undefined) f.io.stderr.write(`${TOKEN_IN_ARGV_WARNING}\n`);
    return performLogin(f, {
      profileName: f.globals.profile ?? 'default',
      profileNamed: f.globals.profile !== undefined,
      force: options.force,
      site: siteFrom(options),
      email: options.email,
      token: options.token,
      tokenStdin: options.tokenStdin,
      bearer: options.bearer,
      deployment: options.deployment,
      scoped: options.scoped,
      cloudId: options.cloudId,
      bitbucket: options.bitbucket,
      workspace: options.workspace,
      storage: options.storage,
      makeDefault: options.default,
      expires: options.expires,
      dryRun: options.dryRun,
      verify: options.verify,
    });
  },
});

/**
 * --token stays for compatibility with the reference CLIs, but a value in argv can be read by
 * other processes (ps, /proc) and stays in the shell's history.
 */
export const TOKEN_IN_ARGV_WARNING =
  'warning: a token given with --token is visible to other processes and stays in your shell history; ' +
  'use --token-stdin (e.g. printf %s "$TOKEN" | atl auth login ... --token-stdin) or let atl prompt for it';

/** --site and its aliases name one value; two different ones is a mistake, not a choice to make silently. */
function siteFrom(options: Pick<LoginOptions, 'site' | 'baseUrl' | 'instance'>): string | undefined {
  const named: Array<[flag: string, value: string | undefined]> = [
    ['--site', options.site],
    ['--base-url', options.baseUrl],
    ['--instance', options.instance],
  ];
  const given = named.filter((entry): entry is [string, string] => entry[1] !== undefined);
  const comparable = (value: string): string => {
    try {
      return normalizeSite(value);
    } catch {
      return value.trim(); // performLogin reports the bad URL itself
    }
  };
  const values = new Set(given.map(([, value]) => comparable(value)));
  if (values.size > 1) {
    throw usageError(`${given.map(([flag]) => flag).join(' and ')} name different sites`, '--base-url and --instance are aliases of --site: pass one of them');
  }
  return given[0]?.[1];
}
