import { usageError } from '../../errors.js';
import { assertProfileNameFreeIgnoringCase } from '../../auth/config.js';
import { printJson } from '../../cmdutil/json.js';
import { defineCommand } from '../spec.js';
import { assertValidProfileName, profileTokenEnvName, renameKey, requireProfile } from './_manage/profiles.js';
import { accountOf, SecretChanges, secretSlots, tokenWords } from './_manage/secrets.js';
import type { ConfigFile, Profile } from '../../auth/types.js';

/** The profile to rename; exit 4 when `from` does not exist, exit 2 when `to` already does (ignoring case). */
function check(config: ConfigFile, from: string, to: string): Profile {
  const profile = requireProfile(config, from);
  if (Object.hasOwn(config.profiles, to)) {
    throw usageError(`a profile named "${to}" already exists`, `delete it first (atl auth delete ${to}) or pick another name`);
  }
  assertProfileNameFreeIgnoringCase(config, to, (existing) => `delete it first (atl auth delete ${existing})`, from);
  return profile;
}

export default defineCommand({
  path: ['auth', 'rename'],
  aliases: ['mv'],
  summary: 'Rename a profile, moving its stored tokens',
  json: 'value',
  description:
    'Rename a profile. Its stored tokens (and its Bitbucket token) move to the new name in the same store, and it stays the default profile if it was. A new token is written before the old one is removed, so no token is lost if something fails. ' +
    '--dry-run prints what would change and changes nothing.',
  arguments: '<old> <new>',
  examples: ['atl auth rename default personal', 'atl auth rename work acme-cloud', 'atl auth rename work acme-cloud --dry-run'],
  options: (command) => command.option('--dry-run', 'print what would be renamed and moved, and change nothing'),
  async run(f, args, options) {
    const [from, to] = [args[0]!, args[1]!];
    assertValidProfileName(to);
    if (from === to) throw usageError(`the profile is already called "${to}"`);
    const store = await f.configStore();
    const before = await store.read();
    const profile = check(before, from, to);
    const slots = secretSlots(from, profile);
    const secrets = new SecretChanges(f);
    if (options.dryRun) {
      const moving: string[] = [];
      for (const slot of slots) if ((await secrets.get(slot.kind, slot.account)) !== null) moving.push(slot.login);
      const isDefault = before.defaultProfile === from;
      if (f.globals.json) printJson(f.io, { dryRun: true, from, to, movedTokens: moving, default: isDefault });
      else
        f.io.stdout.write(
          `Would rename profile "${from}" to "${to}"${moving.length ? ` and move its ${tokenWords(moving)}` : ''} (dry run, nothing changed).\n`,
        );
      return;
    }

    // On a store that compares names ignoring case (Windows Credential Manager) `work` and `Work`
    // are one entry: copying then deleting the old name would delete the copy. So a case-only
    // rename deletes first and writes after, which leaves exactly the new entry on either kind of
    // store; a failure still rolls both back.
    const caseOnly = from.toLowerCase() === to.toLowerCase();
    const moved: string[] = [];
    await secrets.atomically(async () => {
      // Copy each token to its new account first; the old ones go only once config.yaml says `to`.
      for (const slot of slots) {
        const token = await secrets.get(slot.kind, slot.account);
        if (token === null) continue;
        if (caseOnly) await secrets.delete(slot.kind, slot.account);
        await secrets.set(slot.kind, accountOf(to, slot.login), token);
        moved.push(slot.login);
      }
      await store.update((draft) => {
        check(draft, from, to);
        renameKey(draft.profiles, from, to);
        if (draft.defaultProfile === from) draft.defaultProfile = to;
      });
    });

    const leftBehind: string[] = [];
    for (const slot of caseOnly ? [] : slots) {
      try {
        await secrets.delete(slot.kind, slot.account);
      } catch {
        leftBehind.push(slot.account);
      }
    }

    if (f.globals.json) {
      printJson(f.io, { from, to, movedTokens: moved, default: before.defaultProfile === from });
    } else {
      f.io.stdout.write(`Renamed profile "${from}" to "${to}"${moved.length ? ` and moved its ${tokenWords(moved)}` : ''}.\n`);
    }
    if (leftBehind.length > 0) {
      f.io.stderr.write(
        `warning: the old stored token of ${leftBehind.join(', ')} could not be removed; remove it from the ${profile.storage} store by hand\n`,
      );
    }
    if (f.env[profileTokenEnvName(from)]) {
      f.io.stderr.write(`note: ${profileTokenEnvName(from)} is set; the renamed profile reads ${profileTokenEnvName(to)} instead.\n`);
    }
  },
});
