import { printJson } from '../../../cmdutil/json.js';
import { confluenceContext, webUrl } from '../../../confluence/context.js';
import { checkSpaceKey, getSpace, homepageIdOf, spaceDescription } from '../../../confluence/spaces.js';
import { conflictError } from '../../../cmdutil/flags.js';
import { defineCommand } from '../../spec.js';
import { rememberSeen } from '../../../completion/seen.js';
import { openOnWeb } from '../../../cmdutil/web.js';
import { printFields } from '../_shared/fields.js';

export default defineCommand({
  path: ['confluence', 'space', 'view'],
  summary: 'Show a space',
  json: 'value',
  arguments: '<key>',
  examples: ['atl confluence space view DOCS', 'atl confluence space view DOCS --json', 'atl confluence space view DOCS --web'],
  options: (command) => command.option('--web', 'open the space in the browser (the URL is printed too)'),
  async run(f, args, options) {
    if (options.web && f.globals.json) throw conflictError('--web', '--json');
    const key = checkSpaceKey(args[0]!);
    const ctx = await confluenceContext(f);
    const space = await getSpace(ctx, key);
    await rememberSeen(f, { spaces: [space.key] });
    const url = webUrl(ctx, space._links?.webui ?? (ctx.deployment === 'cloud' ? `/spaces/${key}` : `/display/${key}`));
    if (options.web) return openOnWeb(f, url);
    if (f.globals.json) return printJson(f.io, space);
    printFields(f.io, [
      ['Key', space.key],
      ['Name', space.name],
      ['Type', space.type],
      ['Status', space.status],
      ['ID', String(space.id)],
      ['Home page', homepageIdOf(space)],
      ['Description', spaceDescription(space)],
      ['URL', url],
    ]);
  },
});
