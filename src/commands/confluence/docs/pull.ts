import path from 'node:path';
import { printJson } from '../../../cmdutil/json.js';
import { checkSpaceKey } from '../../../confluence/spaces.js';
import { readState } from '../../../confluence/sync/state.js';
import { usageError } from '../../../errors.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { concurrencyOf, engineOptions } from './_shared/engine.js';

/** SPACE, a page id, or a page URL (`…/pages/123/…`, `?pageId=123`). */
function targetOf(value: string): { space: string } | { pageId: string } {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return { pageId: trimmed };
  const fromUrl = /\/pages\/(\d+)(?:[/?#]|$)/.exec(trimmed) ?? /[?&]pageId=(\d+)/.exec(trimmed);
  if (fromUrl) return { pageId: fromUrl[1] as string };
  if (/^https?:\/\//i.test(trimmed))
    throw usageError(`no page id in ${JSON.stringify(value)}`, 'give the page id, or a URL with /pages/ID');
  return { space: checkSpaceKey(trimmed) };
}

export default defineCommand({
  path: ['confluence', 'docs', 'pull'],
  summary: 'Pull a space or page tree into a folder of Markdown files',
  description:
    'Writes each page as Markdown with front matter (id, space, title, version, labels): a page with children as Parent/index.md, ' +
    'a leaf as Parent/Child.md, the images a page shows in Child.attachments/ beside it. The folder remembers what it pulled ' +
    '(.atl/, keep it out of git), so pulling again fetches only pages whose version changed and merges them with your edits ' +
    'three-way: conflict markers appear only where both sides changed the same lines (exit 1 then). Without SPACE|PAGE it pulls ' +
    'the folder again; without DIR it uses the current directory if it was pulled from SPACE|PAGE, else a new folder named after it.',
  json: 'value',
  arguments: '[target] [dir]',
  examples: [
    'atl confluence docs pull DOCS',
    'atl confluence docs pull DOCS docs/ --concurrency 8',
    'atl confluence docs pull DOCS docs/ && atl confluence docs pull --dir docs/   # again: fetches only pages whose version changed',
  ],
  options: (command) =>
    command
      .option('--dir <dir>', 'the folder (instead of DIR)')
      .option('--concurrency <n>', 'pages fetched at a time', '4')
      .option('--yes', 'remove the files of pages gone from Confluence even when that is many of them'),
  async run(f, args, options) {
    const concurrency = concurrencyOf(options.concurrency);
    const [given, givenDir] = args as [string | undefined, string | undefined];
    if (givenDir !== undefined && options.dir !== undefined) throw usageError('give the folder once: DIR or --dir', undefined);
    const target = given === undefined ? undefined : targetOf(given);
    let dir = givenDir ?? options.dir;
    if (dir === undefined) {
      const here = await readState(process.cwd());
      const boundHere =
        here !== undefined &&
        (target === undefined ||
          ('space' in target ? here.root.type === 'space' && here.root.space === target.space : here.root.pageId === target.pageId));
      dir = boundHere || target === undefined ? '.' : 'space' in target ? target.space : target.pageId;
    }
    const engine = await engineOptions(f, dir, concurrency, 'pulling');
    const { pull } = await import('../../../confluence/sync/pull.js');
    const report = await pull({ ...engine, target, yes: options.yes === true }).finally(() => engine.progress.clear());
    if (f.globals.json) {
      printJson(f.io, report);
    } else {
      const out = f.io.stdout;
      const line = (mark: string, file: string, note = '') => out.write(`${mark} ${sanitizeText(file)}${note}\n`);
      for (const file of report.written) line('U', file);
      for (const file of report.merged) line('M', file, '  (merged with your edits)');
      for (const file of report.conflicted) line('C', file, '  (conflict markers: edit, then push)');
      for (const move of report.moved) line('R', move.to, `  (was ${sanitizeText(move.from)})`);
      for (const file of report.removed) line('D', file);
      for (const file of report.kept) line('!', file, '  (gone from Confluence; kept, as you changed it)');
      for (const skip of report.skipped) line('!', skip.path, `  (${sanitizeText(skip.reason)})`);
      const where = path.relative(process.cwd(), engine.dir) || '.';
      const root = report.root.type === 'space' ? `space ${report.root.space}` : `page ${report.root.pageId}`;
      const changed = report.written.length + report.merged.length + report.conflicted.length + report.moved.length + report.removed.length;
      out.write(
        `pulled ${root} into ${sanitizeText(where)}: ${report.fetched} page${report.fetched === 1 ? '' : 's'} fetched, ` +
          `${changed === 0 ? 'no file changed' : `${changed} file${changed === 1 ? '' : 's'} changed`}` +
          `${report.attachments > 0 ? `, ${report.attachments} attachment${report.attachments === 1 ? '' : 's'} downloaded` : ''}\n`,
      );
    }
    return report.conflicted.length > 0 ? 1 : 0;
  },
});
