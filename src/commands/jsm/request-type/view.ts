import { printJson } from '../../../cmdutil/json.js';
import { openOnWeb, wantsWeb } from '../../../cmdutil/web.js';
import { jsmContext, portalUrl } from '../../../jsm/context.js';
import { getDesk, requestTypeFields, resolveRequestType } from '../../../jsm/desks.js';
import { fieldKind } from '../../../jsm/fields.js';
import { printTable } from '../../../output/table.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';

export default defineCommand({
  path: ['jsm', 'request-type', 'view'],
  summary: 'Show the fields a request type asks for: name, id, required, type and valid values',
  json: 'value',
  arguments: '<type>',
  examples: [
    'atl jsm request-type view --desk HELP "Get IT help"',
    'atl jsm request-type view --desk HELP 3 --json',
    'atl jsm request-type view --desk HELP 3 --web',
  ],
  options: (command) =>
    command
      .requiredOption('--desk <desk>', 'the service desk (project key or id)')
      .option('--web', "open the request type's form on the help center portal in the browser (the URL is printed too)"),
  async run(f, args, options) {
    const web = wantsWeb(f, options);
    const ctx = await jsmContext(f);
    const type = await resolveRequestType(ctx, options.desk, args[0]!);
    if (web) {
      const deskId = type.serviceDeskId ?? (await getDesk(ctx, options.desk)).id;
      return openOnWeb(f, `${portalUrl(ctx, deskId)}/create/${encodeURIComponent(type.id)}`);
    }
    const meta = await requestTypeFields(ctx, options.desk, type.id);
    if (f.globals.json) return printJson(f.io, { ...type, ...meta });
    f.io.stdout.write(sanitizeText(`${type.name} (${type.id})\n${type.description ? `${type.description}\n` : ''}\n`));
    printTable(
      f.io,
      [
        { header: 'NAME', value: (field) => field.name },
        { header: 'FIELD', value: (field) => field.fieldId },
        { header: 'REQUIRED', value: (field) => (field.required ? 'yes' : 'no') },
        { header: 'TYPE', value: (field) => fieldKind(field) },
        { header: 'VALID VALUES', value: (field) => (field.validValues ?? []).map((v) => v.label).join(', '), flexible: true },
      ],
      meta.requestTypeFields,
    );
  },
});
