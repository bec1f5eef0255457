import { collect } from '../../../cmdutil/input.js';
import { printJson } from '../../../cmdutil/json.js';
import { resolveContentId } from '../../../confluence/content.js';
import { confluenceContext } from '../../../confluence/context.js';
import { addLabels, labelName, listLabels, removeLabel } from '../../../confluence/labels.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';

const names = (values: readonly string[] | undefined): string[] =>
  (values ?? [])
    .flatMap((v) => v.split(','))
    .map(labelName)
    .filter((v) => v !== '');

export default defineCommand({
  path: ['confluence', 'page', 'labels'],
  summary: 'List, add or remove the labels of a page',
  description: 'Print the labels of a page, after adding (--add) and removing (--remove) any given. Labels are lower case, without spaces.',
  json: 'value',
  arguments: '<page>',
  examples: [
    'atl confluence page labels "DOCS:Getting Started"',
    'atl confluence page labels "DOCS:Code Samples" --add howto --add ops',
    'atl confluence page labels "DOCS:Tables" --remove tables --json',
  ],
  options: (command) =>
    command
      .option('--add <label>', 'add this label (repeatable, or comma-separated)', collect)
      .option('--remove <label>', 'remove this label (repeatable, or comma-separated)', collect),
  async run(f, args, options) {
    const ctx = await confluenceContext(f);
    const id = await resolveContentId(ctx, 'page', args[0]!);
    await addLabels(ctx, id, names(options.add));
    for (const label of names(options.remove)) await removeLabel(ctx, id, label);
    const labels = await listLabels(ctx, 'page', id);
    if (f.globals.json) return printJson(f.io, labels);
    if (labels.length === 0) f.io.stderr.write(`page ${id} has no labels\n`);
    else f.io.stdout.write(sanitizeText(`${labels.map((l) => l.name).join('\n')}\n`));
  },
});
