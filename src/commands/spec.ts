import type { Command } from 'commander';
import type { Factory } from '../factory.js';

/**
 * One command, declared in one file under src/commands/<group>/ as its default export.
 * The build discovers these files (scripts/command-manifest.mjs), so adding a command means
 * adding its file and its test, nothing else.
 */
export interface CommandSpec<Options = Record<string, unknown>> {
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
   * Why the global `--output FILE` is refused here (exit 2): for a command whose stdout is not data
   * to keep in a file (a server that runs until Ctrl-C, a token). Absent: --output works.
   */
  refusesOutputFile?: string;
  /** Declares the command's own flags. */
  options?(command: Command): void;
  /** Does the work. Returns an exit code, or nothing for 0. Throws AtlError on failure. */
  run(f: Factory, args: string[], options: Options): Promise<number | void>;
}

/** A command group (`atl auth`, `atl jira`), declared in `<group>/group.ts`. */
export interface GroupSpec {
  path: readonly string[];
  summary: string;
  examples?: readonly string[];
}

export function defineCommand<Options = Record<string, unknown>>(spec: CommandSpec<Options>): CommandSpec<Options> {
  return spec;
}

export function defineGroup(spec: GroupSpec): GroupSpec {
  return spec;
}
