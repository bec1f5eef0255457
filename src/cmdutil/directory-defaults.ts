/**
 * The one place where a `.atl.yaml`'s product defaults become flag values: jira --project,
 * confluence --space, bitbucket --repo and jsm --desk. A default is given to commander as the
 * option's value with source 'default', so a flag on the command line wins, a required flag is
 * satisfied, and the command's `run` sees the value as if typed; the file wins over the profile's
 * own defaults (the Bitbucket login's workspace, the git remote), which commands apply only to a
 * flag left unset.
 */
import type { Command } from 'commander';
import { localConfig } from '../auth/local-config.js';
import { localSetting, type LocalSettingName } from '../auth/local-settings.js';
import type { Factory } from '../factory.js';

/** Each product's flag that a `.atl.yaml` setting defaults (by the option's attribute name). */
export const DIRECTORY_DEFAULT_FLAGS: Readonly<Record<string, { option: string; setting: LocalSettingName }>> = {
  jira: { option: 'project', setting: 'jira.project' },
  confluence: { option: 'space', setting: 'confluence.space' },
  bitbucket: { option: 'repo', setting: 'bitbucket.repo' },
  jsm: { option: 'desk', setting: 'jsm.desk' },
};

/**
 * Commands whose flag of that name means something else than "the one to work in", so a directory
 * default would change what they do: page move's --space only says where to look a parent title
 * up (default: the page's own space), organization add's --desk also adds it to a desk, and issue
 * clone's --project moves the copy elsewhere (default: the original's project).
 */
const NOT_DEFAULTED: ReadonlySet<string> = new Set(['confluence page move', 'jsm organization add', 'jira issue clone']);

function leaves(command: Command, path: readonly string[], out: Array<{ command: Command; path: string[] }>): void {
  for (const sub of command.commands) {
    const subPath = [...path, sub.name()];
    if (sub.commands.length === 0) out.push({ command: sub, path: subPath });
    else leaves(sub, subPath, out);
  }
}

/**
 * Gives the loaded product commands their `.atl.yaml` defaults. The file is looked for only when
 * argv's group is a product with such a flag, so other commands never read it (nor fail on it).
 */
export async function applyDirectoryDefaults(f: Factory, program: Command): Promise<void> {
  const targets: Array<{ command: Command; attribute: string; setting: LocalSettingName }> = [];
  for (const group of program.commands) {
    const flag = DIRECTORY_DEFAULT_FLAGS[group.name()];
    if (!flag) continue;
    const found: Array<{ command: Command; path: string[] }> = [];
    leaves(group, [group.name()], found);
    for (const { command, path } of found) {
      if (NOT_DEFAULTED.has(path.join(' '))) continue;
      if (command.options.some((option) => option.attributeName() === flag.option)) {
        targets.push({ command, attribute: flag.option, setting: flag.setting });
      }
    }
  }
  if (targets.length === 0) return;
  const local = await localConfig(f);
  if (local === null) return;
  for (const { command, attribute, setting } of targets) {
    const value = localSetting(local.settings, setting);
    if (value === undefined) continue;
    const option = command.options.find((o) => o.attributeName() === attribute)!;
    // Set as commander sets a default; help drawn by the live tree (not the build's precomputed help) shows it too.
    option.defaultValue = value;
    option.defaultValueDescription = `${value}, from ${local.path}`;
    command.setOptionValueWithSource(attribute, value, 'default');
  }
}
