/**
 * What `atl sandbox` prints: its URLs, and lines to paste into the shell atl runs in that set the
 * demo tokens as variables and log in reading each token from its variable through stdin (no token
 * in argv, where other processes could read it). POSIX shells get `export` and `printf`;
 * PowerShell, the shell Windows users have unless they run Git Bash, gets `$env:` and its pipes.
 */
import type { Sandbox } from '../../../sandbox/index.js';

export type PasteShell = 'posix' | 'powershell';

/** PowerShell on Windows, except inside Git Bash/MSYS2 (MSYSTEM set), which is a POSIX shell. */
export function pasteShellFor(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): PasteShell {
  return platform === 'win32' && (env.MSYSTEM ?? '') === '' ? 'powershell' : 'posix';
}

/**
 * A PowerShell single-quoted string: nothing in it is expanded; a quote is written twice. PowerShell
 * also takes the typographic single quotes (U+2018 to U+201B) as quotes, so they are doubled too.
 */
export function powershellQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (quote) => quote + quote)}'`;
}

type SandboxInfo = Pick<Sandbox, 'url' | 'dcUrl' | 'gatewayUrl' | 'bitbucketUrl' | 'bitbucketDcUrl' | 'cloudId' | 'credentials'>;

/** The lines `atl sandbox` prints once it listens, for the given shell. */
export function sandboxInstructions(sandbox: SandboxInfo, seed: string, shell: PasteShell): string[] {
  const c = sandbox.credentials;
  const tokens = {
    ATL_SANDBOX_CLOUD_TOKEN: c.cloud.token,
    ATL_SANDBOX_DC_TOKEN: c.datacenter.token,
    ATL_SANDBOX_SVC_TOKEN: c.serviceAccount.token,
    ATL_SANDBOX_SVC_WRITER_TOKEN: c.serviceAccountWriter.token,
    ATL_SANDBOX_SVC_CONFLUENCE_TOKEN: c.serviceAccountConfluence.token,
    ATL_SANDBOX_SVC_NO_USER_TOKEN: c.serviceAccountNoUser.token,
    ATL_SANDBOX_BITBUCKET_TOKEN: c.bitbucket.token,
    ATL_SANDBOX_BITBUCKET_ACCESS_TOKEN: c.bitbucketAccessToken.token,
    ATL_SANDBOX_BITBUCKET_NO_USER_TOKEN: c.bitbucketNoUser.token,
    ATL_SANDBOX_BITBUCKET_DC_TOKEN: c.bitbucketDatacenter.token,
    ATL_SANDBOX_BITBUCKET_DC_ACCESS_TOKEN: c.bitbucketDatacenterAccessToken.token,
  } satisfies Record<string, string>;
  const urls = { ATL_GATEWAY_URL: sandbox.gatewayUrl, ATL_BITBUCKET_URL: sandbox.bitbucketUrl };
  const powershell = shell === 'powershell';
  const setVariables = powershell
    ? Object.entries({ ...tokens, ...urls }).map(([name, value]) => `  $env:${name}=${powershellQuote(value)}`)
    : [
        ...Object.entries(tokens).map(([name, token]) => `  export ${name}=${token}`),
        `  export ${Object.entries(urls)
          .map(([name, value]) => `${name}=${value}`)
          .join(' ')}`,
      ];
  const fromStdin = (variable: keyof typeof tokens, login: string) =>
    powershell
      ? `  $env:${variable} | atl auth login ${login} --token-stdin`
      : `  printf %s "$${variable}" | atl auth login ${login} --token-stdin`;
  const myself = `${sandbox.url}/rest/api/3/myself`;
  const workspace = c.bitbucketAccessToken.workspace;
  return [
    `atl sandbox is running (seed: ${seed}). Press Ctrl-C to stop.`,
    '',
    `  Jira Cloud + Confluence  ${sandbox.url}`,
    `  Jira Data Center         ${sandbox.dcUrl}`,
    `  Confluence Data Center   ${sandbox.dcUrl}`,
    `  Gateway (scoped tokens)  ${sandbox.gatewayUrl}/ex/jira/${sandbox.cloudId}`,
    `  Bitbucket Cloud          ${sandbox.bitbucketUrl}`,
    `  Bitbucket Data Center    ${sandbox.bitbucketDcUrl}`,
    `  Cloud ID                 ${sandbox.cloudId}`,
    '',
    'The demo tokens (made up for this run; svc-demo may only read, svc-writer may also write, svc-confluence has',
    'Confluence scopes only, svc-no-user lacks read:jira-user, and the second Bitbucket token lacks read:user:bitbucket),',
    `and atl pointed at the sandbox gateway and Bitbucket, for the ${powershell ? 'PowerShell session' : 'shell'} you run atl in:`,
    ...setVariables,
    '',
    'Log in (each token is read from its variable through stdin, never from the command line):',
    fromStdin('ATL_SANDBOX_CLOUD_TOKEN', `--site ${sandbox.url} --email ${c.cloud.email}`),
    fromStdin('ATL_SANDBOX_DC_TOKEN', `--profile sandbox-dc --site ${sandbox.dcUrl} --deployment datacenter --bearer`),
    fromStdin(
      'ATL_SANDBOX_SVC_TOKEN',
      `--profile sandbox-svc --site ${sandbox.url} --email ${c.serviceAccount.email} --scoped --cloud-id ${sandbox.cloudId}`,
    ),
    fromStdin(
      'ATL_SANDBOX_SVC_WRITER_TOKEN',
      `--profile sandbox-svc-writer --site ${sandbox.url} --email ${c.serviceAccountWriter.email} --scoped --cloud-id ${sandbox.cloudId}`,
    ),
    fromStdin(
      'ATL_SANDBOX_SVC_CONFLUENCE_TOKEN',
      `--profile sandbox-svc-confluence --site ${sandbox.url} --email ${c.serviceAccountConfluence.email} --scoped --cloud-id ${sandbox.cloudId}`,
    ),
    fromStdin(
      'ATL_SANDBOX_SVC_NO_USER_TOKEN',
      `--profile sandbox-svc-no-user --site ${sandbox.url} --email ${c.serviceAccountNoUser.email} --scoped --cloud-id ${sandbox.cloudId}`,
    ),
    fromStdin('ATL_SANDBOX_BITBUCKET_TOKEN', `--bitbucket --email ${c.bitbucket.email} --workspace ${workspace}`),
    fromStdin('ATL_SANDBOX_BITBUCKET_ACCESS_TOKEN', `--profile sandbox-bb --bitbucket --bearer --workspace ${workspace}`),
    fromStdin('ATL_SANDBOX_BITBUCKET_NO_USER_TOKEN', `--profile sandbox-bb-no-user --bitbucket --email ${c.bitbucketNoUser.email}`),
    fromStdin('ATL_SANDBOX_BITBUCKET_DC_TOKEN', `--profile sandbox-bb-dc --bitbucket --site ${sandbox.bitbucketDcUrl} --bearer`),
    fromStdin('ATL_SANDBOX_BITBUCKET_DC_ACCESS_TOKEN', `--profile sandbox-bb-dc-bot --bitbucket --site ${sandbox.bitbucketDcUrl} --bearer`),
    '',
    'Or call it directly (curl reads the credentials from stdin):',
    powershell
      ? // curl.exe: in Windows PowerShell 5.1 `curl` is an alias of Invoke-WebRequest.
        `  ${powershellQuote(`user = "${c.cloud.email}:`)} + $env:ATL_SANDBOX_CLOUD_TOKEN + '"' | curl.exe -K - ${myself}`
      : `  printf 'user = "%s:%s"\\n' ${c.cloud.email} "$ATL_SANDBOX_CLOUD_TOKEN" | curl -K - ${myself}`,
    '',
  ];
}
