import { describe, expect, test } from 'vitest';
import specs from 'virtual:atl-commands';
import { runAtl } from '../support/atl.js';

const env = { PATH: process.env.PATH ?? '', HOME: '/nonexistent', NO_COLOR: '1' };
/**
 * One command of each top-level group: its help loads that group's chunk in the built binary. That
 * every command's help shows examples and the global flags is checked in-process (src/cli.test.ts),
 * not with a process per command (one per command cost ~130 runs of the suite).
 */
const commandPaths = [...new Map(specs.filter((s) => 'run' in s).map((s) => [s.path[0], s.path.join(' ')] as const)).values()];

describe('global behaviour of the built binary', () => {
  test('--version prints the package version', async () => {
    const { code, stdout } = await runAtl(['--version'], { env });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^atl \d+\.\d+\.\d+/);
  });

  test('--help lists global flags, examples and exit codes', async () => {
    const { code, stdout } = await runAtl(['--help'], { env });
    expect(code).toBe(0);
    for (const flag of ['--profile', '--json', '--debug', '--no-input', '--no-color', '--version', '--help']) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toContain('Examples:');
    expect(stdout).toContain('Exit codes');
  });

  test.each([[[]], [['jira']], [['auth']]])('`atl %j` with no command prints its help on stdout and exits 0', async (argv) => {
    const { code, stdout, stderr } = await runAtl(argv, { env });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(new RegExp(`^Usage: ${['atl', ...argv].join(' ')} \\[options\\] \\[command\\]\n`));
    expect(stdout).toBe((await runAtl([...argv, '--help'], { env })).stdout);
  });

  test('every example in `atl --help` names a command that exists', async () => {
    const { stdout } = await runAtl(['--help'], { env });
    const examples = [...stdout.matchAll(/^ {2}\$ atl (.+)$/gm)].map((m) => m[1]!);
    expect(examples.length).toBeGreaterThan(2);
    for (const example of examples) {
      const words = example.split(' ');
      const firstFlag = words.findIndex((w) => w.startsWith('-'));
      const path = firstFlag < 0 ? words : words.slice(0, firstFlag);
      const help = await runAtl([...path, '--help'], { env });
      expect(help.code, `atl ${example}: ${help.stderr}`).toBe(0);
    }
  });

  test.concurrent.each(commandPaths)('`atl %s --help` shows examples and the global flags', async (path) => {
    const { code, stdout } = await runAtl([...path.split(' '), '--help'], { env });
    expect(code).toBe(0);
    expect(stdout).toContain('Examples:');
    expect(stdout).toMatch(/\$ atl /);
    expect(stdout).toContain('--profile <name>');
    expect(stdout).toContain('--json');
  });

  test('an unknown flag is a usage error: exit 2, error and hint on stderr, nothing on stdout', async () => {
    const { code, stdout, stderr } = await runAtl(['version', '--bogus'], { env });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error: unknown option '--bogus'$/m);
    expect(stderr).toMatch(/^hint: .*atl version --help/m);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('an unknown command is a usage error that suggests the right one', async () => {
    const { code, stderr } = await runAtl(['versio'], { env });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: unknown command 'versio'/m);
    expect(stderr).toContain('version');
    expect(stderr).toMatch(/^hint: run 'atl --help'/m);
  });

  test('with --json the error is also one JSON object on stderr', async () => {
    const { code, stdout, stderr } = await runAtl(['version', '--json', '--bogus'], { env });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const jsonLine = stderr.trim().split('\n').pop() ?? '';
    expect(JSON.parse(jsonLine)).toEqual({
      error: { code: 'usage', message: "unknown option '--bogus'", hint: "run 'atl version --help'." },
    });
  });

  test('--json output is exact JSON and nothing else on stdout', async () => {
    const { code, stdout } = await runAtl(['version', '--json'], { env });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ version: expect.any(String) });
    // The one layout every --json output has (src/cmdutil/json.ts): two-space indent.
    expect(stdout).toBe(`${JSON.stringify(JSON.parse(stdout), null, 2)}\n`);
  });

  test.each([
    [['auth', 'login', '--site', 'example.atlassian.net', '--token', 'x', '--token-stdin'], '--token and --token-stdin'],
    [['jira', 'search', 'project = A', '--jql', 'project = B'], 'a JQL argument and --jql'],
  ])('conflicting flags: exit 2 and one message shape (%j)', async (argv, both) => {
    const { code, stdout, stderr } = await runAtl(argv, { env });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    // (--token also warns first that argv is visible to other processes.)
    expect(stderr).toMatch(new RegExp(`^error: ${both} cannot be used together\nhint: give only one of them\n$`, 'm'));
  });

  test('a command that prints no data refuses --json with exit 2: `auth token --json` does not print the token', async () => {
    const token = 'tok-e2e-json-refused';
    const withToken = { ...env, ATL_SITE: 'https://example.atlassian.net', ATL_EMAIL: 'me@example.com', ATL_API_TOKEN: token };
    const plain = await runAtl(['auth', 'token'], { env: withToken });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe(`${token}\n`);
    const { code, stdout, stderr } = await runAtl(['auth', 'token', '--json'], { env: withToken });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).not.toContain(token);
    expect(JSON.parse(stderr.trim().split('\n').pop() ?? '')).toEqual({
      error: { code: 'usage', message: 'atl auth token prints no data as JSON', hint: 'leave out --json' },
    });
  });
});
