// The readers of other CLIs' profiles live in src/auth/import; the import command takes the
// reader as a parameter so its tests can hand in fixtures without touching a home directory.
// Type-only imports: every command file loads to build the command tree, and the readers pull in
// the TOML and YAML parsers, which only `atl auth import` needs.
import type { ForeignProfile, ForeignTool } from '../../../auth/import/index.js';

export type { ForeignProfile, ForeignTool } from '../../../auth/import/index.js';

export type ForeignReader = (tool: ForeignTool, home: string, env: NodeJS.ProcessEnv) => Promise<ForeignProfile[]>;

/** Where each tool keeps its profiles, for the "nothing found" hint. */
export const FOREIGN_LOCATIONS: Record<ForeignTool, string> = {
  atlcli: '~/.atlcli/credentials.json and ~/.atlcli/config.json',
  'atlassian-cli': '~/.config/atlassian-cli/config.yaml and ~/.atlassian-cli/config.yaml',
  atla: '~/.config/atla/config.toml and credentials.toml (or ATLA_CONFIG / ATLA_CREDENTIALS)',
  'jira-cli': '~/.config/.jira/.config.yml (or JIRA_CONFIG_FILE), with the token from JIRA_API_TOKEN',
};

/** The tools `--from` accepts; the Record type above makes the compiler check the list is complete. */
export const FOREIGN_TOOLS = Object.keys(FOREIGN_LOCATIONS) as ForeignTool[];

/** Loaded on demand: only `atl auth import` needs the TOML/YAML readers. */
export const readForeignProfiles: ForeignReader = async (tool, home, env) => {
  const readers = await import('../../../auth/import/index.js');
  return readers.readForeignProfiles(tool, home, env);
};
