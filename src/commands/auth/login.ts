import { defineCommand } from '../spec.js';
import { performLogin } from './_shared/login-flow.js';
import { declareLoginOptions, loginInputFrom } from './_shared/login-options.js';

export default defineCommand({
  path: ['auth', 'login'],
  summary: 'Log in to an Atlassian site (or Bitbucket) and save the profile',
  json: 'value',
  description:
    'Log in to an Atlassian site (or Bitbucket) and save the profile.\n\n' +
    'The credentials are verified first (Jira myself, Confluence user/current, Bitbucket /2.0/user, or X-AUSERNAME on Bitbucket Data Center); ' +
    'nothing is saved when they are refused. The token goes to the OS keyring, or where no keyring ' +
    'works to an encrypted file; config.yaml never holds it. Missing values are asked for at a ' +
    'terminal; otherwise (or with --no-input) the command fails with exit 2 naming the missing flags. ' +
    'Absent flags are taken from ATL_SITE, ATL_EMAIL and ATL_AUTH_TYPE, and the token from ATL_TOKEN_<PROFILE>, ' +
    'ATL_API_TOKEN or ATL_TOKEN; such a token verifies the login but is not stored (later runs read it from the variable). ' +
    'The profile is --profile (default "default"); the first profile becomes the default one. Without --profile, a login ' +
    'to another site or email than the one "default" holds asks before replacing it (exit 2 without a terminal unless --force). ' +
    '`--profile X --default` with no token and nothing else to change only makes X the default profile. ' +
    "--confluence keeps a Confluence login of the profile's own beside its site login (Confluence on another server or with another " +
    'token, as on Data Center); --bitbucket --site URL logs in to a Bitbucket Data Center server instead of Bitbucket Cloud.',
  examples: [
    'atl auth login --site example.atlassian.net --email me@example.com --token-stdin < token.txt',
    'atl auth login --profile corp --site https://jira.corp.example.com --bearer --token-stdin',
    'atl auth login --profile bot --site example.atlassian.net --email bot@serviceaccount.atlassian.com --scoped --token-stdin',
    'atl auth login --bitbucket --email me@example.com --workspace acme --token-stdin',
    'atl auth login --bitbucket --bearer --token-stdin   # a repository/workspace access token',
    'atl auth login --profile work --confluence --site https://wiki.corp.example.com --bearer --token-stdin   # Confluence on its own server',
    'atl auth login --bitbucket --site https://git.corp.example.com --bearer --token-stdin   # Bitbucket Data Center',
    'atl auth login --site example.atlassian.net --email me@example.com --dry-run   # show what would be saved',
    'atl auth login --profile corp --site https://jira.corp.example.com --bearer --username jdoe   # macOS: the token atlcli keeps in the Keychain',
    'ATL_TOKEN_CI="$TOKEN" atl auth login --profile ci --site example.atlassian.net --email bot@example.com --default   # CI: token stays in the env',
    'atl auth login --profile work --default   # only make "work" the default profile',
  ],
  options: (command) => declareLoginOptions(command),
  async run(f, _args, options) {
    return performLogin(f, await loginInputFrom(f, options));
  },
});

export { TOKEN_IN_ARGV_WARNING } from './_shared/login-options.js';
