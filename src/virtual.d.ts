declare module 'virtual:atl-commands' {
  import type { CommandSpec, GroupSpec } from './commands/spec.js';
  const specs: Array<CommandSpec<never> | GroupSpec>;
  export default specs;
}

/** Replaced by the bundler with package.json's version. */
declare const __ATL_VERSION__: string;
