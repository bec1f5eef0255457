import { printJson } from '../../output/table.js';
import { defineCommand } from '../spec.js';
import { requireProfile } from './_manage/profiles.js';

export default defineCommand({
  path: ['auth', 'switch'],
  aliases: ['use'],
  summary: 'Make a profile the default one',
  description:
    'Make a profile the default one: commands use it when neither --profile nor ATL_PROFILE says otherwise.',
  arguments: '<name>',
  examples: ['atl auth switch work', 'atl auth list   # see the profile names'],
  async run(f, args) {
    const name = args[0]!;
    const store = await f.configStore();
    // Checked before the write too, so an unknown name leaves the file untouched.
    requireProfile(await store.read(), name);
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
