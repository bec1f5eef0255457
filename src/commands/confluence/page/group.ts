import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['confluence', 'page'],
  summary: 'View, create, edit, move and delete pages; their children, history, labels and comments',
  examples: [
    'atl confluence page view "DOCS:Getting Started"',
    'atl confluence page create --space DOCS --title "Notes from a file" --body-file notes.md',
    'atl confluence page tree DOCS',
  ],
});
