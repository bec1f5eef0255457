import { Option } from '../../cmdutil/option.js';
import { printJsonLine } from '../../cmdutil/json.js';
import { AtlError, ExitCode, usageError } from '../../errors.js';
import { defineCommand } from '../spec.js';
import { pasteShellFor, sandboxInstructions } from './_shared/instructions.js';

export const DEFAULT_SANDBOX_PORT = 8080;

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port > 65535) {
    throw usageError(`--port must be a whole number from 0 to 65535, not "${value}"`, 'use --port 0 for any free port');
  }
  return port;
}

export default defineCommand({
  path: ['sandbox'],
  summary: 'Run a local fake Atlassian (Jira, Confluence, Bitbucket) to try atl or test scripts',
  json: 'value',
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
  options: (command) =>
    command
      .option('--port <number>', 'port to listen on (0 picks a free one)', String(DEFAULT_SANDBOX_PORT))
      .option('--host <address>', 'loopback address to listen on', '127.0.0.1')
      .addOption(new Option('--seed <data>', 'start with demo data or empty').choices(['demo', 'empty']).default('demo')),
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
    const out = f.io.stdout;

    if (f.globals.json) {
      printJsonLine(f.io, {
        url: sandbox.url,
        dcUrl: sandbox.dcUrl,
        gatewayUrl: sandbox.gatewayUrl,
        bitbucketUrl: sandbox.bitbucketUrl,
        cloudId: sandbox.cloudId,
        seed: options.seed,
        credentials: sandbox.credentials,
      });
    } else {
      out.write(`${sandboxInstructions(sandbox, options.seed, pasteShellFor(process.platform, f.env)).join('\n')}\n`);
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
