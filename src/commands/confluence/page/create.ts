import { defineCommand } from '../../spec.js';
import { createFlags, createFromFlags } from '../_shared/content.js';

export default defineCommand({
  path: ['confluence', 'page', 'create'],
  summary: 'Create a page from Markdown (or storage XHTML)',
  description:
    'Create a page in a space, under --parent (an id, URL or title in the space) or at the top of the space. The body comes from --body, ' +
    '--body-file (- for stdin) or piped stdin, as Markdown unless --format storage; on a terminal without one, from your editor. --dry-run prints the request and sends nothing.',
  json: 'value',
  examples: [
    'atl confluence page create --space DOCS --title "Team notes" --body "# Hello"',
    'atl confluence page create --space DOCS --title "Runbook" --parent "Getting Started" --body-file notes.md --label ops',
    'echo "<p>Hi</p>" | atl confluence page create --space DOCS --title "From storage" --format storage',
    'atl confluence page create --space DOCS --title "Preview" --body "Draft" --dry-run',
  ],
  options: (command) => createFlags(command.option('--parent <page>', 'create it under this page (id, URL or title in --space)')),
  async run(f, _args, options) {
    await createFromFlags(f, 'page', options);
  },
});
