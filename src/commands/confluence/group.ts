import { defineGroup } from '../spec.js';

export default defineGroup({
  path: ['confluence'],
  aliases: ['wiki'],
  summary: 'Work with Confluence spaces, pages, blog posts, attachments and CQL search',
  examples: [
    'atl confluence space list',
    'atl confluence page view "DEMO:Getting started"',
    'atl confluence page create --space DEMO --title "Release notes" --body "# Hello"',
    'atl confluence search --space DEMO --text "release"',
    'atl wiki page tree DEMO',
  ],
});
