import { Option } from '../../cmdutil/option.js';
import { printJsonLine } from '../../cmdutil/json.js';
import { AtlError, ExitCode, usageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import type { Sandbox, SandboxOptions } from '../../sandbox/index.js';
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
    'api.atlassian.com gateway for scoped tokens (/ex/jira/<cloudId>, /ex/confluence/<cloudId>), ' +
    'Bitbucket Cloud (/2.0) and Bitbucket Data Center (/dc-bitbucket). Demo credentials are made up at each start and printed, so it listens ' +
    'on loopback only.\n\n' +
    'With --login it prints no credentials: it saves a profile named "sandbox" for its Jira Cloud site ' +
    '(the token in the secret store) and prints commands to try with --profile sandbox. Started with ' +
    '--login again, it takes the same token and, when free, the same port, so the profile keeps working. ' +
    'A profile named "sandbox" for another site is not replaced without --force.\n\n' +
    'Inject failures for your scripts with POST /__sandbox/faults (JSON: path or pathPattern, ' +
    'optional method and times, and type: status with status and retryAfter, delay with ms, cut, ' +
    'malformed, or redirect with location). DELETE /__sandbox/faults clears them.',
  examples: [
    'atl sandbox --login   # then: atl jira search --project DEMO --profile sandbox',
    'atl sandbox',
    'atl sandbox --port 0',
    'atl sandbox --port 9000 --seed empty',
    'atl sandbox --json   # URLs and credentials as one JSON line',
    `curl -X POST http://127.0.0.1:8080/__sandbox/faults -d '{"path":"/rest/api/3/myself","type":"status","status":429,"retryAfter":2,"times":3}'`,
  ],
  refusesOutputFile: 'it runs until Ctrl-C, and a script needs its URLs while it runs',
  options: (command) =>
    command
      .option('--port <number>', `port to listen on (default ${DEFAULT_SANDBOX_PORT}; 0 picks a free one)`)
      .option('--host <address>', 'loopback address to listen on', '127.0.0.1')
      .addOption(new Option('--seed <data>', 'start with demo data or empty').choices(['demo', 'empty']).default('demo'))
      .option('--login', 'save a profile named "sandbox" for it (token in the secret store, never printed)')
      .option('--force', 'with --login: replace a profile named "sandbox" that is for another site'),
  async run(f, _args, options) {
    const port = options.port === undefined ? undefined : parsePort(options.port);
    if (options.force && !options.login) throw usageError('--force applies only with --login', 'add --login, or leave out --force');
    // Loaded here so that other commands never pay for the sandbox at start-up.
    const { startSandbox, isLoopbackHost } = await import('../../sandbox/index.js');
    if (!isLoopbackHost(options.host)) {
      throw new AtlError('usage', `refusing to listen on ${options.host}: the sandbox listens on loopback only`, {
        hint: 'its demo credentials are printed and would let anyone on the network in; use --host 127.0.0.1',
      });
    }
    const start = (more: SandboxOptions) => startSandbox({ host: options.host, seed: options.seed, ...more });
    let sandbox: Sandbox | undefined;
    // Runs until a signal, caught from before the URLs are printed: a script that stops the sandbox as
    // soon as it has read them must not find the default handler still in place. SIGINT is prepended so
    // the server closes before main's handler exits 130.
    const signalled = new Promise<'SIGINT' | 'SIGTERM'>((resolve) => {
      process.prependOnceListener('SIGINT', () => {
        void sandbox?.stop();
        resolve('SIGINT');
      });
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    if (options.login) {
      sandbox = await startWithLogin(f, start, port, options);
    } else {
      sandbox = await start({ port: port ?? DEFAULT_SANDBOX_PORT });
      printStarted(f, sandbox, options.seed);
    }

    const signal = await signalled;
    await sandbox.stop();
    return signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.ok;
  },
});

/** The URLs of a running sandbox, for --json. */
const urlsOf = (sandbox: Sandbox) => ({
  url: sandbox.url,
  dcUrl: sandbox.dcUrl,
  gatewayUrl: sandbox.gatewayUrl,
  bitbucketUrl: sandbox.bitbucketUrl,
  bitbucketDcUrl: sandbox.bitbucketDcUrl,
  cloudId: sandbox.cloudId,
});

function printStarted(f: Factory, sandbox: Sandbox, seed: string): void {
  if (f.globals.json) printJsonLine(f.io, { ...urlsOf(sandbox), seed, credentials: sandbox.credentials });
  else f.io.stdout.write(`${sandboxInstructions(sandbox, seed, pasteShellFor(process.platform, f.env)).join('\n')}\n`);
}

/**
 * `--login`: starts the sandbox with the saved profile's token on its port (else 8080), or on a
 * free port when that one is taken and --port was not given, then saves the profile to match.
 */
async function startWithLogin(
  f: Factory,
  start: (more: SandboxOptions) => Promise<Sandbox>,
  port: number | undefined,
  options: { seed: 'demo' | 'empty'; force?: true | undefined },
): Promise<Sandbox> {
  const { isPortInUse, loginInstructions, planSandboxLogin, replacedNote, saveSandboxProfile, SANDBOX_PROFILE } = await import(
    './_shared/login.js'
  );
  const plan = await planSandboxLogin(f, options.force === true);
  const wanted = port ?? plan.port ?? DEFAULT_SANDBOX_PORT;
  let sandbox: Sandbox;
  const notes = plan.replaces === null ? [] : [replacedNote(plan.replaces)];
  try {
    sandbox = await start({ port: wanted, cloudToken: plan.token, bitbucketDcToken: plan.bitbucketToken });
  } catch (err) {
    if (port !== undefined || !isPortInUse(err)) throw err;
    sandbox = await start({ port: 0, cloudToken: plan.token, bitbucketDcToken: plan.bitbucketToken });
    notes.push(`Port ${wanted} is in use, so it listens on port ${sandbox.port}; profile "${SANDBOX_PROFILE}" now points there.`);
  }
  try {
    const profile = await saveSandboxProfile(f, plan, sandbox.url);
    if (f.globals.json) printJsonLine(f.io, { ...urlsOf(sandbox), seed: options.seed, profile: SANDBOX_PROFILE });
    else f.io.stdout.write(`${loginInstructions(sandbox.url, options.seed, profile, notes).join('\n')}\n`);
  } catch (err) {
    await sandbox.stop();
    throw err;
  }
  return sandbox;
}
