import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { printJson } from '../../../cmdutil/json.js';
import { attachmentSize, listAttachments, openAttachment, selectAttachments } from '../../../confluence/attachments.js';
import { resolveContentId } from '../../../confluence/content.js';
import { confluenceContext } from '../../../confluence/context.js';
import { usageError } from '../../../errors.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { humanSize } from '../../jira/attachment/list.js';

export default defineCommand({
  path: ['confluence', 'attachment', 'download'],
  summary: 'Download the attachments of a page',
  description:
    'Download attachments by name or id (all of them when none is named) into --dir (default: the current directory), under their own ' +
    'names. Each file streams to disk and appears only once complete; an existing file is never replaced without --force.',
  json: 'value',
  arguments: '<page> [names...]',
  examples: [
    'atl confluence attachment download "DOCS:FAQ"',
    'atl confluence attachment download "DOCS:Links and Images" diagram.png --dir ~/Downloads',
  ],
  options: (command) =>
    command
      .option('--dir <dir>', 'the folder to save into (default: the current directory)')
      .option('--force', 'replace files that already exist'),
  async run(f, args, options) {
    const dir = options.dir ?? '.';
    const info = await stat(dir).catch(() => null);
    if (!info?.isDirectory()) throw usageError(`--dir ${dir}: no such folder`, 'create it first, or give a folder that exists');
    // Loaded here, not with every confluence command: only a download writes files this way.
    const { existsError, pathExists: exists, safeFileName, saveStream } = await import('../../../output/save-file.js');
    const { TransferProgress } = await import('../_shared/transfer.js');
    const ctx = await confluenceContext(f);
    const id = await resolveContentId(ctx, 'page', args[0]!);
    const chosen = selectAttachments(id, await listAttachments(ctx, 'page', id), args.slice(1));
    if (chosen.length === 0) {
      f.io.stderr.write(`page ${id} has no attachments\n`);
      return;
    }
    const names = chosen.map((a) => safeFileName(a.title, `attachment-${a.id}`));
    const paths = names.map((name, i) => join(dir, names.indexOf(name) === names.lastIndexOf(name) ? name : `${chosen[i]!.id}-${name}`));
    if (!options.force) for (const path of paths) if (await exists(path)) throw existsError(path);
    const saved: Array<{ id: string; title: string; path: string; size: number }> = [];
    for (const [i, a] of chosen.entries()) {
      const progress = new TransferProgress(f.io, `downloading ${names[i]}`, attachmentSize(a));
      const size = await saveStream(progress.count(await openAttachment(ctx, id, a)), paths[i]!, options.force === true).finally(() =>
        progress.done(),
      );
      saved.push({ id: a.id, title: a.title, path: paths[i]!, size });
      if (!f.globals.json) f.io.stdout.write(sanitizeText(`saved ${paths[i]} (${humanSize(size)})\n`));
    }
    if (f.globals.json) printJson(f.io, saved);
  },
});
