/**
 * `atl __complete WORDS... CURRENT`: what the shell scripts (./scripts.ts) ask for on each TAB. The
 * words are the command line after `atl` up to the cursor, the last one the word being completed
 * (possibly empty). Prints one candidate a line, `value<TAB>description`, from the live command
 * tree (every command, flag and enum value, as declared), profile names from config, and project,
 * space and issue keys commands saw in the last day (./seen.ts); then `:files` when the word is a
 * value atl has nothing to offer for, so the shell offers file names instead.
 */
import type { Argument, Command, Option } from 'commander';
import type { Factory } from '../factory.js';
import { recentlySeen, type SeenKind } from './seen.js';

/** The last line when the shell should complete file names (a value with nothing better to offer). */
export const FILES_DIRECTIVE = ':files';
/** PowerShell 5.1 drops an empty argument: its script passes the word being completed in this variable instead. */
export const CURRENT_WORD_ENV = 'ATL_COMPLETE_CURRENT';

export interface Candidate {
  value: string;
  description: string;
}

/** What the word being completed is: a command name, a flag, a flag's value or a positional argument. */
type Slot =
  | { kind: 'command'; command: Command }
  | { kind: 'flag'; command: Command }
  | { kind: 'value'; command: Command; option: Option; prefix: string }
  | { kind: 'argument'; command: Command; argument: Argument | undefined };

/** The command's own flags and every ancestor's (global flags are the root's). */
function flagsOf(command: Command): Option[] {
  const flags: Option[] = [];
  for (let current: Command | null = command; current; current = current.parent)
    // --version is the root's alone: `atl jira --version` is not a thing to offer.
    flags.push(...current.options.filter((o) => !o.hidden && (current === command || o.long !== '--version')));
  return flags;
}

function findFlag(command: Command, word: string): Option | undefined {
  return flagsOf(command).find((option) => option.long === word || option.short === word);
}

const takesValue = (option: Option): boolean => option.required || option.optional;

function subcommand(command: Command, word: string): Command | undefined {
  return command.commands.find((sub) => sub.name() === word || sub.aliases().includes(word));
}

/** Walks the finished words through the tree to the slot the current word fills. */
function slotFor(program: Command, done: readonly string[], current: string): Slot {
  let command = program;
  let positional = 0;
  let pendingValue: Option | undefined;
  let onlyArguments = false;
  for (const word of done) {
    if (pendingValue) {
      pendingValue = undefined;
      continue;
    }
    if (!onlyArguments && word === '--') {
      onlyArguments = true;
      continue;
    }
    if (!onlyArguments && word.startsWith('-') && word !== '-') {
      const option = findFlag(command, word.split('=')[0]!);
      if (option && takesValue(option) && !word.includes('=')) pendingValue = option;
      continue;
    }
    const sub = positional === 0 && !onlyArguments ? subcommand(command, word) : undefined;
    if (sub) command = sub;
    else positional += 1;
  }
  if (pendingValue) return { kind: 'value', command, option: pendingValue, prefix: '' };
  if (!onlyArguments && current.startsWith('-')) {
    const at = current.indexOf('=');
    const option = at > 0 ? findFlag(command, current.slice(0, at)) : undefined;
    if (option && takesValue(option)) return { kind: 'value', command, option, prefix: current.slice(0, at + 1) };
    return { kind: 'flag', command };
  }
  if (positional === 0 && command.commands.length > 0) return { kind: 'command', command };
  const args = command.registeredArguments;
  const last = args[args.length - 1];
  return { kind: 'argument', command, argument: args[positional] ?? (last?.variadic ? last : undefined) };
}

/** The words from the root to this command (`['jira', 'issue', 'view']`). */
function pathOf(command: Command): string[] {
  const path: string[] = [];
  for (let current: Command | null = command; current?.parent; current = current.parent) path.unshift(current.name());
  return path;
}

/**
 * Which recently seen keys (or profiles) a flag or argument takes, by its name where the name says
 * it: `--profile`, `--project`, `--space`, a Jira `--parent <key>`, and `<key>`/`<keys...>`, which
 * name an issue in Jira and Service Management and a space in Confluence.
 */
export function dynamicKind(path: readonly string[], name: string, valueName: string): SeenKind | 'profiles' | undefined {
  const product = path[0];
  if (name === '--profile') return 'profiles';
  if (name === '--project' || name === 'project') return product === 'jira' || product === 'jsm' ? 'projects' : undefined;
  if (name === '--space' || name === 'space-or-page') return 'spaces';
  if (name === '--parent' && valueName === 'key' && product === 'jira') return 'issues';
  if (name === 'key' || name === 'keys') {
    if (product === 'confluence') return 'spaces';
    if (product === 'jira' || product === 'jsm') return 'issues';
  }
  return undefined;
}

/** The name in an option's `<value>` (`key` for `-P, --project <key>`). */
function valueNameOf(option: Option): string {
  return /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1]?.replace(/\.\.\.$/, '') ?? '';
}

async function dynamicValues(f: Factory, kind: SeenKind | 'profiles' | undefined): Promise<Candidate[]> {
  if (kind === undefined) return [];
  if (kind === 'profiles') {
    const config = await f
      .configStore()
      .then((store) => store.read())
      .catch(() => undefined);
    return Object.keys(config?.profiles ?? {})
      .sort()
      .map((name) => ({ value: name, description: name === config?.defaultProfile ? 'profile (default)' : 'profile' }));
  }
  const description = { projects: 'project, seen recently', spaces: 'space, seen recently', issues: 'issue, seen recently' }[kind];
  return (await recentlySeen(f, kind)).map((value) => ({ value, description }));
}

/** One line of description: the shells show one. */
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The candidates for the word being completed, and whether the shell should add file names. */
export async function completions(
  f: Factory,
  program: Command,
  done: readonly string[],
  current: string,
): Promise<{ candidates: Candidate[]; files: boolean }> {
  const slot = slotFor(program, done, current);
  let candidates: Candidate[];
  let files = false;
  switch (slot.kind) {
    case 'command':
      candidates = slot.command.commands
        .filter((sub) => !(sub as Command & { _hidden?: boolean })._hidden)
        .map((sub) => ({ value: sub.name(), description: oneLine(sub.summary() || sub.description()) }));
      break;
    case 'flag':
      candidates = [
        ...flagsOf(slot.command).map((option) => ({ value: option.long ?? option.short ?? '', description: oneLine(option.description) })),
        { value: '--help', description: 'show help for a command' },
      ].filter((candidate) => candidate.value !== '');
      break;
    case 'value': {
      const { option, prefix } = slot;
      const choices = option.argChoices?.map((value) => ({ value, description: '' }));
      candidates = choices ?? (await dynamicValues(f, dynamicKind(pathOf(slot.command), option.long ?? '', valueNameOf(option))));
      candidates = candidates.map((candidate) => ({ ...candidate, value: `${prefix}${candidate.value}` }));
      files = choices === undefined && candidates.length === 0;
      break;
    }
    case 'argument': {
      const { argument } = slot;
      const choices = argument?.argChoices?.map((value) => ({ value, description: '' }));
      candidates = choices ?? (argument ? await dynamicValues(f, dynamicKind(pathOf(slot.command), argument.name(), argument.name())) : []);
      files = choices === undefined && candidates.length === 0 && argument !== undefined;
      break;
    }
  }
  const seen = new Set<string>();
  const matching = candidates.filter((candidate) => {
    if (!candidate.value.startsWith(current) || seen.has(candidate.value)) return false;
    seen.add(candidate.value);
    return true;
  });
  return { candidates: matching, files };
}

/** The `__complete` entry: argv after it, as the scripts pass it; the tree built for those words. */
export async function runComplete(
  f: Factory,
  argv: readonly string[],
  programFor: (words: readonly string[]) => Promise<Command>,
): Promise<void> {
  const fromEnv = f.env[CURRENT_WORD_ENV];
  const done = fromEnv === undefined ? argv.slice(0, -1) : argv;
  const current = fromEnv ?? argv[argv.length - 1] ?? '';
  const { candidates, files } = await completions(f, await programFor(done), done, current);
  const lines = candidates.map((c) => (c.description === '' ? c.value : `${c.value}\t${c.description}`));
  if (files) lines.push(FILES_DIRECTIVE);
  f.io.stdout.write(lines.length === 0 ? '' : `${lines.join('\n')}\n`);
}
