import { defineCommand } from '../../spec.js';
import { viewContent, viewFlags } from '../_shared/content.js';

export default defineCommand({
  path: ['confluence', 'page', 'view'],
  summary: 'Show a page as Markdown (or storage XHTML, or ADF)',
  description:
    'Show a page, given by id, URL or "SPACE:Title". On a terminal a header (title, space, version, URL) comes first; piped, only the body ' +
    'is printed, in the --format asked for (Markdown by default), so it can be saved and edited. --json prints the page as Confluence ' +
    'returns it, its body in storage format (ADF with --format adf, Cloud only).',
  json: 'value',
  arguments: '<page>',
  examples: [
    'atl confluence page view "DOCS:Getting Started"',
    'atl confluence page view "DOCS:Getting Started" --format storage > page.xml',
    'atl confluence page view "DOCS:Installation" --json',
    'atl confluence page view "DOCS:FAQ" --web',
  ],
  options: (command) => viewFlags(command),
  async run(f, args, options) {
    await viewContent(f, 'page', args[0]!, options);
  },
});
