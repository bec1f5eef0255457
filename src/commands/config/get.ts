import { localConfig } from '../../auth/local-config.js';
import { localSetting } from '../../auth/local-settings.js';
import { printJson } from '../../cmdutil/json.js';
import { sanitizeText } from '../../output/terminal.js';
import { defineCommand } from '../spec.js';
import { checkScope, settingKey } from './_keys.js';

export default defineCommand({
  path: ['config', 'get'],
  summary: 'Print one setting',
  json: 'value',
  description:
    'Print the value of KEY: a global setting (editor, pager, output) from config.yaml, or a per-directory one ' +
    '(profile, jira.project, confluence.space, bitbucket.repo, jsm.desk) from the nearest .atl.yaml, with or without --local. ' +
    'Nothing is printed for a setting that is not set (--json: "value": null).',
  arguments: '<key>',
  examples: ['atl config get editor', 'atl config get jira.project', 'atl config get profile --json'],
  options: (command) => command.option('--local', 'read the nearest .atl.yaml (per-directory settings)'),
  async run(f, args, options) {
    const name = args[0]!;
    const key = settingKey(name);
    // Reading a per-directory setting needs no --local: there is only one place it can be.
    checkScope(key, key.scope === 'local' ? true : options.local, name);
    let value: string | undefined;
    if (key.scope === 'global') value = (await (await f.configStore()).read()).defaults?.[key.key];
    else {
      const local = await localConfig(f);
      value = local === null ? undefined : localSetting(local.settings, key.key);
    }
    if (f.globals.json) printJson(f.io, { key: name, value: value ?? null });
    else if (value !== undefined) f.io.stdout.write(`${sanitizeText(value)}\n`);
  },
});
