import { printJson } from '../../cmdutil/json.js';
import { defineCommand } from '../spec.js';
import { requireProfile } from './_manage/profiles.js';

export default defineCommand({
  path: ['auth', 'switch'],
  aliases: ['use'],
  summary: 'Make a profile the default one',
  json: 'value',
  description:
    'Make a profile the default one: commands use it when neither --profile nor ATL_PROFILE says otherwise. ' +
    '--dry-run prints the change and makes none.',
  arguments: '<name>',
  examples: ['atl auth switch work', 'atl auth list   # see the profile names', 'atl auth switch work --dry-run'],
  options: (command) => command.option('--dry-run', 'print which profile would become the default, and change nothing'),
  async run(f, args, options) {
    const name = args[0]!;
    const store = await f.configStore();
    // Checked before the write too, so an unknown name leaves the file untouched.
    const current = await store.read();
    const wanted = requireProfile(current, name);
    if (options.dryRun) {
      if (f.globals.json)
        printJson(f.io, { dryRun: true, defaultProfile: name, previousDefault: current.defaultProfile, site: wanted.site });
      else if (current.defaultProfile === name) f.io.stdout.write(`"${name}" is already the default profile (dry run, nothing changed).\n`);
      else
        f.io.stdout.write(
          `Would make "${name}" (${wanted.site}) the default profile${current.defaultProfile ? ` instead of "${current.defaultProfile}"` : ''} (dry run, nothing changed).\n`,
        );
      return;
    }
    const config = await store.update((draft) => {
      requireProfile(draft, name);
      draft.defaultProfile = name;
    });
    const profile = requireProfile(config, name);
    if (f.globals.json) {
      printJson(f.io, { defaultProfile: name, site: profile.site });
    } else {
      f.io.stdout.write(`Default profile is now "${name}" (${profile.site}).\n`);
    }
    if (f.env.ATL_PROFILE && f.env.ATL_PROFILE !== name) {
      f.io.stderr.write(`note: ATL_PROFILE=${f.env.ATL_PROFILE} is set, so commands in this shell still use that profile.\n`);
    }
  },
});
