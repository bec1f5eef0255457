import { printJson } from '../../../cmdutil/json.js';
import type { PushAction } from '../../../confluence/sync/push.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { concurrencyOf, engineOptions } from './_shared/engine.js';

function describe(action: PushAction, dryRun: boolean): string {
  const verb = (done: string, planned: string) => (dryRun ? planned : done);
  const file = sanitizeText(action.path);
  switch (action.kind) {
    case 'create':
      return `${verb('created', 'would create')} ${file} (${sanitizeText(action.title)})`;
    case 'update': {
      const forced = action.forcedOver === undefined ? '' : `, over Confluence's version ${action.forcedOver}`;
      return `${verb('updated', 'would update')} ${file} (${action.changes.join(', ') || 'content'}${forced})`;
    }
    case 'labels': {
      const changes = [...action.add.map((l) => `+${l}`), ...action.remove.map((l) => `-${l}`)].join(' ');
      return `${verb('labelled', 'would label')} ${file} ${sanitizeText(changes)}`;
    }
    case 'upload':
      return `${verb('uploaded', 'would upload')} ${sanitizeText(action.file)}`;
    case 'delete':
      return `${verb('deleted', 'would delete')} page ${action.id} (${sanitizeText(action.title)}) of ${file}`;
  }
}

export default defineCommand({
  path: ['confluence', 'docs', 'push'],
  summary: 'Push the changes of a pulled folder to Confluence',
  description:
    'Creates pages for new files (the parent is the folder’s index.md), updates changed ones, renames pages whose front-matter ' +
    'title changed and uploads new or changed images. A page changed in Confluence since your pull is never overwritten: it is ' +
    'reported as a conflict and skipped (exit 1); pull to merge, or --force. Pages of deleted files are removed only with ' +
    '--delete, and only pages this folder tracks. --dry-run shows the plan and writes nothing. A push that was interrupted is ' +
    'finished by the next one, without creating any page twice.',
  json: 'value',
  arguments: '[files...]',
  examples: [
    'atl confluence docs pull DOCS docs/ && echo "One more line." >> "docs/Documentation Home/index.md" && atl confluence docs push --dry-run --dir docs/',
    'atl confluence docs pull DOCS docs/ && printf -- "---\\ntitle: Docs sync runbook\\n---\\n\\nSteps.\\n" > "docs/Documentation Home/Docs sync runbook.md" && atl confluence docs push --dir docs/',
    'atl confluence docs pull DOCS docs/ && rm "docs/Documentation Home/Reference/Glossary.md" && atl confluence docs push --delete --dry-run --dir docs/',
  ],
  options: (command) =>
    command
      .option('--dir <dir>', 'the pulled folder (default: the current directory)')
      .option('--dry-run', 'show what would be written, write nothing')
      .option('--force', 'write pages even when they changed in Confluence since the last pull')
      .option('--delete', 'delete the pages of files deleted here')
      .option('--concurrency <n>', 'pages written at a time', '4'),
  async run(f, args, options) {
    const engine = await engineOptions(f, options.dir ?? '.', concurrencyOf(options.concurrency), 'pushing');
    const { push } = await import('../../../confluence/sync/push.js');
    const report = await push({
      ...engine,
      files: args as string[],
      dryRun: options.dryRun === true,
      force: options.force === true,
      delete: options.delete === true,
    }).finally(() => engine.progress.clear());
    if (f.globals.json) {
      printJson(f.io, report);
    } else {
      const out = f.io.stdout;
      for (const item of report.recovered) out.write(`recovered ${sanitizeText(item.path)}: ${sanitizeText(item.outcome)}\n`);
      for (const action of report.dryRun ? report.planned : report.done) out.write(`${describe(action, report.dryRun)}\n`);
      for (const conflict of report.conflicts)
        f.io.stderr.write(`conflict: ${sanitizeText(conflict.path)}: ${sanitizeText(conflict.reason)}\n`);
      for (const failure of report.failed) f.io.stderr.write(`failed: ${sanitizeText(failure.path)}: ${sanitizeText(failure.reason)}\n`);
      for (const skip of report.skipped) f.io.stderr.write(`skipped: ${sanitizeText(skip.path)}: ${sanitizeText(skip.reason)}\n`);
      if (report.planned.length === 0 && report.conflicts.length === 0) out.write('nothing to push\n');
    }
    return report.conflicts.length > 0 || report.failed.length > 0 ? 1 : 0;
  },
});
