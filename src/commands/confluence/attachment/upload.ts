import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { printJson } from '../../../cmdutil/json.js';
import { attachmentSize, uploadAttachment } from '../../../confluence/attachments.js';
import { resolveContentId } from '../../../confluence/content.js';
import { confluenceContext } from '../../../confluence/context.js';
import type { ConfluenceAttachment } from '../../../confluence/types.js';
import { usageError } from '../../../errors.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { humanSize } from '../../jira/attachment/list.js';

export default defineCommand({
  path: ['confluence', 'attachment', 'upload'],
  summary: 'Attach files to a page (a file of the same name becomes a new version)',
  description:
    'Upload files to a page, one request each, streamed from disk (their size is not limited by memory). A file named like an attachment ' +
    'the page already has becomes its new version. Every file is checked before anything is sent.',
  json: 'value',
  arguments: '<page> <files...>',
  examples: [
    'atl confluence attachment upload "DOCS:Getting Started" screenshot.png',
    'atl confluence attachment upload "DOCS:Tables" report.pdf logs/app.log --comment "Q3 figures"',
  ],
  options: (command) => command.option('--comment <text>', 'a comment saved with each file'),
  async run(f, args, options) {
    const paths = args.slice(1);
    for (const path of paths) {
      const info = await stat(path).catch(() => null);
      if (!info) throw usageError(`${path}: no such file`, 'check the path; nothing was uploaded');
      if (!info.isFile()) throw usageError(`${path} is not a file`, 'give files, not folders; nothing was uploaded');
    }
    const ctx = await confluenceContext(f);
    const id = await resolveContentId(ctx, 'page', args[0]!);
    const { TransferProgress } = await import('../_shared/transfer.js');
    const done: ConfluenceAttachment[] = [];
    for (const path of paths) {
      const progress = new TransferProgress(f.io, `uploading ${basename(path)}`, undefined);
      const { attachment, replaced } = await uploadAttachment(ctx, id, path, options.comment, (body) => progress.body(body)).finally(() =>
        progress.done(),
      );
      done.push(attachment);
      if (!f.globals.json) {
        const size = humanSize(attachmentSize(attachment));
        f.io.stdout.write(
          sanitizeText(
            `${replaced ? 'updated' : 'attached'} ${attachment.title}${size ? ` (${size})` : ''} on page ${id}: attachment ${attachment.id}, version ${attachment.version?.number ?? 1}\n`,
          ),
        );
      }
    }
    if (f.globals.json) printJson(f.io, done);
  },
});
