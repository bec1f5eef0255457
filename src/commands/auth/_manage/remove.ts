import type { Factory } from '../../../factory.js';
import type { ConfigFile, ConfigStore, Profile } from '../../../auth/types.js';
import { printJson } from '../../../cmdutil/json.js';
import { requireProfile } from './profiles.js';
import { SecretChanges, secretSlots, type SecretSlot } from './secrets.js';

/** What deleting a profile changes (or, in a dry run, would change). */
export interface ProfileRemoval {
  /** `token` (Jira/Confluence) and `bitbucket`, for the stored tokens that go. */
  removedTokens: Array<SecretSlot['login']>;
  wasDefault: boolean;
  /** The default profile afterwards. */
  defaultProfile: string | null;
  /** How many profiles are left afterwards. */
  remaining: number;
}

/** When the default goes and exactly one profile remains, that one becomes the default. */
function defaultAfter(config: ConfigFile, name: string): string | null {
  if (config.defaultProfile !== name) return config.defaultProfile;
  const remaining = Object.keys(config.profiles).filter((n) => n !== name);
  return remaining.length === 1 ? remaining[0]! : null;
}

function removal(config: ConfigFile, name: string, removedTokens: ProfileRemoval['removedTokens']): ProfileRemoval {
  return {
    removedTokens,
    wasDefault: config.defaultProfile === name,
    defaultProfile: defaultAfter(config, name),
    remaining: Object.keys(config.profiles).filter((n) => n !== name).length,
  };
}

/** What `removeProfile` would do, reading the stores only. */
export async function planRemoval(f: Factory, config: ConfigFile, name: string): Promise<ProfileRemoval> {
  const profile = requireProfile(config, name);
  const secrets = new SecretChanges(f);
  const present: ProfileRemoval['removedTokens'] = [];
  for (const slot of secretSlots(name, profile)) if ((await secrets.get(slot.kind, slot.account)) !== null) present.push(slot.login);
  return removal(config, name, present);
}

/**
 * Deletes the profile and its stored tokens: tokens first, remembered, so that a refused
 * config write puts them back.
 */
export async function removeProfile(f: Factory, store: ConfigStore, name: string, profile: Profile): Promise<ProfileRemoval> {
  const before = await store.read();
  const secrets = new SecretChanges(f);
  const removed: ProfileRemoval['removedTokens'] = [];
  await secrets.atomically(async () => {
    for (const slot of secretSlots(name, profile)) {
      if (await secrets.delete(slot.kind, slot.account)) removed.push(slot.login);
    }
    return store.update((draft) => {
      requireProfile(draft, name);
      const after = defaultAfter(draft, name);
      delete draft.profiles[name];
      draft.defaultProfile = after;
    });
  });
  return removal(before, name, removed);
}

/** The lines `auth delete` and `auth logout --remove-profile` print, past or conditional tense. */
export function printRemoval(f: Factory, name: string, result: ProfileRemoval, dryRun: boolean): void {
  if (f.globals.json) {
    printJson(f.io, {
      ...(dryRun ? { dryRun: true } : {}),
      deleted: name,
      removedTokens: result.removedTokens,
      defaultProfile: result.defaultProfile,
    });
    return;
  }
  const tokens = result.removedTokens.length ? ' and its stored tokens' : '';
  f.io.stdout.write(
    dryRun ? `Would delete profile "${name}"${tokens} (dry run, nothing changed).\n` : `Deleted profile "${name}"${tokens}.\n`,
  );
  if (!result.wasDefault) return;
  const becomes = dryRun ? 'would become' : 'is now';
  f.io.stdout.write(
    result.defaultProfile
      ? `"${result.defaultProfile}" ${becomes} the default profile.\n`
      : result.remaining > 0
        ? `There ${dryRun ? 'would be' : 'is'} no default profile${dryRun ? '' : ' now'}; choose one with \`atl auth switch <name>\`.\n`
        : `No profiles ${dryRun ? 'would be' : 'are'} left; add one with \`atl auth login\`.\n`,
  );
}
