import type { OptionValues } from '@commander-js/extra-typings';
import type { FlagCommand } from '../../spec.js';

/** `--repo` and `--workspace`: which repository, when not the one of the checkout's remote. */
export function repoFlags<Options extends OptionValues>(command: FlagCommand<Options>) {
  return command
    .option('-R, --repo <repo>', 'WORKSPACE/REPO (Cloud) or PROJECT/REPO (Data Center); default: the git remote of this checkout')
    .option('--workspace <workspace>', "Cloud workspace for a bare REPO (default: the login's workspace)");
}

/** `--dry-run`, which every write takes. */
export function dryRunFlag<Options extends OptionValues>(command: FlagCommand<Options>) {
  return command.option('--dry-run', 'print the request that would be sent, and change nothing');
}
