import { printJson } from '../../../cmdutil/json.js';
import { attachFiles } from '../../../jsm/attachments.js';
import { jsmContext } from '../../../jsm/context.js';
import { getRequest } from '../../../jsm/requests.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';

export default defineCommand({
  path: ['jsm', 'request', 'attach'],
  summary: 'Attach files to a request (customer-visible unless --internal)',
  json: 'value',
  arguments: '<key> <file...>',
  examples: ['atl jsm request attach HELP-1 notes.md bug.md', 'atl jsm request attach HELP-1 bug.md --internal --dry-run'],
  options: (command) =>
    command.option('--internal', 'only agents see the files').option('--dry-run', 'print what would be attached; send nothing'),
  async run(f, args, options) {
    const [key, ...files] = args as [string, ...string[]];
    if (options.dryRun) {
      f.io.stderr.write(`dry run: would attach to ${key} (${options.internal ? 'internal' : 'customer-visible'}):\n`);
      printJson(f.io, files);
      return;
    }
    const ctx = await jsmContext(f);
    const request = await getRequest(ctx, key);
    const names = await attachFiles(ctx, request.serviceDeskId, key, files, !options.internal);
    if (f.globals.json) return printJson(f.io, names);
    f.io.stdout.write(sanitizeText(`Attached ${names.join(', ')} to ${key}\n`));
  },
});
