import { printJson } from '../../../cmdutil/json.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { engineOptions } from './_shared/engine.js';

export default defineCommand({
  path: ['confluence', 'docs', 'status'],
  summary: 'Show what changed in a pulled folder and in Confluence since the last pull',
  description:
    'Lists local changes (modified, moved, deleted and new files), remote changes (pages edited, renamed, moved or deleted in ' +
    'Confluence) and conflicts: pages changed on both sides, and files still holding a merge’s conflict markers. Reads only.',
  json: 'value',
  examples: [
    'atl confluence docs pull DOCS docs/ && atl confluence docs status --dir docs/',
    'atl confluence docs pull DOCS docs/ && cd docs && atl confluence docs status --json',
  ],
  options: (command) => command.option('--dir <dir>', 'the pulled folder (default: the current directory)'),
  async run(f, _args, options) {
    const engine = await engineOptions(f, options.dir ?? '.', 4, 'checking');
    const { status } = await import('../../../confluence/sync/status.js');
    const report = await status(engine);
    if (f.globals.json) return printJson(f.io, report.entries);
    const out = f.io.stdout;
    const section = (title: string, rows: string[]) => {
      if (rows.length === 0) return;
      out.write(`${title}:\n`);
      for (const row of rows) out.write(`  ${row}\n`);
    };
    const name = (path: string) => sanitizeText(path);
    const entries = report.entries;
    section(
      'Conflicts (changed here and in Confluence: pull to merge)',
      entries
        .filter((e) => e.conflict)
        .map((e) => `${name(e.path)}${e.markers.length > 0 ? `  (conflict markers at line ${e.markers.join(', ')})` : ''}`),
    );
    section(
      'Local changes (push sends them)',
      entries
        .filter((e) => e.local !== undefined && !e.conflict)
        .map((e) => `${(e.local as string).padEnd(9)}${name(e.path)}${e.movedFrom ? `  (was ${name(e.movedFrom)})` : ''}`),
    );
    section(
      'Remote changes (pull brings them)',
      entries.filter((e) => e.remote !== undefined && !e.conflict).map((e) => `${(e.remote as string).padEnd(9)}${name(e.path)}`),
    );
    if (entries.length === 0) out.write('up to date: nothing changed here or in Confluence\n');
  },
});
