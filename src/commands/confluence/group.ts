import { defineGroup } from '../spec.js';

export default defineGroup({
  path: ['confluence'],
  aliases: ['wiki'],
  summary: 'Work with Confluence spaces, pages, blog posts, attachments and CQL search',
  examples: [
    'atl confluence space list',
    'atl confluence page view "DOCS:Getting Started"',
    'atl confluence page create --space DOCS --title "Team notes" --body "# Hello"',
    'atl confluence search --space DOCS --text release',
    'atl wiki page tree DOCS',
  ],
});
