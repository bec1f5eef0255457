import { defaultValueProblem } from '../../auth/config.js';
import { updateLocalConfig } from '../../auth/local-config.js';
import { settingText, withLocalSetting } from '../../auth/local-settings.js';
import { printJson } from '../../cmdutil/json.js';
import { usageError } from '../../errors.js';
import { sanitizeText } from '../../output/terminal.js';
import { defineCommand } from '../spec.js';
import { checkScope, settingKey } from './_keys.js';

export default defineCommand({
  path: ['config', 'set'],
  summary: 'Change one setting (an empty VALUE removes it)',
  json: 'value',
  description:
    'Set KEY to VALUE, checked by the same rules as the file it goes to. Global settings go to config.yaml: editor ' +
    '(the editor for Markdown bodies; wins over VISUAL and EDITOR), pager, output (text or json). With --local, the ' +
    'per-directory settings (profile, jira.project, confluence.space, bitbucket.repo, jsm.desk) go to the nearest ' +
    '.atl.yaml, or to a new ./.atl.yaml when there is none. Files are rewritten atomically with mode 0600, keeping ' +
    'their comments and everything else they hold. An empty VALUE removes the setting.',
  arguments: '<key> <value>',
  examples: ['atl config set editor "code --wait"', 'atl config set jira.project ABC --local', 'atl config set profile "" --local'],
  options: (command) => command.option('--local', 'change the nearest .atl.yaml (or create ./.atl.yaml)'),
  async run(f, args, options) {
    const [name, raw] = [args[0]!, args[1]!];
    const key = settingKey(name);
    checkScope(key, options.local, name);
    const value = raw === '' ? undefined : raw;
    let where: string;
    if (key.scope === 'global') {
      const problem = value === undefined ? null : defaultValueProblem(key.key, value);
      if (problem) throw usageError(problem);
      const store = await f.configStore();
      await store.update((config) => {
        const defaults = { ...config.defaults };
        if (value === undefined) delete defaults[key.key];
        else (defaults as Record<string, string>)[key.key] = value;
        config.defaults = defaults;
      });
      where = store.path;
    } else {
      const text = value === undefined ? undefined : settingText(key.key, value);
      if (typeof text === 'object') throw usageError(text.problem);
      where = (await updateLocalConfig(f, (settings) => withLocalSetting(settings, key.key, text))).path;
    }
    if (f.globals.json) printJson(f.io, { key: name, value: value ?? null, file: where });
    else f.io.stderr.write(sanitizeText(value === undefined ? `removed ${name} from ${where}\n` : `set ${name} in ${where}\n`));
  },
});
