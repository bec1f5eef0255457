import { printJson } from '../../../cmdutil/json.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { engineOptions } from './_shared/engine.js';

export default defineCommand({
  path: ['confluence', 'docs', 'diff'],
  summary: 'Show a unified diff of files against the last pull and against Confluence',
  description:
    'For each file (every changed one when none is named): the diff from the version last pulled (the base) to the file, and, ' +
    'when Confluence has a newer version, the diff from that version to the file. Reads only.',
  json: 'value',
  arguments: '[files...]',
  examples: [
    'atl confluence docs pull DOCS docs/ && echo "One more line." >> "docs/Documentation Home/index.md" && atl confluence docs diff --dir docs/',
    'atl confluence docs pull DOCS docs/ && cd docs && atl confluence docs diff "Documentation Home/index.md" --json',
  ],
  options: (command) => command.option('--dir <dir>', 'the pulled folder (default: the current directory)'),
  async run(f, args, options) {
    const engine = await engineOptions(f, options.dir ?? '.', 4, 'fetching');
    const { diff } = await import('../../../confluence/sync/status.js');
    const diffs = await diff({ ...engine, files: args as string[] }).finally(() => engine.progress.clear());
    if (f.globals.json) return printJson(f.io, diffs);
    for (const result of diffs) {
      if (result.againstBase !== '') f.io.stdout.write(sanitizeText(result.againstBase).replace(/\n?$/, '\n'));
      if (result.againstRemote !== undefined && result.againstRemote !== '') {
        f.io.stdout.write(sanitizeText(result.againstRemote).replace(/\n?$/, '\n'));
      }
    }
  },
});
