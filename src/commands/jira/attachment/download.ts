import { once } from 'node:events';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { conflictError } from '../../../cmdutil/flags.js';
import { printJson } from '../../../cmdutil/json.js';
import { usageError } from '../../../errors.js';
import { listAttachments, openAttachment, selectAttachments } from '../../../jira/attachments.js';
import { jiraContext } from '../../../jira/context.js';
import { checkIssueKey } from '../../../jira/issues.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { humanSize } from './list.js';

export default defineCommand({
  path: ['jira', 'attachment', 'download'],
  summary: 'Download the attachments of an issue',
  description:
    'Download attachments by id or file name (all of them when none is named) into --dir (default: the current directory), ' +
    'under their own names. Each file streams to disk and appears only once complete; an existing file is never replaced ' +
    'without --force. With the global --output FILE one attachment is written to FILE, and --output - streams it to stdout.',
  json: 'value',
  arguments: '<key> [attachments...]',
  examples: [
    'atl jira attachment download ABC-123',
    'atl jira attachment download ABC-123 screenshot.png --dir ~/Downloads',
    'atl jira attachment download ABC-123 10042 --output report.pdf --force',
    'atl jira attachment download ABC-123 app.log --output - | grep ERROR',
  ],
  options: (command) =>
    command
      .option('--dir <dir>', 'the folder to save into (default: the current directory)')
      .option('--force', 'replace files that already exist'),
  async run(f, args, options) {
    const key = checkIssueKey(args[0]!);
    const toOutput = f.globals.output !== undefined || f.globals.outputStdout === true;
    if (toOutput && options.dir !== undefined) throw conflictError('--output', '--dir');
    if (toOutput && f.globals.json) throw conflictError('--output', '--json');
    const dir = options.dir ?? '.';
    if (!toOutput) {
      const info = await stat(dir).catch(() => null);
      if (!info?.isDirectory()) throw usageError(`--dir ${dir}: no such folder`, 'create it first, or give a folder that exists');
    }
    // Loaded here, not with every jira command: only a download writes files this way.
    const { existsError, pathExists: exists, safeFileName, saveStream } = await import('../../../output/save-file.js');
    const ctx = await jiraContext(f);
    const chosen = selectAttachments(key, await listAttachments(ctx, key), args.slice(1));
    if (chosen.length === 0) {
      f.io.stderr.write(`${key} has no attachments\n`);
      return;
    }

    if (toOutput) {
      if (chosen.length > 1)
        throw usageError(`--output takes one attachment; ${chosen.length} were chosen`, 'name one by id or file name, or use --dir');
      if (f.globals.output !== undefined && !options.force && (await exists(f.globals.output))) throw existsError(f.globals.output);
      // stdout is FILE's temp file under --output FILE (written and renamed when complete), or stdout itself.
      for await (const chunk of await openAttachment(ctx, chosen[0]!)) {
        if (!f.io.stdout.write(chunk)) await once(f.io.stdout, 'drain');
      }
      return;
    }

    // Two attachments with one name get their ids in front, so neither replaces the other.
    const names = chosen.map((a) => safeFileName(a.filename, `attachment-${a.id}`));
    const paths = names.map((name, i) => join(dir, names.indexOf(name) === names.lastIndexOf(name) ? name : `${chosen[i]!.id}-${name}`));
    if (!options.force) {
      for (const path of paths) if (await exists(path)) throw existsError(path);
    }
    const saved: Array<{ id: string; filename: string; path: string; size: number }> = [];
    for (const [i, a] of chosen.entries()) {
      const size = await saveStream(await openAttachment(ctx, a), paths[i]!, options.force === true);
      saved.push({ id: a.id, filename: a.filename, path: paths[i]!, size });
      if (!f.globals.json) f.io.stdout.write(sanitizeText(`saved ${paths[i]} (${humanSize(size)})\n`));
    }
    if (f.globals.json) printJson(f.io, saved);
  },
});
