import { Argument } from 'commander';
import { SHELLS, type Shell } from '../../completion/shells.js';
import { usageError } from '../../errors.js';
import { defineCommand } from '../spec.js';

export default defineCommand({
  path: ['completion'],
  summary: 'Print the shell completion script for bash, zsh, fish or PowerShell',
  description:
    'Prints a script that completes atl commands, flags, their values, profile names and the project, space and issue keys ' +
    'atl listed or showed in the last day. See the README, "Shell completion", for where each shell loads it from.',
  json: 'none',
  examples: [
    'eval "$(atl completion bash)"   # in ~/.bashrc',
    'atl completion zsh > _atl   # into a directory on $fpath; or source <(atl completion zsh) in ~/.zshrc, after compinit',
    'atl completion fish > atl.fish   # into ~/.config/fish/completions/',
    'atl completion powershell > atl.ps1   # then dot-source atl.ps1 in $PROFILE',
  ],
  options: (command) => {
    // An argument with choices: commander refuses any other shell, and completion offers these.
    // Optional for commander, so that `--json` is refused (exit 2) before a missing shell is.
    command.addArgument(new Argument('[shell]', 'bash, zsh, fish or powershell').choices([...SHELLS]));
    return command;
  },
  async run(f, args) {
    if (args[0] === undefined) throw usageError('atl completion needs a shell', `name one: ${SHELLS.join(', ')}`);
    const { completionScripts } = await import('../../completion/scripts.js');
    f.io.stdout.write(completionScripts[args[0] as Shell]);
  },
});
