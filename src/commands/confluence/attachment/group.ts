import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['confluence', 'attachment'],
  summary: 'List, upload and download the attachments of a page',
  examples: ['atl confluence attachment list "DOCS:FAQ"', 'atl confluence attachment upload "DOCS:Getting Started" screenshot.png'],
});
