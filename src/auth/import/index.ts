/**
 * Readers for the profiles other Atlassian CLIs keep, for `atl auth import --from <tool>`.
 * Pure functions over a home directory and an environment: they read, never write, and never
 * print; the command decides what to show and where tokens go.
 *
 * Formats, from each tool's documentation and source:
 * - atlcli: `~/.atlcli/credentials.json` `{ currentProfile, profiles: { name: { name, baseUrl,
 *   email, apiToken, authType?: "bearer", username?, edition? } } }`; `~/.atlcli/config.json`
 *   holds `defaultProfile` (and, in some versions, the same `profiles` map).
 * - atlassian-cli: `config.yaml` `{ default_profile, profiles: { name: { base_url, email, ... } } }`
 *   in $ATLASSIAN_CLI_CONFIG_DIR, $XDG_CONFIG_HOME/atlassian-cli, ~/.config/atlassian-cli, or the
 *   legacy ~/.atlassian-cli and ~/.atlcli; its tokens are in `credentials.enc` beside it,
 *   encrypted with a key derived from this machine and user (see ./atlassian-cli-store.ts).
 * - atla: `~/.config/atla/config.toml` `[default] profile = "x"`, `[profiles.x] instance, email,
 *   credential_store`; `credentials.toml` `[tokens."<profile>|<email>|<instance>"] token = "..."`
 *   for the file store (keyring-stored tokens cannot be read here). ATLA_CONFIG / ATLA_CREDENTIALS
 *   override the paths.
 * - jira-cli: `~/.config/.jira/.config.yml` (or JIRA_CONFIG_FILE) with `server`, `login`,
 *   `installation: Cloud|Local`, `auth_type: basic|bearer`, `project: { key }` and `board: { id,
 *   name }` (its defaults); the token comes from JIRA_API_TOKEN.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { AtlError } from '../../errors.js';

export type ForeignTool = 'atlcli' | 'atlassian-cli' | 'atla' | 'jira-cli';
export const FOREIGN_TOOLS: readonly ForeignTool[] = ['atlcli', 'atlassian-cli', 'atla', 'jira-cli'];

export interface ForeignProfile {
  name: string;
  site: string;
  email: string | null;
  authType: 'basic' | 'bearer';
  deployment: 'cloud' | 'datacenter' | null;
  token: string | null;
  /** The file the profile was read from. */
  source: string;
  /** Why something is missing or was guessed, for the user. */
  note?: string;
  /** True for the profile the other tool uses by default. */
  isDefault?: boolean;
  /** The file the token was read from; `complete` when every token in it belongs to a profile read. */
  tokenFile?: { path: string; complete: boolean };
  /** The other tool's default Jira project key and board id (jira-cli). */
  defaultProject?: string;
  defaultBoard?: number;
}

export async function readForeignProfiles(tool: ForeignTool, home: string, env: NodeJS.ProcessEnv): Promise<ForeignProfile[]> {
  switch (tool) {
    case 'atlcli':
      return readAtlcli(home);
    case 'atlassian-cli':
      return readAtlassianCli(home, env);
    case 'atla':
      return readAtla(home, env);
    case 'jira-cli':
      return readJiraCli(home, env);
  }
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new AtlError('failure', `cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
}

function malformed(path: string, tool: ForeignTool, detail: string, cause?: unknown): AtlError {
  return new AtlError('config', `${path}: not a valid ${tool} file (${detail})`, {
    hint: `fix the file with ${tool}, or log in to atl directly with \`atl auth login\``,
    cause,
  });
}

function parseWith(path: string, tool: ForeignTool, text: string, kind: 'json' | 'yaml' | 'toml'): Json {
  let value: unknown;
  try {
    value = kind === 'json' ? JSON.parse(text) : kind === 'yaml' ? parseYaml(text) : parseToml(text);
  } catch (err) {
    // These files hold tokens, and parsers quote the text around a mistake (V8's JSON.parse a
    // snippet in its message, smol-toml and yaml the whole line after it): only the first line of
    // a TOML/YAML message is kept, JSON's is replaced, and the error is not kept as `cause`, whose
    // stack --debug would print.
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
    throw malformed(path, tool, kind === 'json' || first === '' ? `invalid ${kind.toUpperCase()}` : first);
  }
  if (value === null || value === undefined) return {};
  if (!isRecord(value)) throw malformed(path, tool, 'expected a mapping at the top level');
  return value;
}

function profilesOf(path: string, tool: ForeignTool, doc: Json, key = 'profiles'): Json {
  const profiles = doc[key];
  if (profiles === undefined || profiles === null) return {};
  if (!isRecord(profiles)) throw malformed(path, tool, `"${key}" must be a mapping`);
  return profiles;
}

/** Cloud for Atlassian-hosted sites, Data Center otherwise; null when the URL cannot tell. */
function deploymentOf(site: string): 'cloud' | 'datacenter' | null {
  try {
    const host = new URL(site).hostname.toLowerCase();
    return host.endsWith('.atlassian.net') || host.endsWith('.jira.com') ? 'cloud' : 'datacenter';
  } catch {
    return null;
  }
}

function bearerIf(value: unknown): 'basic' | 'bearer' {
  const text = typeof value === 'string' ? value.toLowerCase() : '';
  return text === 'bearer' || text === 'pat' || text === 'personal_access_token' ? 'bearer' : 'basic';
}

async function readAtlcli(home: string): Promise<ForeignProfile[]> {
  const dir = join(home, '.atlcli');
  const result = new Map<string, ForeignProfile>();
  let defaultName: string | null = null;
  // credentials.json last: it is where current versions keep profiles and tokens.
  for (const file of ['config.json', 'credentials.json']) {
    const path = join(dir, file);
    const text = await readText(path);
    if (text === null) continue;
    const doc = parseWith(path, 'atlcli', text, 'json');
    defaultName = str(doc.currentProfile) ?? str(doc.defaultProfile) ?? defaultName;
    for (const [key, value] of Object.entries(profilesOf(path, 'atlcli', doc))) {
      if (!isRecord(value)) throw malformed(path, 'atlcli', `profile "${key}" must be an object`);
      const site = str(value.baseUrl) ?? str(value.site) ?? str(value.url);
      if (site === null) continue; // Nothing to log in to.
      const token = str(value.apiToken) ?? str(value.token) ?? str(value.pat);
      const edition = str(value.edition);
      const profile: ForeignProfile = {
        name: str(value.name) ?? key,
        site,
        email: str(value.email),
        authType: bearerIf(value.authType),
        deployment: edition === 'cloud' || edition === 'datacenter' ? edition : deploymentOf(site),
        token,
        source: path,
      };
      if (token !== null && file === 'credentials.json') profile.tokenFile = { path, complete: true };
      if (token === null) {
        const username = str(value.username);
        profile.note = username
          ? `atlcli keeps this token in the macOS Keychain (service atlcli, account ${username}); enter it to import`
          : 'no token is stored for this profile (logged out in atlcli); enter it to import';
      }
      result.set(profile.name, profile);
    }
  }
  return markDefault([...result.values()], defaultName);
}

/** Where atlassian-cli may keep config.yaml, in the order it looks. */
function atlassianCliDirs(home: string, env: NodeJS.ProcessEnv): string[] {
  const own = str(env.ATLASSIAN_CLI_CONFIG_DIR);
  const xdg = str(env.XDG_CONFIG_HOME) ?? join(home, '.config');
  return [...(own ? [own] : []), join(xdg, 'atlassian-cli'), join(home, '.atlassian-cli'), join(home, '.atlcli')];
}

async function readAtlassianCli(home: string, env: NodeJS.ProcessEnv): Promise<ForeignProfile[]> {
  for (const dir of atlassianCliDirs(home, env)) {
    for (const file of ['config.yaml', 'config.yml']) {
      const path = join(dir, file);
      const text = await readText(path);
      if (text === null) continue;
      const doc = parseWith(path, 'atlassian-cli', text, 'yaml');
      return readAtlassianCliProfiles(path, dir, doc);
    }
  }
  return [];
}

async function readAtlassianCliProfiles(path: string, dir: string, doc: Json): Promise<ForeignProfile[]> {
  const profiles: ForeignProfile[] = [];
  for (const [name, value] of Object.entries(profilesOf(path, 'atlassian-cli', doc))) {
    if (!isRecord(value)) throw malformed(path, 'atlassian-cli', `profile "${name}" must be a mapping`);
    // Either one site for the profile, or per-product sections (jira/confluence) with their own URL.
    const jira = isRecord(value.jira) ? value.jira : isRecord(value.confluence) ? value.confluence : {};
    const site = str(value.base_url) ?? str(value.baseUrl) ?? str(value.url) ?? str(value.site) ?? str(jira.url) ?? str(jira.base_url);
    if (site === null) continue;
    profiles.push({
      name,
      site: site.replace(/\/wiki\/?$/, ''),
      email: str(value.email) ?? str(value.username) ?? str(jira.email) ?? str(jira.username),
      authType: bearerIf(value.auth_method ?? value.auth_type ?? value.authType ?? jira.auth_method),
      deployment: deploymentOf(site),
      token: null,
      source: path,
    });
  }
  if (profiles.length > 0) {
    const { readAtlassianCliTokens } = await import('./atlassian-cli-store.js');
    const store = await readAtlassianCliTokens(dir);
    for (const profile of profiles) {
      profile.token = store.tokens.get(profile.name) ?? null;
      const file = store.files.find((f) => f.accounts.includes(profile.name) && profile.token !== null);
      if (file) {
        // Removable once imported only if every token in it belongs to a profile imported here.
        profile.tokenFile = { path: file.path, complete: file.accounts.every((a) => profiles.some((p) => p.name === a)) };
        profile.source = `${path} + ${file.path}`;
      }
      const bitbucket = store.tokens.has(`${profile.name}_bitbucket`);
      const notes = [
        ...(profile.token === null
          ? [store.problem ?? `no token for this profile in ${join(dir, 'credentials.enc')}; enter it to import`]
          : []),
        ...(bitbucket ? [`its Bitbucket token is not imported: add it with \`atl auth login --profile ${profile.name} --bitbucket\``] : []),
      ];
      if (notes.length > 0) profile.note = notes.join('; ');
    }
  }
  return markDefault(profiles, str(doc.default_profile) ?? str(doc.defaultProfile));
}

async function readAtla(home: string, env: NodeJS.ProcessEnv): Promise<ForeignProfile[]> {
  const dir = join(str(env.XDG_CONFIG_HOME) ?? join(home, '.config'), 'atla');
  const configPath = str(env.ATLA_CONFIG) ?? join(dir, 'config.toml');
  const credentialsPath = str(env.ATLA_CREDENTIALS) ?? join(dir, 'credentials.toml');
  const text = await readText(configPath);
  if (text === null) return [];
  const doc = parseWith(configPath, 'atla', text, 'toml');
  const credentialsText = await readText(credentialsPath);
  const tokens =
    credentialsText === null
      ? {}
      : profilesOf(credentialsPath, 'atla', parseWith(credentialsPath, 'atla', credentialsText, 'toml'), 'tokens');
  const profiles: ForeignProfile[] = [];
  for (const [name, value] of Object.entries(profilesOf(configPath, 'atla', doc))) {
    if (!isRecord(value)) throw malformed(configPath, 'atla', `[profiles.${name}] must be a table`);
    const site = str(value.instance) ?? str(value.site);
    if (site === null) continue;
    const email = str(value.email);
    const stored = tokens[`${name}|${email ?? ''}|${site}`];
    const token = isRecord(stored) ? str(stored.token) : null;
    const store = str(value.credential_store) ?? str(value['credential-store']) ?? 'keyring';
    const profile: ForeignProfile = {
      name,
      site,
      email,
      authType: bearerIf(value.auth_type ?? value['auth-type']),
      deployment: deploymentOf(site),
      token,
      source: token === null ? configPath : `${configPath} + ${credentialsPath}`,
    };
    if (token !== null) profile.tokenFile = { path: credentialsPath, complete: false };
    if (token === null) {
      profile.note =
        store === 'file'
          ? `no token for this profile in ${credentialsPath}; enter it to import`
          : 'atla keeps this token in the OS keyring (service atla); enter it to import';
    }
    profiles.push(profile);
  }
  // credentials.toml can go only if every token in it belongs to a profile read here.
  const used = new Set(profiles.filter((p) => p.token !== null).map((p) => `${p.name}|${p.email ?? ''}|${p.site}`));
  const complete = Object.keys(tokens).every((key) => used.has(key));
  for (const profile of profiles) if (profile.tokenFile) profile.tokenFile.complete = complete;
  const defaults = isRecord(doc.default) ? doc.default : {};
  return markDefault(profiles, str(defaults.profile));
}

async function readJiraCli(home: string, env: NodeJS.ProcessEnv): Promise<ForeignProfile[]> {
  const path = str(env.JIRA_CONFIG_FILE) ?? join(str(env.XDG_CONFIG_HOME) ?? join(home, '.config'), '.jira', '.config.yml');
  const text = await readText(path);
  if (text === null) return [];
  const doc = parseWith(path, 'jira-cli', text, 'yaml');
  const site = str(doc.server);
  if (site === null) throw malformed(path, 'jira-cli', 'no "server"');
  const installation = str(doc.installation)?.toLowerCase();
  const authType = str(doc.auth_type)?.toLowerCase() ?? 'basic';
  const token = str(env.JIRA_API_TOKEN);
  const notes: string[] = [];
  if (authType !== 'basic' && authType !== 'bearer')
    notes.push(`jira-cli auth_type "${authType}" is not supported by atl; imported as basic`);
  if (token === null)
    notes.push('jira-cli reads its token from JIRA_API_TOKEN (or .netrc / the keyring), which is not set; enter it to import');
  const profile: ForeignProfile = {
    name: 'default',
    site,
    email: str(doc.login),
    authType: authType === 'bearer' ? 'bearer' : 'basic',
    deployment: installation === 'cloud' ? 'cloud' : installation === 'local' ? 'datacenter' : deploymentOf(site),
    token,
    source: path,
    isDefault: true,
  };
  const project = isRecord(doc.project) ? str(doc.project.key) : str(doc.project);
  if (project !== null) profile.defaultProject = project;
  const board = isRecord(doc.board) ? doc.board.id : undefined;
  if (typeof board === 'number' && Number.isSafeInteger(board) && board > 0) profile.defaultBoard = board;
  if (notes.length) profile.note = notes.join('; ');
  return [profile];
}

function markDefault(profiles: ForeignProfile[], defaultName: string | null): ForeignProfile[] {
  for (const profile of profiles) if (defaultName !== null && profile.name === defaultName) profile.isDefault = true;
  return profiles;
}
