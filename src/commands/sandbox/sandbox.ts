import { Option } from 'commander';
import { AtlError, ExitCode, usageError } from '../../errors.js';
import { defineCommand } from '../spec.js';

interface SandboxCommandOptions {
  port: string;
  host: string;
  seed: 'demo' | 'empty';
}

export const DEFAULT_SANDBOX_PORT = 8080;

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port > 65535) {
    throw usageError(`--port must be a whole number from 0 to 65535, not "${value}"`, 'use --port 0 for any free port');
  }
  return port;
}

export default defineCommand<SandboxCommandOptions>({
  path: ['sandbox'],
  summary: 'Run a local fake Atlassian (Jira, Confluence, Bitbucket) to try atl or test scripts',
  description:
    'Run a local, stateful fake Atlassian on one port, in the foreground until Ctrl-C.\n\n' +
    'It answers as a Jira Cloud site with Confluence (/rest, /wiki), Jira Data Center (/dc), the ' +
    'api.atlassian.com gateway for scoped tokens (/ex/jira/<cloudId>, /ex/confluence/<cloudId>) and ' +
    'Bitbucket Cloud (/2.0). Demo credentials are made up at each start and printed, so it listens ' +
    'on loopback only.\n\n' +
    'Inject failures for your scripts with POST /__sandbox/faults (JSON: path or pathPattern, ' +
    'optional method and times, and type: status with status and retryAfter, delay with ms, cut, ' +
    'malformed, or redirect with location). DELETE /__sandbox/faults clears them.',
  examples: [
    'atl sandbox',
    'atl sandbox --port 0',
    'atl sandbox --port 9000 --seed empty',
    'atl sandbox --json   # URLs and credentials as one JSON line',
    `curl -X POST http://127.0.0.1:8080/__sandbox/faults -d '{"path":"/rest/api/3/myself","type":"status","status":429,"retryAfter":2,"times":3}'`,
  ],
  refusesOutputFile: 'it runs until Ctrl-C, and a script needs its URLs while it runs',
  options(command) {
    command
      .option('--port <number>', 'port to listen on (0 picks a free one)', String(DEFAULT_SANDBOX_PORT))
      .option('--host <address>', 'loopback address to listen on', '127.0.0.1')
      .addOption(new Option('--seed <data>', 'start with demo data or empty').choices(['demo', 'empty']).default('demo'));
  },
  async run(f, _args, options) {
    const port = parsePort(options.port);
    // Loaded here so that other commands never pay for the sandbox at start-up.
    const { startSandbox, isLoopbackHost } = await import('../../sandbox/index.js');
    if (!isLoopbackHost(options.host)) {
      throw new AtlError('usage', `refusing to listen on ${options.host}: the sandbox listens on loopback only`, {
        hint: 'its demo credentials are printed and would let anyone on the network in; use --host 127.0.0.1',
      });
    }
    const sandbox = await startSandbox({ port, host: options.host, seed: options.seed });
    const c = sandbox.credentials;
    const out = f.io.stdout;

    if (f.globals.json) {
      out.write(
        `${JSON.stringify({
          url: sandbox.url,
          dcUrl: sandbox.dcUrl,
          gatewayUrl: sandbox.gatewayUrl,
          bitbucketUrl: sandbox.bitbucketUrl,
          cloudId: sandbox.cloudId,
          seed: options.seed,
          credentials: c,
        })}\n`,
      );
    } else {
      // Tokens go in variables, and logins read them from stdin: no token in argv, where other
      // processes could read it (issue 7). The tokens are made up for this run only.
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
      } satisfies Record<string, string>;
      const fromStdin = (variable: keyof typeof tokens, login: string) => `  printf %s "$${variable}" | atl auth login ${login} --token-stdin`;
      const workspace = c.bitbucketAccessToken.workspace;
      const lines = [
        `atl sandbox is running (seed: ${options.seed}). Press Ctrl-C to stop.`,
        '',
        `  Jira Cloud + Confluence  ${sandbox.url}`,
        `  Jira Data Center         ${sandbox.dcUrl}`,
        `  Gateway (scoped tokens)  ${sandbox.gatewayUrl}/ex/jira/${sandbox.cloudId}`,
        `  Bitbucket Cloud          ${sandbox.bitbucketUrl}`,
        `  Cloud ID                 ${sandbox.cloudId}`,
        '',
        'The demo tokens (made up for this run; svc-demo may only read, svc-writer may also write, svc-confluence has',
        'Confluence scopes only, svc-no-user lacks read:jira-user, and the second Bitbucket token lacks read:user:bitbucket),',
        'and atl pointed at the sandbox gateway and Bitbucket, for the shell you run atl in:',
        'atl pointed at the sandbox gateway and Bitbucket, for the shell you run atl in:',
        ...Object.entries(tokens).map(([name, token]) => `  export ${name}=${token}`),
        `  export ATL_GATEWAY_URL=${sandbox.gatewayUrl} ATL_BITBUCKET_URL=${sandbox.bitbucketUrl}`,
        '',
        'Log in (each token is read from its variable through stdin, never from the command line):',
        fromStdin('ATL_SANDBOX_CLOUD_TOKEN', `--site ${sandbox.url} --email ${c.cloud.email}`),
        fromStdin('ATL_SANDBOX_DC_TOKEN', `--profile sandbox-dc --site ${sandbox.dcUrl} --deployment datacenter --bearer`),
        fromStdin('ATL_SANDBOX_SVC_TOKEN', `--profile sandbox-svc --site ${sandbox.url} --email ${c.serviceAccount.email} --scoped --cloud-id ${sandbox.cloudId}`),
        fromStdin('ATL_SANDBOX_SVC_WRITER_TOKEN', `--profile sandbox-svc-writer --site ${sandbox.url} --email ${c.serviceAccountWriter.email} --scoped --cloud-id ${sandbox.cloudId}`),
        fromStdin('ATL_SANDBOX_SVC_CONFLUENCE_TOKEN', `--profile sandbox-svc-confluence --site ${sandbox.url} --email ${c.serviceAccountConfluence.email} --scoped --cloud-id ${sandbox.cloudId}`),
        fromStdin('ATL_SANDBOX_SVC_NO_USER_TOKEN', `--profile sandbox-svc-no-user --site ${sandbox.url} --email ${c.serviceAccountNoUser.email} --scoped --cloud-id ${sandbox.cloudId}`),
        fromStdin('ATL_SANDBOX_BITBUCKET_TOKEN', `--bitbucket --email ${c.bitbucket.email} --workspace ${workspace}`),
        fromStdin('ATL_SANDBOX_BITBUCKET_ACCESS_TOKEN', `--profile sandbox-bb --bitbucket --bearer --workspace ${workspace}`),
        fromStdin('ATL_SANDBOX_BITBUCKET_NO_USER_TOKEN', `--profile sandbox-bb-no-user --bitbucket --email ${c.bitbucketNoUser.email}`),
        '',
        'Or call it directly (curl reads the credentials from stdin):',
        `  printf 'user = "%s:%s"\\n' ${c.cloud.email} "$ATL_SANDBOX_CLOUD_TOKEN" | curl -K - ${sandbox.url}/rest/api/3/myself`,
        '',
      ];
      out.write(`${lines.join('\n')}\n`);
    }

    // Runs until a signal. SIGINT is prepended so the server closes before main's handler exits 130.
    const signal = await new Promise<'SIGINT' | 'SIGTERM'>((resolve) => {
      process.prependOnceListener('SIGINT', () => {
        void sandbox.stop();
        resolve('SIGINT');
      });
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    await sandbox.stop();
    return signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.ok;
  },
});
