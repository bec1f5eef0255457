import type { Command as TypedCommand, OptionValues } from '@commander-js/extra-typings';
import type { Factory } from '../factory.js';

/** No flags declared yet (a plain `{}`, spelled so the linter knows it is meant). */
export type NoFlags = Record<never, never>;

/**
 * The command a spec declares its flags on. Its type (from @commander-js/extra-typings, types only:
 * at run time it is commander's own Command) records every `.option()` call, so the options `run`
 * receives are typed by the declarations themselves: `.option('--limit <n>', '…', '50')` gives
 * `limit: string`, without an interface or a second default to keep in step.
 */
export type FlagCommand<Options extends OptionValues = NoFlags> = TypedCommand<[], Options, NoFlags>;

/** The options a FlagCommand's declarations produce (for helpers that take a declared set of flags). */
export type OptionsOf<C> = C extends TypedCommand<[], infer Options, NoFlags> ? Options : never;

/** How a command answers `--json` (see CommandSpec.json). */
export type JsonOutput = 'value' | 'listing' | 'none';

/**
 * One command, declared in one file under src/commands/<group>/ as its default export.
 * The build discovers these files (scripts/command-manifest.mjs), so adding a command means
 * adding its file and its test, nothing else.
 */
export interface CommandSpec<Options = NoFlags> {
  /** Words from the root: ['auth', 'login'] is `atl auth login`. */
  path: readonly string[];
  summary: string;
  /** Longer help text shown above the options. */
  description?: string;
  aliases?: readonly string[];
  /** Positional arguments in commander syntax, e.g. '<key> [status]'. */
  arguments?: string;
  /** Shown under "Examples:" in --help; every command has some. */
  examples: readonly string[];
  /**
   * What the command prints with `--json`, declared once (src/cmdutil/json.ts is the exporter):
   * - 'value': one JSON value, through printJson;
   * - 'listing': one JSON array streamed a page at a time, through printJsonStream;
   * - 'none': no data (a token, say): `--json` is refused with exit 2 before the command runs.
   */
  json: JsonOutput;
  /**
   * Why the global `--output FILE` is refused here (exit 2): for a command whose stdout is not data
   * to keep in a file (a server that runs until Ctrl-C, a token). Absent: --output works.
   */
  refusesOutputFile?: string;
  /**
   * Declares the command's own flags by chaining on `command` and returning the result, which types
   * `run`'s options: `options: (command) => command.option('--all', 'print all')`. A default given in
   * the declaration is the only one: `run` sees it whenever the flag is absent.
   */
  options?(command: FlagCommand): FlagCommand<Options & OptionValues>;
  /** Does the work. Returns an exit code, or nothing for 0. Throws AtlError on failure. */
  run(f: Factory, args: string[], options: Options): Promise<number | void>;
}

/** A command group (`atl auth`, `atl jira`), declared in `<group>/group.ts`. */
export interface GroupSpec {
  path: readonly string[];
  summary: string;
  /** Other names for the group (`atl wiki` for `atl confluence`, `atl bb` for `atl bitbucket`, `atl servicedesk` for `atl jsm`). */
  aliases?: readonly string[];
  examples?: readonly string[];
}

export function defineCommand<Options = NoFlags>(spec: CommandSpec<Options>): CommandSpec<Options> {
  return spec;
}

export function defineGroup(spec: GroupSpec): GroupSpec {
  return spec;
}
