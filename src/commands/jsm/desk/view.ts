import { printJson } from '../../../cmdutil/json.js';
import { openOnWeb, wantsWeb } from '../../../cmdutil/web.js';
import { jsmContext, portalUrl } from '../../../jsm/context.js';
import { getDesk, listRequestTypes } from '../../../jsm/desks.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';

export default defineCommand({
  path: ['jsm', 'desk', 'view'],
  summary: 'Show a service desk and its request types',
  json: 'value',
  arguments: '<desk>',
  examples: ['atl jsm desk view HELP', 'atl jsm desk view 1 --json', 'atl jsm desk view HELP --web'],
  options: (command) => command.option('--web', "open the desk's help center portal in the browser (the URL is printed too)"),
  async run(f, args, options) {
    const web = wantsWeb(f, options);
    const ctx = await jsmContext(f);
    const desk = await getDesk(ctx, args[0]!);
    if (web) return openOnWeb(f, portalUrl(ctx, desk.id));
    if (f.globals.json) return printJson(f.io, desk);
    const types = await listRequestTypes(ctx, desk.id).toArray();
    let out = `${desk.projectName}\n\nID          ${desk.id}\nProject     ${desk.projectKey}\n`;
    out += `\nRequest types (${types.length}):\n`;
    for (const type of types) out += `  ${type.name}  (${type.id})\n`;
    f.io.stdout.write(sanitizeText(out));
  },
});
