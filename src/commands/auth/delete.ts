import { AtlError, usageError } from '../../errors.js';
import { defineCommand } from '../spec.js';
import { profileArgument, requireProfile } from './_manage/profiles.js';
import { planRemoval, printRemoval, removeProfile } from './_manage/remove.js';

export default defineCommand({
  path: ['auth', 'delete'],
  aliases: ['rm', 'remove'],
  summary: 'Delete a profile and its stored tokens',
  json: 'value',
  description:
    'Delete a profile from config.yaml together with its stored tokens (Jira/Confluence and Bitbucket). The profile is the argument, or ' +
    '--profile (as atlcli writes it: `atl auth delete --profile X --confirm`). Asks first on a terminal; in scripts pass --yes (or --confirm). ' +
    'When the default profile is deleted and exactly one profile remains, that one becomes the default; otherwise there is no default until `atl auth switch`. ' +
    '--dry-run prints what would be deleted and changes nothing.',
  arguments: '[name]',
  examples: [
    'atl auth delete old-site',
    'atl auth delete ci --yes',
    'atl auth delete --profile ci --confirm',
    'atl auth delete old-site --dry-run',
  ],
  options: (command) =>
    command
      .option('-y, --yes', 'delete without asking')
      .option('--confirm', 'same as --yes')
      .option('--dry-run', 'print what would be deleted, and change nothing'),
  async run(f, args, options) {
    const name = profileArgument(args[0], f.globals.profile, 'delete');
    const store = await f.configStore();
    const before = await store.read();
    const profile = requireProfile(before, name);

    if (options.dryRun) {
      printRemoval(f, name, await planRemoval(f, before, name), true);
      return;
    }
    if (!options.yes && !options.confirm) {
      if (!f.io.canPrompt()) {
        throw usageError(
          `deleting profile "${name}" needs confirmation`,
          `pass --yes to delete it without a prompt: atl auth delete ${name} --yes`,
        );
      }
      const ok = await (await f.prompter()).confirm(`Delete profile "${name}" (${profile.site}) and its stored tokens?`, false);
      if (!ok) throw new AtlError('failure', `cancelled: profile "${name}" was not deleted`);
    }
    printRemoval(f, name, await removeProfile(f, store, name, profile), false);
  },
});
