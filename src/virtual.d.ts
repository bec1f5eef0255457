declare module 'virtual:atl-commands' {
  import type { CommandSpec, GroupSpec } from './commands/spec.js';
  const specs: Array<CommandSpec<never> | GroupSpec>;
  export default specs;
}

/** Replaced by the bundler with package.json's version. */
declare const __ATL_VERSION__: string;

declare module 'virtual:atl-command-tree' {
  import type { CommandSpec, GroupSpec } from './commands/spec.js';
  /** Every group spec and the top-level commands: enough for `atl --help`. */
  export const eagerSpecs: Array<CommandSpec<never> | GroupSpec>;
  /** The commands of each group folder under src/commands, loaded when argv names the group. */
  export const lazyGroups: Record<string, () => Promise<Array<CommandSpec<never> | GroupSpec>>>;
}

/**
 * Replaced by the bundler with the JSON of a PrecomputedHelp (cli.ts): the help of the root and of
 * each group, which main.ts prints without loading commander. A string, parsed only when argv
 * asks for help: `atl --version` does not build the object.
 */
declare const __ATL_HELP__: string;
