import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['confluence', 'docs'],
  summary: 'Sync a space or page tree with a folder of Markdown files, both ways (pull, status, diff, push)',
  examples: [
    'atl confluence docs pull DOCS docs/',
    'atl confluence docs pull DOCS docs/ && cd docs && atl confluence docs status',
    'atl confluence docs pull DOCS docs/ && atl confluence docs push --dry-run --dir docs/',
  ],
});
