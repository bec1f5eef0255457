import { bodyOrEditor } from '../../../cmdutil/input.js';
import { printJson } from '../../../cmdutil/json.js';
import { usageError } from '../../../errors.js';
import { jsmContext } from '../../../jsm/context.js';
import { addComment } from '../../../jsm/requests.js';
import { toWikiText } from '../../../jsm/text.js';
import { defineCommand } from '../../spec.js';

export default defineCommand({
  path: ['jsm', 'request', 'comment'],
  summary: 'Comment on a request: customer-visible, or an internal note with --internal',
  description:
    'Add a comment (Markdown; from the argument or stdin, else on a terminal written in your editor). It is visible to the customer unless --internal makes it an internal note.',
  json: 'value',
  arguments: '<key> [body]',
  examples: [
    'atl jsm request comment HELP-1 "We are on it"',
    'atl jsm request comment HELP-1 "Needs a new motherboard" --internal',
    'echo "Fixed" | atl jsm request comment HELP-1',
  ],
  options: (command) =>
    command
      .option('--internal', 'an internal note, never shown to the customer')
      .option('--dry-run', 'print the comment that would be added; send nothing'),
  async run(f, args, options) {
    const key = args[0]!;
    const markdown = await bodyOrEditor(f, args[1], undefined, true, ['a body argument', 'stdin'], { file: 'comment.md' });
    if (markdown === undefined || !markdown.trim()) throw usageError('a comment body is needed', 'give it as an argument or on stdin');
    const body = await toWikiText(markdown);
    const visibility = options.internal ? 'internal' : 'customer-visible';
    if (options.dryRun) {
      f.io.stderr.write(`dry run: would add ${options.internal ? 'an' : 'a'} ${visibility} comment to ${key}:\n`);
      printJson(f.io, { body, public: !options.internal });
      return;
    }
    const comment = await addComment(await jsmContext(f), key, body, !options.internal);
    if (f.globals.json) return printJson(f.io, comment);
    f.io.stdout.write(`Added ${options.internal ? 'an' : 'a'} ${visibility} comment to ${key}\n`);
  },
});
