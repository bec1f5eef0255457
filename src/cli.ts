import { Command, CommanderError, Help } from 'commander';
import { eagerSpecs, lazyGroups } from 'virtual:atl-command-tree';
import type { CommandSpec, FlagCommand, GroupSpec } from './commands/spec.js';
import { applyDirectoryDefaults } from './cmdutil/directory-defaults.js';
import { conflictError } from './cmdutil/flags.js';
import { AtlError } from './errors.js';
import type { Factory } from './factory.js';

/** Help is wrapped to a narrower terminal, never wider than this (pipes get this too). */
const HELP_WIDTH = 80;

/** The help the build renders for main.ts: the root's ('') and each group's ('jira issue'), and the width it is wrapped at. */
export interface PrecomputedHelp {
  width: number;
  texts: Record<string, string>;
  /**
   * Group aliases by the canonical path of their parent and the alias ('' + 'servicedesk' →
   * 'jsm' as `{ servicedesk: 'jsm' }`; a nested one as 'jira x': 'name'): an alias's help is its
   * group's, text for text, since commander prints the one command for both names.
   */
  aliases?: Record<string, string>;
}

export const rootExamples = [
  'atl auth login --site example.atlassian.net --email me@example.com --token-stdin',
  'atl jira search --project ABC --status "In Progress"',
  'atl jira me --json',
  'atl auth status',
  'atl sandbox',
];

function byCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function isCommandSpec(spec: CommandSpec<never> | GroupSpec): spec is CommandSpec<never> {
  return 'run' in spec;
}

function examplesText(examples: readonly string[] | undefined): string {
  if (!examples || examples.length === 0) return '';
  return `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`;
}

/** Sends commander's own error output nowhere: main.ts prints errors in one format. */
function configure(command: Command): Command {
  return command
    .exitOverride()
    .configureOutput({ outputError: () => undefined })
    .showSuggestionAfterError(true);
}

/** Finds or creates the command at `path`, creating groups on the way. */
function ensurePath(root: Command, path: readonly string[]): Command {
  let current = root;
  for (const word of path) {
    const existing = current.commands.find((c) => c.name() === word);
    current = existing ?? configure(current.command(word));
  }
  return current;
}

type AnySpec = CommandSpec<never> | GroupSpec;

/** Global options that take a value: the word after them is not a command. */
export const globalValueOptions: ReadonlySet<string> = new Set(['--profile', '--output', '--jq']);

/**
 * Top-level group aliases (`wiki` → `confluence`, `bb` → `bitbucket`, `servicedesk` → `jsm`), from the group specs, which
 * are always loaded: argv naming an alias loads that group's commands.
 */
const groupAliases: ReadonlyMap<string, string> = new Map(
  (eagerSpecs as readonly AnySpec[]).flatMap((spec) =>
    !isCommandSpec(spec) && spec.path.length === 1 ? (spec.aliases ?? []).map((alias) => [alias, spec.path[0]!] as const) : [],
  ),
);

/**
 * The specs this argv needs: every group and top-level command (for `atl --help` and
 * suggestions), plus the commands of the group argv names — the first word naming one, so that
 * `atl help jira` and `atl --profile x jira ...` work. Each group's commands are a chunk of their
 * own: evaluating every command file (and its static imports) on every run is most of the
 * start-up time, and grows with each command added. Loading more groups than this would change
 * nothing but the time (src/cli.test.ts checks the help is the same as with the whole tree).
 */
export async function specsFor(argv: readonly string[]): Promise<AnySpec[]> {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (globalValueOptions.has(arg)) {
      i += 1;
      continue;
    }
    const name = groupAliases.get(arg) ?? arg;
    const load = arg.startsWith('-') || !Object.hasOwn(lazyGroups, name) ? undefined : lazyGroups[name];
    if (load) return [...eagerSpecs, ...(await load())];
  }
  return eagerSpecs;
}

/** Builds the command tree from these command and group specs. */
export function buildProgram(f: Factory, specs: readonly AnySpec[]): Command {
  const program = configure(new Command('atl'))
    .description('One command line for Atlassian: Jira, Confluence, Bitbucket and Jira Service Management.')
    .version(`atl ${f.version}`, '--version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .option('--profile <name>', 'use this profile instead of the default one')
    .option('--json', 'print exact JSON on stdout (errors as JSON on stderr)')
    .option('--jq <expression>', 'filter the JSON output with jq (implies --json); strings print raw, as jq -r')
    .option('--output <file>', 'write stdout to FILE, exact UTF-8, replacing FILE once the output is complete (- for stdout)')
    .option('--debug', 'log each HTTP request and response to stderr, secrets redacted')
    .option('--no-input', 'never prompt; fail with exit code 2 when a value is missing')
    .option('--no-color', 'no colour in output (also NO_COLOR)')
    .option('--read-only', 'refuse every request that would change something (also ATL_READ_ONLY=1)')
    .configureHelp({
      showGlobalOptions: true,
      // Sorted here, not with `sortSubcommands`: commander sorts with localeCompare, and its first
      // call loads the ICU collator, about 10 ms of every `--help`. Command names are lowercase
      // ASCII, for which code-unit order is the same order.
      visibleCommands(this: Help, cmd: Command): Command[] {
        return Help.prototype.visibleCommands.call(this, cmd).sort((a, b) => byCodeUnits(a.name(), b.name()));
      },
      // Wrapped to a narrow terminal, but never wider than HELP_WIDTH (pipes get 80 too), so the
      // build's precomputed help is the help on every terminal at least that wide.
      prepareContext(this: Help, contextOptions: Parameters<Help['prepareContext']>[0]): void {
        Help.prototype.prepareContext.call(this, contextOptions);
        this.helpWidth = Math.min(this.helpWidth ?? HELP_WIDTH, HELP_WIDTH);
      },
    })
    .addHelpText(
      'after',
      `${examplesText(rootExamples)}\nExit codes: 0 ok, 1 failure, 2 usage, 3 auth, 4 not found, 5 network/rate limit, 130 interrupted.\n`,
    );

  // Groups first so their descriptions are set whatever order files come in.
  const groups = specs.filter((s): s is GroupSpec => !isCommandSpec(s));
  for (const group of groups) {
    const command = ensurePath(program, group.path).description(group.summary);
    if (group.aliases) command.aliases([...group.aliases]);
    command.addHelpText('after', examplesText(group.examples));
  }

  for (const spec of specs.filter(isCommandSpec)) {
    const parent = ensurePath(program, spec.path.slice(0, -1));
    const name = spec.path[spec.path.length - 1]!;
    const command = configure(parent.command(name))
      .summary(spec.summary)
      .description(spec.description ?? spec.summary);
    if (spec.aliases) command.aliases([...spec.aliases]);
    if (spec.arguments) command.arguments(spec.arguments);
    // The typed FlagCommand is commander's Command at run time (extra-typings only adds types).
    spec.options?.(command as unknown as FlagCommand);
    command.addHelpText('after', examplesText(spec.examples));
    command.action(async (...actionArgs: unknown[]) => {
      const self = actionArgs[actionArgs.length - 1] as Command;
      f.globals = globalsFrom(self, f.env);
      // `atl config set output json`: loaded only for commands that print data and were not given --json.
      if (!f.globals.json && spec.json !== 'none') {
        const { jsonByDefault } = await import('./cmdutil/output-default.js');
        if (await jsonByDefault(f, (flag) => self.getOptionValueSource(flag) === 'cli')) f.globals = { ...f.globals, json: true };
      }
      if (f.globals.json && spec.json === 'none') throw jsonRefused(spec.path, f.globals.jq === undefined ? '--json' : '--jq');
      // Compiled before the command sends anything: a bad expression must not follow a change.
      if (f.globals.jq !== undefined) f.io.jsonFilter = await (await import('./cmdutil/jq.js')).compileJqFilter(f.globals.jq);
      const run = () => (spec as unknown as CommandSpec).run(f, self.args, self.opts());
      const output = f.globals.output;
      // Loaded only with --output: the stdout path stays as it was.
      const code =
        output === undefined ? await run() : await (await import('./output/file-output.js')).runWithFileOutput(f, spec, output, run);
      if (typeof code === 'number') process.exitCode = code;
    });
  }
  return program;
}

/** `--json` (or `--jq`) given to a command that prints no data: refused rather than ignored, so a script finds out. */
export function jsonRefused(path: readonly string[], flag: '--json' | '--jq' = '--json'): AtlError {
  return new AtlError('usage', `atl ${path.join(' ')} prints no data as JSON`, { hint: `leave out ${flag}` });
}

/**
 * The help of the root ('') and of every group ('jira issue'), byte for byte as `atl [group]
 * --help` prints it on a pipe. The build stores these for the entry (see main.ts); a test checks
 * they are what the live tree prints.
 */
export function renderGroupHelp(f: Factory, specs: readonly AnySpec[]): PrecomputedHelp {
  const texts: Record<string, string> = {};
  const aliases: Record<string, string> = {};
  const visit = (command: Command, path: readonly string[]): void => {
    if (command.commands.length === 0) return;
    let text = '';
    command.configureOutput({ writeOut: (chunk) => (text += chunk), getOutHelpWidth: () => HELP_WIDTH, getOutHasColors: () => false });
    command.outputHelp();
    texts[path.join(' ')] = text;
    for (const sub of command.commands) {
      if (sub.commands.length > 0) for (const alias of sub.aliases()) aliases[[...path, alias].join(' ')] = sub.name();
      visit(sub, [...path, sub.name()]);
    }
  };
  visit(buildProgram(f, specs), []);
  return { width: HELP_WIDTH, texts, aliases };
}

/** The words of a command below the root (`jira issue create`). */
function commandPath(command: Command): string {
  const words: string[] = [];
  for (let at: Command | null = command; at?.parent; at = at.parent) words.unshift(at.name());
  return words.join(' ');
}

function globalsFrom(command: Command, env: NodeJS.ProcessEnv): Factory['globals'] {
  const all = command.optsWithGlobals<Record<string, unknown>>();
  return {
    profile: typeof all.profile === 'string' ? all.profile : undefined,
    json: all.json === true || typeof all.jq === 'string',
    ...(typeof all.jq === 'string' ? { jq: all.jq } : {}),
    debug: all.debug === true || env.ATL_DEBUG === '1',
    noInput: all.input === false || env.ATL_NO_INPUT === '1',
    noColor: all.color === false || (env.NO_COLOR !== undefined && env.NO_COLOR !== ''),
    output: typeof all.output === 'string' && all.output !== '-' ? all.output : undefined,
    ...(all.output === '-' ? { outputStdout: true } : {}),
    ...(all.readOnly === true ? { readOnly: true } : {}),
    command: commandPath(command),
  };
}

/** Reads global flags before commander runs, so errors in parsing still honour --json/--debug. */
export function earlyGlobals(argv: readonly string[], env: NodeJS.ProcessEnv): Factory['globals'] {
  const profileAt = argv.indexOf('--profile');
  const profileEq = argv.find((a) => a.startsWith('--profile='));
  return {
    profile: profileEq ? profileEq.slice('--profile='.length) : profileAt >= 0 ? argv[profileAt + 1] : undefined,
    json: argv.includes('--json') || argv.some((arg) => arg === '--jq' || arg.startsWith('--jq=')),
    debug: argv.includes('--debug') || env.ATL_DEBUG === '1',
    noInput: argv.includes('--no-input') || env.ATL_NO_INPUT === '1',
    noColor: argv.includes('--no-color') || (env.NO_COLOR !== undefined && env.NO_COLOR !== ''),
  };
}

/**
 * The two names in commander's "option '--token <token>' cannot be used with option '--token-stdin'"
 * (an option's long flag, or an environment variable's name).
 */
function conflictingNames(message: string): [string, string] | undefined {
  const names = [...message.matchAll(/(?:option|environment variable) '([^']*)'/g)].map((m) => /--[\w-]+/.exec(m[1]!)?.[0] ?? m[1]!);
  return names.length === 2 ? [names[0]!, names[1]!] : undefined;
}

const zeroExitCodes = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help', 'commander.executeSubCommandAsync']);

/** The deepest command named in argv that exists, so the hint points at help that is there. */
function helpCommandFor(program: Command, argv: readonly string[]): string {
  const words = ['atl'];
  let current = program;
  for (const arg of argv) {
    if (arg.startsWith('-')) continue;
    const next = current.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (!next) break;
    words.push(next.name());
    current = next;
  }
  return `${words.join(' ')} --help`;
}

/** The group argv names with nothing after it (`atl`, `atl jira`, `atl jira issue`), or null. */
export function bareGroup(program: Command, argv: readonly string[]): Command | null {
  let current = program;
  for (const word of argv) {
    const next = current.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!next) return null;
    current = next;
  }
  return current.commands.length > 0 ? current : null;
}

/** Converts commander's parse errors into usage errors (exit 2) with a hint to the right help; null for help and version. */
export function fromCommanderError(err: CommanderError, program: Command, argv: readonly string[]): AtlError | null {
  if (zeroExitCodes.has(err.code)) return null;
  // Flags declared with Option.conflicts(): the one message every conflict has (cmdutil/flags.ts).
  const conflicting = err.code === 'commander.conflictingOption' ? conflictingNames(err.message) : undefined;
  if (conflicting) return conflictError(...conflicting);
  const message = err.message.replace(/^error:\s*/i, '');
  return new AtlError('usage', message, { hint: `run '${helpCommandFor(program, argv)}'.` });
}

export async function runCli(f: Factory, argv: readonly string[]): Promise<void> {
  f.globals = earlyGlobals(argv, f.env);
  // The completion scripts' entry (src/completion): the tree for the words typed so far, no parsing.
  if (argv[0] === '__complete') {
    const { runComplete } = await import('./completion/complete.js');
    return runComplete(f, argv.slice(1), async (words) => buildProgram(f, await specsFor(words)));
  }
  const program = buildProgram(f, await specsFor(argv));
  await applyDirectoryDefaults(f, program);
  // A bare group (`atl auth`) shows its help on stdout and succeeds, as gh does (commander would
  // print it on stderr). The entry answers this from precomputed help unless the terminal is narrower.
  const group = bareGroup(program, argv);
  if (group) {
    group.outputHelp();
    return;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      const usage = fromCommanderError(err, program, argv);
      if (usage) throw usage;
      return;
    }
    throw err;
  }
}
