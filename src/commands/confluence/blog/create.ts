import { defineCommand } from '../../spec.js';
import { createFlags, createFromFlags } from '../_shared/content.js';

export default defineCommand({
  path: ['confluence', 'blog', 'create'],
  summary: 'Create a blog post from Markdown (or storage XHTML)',
  description:
    'Create a blog post in a space. The body comes from --body, --body-file (- for stdin) or piped stdin, as Markdown unless --format ' +
    'storage; on a terminal without one, from your editor. --dry-run prints the request and sends nothing.',
  json: 'value',
  examples: [
    'atl confluence blog create --space DOCS --title "Release 1.2" --body "We shipped **1.2**."',
    'atl confluence blog create --space DOCS --title "Weekly update" --body-file notes.md --label weekly',
  ],
  options: (command) => createFlags(command),
  async run(f, _args, options) {
    await createFromFlags(f, 'blogpost', options);
  },
});
