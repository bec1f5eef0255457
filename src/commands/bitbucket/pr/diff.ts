import { once } from 'node:events';
import { fileChanges, rawDiff } from '../../../bitbucket/pr-content.js';
import { printJson } from '../../../cmdutil/json.js';
import { conflictError } from '../../../cmdutil/flags.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { repoFlags } from '../_shared/flags.js';
import { prTarget } from '../_shared/pr.js';

const RESET = '\u001b[0m';

/** Colours a unified diff for a terminal: additions green, removals red, hunk headers cyan, file headers bold. */
export function colourDiff(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('diff --git')) return `\u001b[1m${line}${RESET}`;
      if (line.startsWith('@@')) return `\u001b[36m${line}${RESET}`;
      if (line.startsWith('+')) return `\u001b[32m${line}${RESET}`;
      if (line.startsWith('-')) return `\u001b[31m${line}${RESET}`;
      return line;
    })
    .join('\n');
}

export default defineCommand({
  path: ['bitbucket', 'pr', 'diff'],
  summary: 'Show the diff of a pull request (coloured on a terminal, exact bytes when piped)',
  json: 'value',
  arguments: '[id]',
  examples: ['atl bb pr diff 1 --repo acme/website', 'atl bb pr diff 1 --stat --repo acme/website', 'atl bb pr diff --name-only'],
  options: (command) =>
    repoFlags(
      command
        .option('--stat', 'the changed files with lines added and removed')
        .option('--name-only', 'only the names of the changed files'),
    ),
  async run(f, args, options) {
    if (options.stat && options.nameOnly) throw conflictError('--stat', '--name-only');
    const { ctx, ref, pr } = await prTarget(f, args[0], options);
    if (options.stat || options.nameOnly || f.globals.json) {
      const { objects, changes } = await fileChanges(ctx, ref, pr.id);
      // --json: the diffstat (Cloud) or changes (DC) objects as Bitbucket returns them.
      if (f.globals.json) return printJson(f.io, objects);
      if (options.nameOnly) {
        f.io.stdout.write(changes.map((c) => `${sanitizeText(c.path)}\n`).join(''));
        return;
      }
      const width = Math.max(0, ...changes.map((c) => c.path.length));
      for (const c of changes) {
        const counts = c.added === undefined ? c.status : `+${c.added} -${c.removed ?? 0}`;
        f.io.stdout.write(`${sanitizeText(c.path.padEnd(width))}  ${counts}\n`);
      }
      f.io.stdout.write(`${changes.length} file${changes.length === 1 ? '' : 's'} changed\n`);
      return;
    }
    const bytes = await rawDiff(ctx, ref, pr.id);
    // Piped: the bytes as Bitbucket sent them (patch applies them). On a terminal: coloured and made safe.
    if (!f.io.isStdoutTTY()) {
      if (!f.io.stdout.write(Buffer.from(bytes))) await once(f.io.stdout, 'drain');
    } else {
      const text = sanitizeText(Buffer.from(bytes).toString('utf8'));
      f.io.stdout.write(f.io.colorEnabled() ? colourDiff(text) : text);
    }
  },
});
