import { printJson } from '../../../cmdutil/json.js';
import { attachmentBody, uploadAttachments } from '../../../jira/attachments.js';
import { jiraContext } from '../../../jira/context.js';
import { checkIssueKey } from '../../../jira/issues.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { humanSize } from './list.js';

export default defineCommand({
  path: ['jira', 'attachment', 'upload'],
  summary: 'Attach files to an issue',
  description:
    'Attach one or more files to an issue in one request. Each file is streamed from disk, so its size is not limited by memory; ' +
    'a file that does not exist stops the command (exit 2) before anything is sent.',
  json: 'value',
  arguments: '<key> <files...>',
  examples: [
    'atl jira attachment upload ABC-123 screenshot.png',
    'atl jira attachment upload ABC-123 logs/app.log report.pdf',
    'atl jira attachment upload ABC-123 build.zip --json',
  ],
  async run(f, args) {
    const key = checkIssueKey(args[0]!);
    const body = await attachmentBody(args.slice(1));
    const added = await uploadAttachments(await jiraContext(f), key, body);
    if (f.globals.json) return printJson(f.io, added);
    for (const a of added)
      f.io.stdout.write(sanitizeText(`attached ${a.filename} (${humanSize(a.size)}) to ${key} as attachment ${a.id}\n`));
  },
});
