import { AtlError, usageError } from '../../errors.js';
import { printJson } from '../../output/table.js';
import { defineCommand } from '../spec.js';
import { requireProfile } from './_manage/profiles.js';
import { SecretChanges, secretSlots } from './_manage/secrets.js';

interface DeleteOptions {
  yes?: boolean;
  confirm?: boolean;
}

export default defineCommand<DeleteOptions>({
  path: ['auth', 'delete'],
  aliases: ['rm', 'remove'],
  summary: 'Delete a profile and its stored tokens',
  description:
    'Delete a profile from config.yaml together with its stored tokens (Jira/Confluence and Bitbucket). Asks first on a terminal; ' +
    'in scripts pass --yes. When the default profile is deleted and exactly one profile remains, that one becomes the default; otherwise there is no default until `atl auth switch`.',
  arguments: '<name>',
  examples: ['atl auth delete old-site', 'atl auth delete ci --yes'],
  options(command) {
    command.option('-y, --yes', 'delete without asking');
    command.option('--confirm', 'same as --yes');
  },
  async run(f, args, options) {
    const name = args[0]!;
    const store = await f.configStore();
    const before = await store.read();
    const profile = requireProfile(before, name);

    if (!options.yes && !options.confirm) {
      if (!f.io.canPrompt()) {
        throw usageError(`deleting profile "${name}" needs confirmation`, `pass --yes to delete it without a prompt: atl auth delete ${name} --yes`);
      }
      const ok = await (await f.prompter()).confirm(`Delete profile "${name}" (${profile.site}) and its stored tokens?`, false);
      if (!ok) throw new AtlError('failure', `cancelled: profile "${name}" was not deleted`);
    }

    const secrets = new SecretChanges(f);
    const removed: string[] = [];
    // Tokens first, remembered so that a refused config write puts them back.
    const after = await secrets.atomically(async () => {
      for (const slot of secretSlots(name, profile)) {
        if (await secrets.delete(slot.kind, slot.account)) removed.push(slot.login);
      }
      return store.update((draft) => {
        requireProfile(draft, name);
        delete draft.profiles[name];
        if (draft.defaultProfile === name) {
          const remaining = Object.keys(draft.profiles);
          draft.defaultProfile = remaining.length === 1 ? remaining[0]! : null;
        }
      });
    });
    const wasDefault = before.defaultProfile === name;

    if (f.globals.json) {
      printJson(f.io, { deleted: name, removedTokens: removed, defaultProfile: after.defaultProfile });
      return;
    }
    f.io.stdout.write(`Deleted profile "${name}"${removed.length ? ' and its stored tokens' : ''}.\n`);
    if (wasDefault) {
      f.io.stdout.write(
        after.defaultProfile
          ? `"${after.defaultProfile}" is now the default profile.\n`
          : Object.keys(after.profiles).length > 0
            ? 'There is no default profile now; choose one with `atl auth switch <name>`.\n'
            : 'No profiles are left; add one with `atl auth login`.\n',
      );
    }
  },
});
