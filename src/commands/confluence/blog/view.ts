import { defineCommand } from '../../spec.js';
import { viewContent, viewFlags } from '../_shared/content.js';

export default defineCommand({
  path: ['confluence', 'blog', 'view'],
  summary: 'Show a blog post as Markdown (or storage XHTML, or ADF)',
  description:
    'Show a blog post, given by id, URL or "SPACE:Title". On a terminal a header comes first; piped, only the body in the --format asked ' +
    'for (Markdown by default). --json prints the blog post as Confluence returns it.',
  json: 'value',
  arguments: '<post>',
  examples: [
    'atl confluence blog view "DOCS:Sandbox tips"',
    'atl confluence blog view "DOCS:Announcing atl 2.0" --format storage',
    'atl confluence blog view "DOCS:Docs as code with atl" --json',
  ],
  options: (command) => viewFlags(command),
  async run(f, args, options) {
    await viewContent(f, 'blogpost', args[0]!, options);
  },
});
