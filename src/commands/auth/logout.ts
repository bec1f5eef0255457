import { Option } from '../../cmdutil/option.js';
import { notLoggedInError, usageError } from '../../errors.js';
import { printJson } from '../../cmdutil/json.js';
import { defineCommand } from '../spec.js';
import { activeProfileName, loginCommandFor, profileTokenEnvName, requireProfile } from './_manage/profiles.js';
import { planRemoval, printRemoval, removeProfile } from './_manage/remove.js';
import { accountOf, SecretChanges, type SecretSlot, secretSlots, tokenWords } from './_manage/secrets.js';
import type { Factory } from '../../factory.js';
import type { Profile } from '../../auth/types.js';
import { profileConfluenceTokenEnvName } from '../../auth/resolve.js';

export default defineCommand({
  path: ['auth', 'logout'],
  summary: "Remove a profile's stored tokens, keeping the profile",
  json: 'value',
  description:
    'Remove the stored tokens of a profile (the active one when no name is given): its Jira/Confluence token and its Bitbucket token. ' +
    'The profile itself stays, so `atl auth login --profile NAME` logs in again. With --bitbucket only the Bitbucket token is removed; ' +
    'the Bitbucket settings (email, workspace) stay on the profile for the next `atl auth login --bitbucket`. ' +
    "With --confluence only the profile's own Confluence login goes, with its token; Confluence is then reached through the profile's site. " +
    'With --remove-profile the profile goes too, without a prompt (as `atl auth delete NAME --yes`). ' +
    '--dry-run prints what would be removed and changes nothing.',
  arguments: '[name]',
  examples: [
    'atl auth logout',
    'atl auth logout work',
    'atl auth logout work --bitbucket',
    'atl auth logout corp --confluence',
    'atl auth logout work --remove-profile',
    'atl auth logout --dry-run',
  ],
  options: (command) =>
    command
      .addOption(new Option('--bitbucket', 'remove only the Bitbucket token of the profile').conflicts(['removeProfile', 'confluence']))
      .addOption(new Option('--confluence', "remove only the profile's own Confluence login and its token").conflicts('removeProfile'))
      .option('--remove-profile', 'delete the profile as well as its tokens')
      .option('--dry-run', 'print what would be removed, and change nothing'),
  async run(f, args, options) {
    const config = await (await f.configStore()).read();
    const name = args[0] ?? activeProfileName(f, config);
    if (name === null) {
      if (Object.keys(config.profiles).length === 0) throw notLoggedInError();
      throw usageError(
        'no default profile: say which profile to log out of',
        `atl auth logout <name> (profiles: ${Object.keys(config.profiles).join(', ')})`,
      );
    }
    const profile = requireProfile(config, name);
    if (options.bitbucket && !profile.bitbucket) {
      throw usageError(`profile "${name}" has no Bitbucket login`);
    }
    if (options.confluence) return logoutConfluence(f, name, profile, options.dryRun === true);
    const dryRun = options.dryRun === true;
    if (options.removeProfile) {
      const store = await f.configStore();
      const result = dryRun ? await planRemoval(f, config, name) : await removeProfile(f, store, name, profile);
      if (f.globals.json) {
        printJson(f.io, {
          ...(dryRun ? { dryRun: true } : {}),
          profile: name,
          removed: result.removedTokens,
          bitbucketOnly: false,
          profileRemoved: true,
          defaultProfile: result.defaultProfile,
        });
      } else {
        printRemoval(f, name, result, dryRun);
      }
      noteEnvTokens(f, name, profile, false);
      return;
    }
    const slots = secretSlots(name, profile).filter((s) => !options.bitbucket || s.login === 'bitbucket');
    const secrets = new SecretChanges(f);
    const removed: Array<SecretSlot['login']> = [];
    if (dryRun) {
      for (const slot of slots) if ((await secrets.get(slot.kind, slot.account)) !== null) removed.push(slot.login);
    } else {
      // Both accounts go, or neither: a failure on the second puts the first back.
      await secrets.atomically(async () => {
        for (const slot of slots) {
          if (await secrets.delete(slot.kind, slot.account)) removed.push(slot.login);
        }
      });
    }

    if (f.globals.json) {
      printJson(f.io, { ...(dryRun ? { dryRun: true } : {}), profile: name, removed, bitbucketOnly: options.bitbucket === true });
    } else if (removed.length === 0) {
      f.io.stdout.write(`Profile "${name}" had no stored ${options.bitbucket ? 'Bitbucket token' : 'token'}; nothing to remove.\n`);
    } else if (dryRun) {
      f.io.stdout.write(`Would log out of "${name}": remove its ${tokenWords(removed)}, keeping the profile (dry run, nothing changed).\n`);
    } else {
      f.io.stdout.write(`Logged out of "${name}": removed its ${tokenWords(removed)}. The profile is kept; to log in again:\n`);
      for (const login of removed) f.io.stdout.write(`  ${loginCommandFor(name, profile, login)}\n`);
    }
    noteEnvTokens(f, name, profile, options.bitbucket === true);
  },
});

/** Environment tokens outrank stored ones, so logging out does not stop a run that has them. */
function noteEnvTokens(f: Factory, name: string, profile: Profile, bitbucketOnly: boolean): void {
  const stillSet: string[] = [];
  if (!bitbucketOnly && f.env[profileTokenEnvName(name)]) stillSet.push(profileTokenEnvName(name));
  if (profile.bitbucket) stillSet.push(...['ATL_BITBUCKET_TOKEN', 'BITBUCKET_TOKEN'].filter((v) => f.env[v]));
  if (profile.confluence && !bitbucketOnly)
    stillSet.push(...[profileConfluenceTokenEnvName(name), 'ATL_CONFLUENCE_TOKEN'].filter((v) => f.env[v]));
  if (stillSet.length > 0) f.io.stderr.write(`note: ${stillSet.join(', ')} is still set in the environment, and atl will use it.\n`);
}

/**
 * `logout --confluence`: the profile's own Confluence login goes, its token first (put back if the
 * config cannot be written), so Confluence is reached through the profile's site again.
 */
async function logoutConfluence(f: Factory, name: string, profile: Profile, dryRun: boolean): Promise<void> {
  const login = profile.confluence;
  if (!login) {
    throw usageError(
      `profile "${name}" has no Confluence login of its own`,
      `Confluence uses the profile's site; \`atl auth logout ${name}\` removes that token`,
    );
  }
  const secrets = new SecretChanges(f);
  const account = accountOf(name, 'confluence');
  let tokenRemoved: boolean;
  if (dryRun) tokenRemoved = (await secrets.get(login.storage, account)) !== null;
  else {
    const store = await f.configStore();
    tokenRemoved = await secrets.atomically(async () => {
      const removed = await secrets.delete(login.storage, account);
      await store.update((draft) => {
        const current = requireProfile(draft, name);
        delete current.confluence;
      });
      return removed;
    });
  }
  if (f.globals.json) {
    printJson(f.io, {
      ...(dryRun ? { dryRun: true } : {}),
      profile: name,
      removed: tokenRemoved ? ['confluence'] : [],
      confluence: { site: login.site, removed: true },
    });
  } else if (dryRun) {
    f.io.stdout.write(
      `Would remove the Confluence login of "${name}" (${login.site})${tokenRemoved ? ' and its token' : ''}, keeping the profile (dry run, nothing changed).\n`,
    );
  } else {
    f.io.stdout.write(
      `Removed the Confluence login of "${name}" (${login.site})${tokenRemoved ? ' and its token' : ''}; Confluence now uses the profile's site. To log in again:\n  ${loginCommandFor(name, profile, 'confluence')}\n`,
    );
  }
  const stillSet = [profileConfluenceTokenEnvName(name), 'ATL_CONFLUENCE_TOKEN'].filter((v) => f.env[v]);
  if (stillSet.length > 0) f.io.stderr.write(`note: ${stillSet.join(', ')} is still set in the environment, and atl will use it.\n`);
}
