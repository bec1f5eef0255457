import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['confluence', 'blog'],
  summary: 'List, view and create blog posts',
  examples: [
    'atl confluence blog list --space DOCS',
    'atl confluence blog create --space DOCS --title "Release 1.2" --body "We shipped **1.2**."',
  ],
});
