import { localConfig } from '../../auth/local-config.js';
import { localSetting } from '../../auth/local-settings.js';
import { printJson } from '../../cmdutil/json.js';
import { sanitizeText } from '../../output/terminal.js';
import { defineCommand } from '../spec.js';
import { GLOBAL_KEYS, LOCAL_KEYS } from './_keys.js';

export default defineCommand({
  path: ['config', 'list'],
  summary: 'Print the settings that are set, as KEY=VALUE',
  json: 'value',
  description:
    'Print the global settings of config.yaml that are set, then the per-directory settings of the nearest .atl.yaml, ' +
    'one KEY=VALUE a line. --local prints the .atl.yaml settings alone. --json: {"global": {...}, "local": {"file", "settings"} or null}.',
  examples: ['atl config list', 'atl config list --local', 'atl config list --json'],
  options: (command) => command.option('--local', 'only the nearest .atl.yaml'),
  async run(f, _args, options) {
    const global: Record<string, string> = {};
    if (!options.local) {
      const defaults = (await (await f.configStore()).read()).defaults ?? {};
      for (const key of GLOBAL_KEYS) if (defaults[key] !== undefined) global[key] = defaults[key]!;
    }
    const local = await localConfig(f);
    const settings: Record<string, string> = {};
    for (const key of LOCAL_KEYS) {
      const value = local === null ? undefined : localSetting(local.settings, key);
      if (value !== undefined) settings[key] = value;
    }
    if (f.globals.json) {
      printJson(f.io, { ...(options.local ? {} : { global }), local: local === null ? null : { file: local.path, settings } });
      return;
    }
    const lines = [...Object.entries(global), ...Object.entries(settings)].map(([k, v]) => `${k}=${v}\n`);
    f.io.stdout.write(sanitizeText(lines.join('')));
  },
});
