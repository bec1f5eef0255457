import type { OptionValues } from '@commander-js/extra-typings';
import { Option } from '../../../cmdutil/option.js';
import type { FlagCommand, NoFlags, OptionsOf } from '../../spec.js';
import { normalizeSite } from '../../../auth/site.js';
import { usageError } from '../../../errors.js';
import type { Factory } from '../../../factory.js';
import type { KeychainDeps } from '../../../auth/import/macos-keychain.js';
import type { LoginInput } from './login-flow.js';

/**
 * The flags of `atl auth login`, declared once: `atl auth init` takes every one of them too, and
 * asks only for what they leave open.
 */
export function declareLoginOptions<Options extends OptionValues>(command: FlagCommand<Options>) {
  return command
    .option('--site <url>', 'site URL, e.g. example.atlassian.net or https://jira.corp.example.com (aliases: --base-url, --instance)')
    .addOption(new Option('--base-url <url>', 'alias of --site').hideHelp())
    .addOption(new Option('--instance <url>', 'alias of --site').hideHelp())
    .option('--email <email>', 'account email (Basic auth with an API token)')
    .option('--username <name>', 'Data Center username (atlcli): without a token, read it from the macOS login Keychain (service atlcli)')
    .option(
      '--token <token>',
      'API token or personal access token (visible to other processes and in shell history: prefer --token-stdin or the prompt)',
    )
    .option('--token-stdin', 'read the token from stdin, keeping it out of shell history')
    .option('--bearer', 'send the token as Bearer: a Data Center PAT or a Bitbucket access token')
    .addOption(new Option('--deployment <kind>', 'cloud or datacenter (default: detected)').choices(['cloud', 'datacenter']))
    .option('--scoped', 'a scoped service-account token: route requests through api.atlassian.com')
    .option('--cloud-id <id>', 'the site cloudId for --scoped (default: from <site>/_edge/tenant_info)')
    .option('--bitbucket', 'store a Bitbucket login on the profile instead (Cloud; with --site, a Data Center server)')
    .option('--confluence', 'store a Confluence login of its own on the profile (another server or token than its site)')
    .option('--workspace <slug>', 'default Bitbucket workspace, or project key on Data Center (with --bitbucket)')
    .addOption(
      new Option('--storage <kind>', 'where the token is kept (default: keyring when it works, else file)').choices(['keyring', 'file']),
    )
    .option('--default', 'make this the default profile')
    .option('--expires <YYYY-MM-DD>', 'when the token expires (today to 365 days ahead on Cloud), to be warned 14 days ahead')
    .option('--dry-run', 'print the profile that would be saved, and save nothing')
    .option('--force', 'replace the "default" profile even when it holds another site or email')
    .option('--no-verify', 'save without checking the credentials against the server');
}

export type LoginOptions = OptionsOf<ReturnType<typeof declareLoginOptions<NoFlags>>>;

/**
 * --token stays for compatibility with the reference CLIs, but a value in argv can be read by
 * other processes (ps, /proc) and stays in the shell's history.
 */
export const TOKEN_IN_ARGV_WARNING =
  'warning: a token given with --token is visible to other processes and stays in your shell history; ' +
  'use --token-stdin (e.g. printf %s "$TOKEN" | atl auth login ... --token-stdin) or let atl prompt for it';

/** What the flags say, as the input of performLogin (warning about --token in argv). */
export async function loginInputFrom(f: Factory, options: LoginOptions, deps: KeychainDeps = {}): Promise<LoginInput> {
  if (options.token !== undefined) f.io.stderr.write(`${TOKEN_IN_ARGV_WARNING}\n`);
  const username = options.username?.trim() || undefined;
  let token = options.token;
  if (username !== undefined && token === undefined && !options.tokenStdin && !options.dryRun) {
    // atlcli's Data Center logins: the token is in the macOS login Keychain under the username.
    const { atlcliKeychainToken } = await import('../../../auth/import/macos-keychain.js');
    token = await atlcliKeychainToken(username, deps);
  }
  return {
    profileName: f.globals.profile ?? 'default',
    profileNamed: f.globals.profile !== undefined,
    force: options.force,
    site: siteFrom(options),
    // Data Center Basic auth logs in with the username where Cloud takes the email.
    email: options.email ?? (options.bearer ? undefined : username),
    token,
    tokenStdin: options.tokenStdin,
    bearer: options.bearer,
    deployment: options.deployment,
    scoped: options.scoped,
    cloudId: options.cloudId,
    bitbucket: options.bitbucket,
    confluence: options.confluence,
    workspace: options.workspace,
    storage: options.storage,
    makeDefault: options.default,
    expires: options.expires,
    dryRun: options.dryRun,
    verify: options.verify,
  };
}

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
    throw usageError(
      `${given.map(([flag]) => flag).join(' and ')} name different sites`,
      '--base-url and --instance are aliases of --site: pass one of them',
    );
  }
  return given[0]?.[1];
}
