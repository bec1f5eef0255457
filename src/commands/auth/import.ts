import type { OptionValues } from '@commander-js/extra-typings';
import { Option } from '../../cmdutil/option.js';
import { nameDifferingInCase } from '../../auth/config.js';
import { isCloudHost, normalizeSite } from '../../auth/site.js';
import type { ConfigFile, Profile, StorageKind } from '../../auth/types.js';
import { AtlError, notFoundError, usageError } from '../../errors.js';
import { homeDirFrom } from '../../dirs.js';
import type { Factory } from '../../factory.js';
import { printJson } from '../../cmdutil/json.js';
import { printTable } from '../../output/table.js';
import { defineCommand, type FlagCommand, type NoFlags, type OptionsOf } from '../spec.js';
import { FOREIGN_LOCATIONS, FOREIGN_TOOLS, readForeignProfiles, type ForeignProfile, type ForeignReader } from './_manage/foreign.js';
import { assertValidProfileName, isValidProfileName, loginCommandFor } from './_manage/profiles.js';
import { SecretChanges } from './_manage/secrets.js';

/** The flags of `atl auth import`; `--name` is the atl profile name for the one profile imported (jira-cli has only one, called default). */
function importFlags<Options extends OptionValues>(command: FlagCommand<Options>) {
  return command
    .addOption(new Option('--from <tool>', 'the tool to import from').choices(FOREIGN_TOOLS).makeOptionMandatory())
    .option('--name <profile>', 'the atl profile name, when importing a single profile (jira-cli)')
    .option('--dry-run', 'show what would be imported and write nothing')
    .addOption(
      new Option('--storage <kind>', 'where to store the tokens (default: keyring when it works, else file)').choices(['keyring', 'file']),
    )
    .option('--overwrite', 'replace profiles that already exist with the same name');
}

export type ImportOptions = OptionsOf<ReturnType<typeof importFlags<NoFlags>>>;

type Action = 'import' | 'overwrite' | 'skip';

/** One foreign profile and what the import does with it. Never holds the token. */
export interface ImportItem {
  name: string;
  sourceName: string;
  site: string;
  email: string | null;
  authType: Profile['authType'];
  deployment: Profile['deployment'];
  /** found: read from the tool; entered: typed at the prompt; missing: log in later. */
  token: 'found' | 'entered' | 'missing';
  action: Action;
  reason: string | null;
  source: string;
  note: string | null;
  /** The profile the other tool used by default. */
  isDefault: boolean;
  /** The other tool's default project key and board id, kept on the profile. */
  defaultProject: string | null;
  defaultBoard: number | null;
}

/** Foreign names may hold spaces, `@` or `/`; ours are letters, digits, `-`, `_`, `.`. */
export function profileNameFrom(foreign: string, taken: ReadonlySet<string>): string {
  let base = foreign
    .trim()
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  if (!isValidProfileName(base)) base = 'imported';
  let name = base;
  for (let n = 2; taken.has(name) || nameDifferingInCase(taken, name) !== null; n += 1) name = `${base}-${n}`;
  return name;
}

interface Plan {
  items: ImportItem[];
  /** Tokens by our profile name, kept apart from the items so they can never be printed. */
  tokens: Map<string, string>;
}

function plan(foreign: ForeignProfile[], config: ConfigFile, overwrite: boolean, chosenName: string | undefined): Plan {
  const items: ImportItem[] = [];
  const tokens = new Map<string, string>();
  const seen = new Set<string>();
  for (const fp of foreign) {
    const name = chosenName ?? profileNameFrom(fp.name, seen);
    seen.add(name);
    let site = fp.site;
    let reason: string | null = null;
    let siteValid = true;
    try {
      site = normalizeSite(fp.site);
    } catch (err) {
      siteValid = false;
      reason = `invalid site: ${err instanceof Error ? err.message : String(err)}`;
    }
    const exists = Object.hasOwn(config.profiles, name);
    const caseTwin = nameDifferingInCase(Object.keys(config.profiles), name);
    let action: Action = exists ? (overwrite ? 'overwrite' : 'skip') : 'import';
    if (!siteValid) action = 'skip';
    else if (exists && !overwrite)
      reason = `a profile with this name exists (pass ${foreign.length === 1 ? '--name NAME to import it under another name, or ' : ''}--overwrite to replace it)`;
    else if (caseTwin !== null) {
      // Not even with --overwrite: it is another profile, and on Windows they would share one token.
      action = 'skip';
      reason = `the profile "${caseTwin}" exists and profile names are compared ignoring case`;
    }
    const token = fp.token !== null && fp.token !== '' ? fp.token : null;
    if (token !== null && action !== 'skip') tokens.set(name, token);
    items.push({
      name,
      sourceName: fp.name,
      site,
      email: fp.email,
      authType: fp.authType,
      // No network here: Cloud hosts are known by name, anything else is taken as Data Center.
      deployment: fp.deployment ?? (siteValid && isCloudHost(site) ? 'cloud' : 'datacenter'),
      token: token === null ? 'missing' : 'found',
      action,
      reason,
      source: fp.source,
      note: fp.note ?? null,
      isDefault: fp.isDefault === true,
      defaultProject: fp.defaultProject ?? null,
      defaultBoard: fp.defaultBoard ?? null,
    });
  }
  return { items, tokens };
}

function printPlan(f: Factory, items: ImportItem[]): void {
  printTable(
    f.io,
    [
      { header: 'PROFILE', value: (i: ImportItem) => i.name },
      { header: 'SITE', value: (i) => i.site, flexible: true },
      { header: 'EMAIL', value: (i) => i.email ?? '-' },
      { header: 'TYPE', value: (i) => `${i.deployment}/${i.authType}` },
      { header: 'TOKEN', value: (i) => i.token },
      { header: 'ACTION', value: (i) => (i.action === 'skip' ? `skip: ${i.reason}` : i.action) },
    ],
    items,
  );
}

/** The import, with the foreign-profile reader injectable for tests. */
export async function runImport(f: Factory, options: ImportOptions, reader: ForeignReader = readForeignProfiles): Promise<number> {
  // The home atl's own dirs use: %USERPROFILE% on Windows, and never '' (a dir relative to here).
  const home = homeDirFrom(f.env);
  if (options.name !== undefined) assertValidProfileName(options.name);
  const foreign = await reader(options.from, home, f.env);
  if (foreign.length === 0) {
    throw notFoundError(`no ${options.from} profiles found`, `looked in ${FOREIGN_LOCATIONS[options.from]}`);
  }
  if (options.name !== undefined && foreign.length > 1) {
    throw usageError(
      `--name names one profile, and ${options.from} has ${foreign.length} (${foreign.map((p) => p.name).join(', ')})`,
      'drop --name: each keeps its own name',
    );
  }
  const configStore = await f.configStore();
  const { items, tokens } = plan(foreign, await configStore.read(), options.overwrite === true, options.name);
  const json = f.globals.json;
  const storageLabel = options.storage ?? 'default';
  if (!json) {
    f.io.stderr.write(
      `${options.dryRun ? 'Would import' : 'Importing'} ${foreign.length} ${options.from} profile${foreign.length === 1 ? '' : 's'}:\n`,
    );
    printPlan(f, items);
    for (const item of items) if (item.note) f.io.stderr.write(`note: ${item.name}: ${item.note}\n`);
  }
  const toWrite = items.filter((i) => i.action !== 'skip');

  if (options.dryRun) {
    if (json) printJson(f.io, { from: options.from, dryRun: true, storage: storageLabel, profiles: items });
    else f.io.stderr.write('Dry run: nothing was written.\n');
    return 0;
  }
  if (toWrite.length === 0) {
    if (json) printJson(f.io, { from: options.from, dryRun: false, storage: storageLabel, profiles: items });
    else f.io.stderr.write('Nothing to import.\n');
    return 0;
  }

  // Tokens the tool keeps encrypted (atlassian-cli) are asked for now, before anything is written.
  for (const item of toWrite.filter((i) => i.token === 'missing')) {
    if (!f.io.canPrompt()) continue;
    const entered = (await (await f.prompter()).password(`Token for ${item.name} (${item.site}), empty to skip`)).trim();
    if (entered !== '') {
      tokens.set(item.name, entered);
      item.token = 'entered';
    }
  }

  const secrets = new SecretChanges(f);
  const store = await secrets.store(options.storage);
  const kind = store.kind;
  const replacedTokens: Array<{ kind: StorageKind; account: string }> = [];
  const result = await secrets.atomically(async () => {
    for (const item of toWrite) {
      const token = tokens.get(item.name);
      if (token !== undefined) await secrets.set(kind, item.name, token);
    }
    return configStore.update((draft) => {
      const firstEver = draft.defaultProfile === null && Object.keys(draft.profiles).length === 0;
      for (const item of toWrite) {
        const existing = Object.hasOwn(draft.profiles, item.name) ? draft.profiles[item.name] : undefined;
        if ((existing && item.action !== 'overwrite') || nameDifferingInCase(Object.keys(draft.profiles), item.name) !== null) {
          throw new AtlError('conflict', `profile "${item.name}" was created while importing; nothing was imported`, {
            hint: 'run the import again',
          });
        }
        const hasNewToken = tokens.has(item.name);
        // Without a new token the old one stays valid only where it is stored, so keep that store.
        const storage = !hasNewToken && existing ? existing.storage : kind;
        if (existing && hasNewToken && existing.storage !== kind) replacedTokens.push({ kind: existing.storage, account: item.name });
        const profile: Profile = {
          site: item.site,
          email: item.email,
          authType: item.authType,
          deployment: item.deployment,
          storage,
          scoped: false,
          cloudId: null,
          tokenExpiresAt: null,
        };
        if (item.defaultProject !== null) profile.defaultProject = item.defaultProject;
        if (item.defaultBoard !== null) profile.defaultBoard = item.defaultBoard;
        // The foreign tools hold no Bitbucket login: keep ours.
        if (existing?.bitbucket) profile.bitbucket = existing.bitbucket;
        if (existing?.confluence) profile.confluence = existing.confluence;
        draft.profiles[item.name] = profile;
      }
      // The first profiles ever: the one the other tool used by default becomes ours.
      if (firstEver) draft.defaultProfile = (toWrite.find((i) => i.isDefault) ?? toWrite[0]!).name;
    });
  });
  // An overwritten profile whose token moved to another store: the old copy is now garbage.
  for (const old of replacedTokens) {
    try {
      await secrets.delete(old.kind, old.account);
    } catch {
      f.io.stderr.write(`warning: could not remove the old token of ${old.account} from the ${old.kind} store\n`);
    }
  }

  const needLogin = toWrite.filter((i) => !tokens.has(i.name) && i.action === 'import');
  const removable = removableTokenFiles(foreign, items, tokens);
  if (json) {
    printJson(f.io, {
      from: options.from,
      dryRun: false,
      storage: kind,
      defaultProfile: result.defaultProfile,
      profiles: items,
      removableTokenFiles: removable,
    });
  } else {
    f.io.stderr.write(
      `Imported ${toWrite.length} profile${toWrite.length === 1 ? '' : 's'} (tokens in the ${kind} store)${result.defaultProfile && toWrite.some((i) => i.name === result.defaultProfile) ? `; "${result.defaultProfile}" is the default profile` : ''}.\n`,
    );
  }
  for (const item of needLogin) {
    f.io.stderr.write(
      `Profile "${item.name}" has no token yet; store it with: ${loginCommandFor(item.name, { site: item.site, email: item.email, authType: item.authType, deployment: item.deployment, storage: kind, scoped: false, cloudId: null, tokenExpiresAt: null })}\n`,
    );
  }
  if (!json && removable.length > 0) {
    f.io.stderr.write(
      `Every token in ${removable.join(' and ')} is now in atl's ${kind} store. Once you no longer use ${options.from}, remove ${removable.length === 1 ? 'it' : 'them'}:\n` +
        removable.map((path) => `  rm ${shellWord(path)}\n`).join(''),
    );
  }
  return 0;
}

/**
 * The other tool's token files whose every token now lives in atl: each token in them belongs to
 * a profile read (the reader says so) and each of those profiles was imported with its token.
 */
function removableTokenFiles(foreign: ForeignProfile[], items: ImportItem[], tokens: Map<string, string>): string[] {
  const files = new Map<string, boolean>();
  foreign.forEach((fp, i) => {
    if (!fp.tokenFile) return;
    const item = items[i]!;
    const imported = item.action !== 'skip' && tokens.get(item.name) === fp.token;
    files.set(fp.tokenFile.path, (files.get(fp.tokenFile.path) ?? true) && fp.tokenFile.complete && imported);
  });
  return [...files].filter(([, all]) => all).map(([path]) => path);
}

const shellWord = (text: string): string => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

export default defineCommand({
  path: ['auth', 'import'],
  summary: 'Import profiles from atlcli, atlassian-cli, atla or jira-cli',
  json: 'value',
  description:
    "Import profiles from another Atlassian CLI's config files. Shows what it will import (never a token), then saves each profile to config.yaml " +
    'and its token to the secret store. Names that already exist are skipped unless --overwrite; --name imports a single profile (jira-cli has ' +
    'one, called default) under another name. atlassian-cli tokens are decrypted from its credentials.enc, which only works on the machine and ' +
    'for the user that wrote it. jira-cli tokens come from JIRA_API_TOKEN, and its default project and board are kept on the profile ' +
    '(defaultProject, defaultBoard). Tokens still unknown are asked for on a terminal, or left for `atl auth login --profile NAME --token-stdin`. ' +
    "Afterwards it names the other tool's token files whose every token is now in atl.",
  examples: [
    'atl auth import --from atlcli --dry-run',
    'atl auth import --from jira-cli --storage file',
    'atl auth import --from jira-cli --name work   # not "default"',
    'atl auth import --from atla --overwrite',
  ],
  options: (command) => importFlags(command),
  run: (f, _args, options) => runImport(f, options),
});
